"""Request bodies: JSON depth is measured outside strings; forms are text fields only."""

from __future__ import annotations

import pytest
from fastapi import HTTPException

from review.web.bodies import json_depth, parse_form, parse_json_object


def test_json_depth_ignores_brackets_inside_strings():
    assert json_depth('{"a": [1, {"b": "[[[[{{"}]}') == 3
    assert json_depth('"\\"[[["') == 0
    assert json_depth("[" * 50) == 50


@pytest.mark.parametrize("body, status", [(b"[" * 100_000, 400), (b"[]", 400), (b"\xff", 400), (b"{", 400)])
def test_bad_json_is_a_400(body, status):
    with pytest.raises(HTTPException) as refused:
        parse_json_object(body)
    assert refused.value.status_code == status


def test_json_object_and_empty_body():
    assert parse_json_object(b'{"verdict": "clean"}') == {"verdict": "clean"}
    assert parse_json_object(b"") == {}


def test_forms_decode_utf8_and_refuse_repeats_and_floods():
    assert parse_form(b"username=ann&password=caf%C3%A9") == {"username": "ann", "password": "caf\u00e9"}
    for body in (b"a=1&a=2", b"a=%ff", "a=\u00e9".encode("latin-1"), b"&".join(b"f%d=1" % i for i in range(50))):
        with pytest.raises(HTTPException) as refused:
            parse_form(body)
        assert refused.value.status_code == 400
