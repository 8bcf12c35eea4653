"""Suite-wide fixtures. The offline environment is set before any library is imported,
and Prefect gets a throwaway home so tests never touch a real Prefect database."""

from __future__ import annotations

import os
import tempfile

from chartforge.offline import configure_offline_environment

configure_offline_environment()
_PREFECT_HOME = tempfile.mkdtemp(prefix="chartforge-test-prefect-")
os.environ.setdefault("PREFECT_HOME", _PREFECT_HOME)
