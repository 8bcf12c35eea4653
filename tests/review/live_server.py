"""`chartforge review serve` in a subprocess on 127.0.0.1 and a free port, for the tests that
need a real server (browser, load). The server's output is returned when it stops."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, url: str, process: subprocess.Popen):
        self.url = url
        self.process = process
        self.output = ""


@contextlib.contextmanager
def live_server(store_path: Path, *extra: str, env: dict | None = None) -> Iterator[LiveServer]:
    port = free_port()
    environment = {**os.environ, "CHARTFORGE__REVIEW__CLOSE_RUNS": "inline", **(env or {})}
    process = subprocess.Popen([sys.executable, "-m", "chartforge", "review", "serve", "--store", str(store_path),
                                "--port", str(port), *extra], env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    server = LiveServer(f"http://127.0.0.1:{port}", process)
    deadline = time.monotonic() + 90
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None:
                raise AssertionError(process.stdout.read().decode())
            if time.monotonic() > deadline:
                process.kill()
                raise AssertionError("server did not start")
            time.sleep(0.2)
    try:
        yield server
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        server.output = output.decode(errors="replace")
