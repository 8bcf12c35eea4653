"""One settings tree: defaults written once, documented by the TOML, every value validated."""

import tomllib

import pytest

from chartforge.config import DEFAULTS_PATH, default_config, load_config
from chartforge.errors import ChartforgeError
from chartforge.settings import Settings, build_settings, settings_dict


def test_packaged_toml_holds_exactly_the_code_defaults():
    with open(DEFAULTS_PATH, "rb") as handle:
        documented = tomllib.load(handle)
    # same keys, same values (ints the TOML writes for a float field compare equal after building)
    assert settings_dict(build_settings(documented)) == settings_dict(Settings())
    assert set(documented) == set(settings_dict(Settings()))


def test_default_config_builds_the_default_tree():
    assert default_config().settings == Settings()


@pytest.mark.parametrize(("var", "value", "key"), [
    ("CHARTFORGE__DEID__BATCH_SIZE", "0", "deid.batch_size"),
    ("CHARTFORGE__CODEBOOKS__RETRIEVAL__ENCODER", "fancy", "codebooks.retrieval.encoder"),
    ("CHARTFORGE__REVIEW__PORT", "'8765'", "review.port"),
    ("CHARTFORGE__SYNTH__SEED_WEIGHT_POWER", "2", "synth.seed_weight_power"),
    ("CHARTFORGE__DEID__RECOGNIZERS", "[1, 2]", "deid.recognizers[0]"),
    ("CHARTFORGE__DEID__SCRUB", "1", "deid.scrub"),
])
def test_a_bad_value_is_E006_naming_its_key(var, value, key):
    with pytest.raises(ChartforgeError) as caught:
        load_config(environ={var: value})
    assert caught.value.code == "E006"
    assert caught.value.exit_code == 2
    assert f"Configuration {key} = " in caught.value.message


def test_an_int_is_a_valid_float_and_is_stored_as_float():
    settings = load_config(environ={"CHARTFORGE__DEID__SCORE_THRESHOLD": "1"}).settings
    assert settings.deid.score_threshold == 1.0
    assert isinstance(settings.deid.score_threshold, float)


def test_the_tree_is_frozen():
    with pytest.raises(AttributeError):
        Settings().deid.batch_size = 3  # type: ignore[misc]


def test_stage_views_read_the_same_defaults():
    from codebooks.settings import RetrievalSettings
    from deid.settings import DEFAULTS, deid_settings
    from synth.settings import SynthSettings

    config = default_config()
    assert deid_settings({})["recognizers"] == config["deid"]["recognizers"]  # was 22 of the 25
    assert DEFAULTS["recognizers"] == list(Settings().deid.recognizers)
    assert RetrievalSettings().encoder == config.get("codebooks.retrieval.encoder") == "static"
    synth = SynthSettings.from_config(config)
    assert synth.seed_weight_power == SynthSettings().seed_weight_power == 0.5


def test_empty_codebooks_data_setting_disables_it(tmp_path):
    from codebooks.paths import codiesp_dev_path, index_terms_path

    present = tmp_path / "dev.jsonl"
    present.write_text("{}\n")
    section = load_config(environ={"CHARTFORGE__CODEBOOKS__CODIESP_DEV": str(present),
                                   "CHARTFORGE__CODEBOOKS__INDEX_TERMS": '""'}).settings.codebooks
    assert codiesp_dev_path(section) == present
    assert index_terms_path(section) is None
    section = load_config(environ={"CHARTFORGE__CODEBOOKS__CODIESP_DEV": '""'}).settings.codebooks
    assert codiesp_dev_path(section) is None  # "" is off, not "../shared/data/codiesp/dev.jsonl"


def test_the_dataclasses_stages_use_default_to_the_settings_tree():
    """SynthSettings and RetrievalSettings spell some defaults beside the tree (chartforge/
    settings/sections.py): built bare they must equal what the packaged configuration gives."""
    from dataclasses import fields

    from codebooks.settings import RetrievalSettings
    from synth.settings import SynthSettings

    packaged = default_config()
    built, bare = SynthSettings.from_config(packaged), SynthSettings()
    # llm: the bare dataclass leaves the [synth.llm] table to LLMBackend.from_config
    assert {f.name: getattr(bare, f.name) for f in fields(SynthSettings) if f.name != "llm"} == \
           {f.name: getattr(built, f.name) for f in fields(SynthSettings) if f.name != "llm"}
    assert RetrievalSettings() == RetrievalSettings.from_config(packaged)
