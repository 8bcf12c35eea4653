"""Every code named in the shipped data files is a billable ICD-10-CM code the generator can write."""

import yaml

from synth import cooccurrence, guidelines, icd, terms
from synth.generate import grammar


def test_synonyms_history_map_and_profiles_name_billable_codes():
    named = set(terms.synonyms())
    named |= set(guidelines.history_map().values())
    for profile in cooccurrence.load_profiles():
        named |= set(profile.codes) | set(profile.traps)
    bad = sorted(c for c in named if not icd.is_billable(c))
    assert bad == []


def test_every_synonym_reads_back_as_its_code(full_index):
    """A curated wording that another code's title or inclusion term also claims is dropped by
    the term index: the generator could never write it and the labeller never read it."""
    lost = [(code, text) for code, texts in terms.synonyms().items() for text in texts
            if full_index.forms.get(tuple(terms.tokens(text))) != code]
    assert lost == []


def test_combination_results_and_procedure_tables_are_well_formed():
    for rule in guidelines.combinations():
        assert icd.is_billable(rule.result) and rule.scope in ("line", "note")
    table = grammar.load_templates()["procedures_by_code"]
    assert all(isinstance(v, list) and v for v in table.values())


def test_cue_file_values_are_strings():
    raw = yaml.safe_load(open(terms.DATA.parent / "label" / "cues.yaml"))
    for key, values in raw.items():
        assert all(isinstance(v, str) for v in values), key  # YAML would turn a bare `no` into False
