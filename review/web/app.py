"""`chartforge review serve`: the reviewer and steward pages (FastAPI + Jinja2).

URLs carry only opaque, random queue item ids and round ids (hashes), never a note id,
a name or text. Note text appears in page bodies only, which are sent with no-store.

Nothing slow runs on the event loop: handlers that touch the store are plain ``def``
(FastAPI runs them in worker threads), a POST body is read by an async dependency first,
and argon2 runs in a worker thread behind its own limiter (one at a time), so a burst of sign-ins
queues there instead of taking every worker. The store is opened with a short busy
timeout: a write lock held elsewhere gives a 503 with Retry-After, not a frozen UI.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable
from urllib.parse import quote

import anyio
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from chartforge.contracts.spans import LABELS
from chartforge.errors import ChartforgeError
from chartforge.contracts.files import GATE as GATE_FILE
from review import queue
from review.auth import authenticate, valid_username
from review.gate import evaluate, run_gate
from review.notes import load_note, validate_findings
from review.store import open_store
from review.store.base import AlreadyDecided, ItemComplete, NotLeased, Session, StoreBusy
from review.web.bodies import read_body, read_json
from review.web.chart import bound_chart
from review.web.login_audit import RefusedLogins
from review.web.offsets import Utf16Map
from review.web.security import (CSRF_FIELD, CSRF_HEADER, LOGIN_CSRF_COOKIE, SECURITY_HEADERS, SESSION_COOKIE,
                                  BodyLimit, BodyTooLarge, SecurityHeaders, cookie_settings, new_token, token_hash,
                                  tokens_match)
from review.web.throttle import LoginThrottle

HERE = Path(__file__).parent
PAGES = ("/", "/login", "/review", "/steward")  # the only targets of a trailing-slash redirect
log = logging.getLogger("chartforge.review")
ARGON2_WORKERS = 1  # concurrent password checks (each uses 4 lanes): more would only steal the pages' CPU


@dataclass(frozen=True)
class ServerSettings:
    store_path: Path
    lease_minutes: int = 30
    session_hours: int = 8
    close_runs: str = "prefect"  # prefect | inline
    busy_timeout_seconds: float = 2.0  # a write waits this long for the store's lock, then 503
    max_request_bytes: int = 64 * 1024
    max_json_depth: int = 8
    max_findings_per_decision: int = 200


class Redirect(Exception):
    def __init__(self, url: str):
        self.url = url


def _client(request: Request) -> str:
    return request.client.host if request.client else "-"


def create_app(settings: ServerSettings, clock: Callable[[], float] = time.monotonic) -> FastAPI:
    store = open_store(settings.store_path, busy_timeout_ms=int(settings.busy_timeout_seconds * 1000))
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    throttle = LoginThrottle(clock=clock)
    refused = RefusedLogins(clock=clock)
    retry_after = str(max(1, round(settings.busy_timeout_seconds)))
    argon2_limiter: list[anyio.CapacityLimiter] = []  # created inside the event loop

    @asynccontextmanager
    async def lifespan(app):
        yield
        refused.flush(store)  # refusals still pending go to the audit log on shutdown

    # redirect_slashes off: Starlette would build "http://<Host header>/review" from /review/.
    app = FastAPI(title="chartforge review", docs_url=None, redoc_url=None, openapi_url=None,
                  redirect_slashes=False, lifespan=lifespan)
    app.state.max_json_depth = settings.max_json_depth  # review.web.bodies reads it per request
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(SecurityHeaders)  # outermost of the two: the 413 gets the headers too
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(Redirect)
    async def _redirect(request, exc: Redirect):
        return RedirectResponse(exc.url, status_code=303)

    @app.exception_handler(StoreBusy)
    async def _busy(request, exc):
        headers = {"Retry-After": retry_after}
        if wants_json(request):
            return JSONResponse({"detail": "the review store is busy; try again in a moment"}, 503, headers)
        return templates.TemplateResponse(request, "busy.html", {"session": None, "retry_after": retry_after},
                                          status_code=503, headers=headers)

    @app.exception_handler(ChartforgeError)
    async def _unavailable(request, exc: ChartforgeError):
        # A batch moved or damaged under a running queue (review.batch_files): the operator's
        # log gets the one-line error with the path; the reviewer a page without it.
        log.warning("%s", exc)
        if wants_json(request):
            return JSONResponse({"detail": f"{exc.code}: a batch file cannot be read; tell the steward"}, 503)
        return templates.TemplateResponse(request, "unavailable.html", {"session": None, "code": exc.code},
                                          status_code=503)

    @app.exception_handler(BodyTooLarge)
    async def _too_large(request, exc):
        return JSONResponse({"detail": "request body too large"}, 413)

    @app.exception_handler(404)
    async def _not_found(request, exc):
        # /review/ -> /review, relative and only to a known page (never "//host" from a path).
        path = request.url.path
        if request.method == "GET" and path.endswith("/") and path.rstrip("/") in PAGES:
            return RedirectResponse(path.rstrip("/"), status_code=308)
        return JSONResponse({"detail": getattr(exc, "detail", None) or "not found"}, 404)

    @app.exception_handler(Exception)
    async def _unexpected(request, exc):
        # Runs outside every middleware: the security headers are set here. The message is
        # withheld (it could quote a note); the server log keeps the traceback.
        return PlainTextResponse("internal error", 500, headers=SECURITY_HEADERS)

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

    def require_csrf(request: Request, session: Session, body: dict) -> None:
        """Every POST carries the session's CSRF token; anything else is refused with 403."""
        given = request.headers.get(CSRF_HEADER) or body.get(CSRF_FIELD)
        if not tokens_match(session.csrf_token, given):
            store.audit(session.username, "csrf_refused", detail=request.url.path)
            raise HTTPException(403, "missing or wrong CSRF token")

    def require_steward(session: Session) -> None:
        if session.role != "steward":
            store.audit(session.username, "forbidden", detail="steward page")
            raise HTTPException(403, "stewards only")

    def page(request: Request, name: str, session: Session | None = None, status_code: int = 200,
             headers: dict | None = None, **context):
        return templates.TemplateResponse(request, name, {"session": session, **context}, status_code=status_code,
                                          headers=headers)

    # login / logout -----------------------------------------------------------------------
    def login_page(request: Request, status_code: int = 200, error: str | None = None, headers: dict | None = None):
        token = new_token()
        response = page(request, "login.html", csrf_token=token, error=error, status_code=status_code,
                        headers=headers)
        response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=1800, **cookie_settings(request.url.scheme == "https"))
        return response

    @app.get("/login", response_class=HTMLResponse)
    async def login_form(request: Request):
        return login_page(request)

    @app.post("/login")
    async def login(request: Request, form: dict = Depends(read_body)):
        if not tokens_match(request.cookies.get(LOGIN_CSRF_COOKIE), form.get(CSRF_FIELD)):
            raise HTTPException(403, "missing or wrong CSRF token")
        typed = str(form.get("username", "")).strip().lower()
        # A name outside the safe set cannot exist: refused without a password check, and
        # never written anywhere (the audit row counts it as "(invalid)").
        username = typed if valid_username(typed) else None
        client = _client(request)
        wait = throttle.wait(client, username)
        if wait > 0:
            await anyio.to_thread.run_sync(refused.note, store, "login_throttled", username, client)
            seconds = str(max(1, int(wait + 0.999)))
            return login_page(request, 429, f"Too many failed sign-ins; try again in {seconds} s.",
                              {"Retry-After": seconds})
        user = None
        if username is not None:
            if not argon2_limiter:
                argon2_limiter.append(anyio.CapacityLimiter(ARGON2_WORKERS))
            user = await anyio.to_thread.run_sync(authenticate, store, username, str(form.get("password", "")),
                                                  limiter=argon2_limiter[0])
        if user is None:
            throttle.failed(client, username)
            await anyio.to_thread.run_sync(refused.note, store, "login_refused", username, client)
            return login_page(request, 401, "Unknown user or wrong password.")
        throttle.succeeded(client, user.username)
        token = new_token()
        expires = datetime.now(timezone.utc) + timedelta(hours=settings.session_hours)
        await anyio.to_thread.run_sync(store.create_session, token_hash(token), user.username, new_token(),
                                       expires.isoformat())
        response = RedirectResponse("/steward" if user.role == "steward" else "/review", status_code=303)
        response.set_cookie(SESSION_COOKIE, token, max_age=settings.session_hours * 3600,
                            **cookie_settings(request.url.scheme == "https"))
        response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
        return response

    @app.post("/logout")
    def logout(request: Request, body: dict = Depends(read_body)):
        session = current_session(request)
        require_csrf(request, session, body)
        store.delete_session(token_hash(request.cookies[SESSION_COOKIE]))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @app.get("/")
    def home(request: Request):
        session = current_session(request)
        return RedirectResponse("/steward" if session.role == "steward" else "/review", status_code=303)

    # reviewer --------------------------------------------------------------------------------
    @app.get("/review", response_class=HTMLResponse)
    def review_page(request: Request):
        session = current_session(request)
        progress = queue.progress(store, session.username)
        item = queue.next_item(store, session.username, settings.lease_minutes * 60)
        if item is None:
            return page(request, "done.html", session, progress=progress)
        info = store.get_round(item.round_id)
        note = load_note(Path(info.batch_dir), item.note_id)
        # The browser counts UTF-16 units: every offset it gets is converted (offsets.py).
        units = Utf16Map(note.text)
        data = {"item_id": item.item_id, "text": note.text, "labels": list(LABELS),
                "surrogates": [_utf16_span(units, f) for f in note.surrogates],
                "flags": [_utf16_span(units, f) for f in note.flags]}
        return page(request, "review.html", session, item=item, note=note, progress=progress, data=data,
                    labels=LABELS)

    @app.post("/api/items/{item_id}/decision")
    def decide(item_id: str, request: Request, body: dict = Depends(read_json)):
        session = current_session(request, api=True)
        require_csrf(request, session, body)
        item = store.get_item(item_id)
        info = store.get_round(item.round_id) if item else None
        if item is None or info.status != "open":
            raise HTTPException(404, "no such open queue item")
        override = body.get("override", False)
        if override is not False and (override is not True or session.role != "steward"):
            raise HTTPException(403, "only a steward may decide an item leased to someone else")
        raw = body.get("findings", [])
        if isinstance(raw, list) and len(raw) > settings.max_findings_per_decision:
            raise HTTPException(422, f"at most {settings.max_findings_per_decision} findings per decision")
        verdict = body.get("verdict")
        try:
            note = load_note(Path(info.batch_dir), item.note_id)
            findings = validate_findings(raw, len(note.text), Utf16Map(note.text).to_code_point)
            if verdict not in ("clean", "phi") or (verdict == "phi") != bool(findings):
                raise ValueError("verdict and findings disagree")
        except (ValueError, KeyError, TypeError, AttributeError):
            raise HTTPException(422, "invalid decision") from None
        try:
            decision_id = store.record_decision(item_id, session.username, verdict, findings, now(),
                                                override=override)
        except AlreadyDecided:
            raise HTTPException(409, "you already decided this record; undo first") from None
        except NotLeased:
            raise HTTPException(409, "this record is not leased to you; reload for your next one") from None
        except ItemComplete:
            raise HTTPException(409, "this record already has its reviews; reload for your next one") from None
        return JSONResponse({"ok": True, "decision_id": decision_id})

    @app.post("/api/undo")
    def undo(request: Request, body: dict = Depends(read_body)):
        session = current_session(request, api=True)
        require_csrf(request, session, body)
        mine = [(d.decision_id, info.round_id) for info in store.list_rounds() if info.status == "open"
                for d in store.decisions(info.round_id) if d.username == session.username]
        undone = store.undo_last(max(mine)[1], session.username, now()) if mine else None
        return JSONResponse({"ok": True, "undone": undone is not None})

    # steward ---------------------------------------------------------------------------------
    @app.get("/steward", response_class=HTMLResponse)
    def steward_page(request: Request):
        session = current_session(request)
        require_steward(session)
        rounds = store.list_rounds()
        chosen = request.query_params.get("round")
        info = next((r for r in rounds if r.round_id == chosen), rounds[-1] if rounds else None)
        if info is None:
            return page(request, "steward.html", session, rounds=[], result=None)
        result = evaluate(store, info.round_id, with_history=True)
        gate_file = Path(info.batch_dir) / GATE_FILE
        gate_json = json.loads(gate_file.read_text()) if gate_file.is_file() else None
        chart = bound_chart(result.history, result.bound.target, result.sample_size)
        return page(request, "steward.html", session, rounds=rounds, info=info, result=result, chart=chart,
                    gate_json=gate_json)

    @app.post("/steward/close")
    def close_review(request: Request, form: dict = Depends(read_body)):
        session = current_session(request)
        require_steward(session)
        require_csrf(request, session, form)
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
        return RedirectResponse(f"/steward?round={quote(info.round_id, safe='')}", status_code=303)

    return app


def _utf16_span(units: Utf16Map, span) -> dict:
    return {"start": units.to_utf16(span.start), "end": units.to_utf16(span.end), "label": span.label}
