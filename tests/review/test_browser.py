"""The reviewers' UI in Debian's Chromium (Playwright, headless) against the real server.

The server is `chartforge review serve` in a subprocess on 127.0.0.1 and a free port; the
batch is built from the demo export with one planted name left in the first queued note.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from review import queue
from review.auth import add_user
from review.gate import evaluate
from review.sampling import SampleSettings, draw_sample
from review.store import open_store
from tests.review.batches import batch_from_gold, unicode_gold
from tests.review.live_server import live_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_gold):
    gold_path, gold = demo_gold
    folder = tmp_path_factory.mktemp("browser") / "batch-browser"
    settings = SampleSettings(pilot_size=40, seed=3)
    # Same ids and strata whatever the text: draw once to learn the first queued note, then
    # rebuild the batch with that note's planted name left in (the miss the reviewer must catch).
    probe = batch_from_gold(gold, folder, flag_every=9)
    first = draw_sample(probe.path, settings, f"{folder.name[:16]}-r1").notes[0].note_id
    batch = batch_from_gold(gold, folder, flag_every=9, residual_ids=frozenset({first}), flag_ids=frozenset({first}))
    store_path = folder.parent / "review.sqlite"
    store = open_store(store_path)
    add_user(store, "ann", PASSWORD, "reviewer", "test")
    add_user(store, "sue", PASSWORD, "steward", "test")
    info, plan = queue.open_round(store, batch.path, settings, 1, "sue", 0.5)
    assert plan.notes[0].note_id == first and first in batch.residual
    with live_server(store_path) as live:
        yield {"url": live.url, "store": store, "batch": batch, "info": info, "first": first}
    _assert_no_residual_value_in(live.output, batch)


def _assert_no_residual_value_in(server_log: str, batch) -> None:
    """The server's own output never carries a planted PHI value."""
    from review.notes import load_note

    for note_id, (start, end, _) in batch.residual.items():
        assert load_note(batch.path, note_id).text[start:end] not in server_log


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
        yield chromium
        chromium.close()


def _login(page, url, user, password=PASSWORD):
    page.goto(url + "/login")
    page.fill("#username", user)
    page.fill("#password", password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _select_text(page, start: int, end: int) -> None:
    """Drag the mouse over characters [start, end) of the note, as a reviewer would."""
    box = page.evaluate("""([start, end]) => {
        const note = document.getElementById('note');
        const walker = document.createTreeWalker(note, NodeFilter.SHOW_TEXT);
        const at = (offset) => { let seen = 0, node;
            while ((node = walker.nextNode())) { if (seen + node.length > offset) return [node, offset - seen]; seen += node.length; }
        };
        const [a, ao] = at(start); walker.currentNode = note; const [b, bo] = at(end - 1);
        const r1 = document.createRange(); r1.setStart(a, ao); r1.setEnd(a, ao + 1);
        const r2 = document.createRange(); r2.setStart(b, bo); r2.setEnd(b, bo + 1);
        r1.startContainer.parentElement.scrollIntoView({block: 'center'});
        const p = r1.getBoundingClientRect(), q = r2.getBoundingClientRect();
        return {x1: p.left + 1, y1: p.top + p.height / 2, x2: q.right - 1, y2: q.top + q.height / 2};
    }""", [start, end])
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=8)
    page.mouse.up()


def test_review_a_note_by_keyboard_flag_a_missed_name_mark_clean_and_log_out(server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    store, info = server["store"], server["info"]
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    _login(page, server["url"], "ann")
    assert page.url.endswith("/review")
    assert "0 of" in page.inner_text("#progress")
    start, end, label = server["batch"].residual[server["first"]]
    _select_text(page, start, end)
    assert page.evaluate("window.getSelection().toString()").strip() == page.evaluate(
        "JSON.parse(document.getElementById('note-data').textContent).text").__getitem__(slice(start, end))
    page.keyboard.press("f")
    assert page.is_visible("#picker")
    page.keyboard.press("1")  # NAME
    assert page.inner_text("#finding-count") == "1"
    assert page.locator("#note .finding").count() >= 1
    assert page.locator("#note .sur").count() >= 1 and page.locator("#note .vflag").count() >= 1
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "review-page.png"), full_page=False)
    page.keyboard.press("n")
    page.wait_for_selector('#progress[data-complete="1"]')
    decisions = store.decisions(info.round_id)
    assert len(decisions) == 1 and decisions[0].verdict == "phi"
    assert [(f.start, f.end, f.label) for f in decisions[0].findings] == [(start, end, "NAME")]
    # Second note: clean, by keyboard.
    second = page.evaluate("JSON.parse(document.getElementById('note-data').textContent).item_id")
    page.keyboard.press("c")
    page.wait_for_selector('#progress[data-complete="2"]')
    assert "you: 2 decisions" in page.inner_text("#progress")
    assert store.decisions(info.round_id)[-1].verdict == "clean"
    # Undo brings the second note back; mark it clean again.
    page.keyboard.press("u")
    page.wait_for_selector('#progress[data-complete="1"]')
    assert page.evaluate("JSON.parse(document.getElementById('note-data').textContent).item_id") == second
    page.keyboard.press("c")
    page.wait_for_selector('#progress[data-complete="2"]')
    # Resume: a fresh login lands on the same (leased, undecided) third note.
    third = page.evaluate("JSON.parse(document.getElementById('note-data').textContent).item_id")
    page.click("#logout")
    page.wait_for_url("**/login")
    page.goto(server["url"] + "/review")
    assert page.url.endswith("/login")  # the session is gone
    _login(page, server["url"], "ann")
    assert page.evaluate("JSON.parse(document.getElementById('note-data').textContent).item_id") == third
    assert all(server["first"] not in url for url in [page.url])
    page.close()


