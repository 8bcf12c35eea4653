"""Suite-wide fixtures. The offline environment is set before any library is imported,
and Prefect gets a throwaway home so tests never touch a real Prefect database."""

from __future__ import annotations

import os
import tempfile

from chartforge.offline import configure_offline_environment

configure_offline_environment()
_PREFECT_HOME = tempfile.mkdtemp(prefix="chartforge-test-prefect-")
os.environ.setdefault("PREFECT_HOME", _PREFECT_HOME)
# A site lexicon in the developer's work area (deid/site_lexicon.py) must not change what the
# tests detect: by default they see none; the tests of the steward's loop point at their own.
os.environ.setdefault("CHARTFORGE__DEID__SITE_LEXICON",
                      os.path.join(tempfile.mkdtemp(prefix="chartforge-test-lexicon-"), "absent.yaml"))

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

# Property tests check behaviour, not speed: on a shared 2-core box a slow example must not fail
# a test (Hypothesis' too_slow health check and its 200 ms deadline are about timing only).
settings.register_profile("chartforge", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("chartforge")

DEMO_EXPORT_PATIENTS, DEMO_EXPORT_SEED = 25, 7

# Tests test what a clone runs: evaluation data beside the clone (../shared) is read only by
# tests marked `evaluation`. Any other test that opens a file there fails, so a default that
# silently points at ../shared (a config key whose "" fell back to it) cannot hide.
SHARED_DIR = (Path(__file__).resolve().parents[1] / ".." / "shared").resolve()
_shared_guard = {"active": False, "opened": []}


def _audit(event: str, args: tuple) -> None:
    if event != "open" or not _shared_guard["active"] or not args or not isinstance(args[0], (str, bytes, Path)):
        return
    try:
        path = Path(args[0].decode() if isinstance(args[0], bytes) else args[0]).resolve()
    except (OSError, ValueError):
        return
    if path == SHARED_DIR or SHARED_DIR in path.parents:
        _shared_guard["opened"].append(str(path))


sys.addaudithook(_audit)


@pytest.fixture(autouse=True)
def shared_data_only_for_evaluation_tests(request):
    """Fail a test that opens a file under ../shared unless it is marked ``evaluation``."""
    if request.node.get_closest_marker("evaluation") is not None:
        yield
        return
    _shared_guard["opened"] = []
    _shared_guard["active"] = True
    try:
        yield
    finally:
        _shared_guard["active"] = False
    opened = _shared_guard["opened"]
    if opened:
        pytest.fail(f"this test read ../shared ({len(opened)} opens, first {opened[0]}) but is not marked "
                    "@pytest.mark.evaluation: tests must run from a clone alone", pytrace=False)


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
