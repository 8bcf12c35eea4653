"""The web app in-process (Starlette TestClient): auth, CSRF, roles, headers, no PHI in URLs or audit."""

from __future__ import annotations

import html
import json
import re

import pytest
from fastapi.testclient import TestClient

from review import queue
from review.auth import add_user
from review.sampling import SampleSettings
from review.web.app import ServerSettings, create_app

PASSWORD = "correct horse battery"


@pytest.fixture
def app_setup(tmp_path, store, synthetic_batch, settings):
    add_user(store, "ann", PASSWORD, "reviewer", "admin")
    add_user(store, "sue", PASSWORD, "steward", "admin")
    info, _ = queue.open_round(store, synthetic_batch.path, settings, 1, "sue", 0.02)
    app = create_app(ServerSettings(store.path, close_runs="inline"))
    return app, store, synthetic_batch, info


def login(client, username, password=PASSWORD):
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                       follow_redirects=False)


def session_csrf(client, path="/review"):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def test_login_needs_the_form_token_and_the_right_password(app_setup):
    app, *_ = app_setup
    client = TestClient(app)
    assert client.post("/login", data={"username": "ann", "password": PASSWORD}).status_code == 403
    wrong = login(client, "ann", "not the password")
    assert wrong.status_code == 401 and "cf_session" not in wrong.cookies
    assert login(client, "nobody", PASSWORD).status_code == 401
    ok = login(client, "ann")
    assert ok.status_code == 303 and ok.headers["location"] == "/review"
    cookie = ok.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")


def test_repeated_wrong_passwords_are_throttled(app_setup):
    _, store, *_ = app_setup
    clock = FakeClock()
    app = create_app(ServerSettings(store.path), clock=clock)
    with TestClient(app) as client:
        for _ in range(5):
            assert login(client, "ann", "guess-guess-guess").status_code == 401
        throttled = login(client, "ann")
        assert throttled.status_code == 429 and throttled.headers["retry-after"] == "1"  # even the right one, for 1 s
        assert login(client, "sue").status_code == 303  # other users are not locked out
        clock.now += 1
        assert login(client, "ann").status_code == 303  # the window has passed
    actions = [e.action for e in store.audit_entries()]
    assert actions.count("login_refused") == 2 and actions.count("login_throttled") == 1


def test_pages_need_a_session_and_send_security_headers(app_setup):
    app, *_ = app_setup
    client = TestClient(app)
    assert client.get("/review", follow_redirects=False).headers["location"] == "/login"
    assert client.post("/api/undo").status_code == 401
    response = client.get("/login")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-frame-options"] == "DENY" and response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_reviewer_cannot_reach_steward_pages(app_setup):
    app, store, batch, info = app_setup
    client = TestClient(app)
    login(client, "ann")
    csrf = session_csrf(client)
    assert client.get("/steward").status_code == 403
    assert client.post("/steward/close", data={"csrf_token": csrf, "round_id": info.round_id}).status_code == 403
    assert store.get_round(info.round_id).status == "open"


