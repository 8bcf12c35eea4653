"""Which address `review serve` may listen on.

The UI speaks plain HTTP: on anything but the loopback interface, passwords, session
cookies and note text would cross the network in clear. A non-loopback ``--host`` is
refused unless the operator says ``--allow-remote``, and even then a warning (with the TLS
advice) is printed and logged. A host name other than ``localhost`` is not resolved (no
network look-ups): it counts as remote.
"""

from __future__ import annotations

import ipaddress

TLS_NOTE = ("the review UI speaks plain HTTP: passwords, session cookies and note text would cross "
            "the network in clear. Keep --host 127.0.0.1 and put a TLS reverse proxy (nginx, Caddy) "
            "in front of it to share it")


def is_loopback(host: str) -> bool:
    if host.strip().lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def remote_bind_problem(host: str, allow_remote: bool) -> tuple[str | None, str | None]:
    """(refusal, warning): a refusal when ``host`` is not loopback and remote binding was not
    allowed; a warning when it was."""
    if is_loopback(host):
        return None, None
    if not allow_remote:
        return f"--host {host} is not a loopback address; refused ({TLS_NOTE}; or pass --allow-remote)", None
    return None, f"listening on {host}, beyond this machine: {TLS_NOTE}"
