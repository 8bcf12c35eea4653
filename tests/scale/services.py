"""The scale-out test's services, each a child process in its own process group on 127.0.0.1:
a PostgreSQL cluster (initdb'd in a temp dir), a Prefect server on it, a Dask scheduler with
workers, and a Prefect process worker. ``Services.stop_all`` ends every group it started
(SIGTERM, then SIGKILL), so nothing outlives the test, also when it fails.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

VENV_BIN = Path(sys.executable).parent
MARKER_ENV = "CHARTFORGE_SCALE_TEST_ROOT"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bin() -> Path | None:
    """Debian's versioned bin dir (initdb, pg_ctl are not on PATH there), else PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    postgres = shutil.which("postgres")
    return Path(postgres).parent if postgres else None


def missing_pieces() -> list[str]:
    """What the scale-out test needs and this machine lacks (empty: it can run)."""
    missing = []
    if postgres_bin() is None:
        missing.append("PostgreSQL server (apt-get install postgresql)")
    if not (VENV_BIN / "dask").exists():
        missing.append("dask/distributed")
    if not (VENV_BIN / "prefect").exists():
        missing.append("prefect")
    for module in ("asyncpg", "prefect_dask"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    return missing


def unprivileged_user() -> str | None:
    """PostgreSQL refuses to run as root: run it as 'postgres' (or 'nobody') then."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root and neither a 'postgres' nor a 'nobody' user exists")


def as_user(user: str | None, argv: list[str]) -> list[str]:
    return ["runuser", "-u", user, "--", *argv] if user else argv


@dataclass
class Service:
    name: str
    process: subprocess.Popen
    log: Path

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, sig: int = signal.SIGTERM, grace: float = 15.0) -> None:
        """End the whole process group (a worker's children too)."""
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            return
        try:
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=10)


@dataclass
class Services:
    root: Path
    env: dict
    started: list[Service] = field(default_factory=list)

    def start(self, name: str, argv: list[str], env: dict | None = None, cwd: Path | None = None) -> Service:
        log = self.root / "logs" / f"{name}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        handle = open(log, "ab")
        process = subprocess.Popen(argv, stdout=handle, stderr=subprocess.STDOUT, env=env or self.env,
                                   cwd=cwd, start_new_session=True)  # own group: killpg ends its children
        handle.close()
        service = Service(name, process, log)
        self.started.append(service)
        return service

    def stop_all(self) -> None:
        for service in reversed(self.started):  # workers before the server before the database
            service.stop()
        self._stop_strays()

    def _stop_strays(self) -> None:
        """Descendants that left their group (a worker's flow-run process may start a session of
        its own) carry MARKER_ENV=<this root> in their environment: end those too."""
        import psutil

        for process in psutil.process_iter():
            try:
                if process.pid != os.getpid() and process.environ().get(MARKER_ENV) == str(self.root):
                    process.kill()
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue

    def run(self, argv: list[str], timeout: float = 300, env: dict | None = None, cwd: Path | None = None,
            check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env or self.env,
                                cwd=cwd)
        if check and result.returncode != 0:
            raise RuntimeError(f"{argv[:3]} exited {result.returncode}:\n{result.stdout[-3000:]}\n"
                               f"{result.stderr[-3000:]}")
        return result


def wait_until(predicate, timeout: float, what: str, service: Service | None = None, every: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if service is not None and not service.alive():
            raise RuntimeError(f"{service.name} exited while waiting for {what}:\n{tail(service.log)}")
        time.sleep(every)
    raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}"
                       + (f":\n{tail(service.log)}" if service else ""))


def tail(path: Path, chars: int = 4000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


# ---------------------------------------------------------------- PostgreSQL
@dataclass
class Postgres:
    bin: Path
    data: Path
    port: int
    user: str | None
    service: Service

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://chartforge@127.0.0.1:{self.port}/prefect"

    def dump(self, out: Path) -> Path:
        """The whole database as SQL text (what the PHI scan greps)."""
        pg_dump = self.bin / "pg_dump"
        with open(out, "wb") as handle:
            subprocess.run([str(pg_dump), "-h", "127.0.0.1", "-p", str(self.port), "-U", "chartforge", "prefect"],
                           stdout=handle, check=True, timeout=300)
        return out


def start_postgres(services: Services) -> Postgres:
    bin_dir, user = postgres_bin(), unprivileged_user()
    data = services.root / "pgdata"
    data.mkdir(mode=0o700)
    if user:
        shutil.chown(data, user)
    env = {**os.environ, "LC_ALL": "C"}
    subprocess.run(as_user(user, [str(bin_dir / "initdb"), "-D", str(data), "-U", "chartforge", "-A", "trust",
                                  "-E", "UTF8", "--no-locale"]),
                   check=True, capture_output=True, timeout=180, env=env)
    port = free_port()
    # Loopback only, socket dir inside the cluster dir (not /var/run/postgresql).
    service = services.start("postgres", as_user(user, [
        str(bin_dir / "postgres"), "-D", str(data), "-p", str(port), "-c", "listen_addresses=127.0.0.1",
        "-c", f"unix_socket_directories={data}", "-c", "max_connections=100", "-c", "fsync=off"]), env=env)
    pg = Postgres(bin_dir, data, port, user, service)

    def ready() -> bool:
        return subprocess.run([str(bin_dir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)],
                              capture_output=True).returncode == 0

    wait_until(ready, 60, "PostgreSQL to accept connections", service)
    subprocess.run([str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "chartforge", "prefect"],
                   check=True, capture_output=True, timeout=60)
    return pg


# ---------------------------------------------------------------- Prefect server
def start_prefect_server(services: Services, database_url: str) -> str:
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {**services.env, "PREFECT_API_DATABASE_CONNECTION_URL": database_url, "PREFECT_UI_ENABLED": "false",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_API_URL": api}
    service = services.start("prefect-server", [str(VENV_BIN / "prefect"), "server", "start", "--host", "127.0.0.1",
                                                "--port", str(port), "--no-ui"], env=env)

    def healthy() -> bool:
        try:
            return httpx.get(f"{api}/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    wait_until(healthy, 180, "the Prefect server's /api/health", service)
    return api


# ---------------------------------------------------------------- Dask
def start_dask_scheduler(services: Services) -> str:
    port = free_port()
    service = services.start("dask-scheduler", [str(VENV_BIN / "dask"), "scheduler", "--host", "127.0.0.1",
                                                "--port", str(port), "--no-dashboard"])
    address = f"tcp://127.0.0.1:{port}"
    wait_until(lambda: "Scheduler at" in tail(service.log), 60, "the Dask scheduler", service)
    return address


def start_dask_worker(services: Services, scheduler: str, name: str) -> Service:
    """One single-threaded worker process (spaCy is not thread-parallel), on loopback."""
    service = services.start(f"dask-{name}", [str(VENV_BIN / "dask"), "worker", scheduler, "--name", name,
                                              "--nworkers", "1", "--nthreads", "1", "--host", "127.0.0.1",
                                              "--no-dashboard", "--no-nanny"])
    wait_until(lambda: "Registered to" in tail(service.log), 90, f"Dask worker {name}", service)
    return service
