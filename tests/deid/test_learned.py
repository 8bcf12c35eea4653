"""deid/learned: the learned NER model - training data, a tiny model trained in seconds on
generated nursing notes, hash-checked loading, the shipped model on planted PHI, and its
second opinion in the verification pass."""

from __future__ import annotations

import json

import pytest
import regex

from chartforge.errors import ChartforgeError
from deid.learned.corpus import MISSING, bio_tags, kinds_of, training_windows, windows
from deid.learned.labels import TAGS
from deid.learned.model import LearnedModel, TokenScores
from deid.learned.second_opinion import review_hits
from deid.spans import Span

TINY = {
    "window_chars": 400,
    "negative_keep": 0.3,
    "model": {"width": 48, "depth": 2, "window_size": 1, "maxout_pieces": 2, "rows": [2000, 500, 1000, 200]},
    "training": {"seed": 0, "epochs": 5, "max_minutes": 2, "dropout": 0.1, "batch_size": [4, 16, 1.01],
                 "learn_rate": 0.003},
}


def _recall(model, records) -> float:
    found = total = 0
    for record, spans in zip(records, model.spans([r["text"] for r in records])):
        for gold in record["spans"]:
            if gold["label"] in ("YEAR", "AGE", "STATE"):
                continue
            total += 1
            found += any(s.start < gold["end"] and gold["start"] < s.end for s in spans)
    return found / total


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    from devsets.nursing.generator import generate
    from deid.learned.train import train

    out = tmp_path_factory.mktemp("learned") / "model"
    records = generate(2, 80)
    record = train(TINY, out, sources=[("nursing-2", records, "identity")], echo=lambda _line: None)
    return out, record, records


def test_a_tiny_model_trains_in_seconds_and_learns_its_notes(tiny_model):
    out, record, records = tiny_model
    assert record["losses"][-1] < record["losses"][0] / 2  # it learned something
    version = json.loads((out / "version.json").read_text())
    assert version["weights_sha256"] == record["weights_sha256"]
    model = LearnedModel.load(out)
    assert set(model.labels) == set(TAGS)
    assert _recall(model, records[:30]) >= 0.8  # seen notes: most planted PHI is found again


def test_training_output_holds_counts_and_settings_only_no_text(tiny_model):
    out, _, records = tiny_model
    version_text = (out / "version.json").read_text()
    planted = {r["text"][s["start"]:s["end"]] for r in records for s in r["spans"] if s["end"] - s["start"] > 5}
    assert planted
    assert not any(value in version_text for value in planted)
    # the saved string store (every token seen in training) is replaced by the tag set
    assert set(json.loads((out / "vocab" / "strings.json").read_text())) <= set(TAGS)


def test_changed_weights_are_refused(tiny_model, tmp_path):
    import shutil

    out, _, _ = tiny_model
    copy = tmp_path / "model"
    shutil.copytree(out, copy)
    weights = next(p for p in copy.rglob("model") if p.is_file())
    weights.write_bytes(weights.read_bytes()[:-8] + b"\0" * 8)
    with pytest.raises(ChartforgeError, match="E209"):
        LearnedModel.load(copy)
    with pytest.raises(ChartforgeError, match="E209"):
        LearnedModel.load(tmp_path / "nowhere")


def test_windows_never_cut_a_gold_span_and_stay_short():
    text = "line one\n" * 30 + "pt name\njohn\nsmith here\n" + "more text\n" * 30
    start = text.index("john")
    spans = [(start, text.index("smith") + 5, "NAME")]
    cuts = windows(text, spans, 60)
    assert all(b - a <= 60 for a, b in cuts if not (a <= start < b))
    assert any(a <= start and spans[0][1] <= b for a, b in cuts)
    assert "".join(text[a:b] for a, b in cuts).replace("\n", "") == text.replace("\n", "")


def test_bio_tags_mark_kinds_and_leave_dont_care_regions_out_of_the_loss():
    import spacy

    nlp = spacy.blank("en")
    doc = nlp.make_doc("seen by Jane Roe at ABC Corp on 3/4/2021")
    text = doc.text
    spans = [(text.index("Jane"), text.index("Roe") + 3, "NAME"), (text.index("ABC"), text.index("Corp") + 4, None),
             (text.index("3/4"), len(text), "DATE")]
    assert bio_tags(doc, spans) == ["O", "O", "B-NAME", "I-NAME", "O", MISSING, MISSING, "O", "B-DATE"]


