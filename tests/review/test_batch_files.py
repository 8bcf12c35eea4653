"""A batch moved, deleted or damaged under the review queue: one clear error (E110), never a
traceback on the terminal or a 500 in the browser."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from chartforge.cli import cli
from chartforge.errors import ChartforgeError
from review import queue
from review.auth import add_user
from review.notes import load_note
from review.web.app import ServerSettings, create_app
from tests.review.test_web_app import PASSWORD, login


def test_sample_of_a_damaged_notes_file_is_e110(tmp_path, synthetic_batch):
    (synthetic_batch.path / "notes.parquet").write_bytes(b"PAR1 cut short")
    result = CliRunner().invoke(cli, ["review", "sample", str(synthetic_batch.path), "--store",
                                      str(tmp_path / "review.sqlite")])
    assert result.exit_code == 3 and "E110" in result.output and "notes.parquet" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_load_note_of_a_moved_batch_is_e110(synthetic_batch):
    moved = synthetic_batch.path.with_name("moved")
    shutil.move(synthetic_batch.path, moved)
    with pytest.raises(ChartforgeError) as missing:
        load_note(synthetic_batch.path, synthetic_batch.note_ids[0])
    assert missing.value.code == "E110"


def test_web_page_and_api_answer_503_when_the_batch_is_gone(store, synthetic_batch, settings):
    add_user(store, "ann", PASSWORD, "reviewer", "admin")
    queue.open_round(store, synthetic_batch.path, settings, 1, "sue", 0.02)
    client = TestClient(create_app(ServerSettings(store.path, close_runs="inline")), raise_server_exceptions=False)
    assert login(client, "ann").status_code == 303
    shown = client.get("/review")  # ann's leased record, and her session's CSRF token
    csrf = re.search(r'id="csrf" value="([^"]+)"', shown.text).group(1)
    item_id = re.search(r'"item_id": ?"([0-9a-f]+)"', shown.text).group(1)
    shutil.rmtree(synthetic_batch.path)
    page = client.get("/review")
    assert page.status_code == 503 and "E110" in page.text and str(synthetic_batch.path) not in page.text
    assert "content-security-policy" in page.headers and page.headers["cache-control"] == "no-store"
    api = client.post(f"/api/items/{item_id}/decision", json={"verdict": "clean", "findings": []},
                      headers={"X-CSRF-Token": csrf})
    assert api.status_code == 503 and "E110" in api.json()["detail"]
    assert store.decisions(store.get_item(item_id).round_id) == []


def test_review_next_on_a_moved_batch_is_one_line(tmp_path, store, synthetic_batch, settings):
    add_user(store, "ann", PASSWORD, "reviewer", "admin")
    queue.open_round(store, synthetic_batch.path, settings, 1, "sue", 0.02)
    shutil.move(synthetic_batch.path, tmp_path / "moved")
    result = CliRunner().invoke(cli, ["review", "next", "--user", "ann", "--store", str(store.path)],
                                input=PASSWORD + "\n")
    assert result.exit_code == 3 and "E110" in result.output and "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
