"""The web app in-process (Starlette TestClient): auth, CSRF, roles, headers, no PHI in URLs or audit."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from review import queue
from review.auth import add_user
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
    app, store, *_ = app_setup
    client = TestClient(app)
    for _ in range(5):
        assert login(client, "ann", "guess-guess-guess").status_code == 401
    assert login(client, "ann").status_code == 429  # even the right password, for a while
    assert login(client, "sue").status_code == 303  # other users are not locked out
    actions = [e.action for e in store.audit_entries()]
    assert actions.count("login_refused") == 5 and "login_throttled" in actions


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
