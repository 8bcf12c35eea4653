"""Dataset version = content hash of everything that determines the dataset's content.

Hashed: each input's file hashes (notes, manifest, gate), the validated ``[corpus]``
settings, the instruction text, the codebook version and the record format version.
Not hashed: paths, argument order, times, the git commit (they are in the manifest), so
the same inputs always publish the same version and a second build is a no-op.
"""

from __future__ import annotations

import hashlib
import json

# Bump when the record layout or a labelling rule changes: old versions stay as they are.
FORMAT_VERSION = 1
VERSION_CHARS = 16


def dataset_version(inputs, settings: dict, instruction: str, codebook_version: str) -> str:
    payload = {
        "format": FORMAT_VERSION,
        "inputs": sorted((item.fingerprint() for item in inputs), key=lambda f: (f["kind"], f["id"], f["notes"])),
        "settings": settings,
        "instruction": hashlib.sha256(instruction.encode("utf-8")).hexdigest(),
        "codebook": codebook_version,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:VERSION_CHARS]
