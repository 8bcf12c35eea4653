"""The dataset card (README.md): Hugging Face ``configs:`` front matter plus a summary.

``datasets.load_dataset(<version dir>)`` reads the front matter's ``configs`` to find each
split's files: config ``default`` is the instruction JSONL, config ``parquet`` the typed
Parquet. Only non-empty splits are listed (an empty data file would fail to load).
"""

from __future__ import annotations

from importlib import resources

import jinja2
import yaml

from corpus.splits import SPLITS
from corpus.tables import jsonl_name, parquet_name


def front_matter(name: str, per_split: dict) -> dict:
    splits = [split for split in SPLITS if per_split.get(split, {}).get("total", 0) > 0]
    return {
        "pretty_name": name,
        "language": ["en"],
        "task_categories": ["text-generation"],
        "tags": ["medical", "icd-10-cm", "cpt", "clinical-coding"],
        "configs": [
            {"config_name": "default", "default": True,
             "data_files": [{"split": s, "path": jsonl_name(s)} for s in splits]},
            {"config_name": "parquet",
             "data_files": [{"split": s, "path": parquet_name(s)} for s in splits]},
        ],
    }


def render_card(manifest: dict) -> str:
    template = jinja2.Template(resources.files("corpus").joinpath("card_template.md").read_text(encoding="utf-8"),
                               undefined=jinja2.StrictUndefined)
    body = template.render(
        name=manifest["name"], version=manifest["version"], built_at=manifest["built_at"],
        chartforge_version=manifest["chartforge_version"], git_commit=manifest["git_commit"],
        per_split=manifest["counts"]["per_split"], near_duplicates=manifest["counts"]["near_duplicates_removed"],
        excluded=manifest["counts"]["excluded"], codebook_version=manifest["codebook_version"],
        embedding_models=", ".join(manifest["embedding_models"]),
        batches=manifest["inputs"]["deid"], runs=manifest["inputs"]["synth"], probe=manifest.get("probe"))
    header = yaml.safe_dump(front_matter(manifest["name"], manifest["counts"]["per_split"]), sort_keys=False)
    return f"---\n{header}---\n\n{body}"


def parse_front_matter(card: str) -> dict:
    if not card.startswith("---\n"):
        raise ValueError("card has no YAML front matter")
    header, _, _ = card[4:].partition("\n---\n")
    return yaml.safe_load(header)