def test_label_map_decides_what_is_trained_as_phi():
    from deid.evaluate import LabelMap

    record = {"text": "cabg 94, seen at Acme Inc by Dr. Lu", "spans": [
        {"start": 5, "end": 7, "label": "YEAR"}, {"start": 17, "end": 25, "label": "ORG"},
        {"start": 33, "end": 35, "label": "NAME"}]}
    assert kinds_of(record, LabelMap.named("identity")) == [(17, 25, None), (33, 35, "NAME")]


def test_test_splits_are_refused_as_training_data():
    from devsets.nursing import TEST_SEED
    from devsets.training import gold_records

    with pytest.raises(ValueError):
        gold_records({"nursing": {"seeds": [TEST_SEED], "notes": 1}})
    with pytest.raises(ValueError):
        gold_records({"mtsamples": {"split": "test"}})
    with pytest.raises(ValueError):
        gold_records({"pii_synth": {"part": "test"}})


def test_negative_windows_are_subsampled_positive_ones_kept():
    records = [{"id": str(i), "text": f"note {i} nothing here\n" * 3, "spans": []} for i in range(200)]
    records.append({"id": "p", "text": "called wife mary", "spans": [{"start": 12, "end": 16, "label": "NAME"}]})
    items = training_windows([("x", records, "identity")], 600, 0.25, seed=1)
    assert any(i.spans for i in items)
    assert 20 < len(items) < 90


def test_second_opinion_vetoes_clinical_words_and_ranges_the_model_rejects_and_adds_sure_spans():
    from deid.deny import DenyList

    text = "endo 3/4 Okafo 15-18 lasix"
    scores = TokenScores(offsets=[(0, 4), (5, 8), (9, 14), (15, 20), (21, 26)], tags=["O", "O", "B-NAME", "O", "O"],
                         best=[0.99, 0.6, 0.97, 0.99, 0.99], phi=[0.01, 0.05, 0.97, 0.02, 0.3])
    spec = {"keep_score": 0.95, "veto_below": 0.1, "add_at": 0.9, "veto": "clinical_shapes"}
    hits = [Span(0, 4, "NAME", 0.75, "verify.name"), Span(5, 8, "DATE", 0.7, "verify.date"),
            Span(15, 20, "DATE", 0.7, "verify.date"), Span(21, 26, "NAME", 0.6, "verify.name"),
            Span(0, 4, "PHONE", 0.96, "verify.phone")]
    learned = [Span(9, 14, "NAME", 0.97, "learned"), Span(5, 8, "NAME", 0.5, "learned")]
    out = {(s.start, s.end, s.label) for s in review_hits(hits, scores, learned, spec, text, DenyList())}
    assert (0, 4, "NAME") not in out and (15, 20, "DATE") not in out    # clinical word, range: model says O
    assert (5, 8, "DATE") in out           # a month-day shape stays whatever the model says
    assert (21, 26, "NAME") in out         # the model is unsure (0.3): the hit stays
    assert {(0, 4, "PHONE"), (9, 14, "NAME")} <= out                    # strong hit kept; sure span added
    assert (5, 8, "NAME") not in out       # an unsure model span is not added
    spec["veto"] = "any"                   # the default: the month-day goes too (P 0.05)
    out = {(s.start, s.end, s.label) for s in review_hits(hits, scores, learned, spec, text, DenyList())}
    assert (5, 8, "DATE") not in out and (21, 26, "NAME") in out and (0, 4, "PHONE") in out


def test_detector_fingerprint_follows_the_model_version(tmp_path):
    from deid.batch_plan import fingerprint_tree

    version = tmp_path / "deid" / "learned" / "model" / "version.json"
    version.parent.mkdir(parents=True)
    version.write_text('{"weights_sha256": "a"}')
    before = fingerprint_tree(tmp_path)
    version.write_text('{"weights_sha256": "b"}')
    assert fingerprint_tree(tmp_path) != before


# -- the shipped model ----------------------------------------------------------------------
NOTE = ("0700-1900 nsg note\n"
        "neuro: a+ox3, mae. resp: ls clear, 2l nc. cv: nsr 80s, sbp 110-130.\n"
        "pt transferred from norwood ew via amb this am. wife maureen kowalczyk at bedside,\n"
        "can be reached at 617/555/0142. house officer dana whitcombe aware of k 3.2, repleted.\n"
        "plan: f/u with dr. okonkwo on 3/14. cont ns at 75/hr.\n")
