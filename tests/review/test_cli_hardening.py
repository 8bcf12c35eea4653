"""Issue 19 on the `chartforge review` commands: hostile export text printed as data
(sample, status, gate), `serve` refusing a non-loopback host, `remove-user` and
`revoke-sessions`, and `export-audit` neutralising spreadsheet formulas."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from chartforge.cli import cli
from review.auth import add_user, authenticate
from review.store import open_store
from tests.review.batches import batch_from_gold

PASSWORD = "correct horse battery"
HOSTILE_TYPE = "[/bold]x[link=https://evil.example]y\x1b]8;;https://evil.example\x07z"
HOSTILE_SOURCE = "[red]src\x1b[2J"


def run(*args, input=None):
    # Wide enough that Rich does not fold a stratum across lines.
    return CliRunner().invoke(cli, list(map(str, args)), input=input, catch_exceptions=False, env={"COLUMNS": "300"})


@pytest.fixture
def hostile_batch(tmp_path):
    gold = [{"id": f"{i:016x}", "patient_id": "p", "note_type": HOSTILE_TYPE, "spans": [],
             "text": "Seen today [bold]x[/bold].\n"} for i in range(40)]
    return batch_from_gold(gold, tmp_path / "batch-hostile", sources=(HOSTILE_SOURCE,))


def test_sample_status_and_gate_print_hostile_strata_as_data(tmp_path, hostile_batch):
    store = tmp_path / "review.sqlite"
    sampled = run("review", "sample", hostile_batch.path, "--store", store)
    assert sampled.exit_code == 0, sampled.output  # was rich.errors.MarkupError
    assert "[/bold]x[link=https://evil.example]y" in sampled.output
    status = run("review", "status", hostile_batch.path, "--store", store)
    assert status.exit_code == 0 and "PENDING" in status.output and "[red]src" in status.output
    gate = run("review", "gate", hostile_batch.path, "--store", store, "--by", "sue")
    assert gate.exit_code == 1 and "PENDING" in gate.output  # pending, not a crash that also exits 1
    assert json.loads((hostile_batch.path / "gate.json").read_text())["status"] == "pending"
    for out in (sampled.output, status.output, gate.output):
        assert "\x1b" not in out and "\x07" not in out


def test_serve_refuses_a_non_loopback_host_unless_allowed(tmp_path, monkeypatch):
    import uvicorn

    started = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.append(kw))
    store = tmp_path / "review.sqlite"
    refused = run("review", "serve", "--store", store, "--host", "0.0.0.0", "--port", "8765")
    assert refused.exit_code == 2 and "--allow-remote" in refused.output and "TLS" in refused.output
    assert started == []
    allowed = run("review", "serve", "--store", store, "--host", "0.0.0.0", "--port", "8765", "--allow-remote")
    assert allowed.exit_code == 0 and "warning:" in allowed.output and "TLS" in allowed.output
    assert started == [{"host": "0.0.0.0", "port": 8765, "access_log": False, "log_level": "warning"}]
    audited = [e for e in open_store(store).audit_entries() if e.action == "serve_remote"]
    assert len(audited) == 1 and json.loads(audited[0].detail) == {"host": "0.0.0.0", "port": 8765}
    loopback = run("review", "serve", "--store", store, "--host", "127.0.0.1", "--port", "8765")
    assert loopback.exit_code == 0 and "warning" not in loopback.output and len(started) == 2


def test_remove_user_and_revoke_sessions(tmp_path):
    path = tmp_path / "review.sqlite"
    store = open_store(path)
    for name in ("ann", "bob"):
        add_user(store, name, PASSWORD, "reviewer", "test")
        store.create_session(f"hash-{name}", name, "csrf", "2999-01-01T00:00:00+00:00")
    now = "2000-01-01T00:00:00+00:00"
    revoked = run("review", "revoke-sessions", "ann", "--store", path)
    assert revoked.exit_code == 0 and "1 session(s)" in revoked.output
    assert store.get_session("hash-ann", now) is None and store.get_session("hash-bob", now) is not None
    assert run("review", "revoke-sessions", "--store", path).exit_code == 2  # neither a name nor --all
    assert run("review", "revoke-sessions", "nobody", "--store", path).exit_code == 3
    removed = run("review", "remove-user", "bob", "--store", path)
    assert removed.exit_code == 0
    assert store.get_user("bob") is None and store.get_session("hash-bob", now) is None
    assert authenticate(store, "bob", PASSWORD) is None
    missing = run("review", "remove-user", "bob\x1b[2J", "--store", path)
    assert missing.exit_code == 3 and "E307" in missing.output and "\x1b" not in missing.output
    store.create_session("hash-ann-2", "ann", "csrf", "2999-01-01T00:00:00+00:00")
    assert "1 session(s) of every user" in run("review", "revoke-sessions", "--all", "--store", path).output
    actions = [e.action for e in store.audit_entries()]
    assert actions.count("remove_user") == 1 and actions.count("revoke_sessions") == 2


def test_export_audit_neutralises_spreadsheet_formulas(tmp_path):
    path = tmp_path / "review.sqlite"
    store = open_store(path)
    store.audit('=HYPERLINK("https://evil.example","x")', "login_refused", detail="+1-2")
    out = run("review", "export-audit", "--store", path)
    assert out.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert rows[-1]["actor"] == "'=HYPERLINK(\"https://evil.example\",\"x\")" and rows[-1]["detail"] == "'+1-2"
    target = tmp_path / "audit.csv"
    assert run("review", "export-audit", "--store", path, "--out", target).exit_code == 0
    assert "'=HYPERLINK" in target.read_text()
