"""The web UI's request limits come from [review] (issue 19: body size, JSON depth,
findings per decision and the busy wait are settings, not constants)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from chartforge.config import load_config
from review.settings import server_settings
from review.web.app import create_app


@pytest.fixture
def limits():
    """Built the way `chartforge --config` builds them, and passed down (no process config)."""
    return load_config(environ={"CHARTFORGE__REVIEW__MAX_JSON_DEPTH": "3",
                                "CHARTFORGE__REVIEW__MAX_REQUEST_BYTES": "2048",
                                "CHARTFORGE__REVIEW__MAX_FINDINGS_PER_DECISION": "5",
                                "CHARTFORGE__REVIEW__BUSY_TIMEOUT_SECONDS": "0.5"}).settings


def test_limits_come_from_the_review_section(tmp_path, limits):
    settings = server_settings(tmp_path / "r.sqlite", limits)
    assert (settings.max_json_depth, settings.max_request_bytes, settings.max_findings_per_decision,
            settings.busy_timeout_seconds) == (3, 2048, 5, 0.5)
    client = TestClient(create_app(settings))
    json_headers = {"Content-Type": "application/json"}
    assert client.post("/api/undo", content='{"a": [[1]]}', headers=json_headers).status_code == 401  # depth 3
    assert client.post("/api/undo", content='{"a": [[[1]]]}', headers=json_headers).status_code == 400  # depth 4
    big = client.post("/api/undo", content='{"a": "' + "x" * 3000 + '"}', headers=json_headers)
    assert big.status_code == 413 and "content-security-policy" in big.headers


def test_out_of_range_limits_are_refused_at_load_time():
    from chartforge.errors import ChartforgeError

    with pytest.raises(ChartforgeError) as refused:
        load_config(environ={"CHARTFORGE__REVIEW__MAX_JSON_DEPTH": "1"})
    assert "max_json_depth" in str(refused.value)
