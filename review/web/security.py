"""Sessions, CSRF and response headers for the review UI.

* Session cookie: a random token, HttpOnly, SameSite=Strict (Secure when served over
  https); the store keeps only its sha256, so a copied database cannot log anyone in.
* CSRF: one random token per session, required on every POST (form field ``csrf_token``
  or header ``X-CSRF-Token``). The login form, before a session exists, uses a
  double-submit cookie.
* Headers: a strict CSP (no inline script), no framing, no referrer (URLs carry only
  opaque ids anyway), no caching of pages that show note text.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.middleware.base import BaseHTTPMiddleware

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


def tokens_match(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(expected, given)


def cookie_settings(secure: bool) -> dict:
    return {"httponly": True, "samesite": "strict", "secure": secure, "path": "/"}


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
