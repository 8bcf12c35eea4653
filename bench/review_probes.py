"""Issue 19's probes re-run against a live `chartforge review serve` on 127.0.0.1.

    python -m bench.review_probes [--patients 2] [--json probes.json]

Builds the issue's setting from scratch in a temporary folder: a demo export with hostile
text planted in every row's note_type, source and text (Rich markup, ESC/BEL sequences,
emoji before the names), `chartforge deid run` into a batch, users added with the CLI, a
review store in a new folder, then `review serve` on a free loopback port. Each row of the
issue's table is tried again the way the attacker or careless operator did, and printed with
what happens now. Exit 0 when every row holds, 1 otherwise. Latency figures are medians of
this run on this machine (a loaded box slows all of them alike).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from chartforge.contracts import files

PASSWORD, NEW_PASSWORD = "correct horse battery", "another long passphrase"
HOSTILE_TYPE = "[/bold]x[link=https://evil.example]y\x1b]8;;https://evil.example\x07z"
HOSTILE_SOURCE = "[red]demo\x1b[2J"
EMOJI_PREFIX = "\U0001F600\U0001F44D Mu\u0308ller \u200f\u05e9\u05dc\u05d5\u05dd \u60a3\u8005. "
SECURITY_HEADERS = ("content-security-policy", "x-frame-options", "cache-control")


@dataclass
class Probe:
    row: int
    tried: str
    result: str
    held: bool


class Bench:
    def __init__(self, root: Path, patients: int):
        self.root, self.patients = root, patients
        self.store = root / "newdir" / "r.sqlite"  # row 5: a store created in a new folder
        self.env = {**os.environ, "CHARTFORGE__PATHS__WORK_DIR": str(root / "work"),
                    "CHARTFORGE_DEID_KEY": "review-probes-key", "CHARTFORGE__REVIEW__CLOSE_RUNS": "inline",
                    "HF_HUB_OFFLINE": "1", "PYTHONIOENCODING": "utf-8"}
        self.probes: list[Probe] = []
        self.batch: Path | None = None

    # helpers -------------------------------------------------------------------------------
    def cli(self, *args, input: str | None = None, timeout: float = 900) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "chartforge", *map(str, args)], input=input, text=True,
                              capture_output=True, env=self.env, timeout=timeout)

    def note(self, row: int, tried: str, result: str, held: bool) -> None:
        self.probes.append(Probe(row, tried, result, bool(held)))
        print(f"  row {row:>2} {'held' if held else 'FAILED'}: {result}", flush=True)

    # the batch ------------------------------------------------------------------------------
    def build_export(self) -> Path:
        from demodata.export import generate_export

        folder = self.root / "export"
        generate_export(folder, self.patients, 7, formats=("jsonl",))
        path = folder / files.EXPORT_JSONL
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for i, row in enumerate(rows):
            row["note_type"] = HOSTILE_TYPE
            if i % 2:
                row["source"] = HOSTILE_SOURCE
            row["text"] = EMOJI_PREFIX + row["text"]
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        return path

    def deid_runs(self) -> None:
        export = self.build_export()
        first = self.cli("deid", "run", export, "--out", self.root / "B")
        if first.returncode != 0:
            raise SystemExit(f"deid run failed ({first.returncode}):\n{first.stderr[-3000:]}")
        self.batch = next((self.root / "B").glob("*/manifest.json")).parent
        modes = {p.name: oct(p.stat().st_mode & 0o777) for p in self.batch.iterdir()}
        folder_mode = oct(self.batch.stat().st_mode & 0o777)
        self.note(5, "batch modes after `deid run`, before any gate",
                  f"folder {folder_mode}, files {sorted(set(modes.values()))}",
                  folder_mode == "0o700" and set(modes.values()) == {"0o600"})
        second = self.cli("deid", "run", export, "--out", self.root / "B2")
        published = self.root / "B2" / self.batch.name / files.MANIFEST
        text = second.stdout + second.stderr
        self.note(13, "same export again with --out B2",
                  f"exit {second.returncode}, B2 batch {'published' if published.is_file() else 'MISSING'}, "
                  f"traceback {'PRINTED' if 'Traceback' in text else 'none'}",
                  second.returncode == 0 and published.is_file() and "Traceback" not in text)
        import pyarrow.parquet as pq

        kinds = {(n["source"], n["note_type"]) for n in pq.read_table(self.batch / files.NOTES).to_pylist()}
        clean = all(not re.search("[\x00-\x1f\x7f-\x9f]", s + t) for s, t in kinds)
        self.note(2, "hostile note_type/source through ingest", f"control characters left: {'no' if clean else 'YES'}",
                  clean)

    # CLI rows --------------------------------------------------------------------------------
    def users_and_cli(self) -> None:
        for name, role in (("ann", "reviewer"), ("bob", "reviewer"), ("carl", "reviewer"), ("sue", "steward")):
            added = self.cli("review", "add-user", name, "--role", role, "--password-stdin", "--store", self.store,
                             input=PASSWORD + "\n")
            assert added.returncode == 0, added.stderr
        outputs, codes = [], []
        for command in ("sample", "status", "gate"):
            done = self.cli("review", command, self.batch, "--store", self.store, "--by", "sue") if command == "gate" \
                else self.cli("review", command, self.batch, "--store", self.store)
            outputs.append(done.stdout + done.stderr)
            codes.append(done.returncode)
        crashed = any("MarkupError" in o or "Traceback" in o for o in outputs)
        escapes = any("\x1b]8" in o or "\x07" in o for o in outputs)
        gate = json.loads((self.batch / files.GATE).read_text())["status"]
        self.note(2, "review sample / status / gate on the hostile batch",
                  f"exit {codes} (0, 0, 1 = pending), gate.json {gate}, crash {'YES' if crashed else 'no'}, "
                  f"terminal escapes {'YES' if escapes else 'no'}",
                  codes == [0, 0, 1] and gate == "pending" and not crashed and not escapes)
        terminal = self.cli("review", "next", "--user", "carl", "--store", self.store, input=PASSWORD + "\nq\n")
        self.note(2, "review next on a hostile leased item",
                  f"exit {terminal.returncode}, markup shown literally: "
                  f"{'yes' if '[/bold]x[link=' in terminal.stdout else 'NO'}",
                  terminal.returncode == 0 and "[/bold]x[link=" in terminal.stdout and "Traceback" not in terminal.stderr)
        modes = {p.name: oct(p.stat().st_mode & 0o777) for p in self.store.parent.iterdir()}
        folder = oct(self.store.parent.stat().st_mode & 0o777)
        self.note(5, "review store created in a new folder", f"folder {folder}, files {modes}",
                  folder == "0o700" and set(modes.values()) == {"0o600"})
        remote = subprocess.Popen([sys.executable, "-m", "chartforge", "review", "serve", "--store", str(self.store),
                                   "--host", "0.0.0.0", "--port", str(free_port())], env=self.env, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            output, _ = remote.communicate(timeout=120)
            code = remote.returncode
        except subprocess.TimeoutExpired:
            remote.kill()
            output, code = "still listening", None
        self.note(4, "review serve --host 0.0.0.0", f"exit {code}: {output.strip().splitlines()[-1][:90]}",
                  code == 2 and "TLS" in output)

    # the live server ---------------------------------------------------------------------------
    def web(self) -> None:
        import httpx

        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "chartforge", "review", "serve", "--store", str(self.store),
                                   "--port", str(port)], env=self.env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for(url, server)
            WebProbes(self, url, httpx).run()
        finally:
            server.terminate()
            try:
                server.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        self.refusals_audited()

    def refusals_audited(self) -> None:
        """Refused sign-ins reach the audit log as aggregated rows (pending ones on shutdown)."""
        from review.store import open_store

        rows = [e for e in open_store(self.store).audit_entries()
                if e.action in ("login_refused", "login_throttled")]
        tries = sum(json.loads(e.detail)["count"] for e in rows)
        self.note(9, "every refused sign-in of this run, after the server stopped",
                  f"{tries} refusals in {len(rows)} aggregated audit rows", tries > 200 and len(rows) <= 10)


class WebProbes:
    def __init__(self, bench: Bench, url: str, httpx):
        self.bench, self.url, self.httpx = bench, url, httpx

    def client(self, forwarded: str | None = None):
        headers = {"X-Forwarded-For": forwarded} if forwarded else {}
        return self.httpx.Client(base_url=self.url, headers=headers, timeout=60, follow_redirects=False)

    def login(self, client, username, password=PASSWORD):
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
        return client.post("/login", data={"username": username, "password": password, "csrf_token": token})

    def review_data(self, client) -> tuple[dict, str]:
        page = client.get("/review")
        data = json.loads(re.search(r'<script type="application/json" id="note-data">(.*?)</script>', page.text,
                                    re.S).group(1))
        csrf = re.search(r'id="csrf" value="([^"]+)"', page.text).group(1)
        return data, csrf

    def run(self) -> None:
        note = self.bench.note
        # row 12: Host never builds a URL
        with self.client() as c:
            r = c.get("/review/", headers={"Host": "evil.example"})
            note(12, "Host: evil.example on /review/", f"{r.status_code} Location {r.headers.get('location')!r}",
                 r.headers.get("location", "").startswith("/") and "evil" not in r.headers.get("location", ""))
        self.malformed()
        ann, bob = self.client("198.51.100.1"), self.client("198.51.100.2")
        assert self.login(ann, "ann").status_code == 303 and self.login(bob, "bob").status_code == 303
        ann_data, ann_csrf = self.review_data(ann)
        bob_data, _ = self.review_data(bob)
        self.big_decisions(ann, ann_data, ann_csrf)  # refused: the item stays undecided
        # row 10: a decision on an item leased to someone else
        r = ann.post(f"/api/items/{bob_data['item_id']}/decision", json={"verdict": "clean", "findings": []},
                     headers={"X-CSRF-Token": ann_csrf})
        note(10, "ann decides bob's leased item", f"{r.status_code} {r.text[:60]}", r.status_code == 409)
        self.offsets(ann, ann_data, ann_csrf)  # a finding in the pilot: the random review stops here
        self.sessions(ann, bob)
        self.lockout()
        self.invented_names()
        self.stalls()

    def malformed(self) -> None:
        tries = []
        with self.client() as c:
            tries.append(("non-ASCII csrf_token at /login", c.post(
                "/login", content="username=ann&password=x&csrf_token=%C3%A9%E2%82%AC",
                headers={"Content-Type": "application/x-www-form-urlencoded"})))
            tries.append(("form body to the JSON API", c.post("/api/items/x/decision", data={"verdict": "clean"})))
            tries.append(("[ x 100000 JSON", c.post("/api/items/x/decision", content="[" * 100000,
                                                    headers={"Content-Type": "application/json"})))
            tries.append(("[ x 1000 JSON", c.post("/api/items/x/decision", content="[" * 1000,
                                                  headers={"Content-Type": "application/json"})))
            tries.append(("non-ASCII X-CSRF-Token", c.post("/api/undo", json={},
                                                           headers={"X-CSRF-Token": "\u00e9".encode()})))
        with self.client("198.51.100.9") as c:
            self.login(c, "sue")
            tries.append(("non-ASCII X-CSRF-Token with a session", c.post(
                "/api/undo", json={}, headers={"X-CSRF-Token": "\u00e9\u20ac".encode()})))
        codes = [r.status_code for _, r in tries]
        headers_ok = all(all(h in r.headers for h in SECURITY_HEADERS) for _, r in tries)
        self.bench.note(8, "; ".join(t for t, _ in tries), f"status {codes}, security headers on all: {headers_ok}",
                        all(400 <= c < 500 for c in codes) and headers_ok)

    def offsets(self, ann, data: dict, csrf: str) -> None:
        from review.store import open_store

        text = data["text"]
        match = re.search(r"[A-Za-z]{4,}", text[len(EMOJI_PREFIX):])
        start = len(EMOJI_PREFIX) + match.start()
        word = match.group(0)
        utf16 = lambda i: len(text[:i].encode("utf-16-le")) // 2  # noqa: E731  (what the browser counts)
        r = ann.post(f"/api/items/{data['item_id']}/decision", headers={"X-CSRF-Token": csrf},
                     json={"verdict": "phi", "findings": [{"start": utf16(start), "end": utf16(start + len(word)),
                                                           "label": "NAME"}]})
        store = open_store(self.bench.store)
        item = store.get_item(data["item_id"])
        findings = [f for d in store.decisions(item.round_id) if d.item_id == item.item_id for f in d.findings]
        stored = text[findings[0].start:findings[0].end] if findings else None
        self.bench.note(3, "selection after emoji, combining mark, RTL mark, CJK (UTF-16 offsets)",
                        f"{r.status_code}; selected {word!r}, stored {stored!r}", r.status_code == 200 and stored == word)

    def big_decisions(self, ann, data: dict, csrf: str) -> None:
        one = {"start": 0, "end": 1, "label": "NAME"}
        huge = ann.post(f"/api/items/{data['item_id']}/decision", headers={"X-CSRF-Token": csrf},
                        json={"verdict": "phi", "findings": [one] * 120_000})
        many = ann.post(f"/api/items/{data['item_id']}/decision", headers={"X-CSRF-Token": csrf},
                        json={"verdict": "phi", "findings": [one] * 201})
        self.bench.note(11, "4.9 MB JSON with 120k findings; 201 findings in 6 kB",
                        f"{huge.status_code}, {many.status_code}", huge.status_code == 413 and many.status_code == 422)

    def sessions(self, ann, bob) -> None:
        before = ann.get("/review").status_code
        self.bench.cli("review", "add-user", "ann", "--password-stdin", "--store", self.bench.store,
                       input=NEW_PASSWORD + "\n")
        after = ann.get("/review")
        revoked = self.bench.cli("review", "revoke-sessions", "bob", "--store", self.bench.store)
        bob_after = bob.get("/review")
        with self.client("198.51.100.3") as carl:
            self.login(carl, "carl")
            removed = self.bench.cli("review", "remove-user", "carl", "--store", self.bench.store)
            carl_after = carl.get("/review")
            relogin = self.login(carl, "carl").status_code
        self.bench.note(7, "old cookie after a password reset; revoke-sessions; remove-user",
                        f"ann {before} -> {after.status_code} {after.headers.get('location')}; revoke-sessions exit "
                        f"{revoked.returncode}, bob -> {bob_after.status_code}; remove-user exit {removed.returncode}, "
                        f"carl -> {carl_after.status_code}, sign-in {relogin}",
                        before == 200 and after.status_code == 303 and bob_after.status_code == 303
                        and carl_after.status_code == 303 and relogin == 401 and revoked.returncode == removed.returncode == 0)

    def lockout(self) -> None:
        with self.client("203.0.113.66") as attacker:
            codes = [self.login(attacker, "sue", "wrong-password-guess").status_code for _ in range(30)]
        with self.client("198.51.100.9") as known:  # where sue signed in before (malformed())
            at_once = self.login(known, "sue").status_code
        with self.client("198.51.100.4") as steward:
            first = self.login(steward, "sue")
            waited = 0
            if first.status_code == 429:
                waited = int(first.headers.get("retry-after", "1"))
                time.sleep(waited)
            second = self.login(steward, "sue").status_code if first.status_code == 429 else first.status_code
        self.bench.note(6, "30 bad sign-ins for sue from one client, then the right password from her usual "
                        "client and from a new one",
                        f"attacker {sorted(set(codes))} ({codes.count(401)}x401, {codes.count(429)}x429); sue's "
                        f"usual client {at_once}; a new client {first.status_code}, after Retry-After {waited}s: "
                        f"{second}", at_once == 303 and second == 303 and waited <= 60)

    def invented_names(self) -> None:
        from review.store import open_store

        store = open_store(self.bench.store)
        before = len(store.audit_entries())
        names = ["a\x00b", "\u202eevil", "\U0001F600x", '=HYPERLINK("https://evil.example","x")', "+1", "@x"]
        started = time.perf_counter()
        codes = []
        with self.client("203.0.113.77") as c:
            page = c.get("/login")
            for i in range(200):
                token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # a new one each page
                page = c.post("/login", data={"username": names[i % len(names)] + str(i), "password": "x" * 12,
                                              "csrf_token": token})
                codes.append(page.status_code)
        elapsed = time.perf_counter() - started
        rows = len(store.audit_entries()) - before
        export = self.bench.cli("review", "export-audit", "--store", self.bench.store)
        cells = [cell for row in csv.reader(io.StringIO(export.stdout)) for cell in row]
        formulas = [c for c in cells if c.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r"))]
        self.bench.note(9, "200 sign-ins with invented names (NUL, U+202E, emoji, =HYPERLINK) in "
                        f"{elapsed:.1f} s; export-audit",
                        f"answers {dict(sorted(Counter(codes).items()))}; {rows} audit rows written meanwhile; "
                        f"formula cells in the CSV: {len(formulas)}",
                        rows <= 4 and not formulas and set(codes) <= {401, 429})

    def stalls(self) -> None:
        def median(client, path, n=12):
            times = []
            for _ in range(n):
                started = time.perf_counter()
                client.get(path)
                times.append(time.perf_counter() - started)
            return statistics.median(times)

        with self.client() as page, self.client("198.51.100.5") as sue:
            self.login(sue, "sue")
            base_login, base_steward = median(page, "/login"), median(sue, "/steward")
            stop = threading.Event()

            def attack(n):
                i = 0
                while not stop.is_set():
                    with self.client(f"203.0.{n}.{i % 250 + 1}") as c:
                        self.login(c, f"victim{n}x{i}", "wrong-password-guess")
                    i += 1

            threads = [threading.Thread(target=attack, args=(n,)) for n in range(8)]
            for t in threads:
                t.start()
            time.sleep(1)
            attacked_login, attacked_steward = median(page, "/login"), median(sue, "/steward")
            stop.set()
            for t in threads:
                t.join()
            holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(self.bench.store)], text=True,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            holder.stdout.readline()
            locked_login = median(page, "/login", 6)
            started = time.perf_counter()
            busy = sue.get("/review")
            busy_time = time.perf_counter() - started
            holder.communicate("\n", timeout=30)
        ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
        self.bench.note(1, "8 parallel bad sign-ins; another process holding the write lock",
                        f"GET /login {ms(base_login)} -> {ms(attacked_login)} (attack) -> {ms(locked_login)} (lock); "
                        f"/steward {ms(base_steward)} -> {ms(attacked_steward)}; a write under the lock: "
                        f"{busy.status_code} Retry-After {busy.headers.get('retry-after')} in {ms(busy_time)}",
                        attacked_login < max(0.5, 20 * base_login) and locked_login < max(0.5, 20 * base_login)
                        and busy.status_code == 503 and busy_time < 10)


HOLD_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen) -> None:
    import socket

    port = int(url.rsplit(":", 1)[1])
    deadline = time.monotonic() + 120
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"review serve did not start: {process.stdout.read().decode()[-2000:]}")
            time.sleep(0.3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=2, help="demo export size (2 patients: ~15 notes)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="chartforge-review-probes-"))
    bench = Bench(root, args.patients)
    try:
        print("deid run x2 on a hostile demo export ...", flush=True)
        bench.deid_runs()
        print("review CLI ...", flush=True)
        bench.users_and_cli()
        print("live review serve on 127.0.0.1 ...", flush=True)
        bench.web()
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title="issue 19 probes, re-tried")
    for column in ("row", "tried", "now", "held"):
        table.add_column(column, overflow="fold")
    for probe in sorted(bench.probes, key=lambda p: p.row):
        table.add_row(str(probe.row), Text(probe.tried), Text(probe.result), "yes" if probe.held else "NO")
    Console(width=200).print(table)
    if args.json:
        args.json.write_text(json.dumps([asdict(p) for p in bench.probes], indent=1), encoding="utf-8")
    return 0 if all(p.held for p in bench.probes) else 1


if __name__ == "__main__":
    sys.exit(main())