def test_posts_without_or_with_a_wrong_csrf_token_are_refused(app_setup):
    app, store, batch, info = app_setup
    client = TestClient(app)
    login(client, "ann")
    page = client.get("/review").text
    item_id = re.search(r'"item_id": "([0-9a-f]+)"', page).group(1)
    url = f"/api/items/{item_id}/decision"
    assert client.post(url, json={"verdict": "clean"}).status_code == 403
    assert client.post(url, json={"verdict": "clean"}, headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert store.decisions(info.round_id) == []
    csrf = session_csrf(client)
    assert client.post("/logout", data={}).status_code == 403  # a forged logout is refused too
    assert client.post(url, json={"verdict": "clean"}, headers={"X-CSRF-Token": csrf}).status_code == 200
    assert len(store.decisions(info.round_id)) == 1


def test_bad_findings_are_rejected(app_setup):
    app, store, batch, info = app_setup
    client = TestClient(app)
    login(client, "ann")
    page = client.get("/review").text
    item_id = re.search(r'"item_id": "([0-9a-f]+)"', page).group(1)
    headers = {"X-CSRF-Token": session_csrf(client)}
    for findings in ([{"start": 5, "end": 99999, "label": "NAME"}], [{"start": 1, "end": 4, "label": "SECRET"}]):
        response = client.post(f"/api/items/{item_id}/decision", json={"verdict": "phi", "findings": findings},
                               headers=headers)
        assert response.status_code == 422
    assert client.post(f"/api/items/{item_id}/decision", json={"verdict": "phi", "findings": []},
                       headers=headers).status_code == 422


def test_no_note_id_or_text_in_urls_and_no_phi_in_the_audit(app_setup):
    app, store, batch, info = app_setup
    client = TestClient(app)
    login(client, "ann")
    headers = {"X-CSRF-Token": session_csrf(client)}
    planted = []
    for _ in range(12):  # a few decisions, with findings on the residual notes
        page = client.get("/review").text
        urls = re.findall(r'(?:href|action|src)="([^"]+)"', page)
        assert set(urls) <= {"/static/review.css", "/static/review.js", "/review", "/logout"}
        found = re.search(r'"item_id": "([0-9a-f]+)"', page)
        if found is None:
            assert "Queue empty" in page
            break
        item = store.get_item(found.group(1))
        assert item.note_id not in page.split('id="note-data"')[0]  # not in the markup outside the data block
        residual = batch.residual.get(item.note_id)
        if residual:
            start, end, label = residual
            body = {"verdict": "phi", "findings": [{"start": start, "end": end, "label": label}]}
            from review.notes import load_note
            planted.append(load_note(batch.path, item.note_id).text[start:end])
        else:
            body = {"verdict": "clean"}
        assert client.post(f"/api/items/{item.item_id}/decision", json=body, headers=headers).status_code == 200
    assert planted, "the pilot should have met at least one residual note"
    audit_text = "\n".join(f"{e.actor} {e.action} {e.detail}" for e in store.audit_entries())
    assert "decide_phi" in audit_text
    for value in planted:
        assert value not in audit_text


def test_steward_sees_the_gate_and_closing_writes_gate_json(app_setup):
    app, store, batch, info = app_setup
    client = TestClient(app)
    assert login(client, "sue").headers["location"] == "/steward"
    page = client.get("/steward")
    assert page.status_code == 200 and "PENDING" in page.text and "<svg" in page.text
    assert info.round_id in page.text and "strata" in page.text
    csrf = session_csrf(client, "/steward")
    response = client.post("/steward/close", data={"csrf_token": csrf, "round_id": info.round_id},
                           follow_redirects=False)
    assert response.status_code == 303
    assert store.get_round(info.round_id).status == "closed"
    assert (batch.path / "gate.json").is_file()
    assert "FAILED" in client.get("/steward").text


# --- hardening (issue 19) ------------------------------------------------------------------

def _item_of(client) -> str:
    return re.search(r'"item_id": "([0-9a-f]+)"', client.get("/review").text).group(1)


def _has_security_headers(response) -> bool:
    return ("script-src 'self'" in response.headers.get("content-security-policy", "")
            and response.headers.get("cache-control") == "no-store"
            and response.headers.get("x-frame-options") == "DENY")


def test_only_the_lease_holder_decides_and_a_steward_override_is_audited(app_setup):
    app, store, batch, info = app_setup
    add_user(store, "bob", PASSWORD, "reviewer", "admin")
    ann, bob, sue = TestClient(app), TestClient(app), TestClient(app)
    for client, name in ((ann, "ann"), (bob, "bob"), (sue, "sue")):
        login(client, name)
    item_id = _item_of(ann)
    assert _item_of(bob) != item_id  # bob is served another record
    url = f"/api/items/{item_id}/decision"
    refused = bob.post(url, json={"verdict": "clean"}, headers={"X-CSRF-Token": session_csrf(bob)})
    assert refused.status_code == 409 and "not leased to you" in refused.json()["detail"]
    # A reviewer cannot claim the steward's override.
    forged = bob.post(url, json={"verdict": "clean", "override": True}, headers={"X-CSRF-Token": session_csrf(bob)})
    assert forged.status_code == 403
    assert store.decisions(info.round_id) == []
    steward_csrf = session_csrf(sue, "/steward")
    assert sue.post(url, json={"verdict": "clean", "override": True},
                    headers={"X-CSRF-Token": steward_csrf}).status_code == 200
    assert [d.username for d in store.decisions(info.round_id)] == ["sue"]
    overrides = [e for e in store.audit_entries() if e.action == "lease_override"]
    assert len(overrides) == 1 and json.loads(overrides[0].detail) == {"lease_holders": ["ann"]}
    late = ann.post(url, json={"verdict": "clean"}, headers={"X-CSRF-Token": session_csrf(ann)})
    assert late.status_code == 409  # required_reviews = 1: no second decision
    assert len(store.decisions(info.round_id)) == 1


def _emoji_batch(tmp_path):
    from tests.review.batches import batch_from_gold, unicode_gold

    gold = unicode_gold()
    return batch_from_gold(gold, tmp_path / "batch-emoji", residual_ids=frozenset(g["id"] for g in gold))


def _utf16_slice(text: str, start: int, end: int) -> str:
    return text.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le")


def test_offsets_are_utf16_in_the_browser_and_code_points_in_the_store(tmp_path, store):
    batch = _emoji_batch(tmp_path)
    add_user(store, "ann", PASSWORD, "reviewer", "admin")
    info, _ = queue.open_round(store, batch.path, SampleSettings(pilot_size=5, seed=1), 1, "sue", 0.5)
    client = TestClient(create_app(ServerSettings(store.path, close_runs="inline")))
    login(client, "ann")
    page = client.get("/review").text
    data = json.loads(html.unescape(re.search(r'id="note-data">(.*?)</script>', page, re.S).group(1)))
    text = data["text"]
    # The page's surrogate offsets, read the way JavaScript reads them, cover the surrogate.
    (surrogate,) = data["surrogates"]
    assert _utf16_slice(text, surrogate["start"], surrogate["end"]) == "02/11/2019"
    # The reviewer selects the name: the browser sends UTF-16 offsets.
    units = text.encode("utf-16-le")
    start = units.decode("utf-16-le").index("Dustin")  # code points
    start16 = len(text[:start].encode("utf-16-le")) // 2
    body = {"verdict": "phi", "findings": [{"start": start16, "end": start16 + 13, "label": "NAME"}]}
    assert client.post(f"/api/items/{data['item_id']}/decision", json=body,
                       headers={"X-CSRF-Token": session_csrf(client)}).status_code == 200
    (decision,) = store.decisions(info.round_id)
    (finding,) = decision.findings
    assert text[finding.start:finding.end] == "Dustin Nguyen"
    # An offset between the two halves of an emoji cannot come from a selection.
    item_id = _item_of(client)
    bad = {"verdict": "phi", "findings": [{"start": 1, "end": 4, "label": "NAME"}]}
    assert client.post(f"/api/items/{item_id}/decision", json=bad,
                       headers={"X-CSRF-Token": session_csrf(client)}).status_code == 422


def test_malformed_requests_are_4xx_with_the_security_headers(app_setup):
    app, store, batch, info = app_setup
    client = TestClient(app, raise_server_exceptions=False)
    client.get("/login")  # the login form's CSRF cookie
    responses = {"non-ascii login token": client.post("/login", data={"username": "ann", "password": "x",
                                                                      "csrf_token": "\u00e9\u00e9"}),
                 "multipart login": client.post("/login", files={"username": ("a", b"ann")})}
    login(client, "ann")
    item_id = _item_of(client)
    csrf = session_csrf(client)
    url = f"/api/items/{item_id}/decision"
    json_headers = {"X-CSRF-Token": csrf, "Content-Type": "application/json"}
    responses.update({
        "form body to the JSON API": client.post(url, data={"csrf_token": csrf, "verdict": "clean"}),
        "deep JSON": client.post(url, content=b"[" * 10_000, headers=json_headers),
        "[ x 100,000": client.post(url, content=b"[" * 100_000, headers=json_headers),
        "JSON array": client.post(url, content=b"[1, 2]", headers=json_headers),
        "not UTF-8": client.post(url, content=b'{"verdict": "\xff"}', headers=json_headers),
        "not JSON": client.post(url, content=b'{"verdict": ', headers=json_headers),
        "non-ascii csrf header": client.post(url, content=b"{}", headers={
            "X-CSRF-Token": "\u00e9".encode("latin-1"), "Content-Type": "application/json"}),
        "findings not a list": client.post(url, json={"verdict": "phi", "findings": "abc"},
                                           headers={"X-CSRF-Token": csrf}),
        "boolean offsets": client.post(url, json={"verdict": "phi", "findings": [
            {"start": False, "end": True, "label": "NAME"}]}, headers={"X-CSRF-Token": csrf}),
        "finding not an object": client.post(url, json={"verdict": "phi", "findings": [7]},
                                             headers={"X-CSRF-Token": csrf}),
        "too many findings": client.post(url, json={"verdict": "phi", "findings": [
            {"start": i, "end": i + 1, "label": "NAME"} for i in range(201)]}, headers={"X-CSRF-Token": csrf}),
        "4.9 MB body": client.post(url, content=b'{"verdict": "phi", "findings": [' + b'{"start": 1, "end": 2, '
                                   b'"label": "NAME"},' * 120_000 + b"]}", headers=json_headers),
        "unknown item": client.post("/api/items/%00%ff/decision", json={"verdict": "clean"},
                                    headers={"X-CSRF-Token": csrf}),
        "text/plain undo": client.post("/api/undo", content=b"hi", headers={"X-CSRF-Token": csrf,
                                                                            "Content-Type": "text/plain"}),
        "unknown page": client.get("/nope"),
        "static traversal": client.get("/static/../../etc/passwd"),
    })
    for what, response in responses.items():
        assert 400 <= response.status_code < 500, (what, response.status_code)
        assert _has_security_headers(response), what
    assert responses["deep JSON"].status_code == 400
    assert responses["4.9 MB body"].status_code == 413
    assert responses["too many findings"].status_code == 422
    assert store.decisions(info.round_id) == []


def test_findings_per_decision_cap_is_configurable(tmp_path, store, synthetic_batch, settings):
    add_user(store, "ann", PASSWORD, "reviewer", "admin")
    queue.open_round(store, synthetic_batch.path, settings, 1, "sue", 0.02)
    client = TestClient(create_app(ServerSettings(store.path, max_findings_per_decision=2)))
    login(client, "ann")
    url = f"/api/items/{_item_of(client)}/decision"
    three = [{"start": i, "end": i + 1, "label": "NAME"} for i in range(3)]
    headers = {"X-CSRF-Token": session_csrf(client)}
    assert client.post(url, json={"verdict": "phi", "findings": three}, headers=headers).status_code == 422
    assert client.post(url, json={"verdict": "phi", "findings": three[:2]}, headers=headers).status_code == 200


def test_redirects_are_relative_and_never_built_from_the_host_header(app_setup):
    app, *_ = app_setup
    client = TestClient(app)
    evil = {"Host": "evil.example"}
    for path in ("/review/", "/review", "/", "/steward/", "/login/"):
        response = client.get(path, headers=evil, follow_redirects=False)
        location = response.headers.get("location", "")
        assert "evil" not in location and (not location or (location.startswith("/")
                                                             and not location.startswith("//"))), path
    assert client.get("/review/", follow_redirects=False).headers["location"] == "/review"
    ok = login(client, "ann")
    assert ok.headers["location"] == "/review"


def test_a_password_reset_ends_the_old_session(app_setup):
    app, store, *_ = app_setup
    client = TestClient(app)
    login(client, "ann")
    assert client.get("/review", follow_redirects=False).status_code == 200
    add_user(store, "ann", "a brand new password", "reviewer", "admin")
    assert client.get("/review", follow_redirects=False).headers["location"] == "/login"


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def _login_from(app, address, username, password=PASSWORD):
    client = TestClient(app, client=(address, 40000))
    return login(client, username, password)


def test_a_lockout_cannot_be_turned_against_a_user(app_setup):
    _, store, *_ = app_setup
    clock = FakeClock()
    app = create_app(ServerSettings(store.path), clock=clock)
    attacker = TestClient(app, client=("203.0.113.9", 40000))
    statuses = [login(attacker, "ann", "guess-guess-guess").status_code for _ in range(30)]
    assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}
    # The right password from another client waits out the per-user window (not 5 minutes).
    waiting = _login_from(app, "198.51.100.7", "ann")
    assert waiting.status_code == 429 and waiting.headers["retry-after"] == "1"
    # Hammering inside the window neither counts nor stretches it.
    clock.now += 0.5
    assert {login(attacker, "ann", "guess-guess-guess").status_code for _ in range(10)} == {429}
    clock.now += 0.5
    assert _login_from(app, "198.51.100.7", "ann").status_code == 303
    # The noisy client itself gets in with the right password after its own window.
    for _ in range(5):
        login(attacker, "ann", "guess-guess-guess")
    clock.now += 60
    assert login(attacker, "ann").status_code == 303
    # Other users were never affected, from anywhere.
    assert _login_from(app, "192.0.2.1", "sue").status_code == 303