def test_wrong_password_is_refused(server, browser):
    page = browser.new_page()
    _login(page, server["url"], "ann", "not-the-password")
    assert page.url.endswith("/login")
    assert "wrong password" in page.inner_text(".alert")
    assert not [c for c in page.context.cookies() if c["name"] == "cf_session"]
    page.close()


def test_post_without_csrf_token_is_refused_and_reviewer_cannot_reach_steward(server, browser):
    page = browser.new_page()
    _login(page, server["url"], "ann")
    before = len(server["store"].decisions(server["info"].round_id))
    status = page.evaluate("""async () => {
        const id = JSON.parse(document.getElementById('note-data').textContent).item_id;
        const r = await fetch('/api/items/' + id + '/decision', {method: 'POST',
            headers: {'Content-Type': 'application/json'}, body: JSON.stringify({verdict: 'clean'})});
        return r.status; }""")
    assert status == 403
    assert len(server["store"].decisions(server["info"].round_id)) == before
    response = page.goto(server["url"] + "/steward")
    assert response.status == 403
    cookie = next(c for c in page.context.cookies() if c["name"] == "cf_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    page.close()


def test_steward_sees_the_gate(server, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    _login(page, server["url"], "sue")
    assert page.url.endswith("/steward")
    # The page shows the gate the server computes for the round's decisions so far (which depend
    # on the tests before this one), not just any status word.
    expected = evaluate(server["store"], server["info"].round_id, with_history=True)
    assert page.inner_text("#gate-status") == expected.status.upper()
    # the bound's line is drawn once reviews exist (run alone, this test sees none)
    assert page.locator("svg.chart polyline.bound").count() == (1 if expected.history else 0)
    assert page.locator("#strata tbody tr").count() >= 6
    page.screenshot(path=str(ARTIFACTS / "steward-page.png"), full_page=True)
    page.close()


@pytest.fixture(scope="module")
def unicode_server(tmp_path_factory):
    """Notes where emoji, a combining mark, an RTL mark and CJK precede the residual name."""
    gold = unicode_gold()
    folder = tmp_path_factory.mktemp("browser-unicode")
    batch = batch_from_gold(gold, folder / "batch-unicode", residual_ids=frozenset(g["id"] for g in gold))
    store = open_store(folder / "review.sqlite")
    add_user(store, "ann", PASSWORD, "reviewer", "test")
    info, _ = queue.open_round(store, batch.path, SampleSettings(pilot_size=4, seed=1), 1, "sue", 0.5)
    with live_server(folder / "review.sqlite") as live:
        yield {"url": live.url, "store": store, "info": info}
    _assert_no_residual_value_in(live.output, batch)


def test_selections_after_emoji_combining_marks_rtl_and_cjk_land_on_the_right_characters(unicode_server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    _login(page, unicode_server["url"], "ann")
    # The surrogate highlight covers exactly the surrogate (server offsets read as UTF-16).
    assert page.locator("#note .sur").all_inner_texts() == ["02/11/2019"]
    for word in ("Mu\u0308ller", "Dustin Nguyen"):
        start = page.evaluate("(w) => JSON.parse(document.getElementById('note-data').textContent).text.indexOf(w)",
                              word)
        _select_text(page, start, start + len(word.encode("utf-16-le")) // 2)
        assert page.evaluate("window.getSelection().toString()").strip() == word
        page.keyboard.press("f")
        page.keyboard.press("1")  # NAME
    assert page.locator("#note .finding").all_inner_texts() == ["Mu\u0308ller", "Dustin Nguyen"]
    page.keyboard.press("n")
    page.wait_for_selector('#progress[data-complete="1"]')
    (decision,) = unicode_server["store"].decisions(unicode_server["info"].round_id)
    from review.notes import load_note

    item = unicode_server["store"].get_item(decision.item_id)
    text = load_note(Path(unicode_server["store"].get_round(item.round_id).batch_dir), item.note_id).text
    assert [text[f.start:f.end] for f in decision.findings] == ["Mu\u0308ller", "Dustin Nguyen"]
    page.close()
