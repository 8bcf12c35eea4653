"""deid/detect_run.py: worker processes keep input order and one output line per input line.
Uses the verification detector (same API, no spaCy) so spawning two workers stays cheap."""

import json

from deid.detect_run import run_detect


def test_workers_keep_order_and_count(tmp_path):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    lines = []
    for i in range(150):
        if i % 37 == 5:
            lines.append("{broken")
        else:
            lines.append(json.dumps({"id": f"n{i:03d}", "text": f"Dr. Xylander saw pt on 3/{i % 28 + 1}"}))
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors = []
    summary = run_detect(source, out, workers=2, config={}, detector="deid.verify:VerificationDetector",
                         on_error=errors.append)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 150 == summary.records
    expected_ids = [None if i % 37 == 5 else f"n{i:03d}" for i in range(150)]
    assert [r["id"] for r in records] == expected_ids
    assert summary.flagged == len(errors) == expected_ids.count(None)
    assert all(r["spans"] for r in records if r["id"])
