"""`review serve --host`: loopback only, unless --allow-remote (then a warning with the TLS note)."""

from __future__ import annotations

import pytest

from review.web.bind import is_loopback, remote_bind_problem


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.5", "::1", "[::1]", "localhost", "LOCALHOST"])
def test_loopback_hosts_are_fine(host):
    assert is_loopback(host) and remote_bind_problem(host, False) == (None, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "10.0.0.1", "example.org", "", "127.0.0.1.evil"])
def test_other_hosts_are_refused_unless_allowed(host):
    refusal, warning = remote_bind_problem(host, False)
    assert warning is None and "TLS" in refusal and "--allow-remote" in refusal
    refusal, warning = remote_bind_problem(host, True)
    assert refusal is None and "TLS" in warning and "plain HTTP" in warning