PLANTED = ("norwood", "maureen kowalczyk", "617/555/0142", "dana whitcombe", "okonkwo", "3/14")
# the model alone misses "dr. okonkwo" (lower case after "dr." with a period, P(PHI) ~0.26 at the
# commit that added this test); the rules catch it, so the first pass as a whole is held to all
MODEL_ALONE = tuple(v for v in PLANTED if v != "okonkwo")


def _hit(spans, text, value) -> bool:
    start = text.index(value)
    return any(s.start < start + len(value) and start < s.end for s in spans)


@pytest.fixture(scope="module")
def shipped():
    return LearnedModel.load()


def test_the_shipped_model_loads_offline_and_finds_planted_phi(shipped):
    spans = shipped.spans([NOTE])[0]
    for value in MODEL_ALONE:
        assert _hit(spans, NOTE, value), value
    flagged = {NOTE[s.start:s.end].lower() for s in spans}
    assert not flagged & {"ns", "nc", "nsr", "mae", "cont", "sbp"}  # nursing shorthand stays


def test_the_first_pass_with_the_model_finds_every_planted_value_and_keeps_shorthand():
    from tests.deid.detector_fixtures import shared_detector

    detector = shared_detector()
    assert detector.learned is not None  # [deid] learned_first_pass is on by default
    spans = detector.detect(NOTE)
    for value in PLANTED:
        assert _hit(spans, NOTE, value), value
    assert any(s.source == "learned" for s in spans)
    flagged = {NOTE[s.start:s.end].lower() for s in spans}
    assert not flagged & {"ns", "nc", "nsr", "mae", "cont", "sbp", "amb"}


def test_the_shipped_model_finds_planted_phi_in_unseen_generated_nursing_notes(shipped):
    from devsets.nursing.generator import generate

    # seed 6: neither a training seed (training.yaml) nor the test seed
    assert _recall(shipped, generate(6, 60)) >= 0.95


def test_the_shipped_model_has_a_card_and_a_matching_version():
    from deid.learned.model import SHIPPED
    from deid.learned.version import check_version

    record = check_version(SHIPPED)
    assert record["weights_sha256"]
    card = (SHIPPED.parent / "MODEL_CARD.md").read_text()
    for fact in ("chartforge deid train", "CC0", "MIT", "never a test split"):
        assert fact in card
    assert sum(p.stat().st_size for p in SHIPPED.rglob("*") if p.is_file()) < 50 * 1024 * 1024


def test_a_note_longer_than_spacys_limit_is_tagged_in_pieces_with_note_offsets(shipped):
    filler = "pt resting, vss, no acute events overnight.\n" * 25_000  # > 1,000,000 characters
    text = filler + NOTE
    spans = shipped.spans([text, ""])
    assert spans[1] == []
    start = text.index("maureen kowalczyk")
    assert any(s.start <= start < s.end for s in spans[0])


def test_veto_explained_keeps_a_lone_dictionary_or_digit_hit_without_a_clinical_explanation():
    from deid.deny import DenyList

    # every hit scores low and the model gives every token P(PHI) 0.02: only the explanation decides
    text = "ENDO aware. Okonkwo called. strength 5/5 bue. seen 3/4. plt 250000 /mm3. id 4417290."
    words = [(m.start(), m.end()) for m in regex.finditer(r"\S+", text)]
    scores = TokenScores(offsets=words, tags=["O"] * len(words), best=[0.98] * len(words), phi=[0.02] * len(words))
    spec = {"keep_score": 0.95, "veto_below": 0.1, "add_at": 0.9, "veto": "explained"}

    def hit(value, label):
        start = text.index(value)
        return Span(start, start + len(value), label, 0.6, "verify")

    hits = [hit("ENDO", "NAME"), hit("Okonkwo", "NAME"), hit("5/5", "DATE"), hit("3/4", "DATE"),
            hit("250000", "OTHER_ID"), hit("4417290", "OTHER_ID")]
    kept = {text[s.start:s.end] for s in review_hits(hits, scores, [], spec, text, DenyList())}
    assert kept == {"Okonkwo", "3/4", "4417290"}   # no clinical explanation: they stay
    spec["veto"] = "any"
    assert not review_hits(hits, scores, [], spec, text, DenyList())   # the model alone drops them all
