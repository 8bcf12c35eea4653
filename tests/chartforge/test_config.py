import pytest

from chartforge.config import load_config
from chartforge.errors import ChartforgeError


def test_defaults_load_and_are_documented_sections():
    config = load_config(environ={})
    assert config.get("ingest.chunk_rows") > 0
    assert config["ingest"]["mapping"]["text"] == "text"


def test_user_file_overrides_a_subset(tmp_path):
    user = tmp_path / "mine.toml"
    user.write_text("[ingest]\nchunk_rows = 7\n")
    config = load_config(user, environ={})
    assert config.get("ingest.chunk_rows") == 7
    assert config.get("ingest.csv_encoding") == "utf-8"  # untouched default survives


def test_environment_overrides_file(tmp_path):
    user = tmp_path / "mine.toml"
    user.write_text("[ingest]\nchunk_rows = 7\n")
    config = load_config(user, environ={"CHARTFORGE__INGEST__CHUNK_ROWS": "11",
                                        "CHARTFORGE__INGEST__MAPPING__TEXT": "body"})
    assert config.get("ingest.chunk_rows") == 11
    assert config.get("ingest.mapping.text") == "body"


def test_unknown_key_is_rejected_not_ignored(tmp_path):
    user = tmp_path / "typo.toml"
    user.write_text("[ingest]\nchunk_rowz = 7\n")
    with pytest.raises(ChartforgeError, match="E002"):
        load_config(user, environ={})


def test_invalid_toml_names_the_file(tmp_path):
    user = tmp_path / "broken.toml"
    user.write_text("[ingest\n")
    with pytest.raises(ChartforgeError, match="broken.toml"):
        load_config(user, environ={})