def test_a_noisy_client_backs_off_for_every_user_name_it_tries(app_setup):
    _, store, *_ = app_setup
    clock = FakeClock()
    app = create_app(ServerSettings(store.path), clock=clock)
    client = TestClient(app, client=("203.0.113.9", 40000))
    statuses = [login(client, f"user{i:03d}", "guess-guess-guess").status_code for i in range(12)]
    assert statuses == [401] * 10 + [429] * 2
    assert _login_from(app, "198.51.100.7", "sue").status_code == 303


def test_refused_logins_are_aggregated_in_the_audit_and_invented_names_never_stored(app_setup):
    _, store, *_ = app_setup
    clock = FakeClock()
    app = create_app(ServerSettings(store.path), clock=clock)
    invented = ["a\x00b", "\u202eadmin", "\U0001F600", "=HYPERLINK(\"http://x\")", "ann"]
    with TestClient(app) as client:
        for i in range(200):
            login(client, invented[i % len(invented)], "guess-guess-guess")
    rows = [e for e in store.audit_entries() if e.action in ("login_refused", "login_throttled")]
    counts = {a: [json.loads(e.detail)["count"] for e in rows if e.action == a]
              for a in ("login_refused", "login_throttled")}
    # The first refusal of each kind is written at once, the rest in one row at shutdown.
    assert counts == {"login_refused": [1, 9], "login_throttled": [1, 189]}
    text = "\n".join(f"{e.actor} {e.detail}" for e in rows)
    for name in invented[:4]:
        assert name not in text and json.dumps(name)[1:-1] not in text
    assert '"(invalid)"' in text and '"ann"' in text


def test_a_held_store_lock_gives_503_with_retry_after_and_other_pages_still_answer(app_setup):
    _, store, *_ = app_setup
    import sqlite3

    app = create_app(ServerSettings(store.path, busy_timeout_seconds=0.2))
    client = TestClient(app)
    login(client, "ann")
    holder = sqlite3.connect(store.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        busy = client.get("/review")  # leasing an item is a write
        assert busy.status_code == 503 and busy.headers["retry-after"] == "1" and _has_security_headers(busy)
        assert "busy" in busy.text
        assert client.get("/login").status_code == 200
        api = client.post("/api/undo", json={}, headers={"X-CSRF-Token": "x"})
        assert api.status_code in (403, 503)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert client.get("/review").status_code == 200
