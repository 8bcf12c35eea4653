"""Environment that keeps every library offline.

Must run before spaCy, Presidio (tldextract reads its URL list on import),
transformers or Prefect are imported: the CLI and the test conftest call
:func:`configure_offline_environment` first thing. Values already set by the user win.
"""

from __future__ import annotations

import os

OFFLINE_DEFAULTS = {
    # Hugging Face: the embedding model ships in a pip package; never ask the hub.
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    # tldextract (Presidio's email/URL recognizers) would fetch the public suffix list.
    "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
    # Prefect: no analytics, and a cold ephemeral server needs ~20 s on 2 cores.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_ENABLED": "true",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    # The temporary server is stopped as the command exits; a task-run event it is still
    # writing then fails with a CancelledError traceback under the command's own summary
    # (seen after a successful `deid run` on a loaded box). The command reports its own
    # failures; the server's log is for a long-running `prefect server`, not a CLI run.
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    "DO_NOT_TRACK": "1",
    # Tokenizers fork warnings are noise under --workers.
    "TOKENIZERS_PARALLELISM": "false",
}


def configure_offline_environment() -> None:
    for key, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(key, value)
