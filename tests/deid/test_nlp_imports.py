"""deid/nlp_imports.py: the detectors' libraries load without torch and transformers."""

import subprocess
import sys

CHECK = """
import importlib.util, sys
import deid.detect, deid.verify
hidden = [name for name in ("torch", "transformers") if name in sys.modules]
assert not hidden, hidden
assert sys.modules["thinc.compat"].has_torch is False
if importlib.util.find_spec("torch") is not None:  # hidden only while importing: still usable
    import torch  # noqa: F401
print("ok")
"""


def test_detectors_import_without_torch():
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"

