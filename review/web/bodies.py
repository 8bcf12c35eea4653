"""Read a POST body once, by its content type, with limits: every bad body is a 4xx.

The body is read in the event loop (it is I/O), then the handler runs in a worker thread.
Forms give text fields only (a file part is refused); JSON must be an object, nested at
most ``max_json_depth`` deep (default ``MAX_JSON_DEPTH``) (checked before parsing: ``[`` x 100,000 would otherwise hit
Python's recursion limit); anything else is 415.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

from fastapi import HTTPException, Request

MAX_JSON_DEPTH = 8
MAX_FORM_FIELDS = 20


def json_depth(raw: str) -> int:
    """Deepest bracket nesting outside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in raw:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def parse_json_object(body: bytes, max_depth: int = MAX_JSON_DEPTH) -> dict:
    try:
        raw = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(400, "body is not UTF-8") from None
    if json_depth(raw) > max_depth:
        raise HTTPException(400, "JSON nested too deeply")
    try:
        value = json.loads(raw) if raw.strip() else {}
    except ValueError:
        raise HTTPException(400, "body is not valid JSON") from None
    if not isinstance(value, dict):
        raise HTTPException(400, "JSON body must be an object")
    return value


def parse_form(body: bytes) -> dict[str, str]:
    try:
        raw = body.decode("ascii")  # urlencoded bodies are ASCII; UTF-8 travels %-encoded
        pairs = parse_qsl(raw, keep_blank_values=True, strict_parsing=False, errors="strict",
                          max_num_fields=MAX_FORM_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise HTTPException(400, "malformed form body") from None
    form: dict[str, str] = {}
    for name, value in pairs:
        if name in form:
            raise HTTPException(400, "a form field is repeated")
        form[name] = value
    return form


async def read_body(request: Request) -> dict:
    """The POST body as a dict: urlencoded form or JSON object; empty body -> {}."""
    body = await request.body()
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/x-www-form-urlencoded":
        return parse_form(body)
    if content_type == "application/json":
        return parse_json_object(body, _max_depth(request))
    if not body:
        return {}
    raise HTTPException(415, "send application/json or a urlencoded form")


async def read_json(request: Request) -> dict:
    """The body of an API call: a JSON object and nothing else (a form is 415)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise HTTPException(415, "send application/json")
    return parse_json_object(await request.body(), _max_depth(request))


def _max_depth(request: Request) -> int:
    """[review] max_json_depth, as create_app stored it (MAX_JSON_DEPTH for a bare app)."""
    return getattr(request.app.state, "max_json_depth", MAX_JSON_DEPTH)
