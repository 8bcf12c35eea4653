"""The README.md dataset card: Hugging Face `configs:` front matter naming existing files."""

import yaml

from corpus.card import parse_front_matter


def test_front_matter_parses_and_names_existing_split_files(built):
    card = (built.path / "README.md").read_text()
    assert card.startswith("---\n")
    header = yaml.safe_load(card.split("\n---\n", 1)[0][4:])
    assert header == parse_front_matter(card)
    configs = {c["config_name"]: c for c in header["configs"]}
    assert set(configs) == {"default", "parquet"} and configs["default"]["default"] is True
    for config in configs.values():
        splits = {entry["split"]: entry["path"] for entry in config["data_files"]}
        assert set(splits) == {"train", "validation", "test"}
        for path in splits.values():
            assert (built.path / path).is_file()
    assert configs["parquet"]["data_files"][0]["path"].endswith(".parquet")


def test_card_body_reports_counts_and_gate_evidence(built):
    import json

    manifest = json.loads((built.path / "manifest.json").read_text())
    card = (built.path / "README.md").read_text()
    train = manifest["counts"]["per_split"]["train"]
    assert f"| train | {train['deid']} | {train['synth']} | {train['total']} |" in card
    assert "598 reviewed, 0 findings, upper bound 0.0049" in card


def test_empty_splits_are_left_out_of_the_configs(tmp_path):
    from corpus.build import build_corpus
    from tests.corpus.factories import write_synth_run

    run = write_synth_run(tmp_path / "runs", "r1", ["only-group"])
    result = build_corpus("one", [], [str(run)], root=tmp_path / "d")
    header = parse_front_matter((result.path / "README.md").read_text())
    listed = {e["split"] for e in header["configs"][0]["data_files"]}
    assert len(listed) == 1
