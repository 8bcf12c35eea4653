"""Suite-wide fixtures. The offline environment is set before any library is imported,
and Prefect gets a throwaway home so tests never touch a real Prefect database."""

from __future__ import annotations

import os
import tempfile

from chartforge.offline import configure_offline_environment

configure_offline_environment()
_PREFECT_HOME = tempfile.mkdtemp(prefix="chartforge-test-prefect-")
os.environ.setdefault("PREFECT_HOME", _PREFECT_HOME)

import pytest  # noqa: E402

DEMO_EXPORT_PATIENTS, DEMO_EXPORT_SEED = 25, 7


@pytest.fixture(scope="session")
def demo_export(tmp_path_factory):
    """The demo EHR export (every format + gold) for 25 patients, seed 7, generated once per session."""
    from demodata.export import generate_export

    out = tmp_path_factory.mktemp("demo_export")
    generate_export(out, DEMO_EXPORT_PATIENTS, DEMO_EXPORT_SEED)
    return out


def pytest_sessionfinish(session, exitstatus):
    """Stop Prefect's temporary server while pytest's streams are still open. Left to atexit,
    its goodbye log line goes to a closed stream and to a stopped API, and prints logging
    tracebacks after the results that read like a failure."""
    import logging
    import sys

    server_module = sys.modules.get("prefect.server.api.server")
    if server_module is None:
        return
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=10)  # the suite's logs reach the server before it stops
    logging.getLogger(server_module.subprocess_server_logger.name).setLevel(logging.WARNING)
    for server in list(server_module.SubprocessASGIServer._instances.values()):
        server.stop()
