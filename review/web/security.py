"""Sessions, CSRF and response headers for the review UI.

* Session cookie: a random token, HttpOnly, SameSite=Strict (Secure when served over
  https); the store keeps only its sha256, so a copied database cannot log anyone in.
* CSRF: one random token per session, required on every POST (form field ``csrf_token``
  or header ``X-CSRF-Token``). The login form, before a session exists, uses a
  double-submit cookie.
* Headers: a strict CSP (no inline script), no framing, no referrer (URLs carry only
  opaque ids anyway), no caching of pages that show note text. Added by a plain ASGI
  middleware to every response, error responses included (the last-resort 500 handler adds
  them itself: it runs outside every middleware).
* Request bodies are capped (413) before anything parses them.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets


SESSION_COOKIE = "cf_session"
LOGIN_CSRF_COOKIE = "cf_login_csrf"
CSRF_FIELD, CSRF_HEADER = "csrf_token", "x-csrf-token"

SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), clipboard-read=()",
}


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_match(expected: str | None, given: object) -> bool:
    """Constant-time comparison; any non-text or non-ASCII input simply does not match."""
    if not expected or not isinstance(given, str) or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8", "surrogatepass"))


def cookie_settings(secure: bool) -> dict:
    return {"httponly": True, "samesite": "strict", "secure": secure, "path": "/"}


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every response that does not set them itself."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name.lower().encode(), value.encode()) for name, value in SECURITY_HEADERS.items()
                         if name.lower().encode() not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(Exception):
    """The request body is over the configured limit (answered 413)."""


class BodyLimit:
    """Refuses bodies over ``max_bytes``: by Content-Length up front, else while streaming."""

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = self.max_bytes + 1
                if declared > self.max_bytes:
                    return await self._refuse(send)
        seen = 0

        async def counting_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge()
            return message

        await self.app(scope, counting_receive, send)

    async def _refuse(self, send):
        headers = [(b"content-type", b"application/json"), (b"connection", b"close"),
                   *((k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": b'{"detail":"request body too large"}'})
