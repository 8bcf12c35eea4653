"""`chartforge review serve`: the reviewer and steward pages (FastAPI + Jinja2).

URLs carry only opaque, random queue item ids and round ids (hashes), never a note id,
a name or text. Note text appears in page bodies only, which are sent with no-store.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from deid.spans import LABELS
from review import queue
from review.auth import authenticate
from review.gate import evaluate, run_gate
from review.notes import load_note, validate_findings
from review.store import open_store
from review.store.base import AlreadyDecided, Session
from review.web.chart import bound_chart
from review.web.security import (CSRF_FIELD, CSRF_HEADER, LOGIN_CSRF_COOKIE, SESSION_COOKIE, SecurityHeaders,
                                  cookie_settings, new_token, token_hash, tokens_match)

HERE = Path(__file__).parent
LOGIN_FAILURES_ALLOWED, LOGIN_WINDOW_SECONDS = 5, 300  # per user name, per server process


@dataclass(frozen=True)
class ServerSettings:
    store_path: Path
    lease_minutes: int = 30
    session_hours: int = 8
    close_runs: str = "prefect"  # prefect | inline


class Redirect(Exception):
    def __init__(self, url: str):
        self.url = url


def create_app(settings: ServerSettings) -> FastAPI:
    store = open_store(settings.store_path)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app = FastAPI(title="chartforge review", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.exception_handler(Redirect)
    async def _redirect(request, exc: Redirect):
        return RedirectResponse(exc.url, status_code=303)

    failures: dict[str, deque] = defaultdict(deque)

    def throttled(username: str) -> bool:
        """Too many recent wrong passwords for this user name: refuse without checking."""
        recent = failures[username]
        while recent and recent[0] < time.monotonic() - LOGIN_WINDOW_SECONDS:
            recent.popleft()
        return len(recent) >= LOGIN_FAILURES_ALLOWED

    def now() -> str:
        return datetime.now(timezone.utc).isoformat(timespec="microseconds")

    def current_session(request: Request, api: bool = False) -> Session:
        token = request.cookies.get(SESSION_COOKIE)
        session = store.get_session(token_hash(token), now()) if token else None
        if session is None:
            if api:
                raise HTTPException(401, "not logged in")
            raise Redirect("/login")
        return session

    async def require_csrf(request: Request, session: Session) -> dict:
        """Every POST carries the session's CSRF token; anything else is refused with 403."""
        form: dict = {}
        given = request.headers.get(CSRF_HEADER)
        content_type = request.headers.get("content-type", "")
        if "form" in content_type:
            form = dict(await request.form())
            given = given or form.get(CSRF_FIELD)
        if not tokens_match(session.csrf_token, given):
            store.audit(session.username, "csrf_refused", detail=request.url.path)
            raise HTTPException(403, "missing or wrong CSRF token")
        return form

    def require_steward(session: Session) -> None:
        if session.role != "steward":
            store.audit(session.username, "forbidden", detail="steward page")
            raise HTTPException(403, "stewards only")

    def page(request: Request, name: str, session: Session | None = None, status_code: int = 200, **context):
        return templates.TemplateResponse(request, name, {"session": session, **context}, status_code=status_code)

    # login / logout -----------------------------------------------------------------------
    @app.get("/login", response_class=HTMLResponse)
    async def login_form(request: Request):
        token = new_token()
        response = page(request, "login.html", csrf_token=token, error=None)
        response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=1800,
                            **cookie_settings(request.url.scheme == "https"))
        return response

    @app.post("/login")
    async def login(request: Request):
        form = dict(await request.form())
        if not tokens_match(request.cookies.get(LOGIN_CSRF_COOKIE), form.get(CSRF_FIELD)):
            raise HTTPException(403, "missing or wrong CSRF token")
        username = str(form.get("username", "")).strip().lower()[:64]
        if throttled(username):
            store.audit(username or "-", "login_throttled")
            user, status, error = None, 429, "Too many failed sign-ins; wait a few minutes."
        else:
            user = authenticate(store, username, str(form.get("password", "")))
            status, error = 401, "Unknown user or wrong password."
        if user is None:
            if status == 401:
                failures[username].append(time.monotonic())
                store.audit(username or "-", "login_refused")
            token = new_token()
            response = page(request, "login.html", csrf_token=token, status_code=status, error=error)
            response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=1800,
                                **cookie_settings(request.url.scheme == "https"))
            return response
        failures.pop(username, None)
        token = new_token()
        expires = datetime.now(timezone.utc) + timedelta(hours=settings.session_hours)
        store.create_session(token_hash(token), user.username, new_token(), expires.isoformat())
        response = RedirectResponse("/steward" if user.role == "steward" else "/review", status_code=303)
        response.set_cookie(SESSION_COOKIE, token, max_age=settings.session_hours * 3600,
                            **cookie_settings(request.url.scheme == "https"))
        response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
        return response

    @app.post("/logout")
    async def logout(request: Request):
        session = current_session(request)
        await require_csrf(request, session)
        store.delete_session(token_hash(request.cookies[SESSION_COOKIE]))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @app.get("/")
    async def home(request: Request):
        session = current_session(request)
        return RedirectResponse("/steward" if session.role == "steward" else "/review", status_code=303)

    # reviewer --------------------------------------------------------------------------------
    @app.get("/review", response_class=HTMLResponse)
    async def review_page(request: Request):
        session = current_session(request)
        progress = queue.progress(store, session.username)
        item = queue.next_item(store, session.username, settings.lease_minutes * 60)
        if item is None:
            return page(request, "done.html", session, progress=progress)
        info = store.get_round(item.round_id)
        note = load_note(Path(info.batch_dir), item.note_id)
        data = {"item_id": item.item_id, "text": note.text, "labels": list(LABELS),
                "surrogates": [f.to_json() for f in note.surrogates],
                "flags": [f.to_json() for f in note.flags]}
        return page(request, "review.html", session, item=item, note=note, progress=progress, data=data,
                    labels=LABELS)

    @app.post("/api/items/{item_id}/decision")
    async def decide(item_id: str, request: Request):
        session = current_session(request, api=True)
        await require_csrf(request, session)
        item = store.get_item(item_id)
        info = store.get_round(item.round_id) if item else None
        if item is None or info.status != "open":
            raise HTTPException(404, "no such open queue item")
        try:
            body = await request.json()
            verdict = body["verdict"]
            note = load_note(Path(info.batch_dir), item.note_id)
            findings = validate_findings(body.get("findings", []), len(note.text))
            if verdict not in ("clean", "phi") or (verdict == "phi") != bool(findings):
                raise ValueError("verdict and findings disagree")
        except (ValueError, KeyError, TypeError, AttributeError):
            raise HTTPException(422, "invalid decision") from None
        try:
            decision_id = store.record_decision(item_id, session.username, verdict, findings, now())
        except AlreadyDecided:
            raise HTTPException(409, "you already decided this record; undo first") from None
        return JSONResponse({"ok": True, "decision_id": decision_id})

    @app.post("/api/undo")
    async def undo(request: Request):
        session = current_session(request, api=True)
        await require_csrf(request, session)
        mine = [(d.decision_id, info.round_id) for info in store.list_rounds() if info.status == "open"
                for d in store.decisions(info.round_id) if d.username == session.username]
        undone = store.undo_last(max(mine)[1], session.username, now()) if mine else None
        return JSONResponse({"ok": True, "undone": undone is not None})

    # steward ---------------------------------------------------------------------------------
    @app.get("/steward", response_class=HTMLResponse)
    async def steward_page(request: Request):
        session = current_session(request)
        require_steward(session)
        rounds = store.list_rounds()
        chosen = request.query_params.get("round")
        info = next((r for r in rounds if r.round_id == chosen), rounds[-1] if rounds else None)
        if info is None:
            return page(request, "steward.html", session, rounds=[], result=None)
        result = evaluate(store, info.round_id, with_history=True)
        gate_file = Path(info.batch_dir) / "gate.json"
        gate_json = json.loads(gate_file.read_text()) if gate_file.is_file() else None
        chart = bound_chart(result.history, result.bound.target, result.sample_size)
        return page(request, "steward.html", session, rounds=rounds, info=info, result=result, chart=chart,
                    gate_json=gate_json)

    @app.post("/steward/close")
    async def close_review(request: Request):
        session = current_session(request)
        require_steward(session)
        form = await require_csrf(request, session)
        info = store.get_round(str(form.get("round_id", "")))
        if info is None:
            raise HTTPException(404, "no such round")
        if info.status == "open":
            store.close_round(info.round_id, session.username)
        if settings.close_runs == "inline":
            run_gate(store, Path(info.batch_dir), session.username)
        else:  # the Prefect gate flow, detached: the page shows gate.json once it lands
            subprocess.Popen([sys.executable, "-m", "flows.gate", info.batch_dir, "--store",
                              str(settings.store_path), "--by", session.username],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        return RedirectResponse(f"/steward?round={info.round_id}", status_code=303)

    return app
