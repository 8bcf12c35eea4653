"""`chartforge review`: sample a batch, run the reviewers' UI, decide the residual-PHI gate.

Exit codes: 0 ok (gate passed); 1 the gate failed or is still pending; 2 usage or
configuration error; 3 input error (no batch, no round, bad store).
"""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path

import click

from chartforge.cli.common import EXIT_CHECK as EXIT_CHECK_FAILED
from chartforge.cli.common import EXIT_INPUT, EXIT_OK, EXIT_USAGE, Group, fail
from chartforge.errors import ChartforgeError
from chartforge.contracts.files import GATE as GATE_FILE

_store_option = click.option("--store", "store", type=click.Path(dir_okay=False, path_type=Path), default=None,
                             help="Review store (default: [review] store in the config).")
_batch_argument = click.argument("batch", type=click.Path(exists=True, file_okay=False, path_type=Path))


def _settings():
    """The settings tree this command runs with (`chartforge --config`, loaded once at startup)."""
    from chartforge.config import get_config

    return get_config().settings


def _store(path):
    from review.settings import store_path
    from review.store import open_store

    return open_store(store_path(path, _settings()))


def _actor() -> str:
    return getpass.getuser() or "cli"


_fail = fail  # the catalogue's exit class (chartforge/cli/common.py)


@click.group("review", cls=Group)
def review():
    """Review queue, reviewers' web UI and the residual-PHI gate."""


@review.command()
@_batch_argument
@_store_option
@click.option("--seed", type=int, default=None, help="Seed of the stratified draw (default: [review] seed).")
@click.option("--reviewers", type=click.IntRange(1, 5), default=None,
              help="Reviews per record (default: [review] reviewers_per_record).")
def sample(batch, store, seed, reviewers):
    """Draw a new review round for BATCH: pilot, main sample and flagged notes."""
    from chartforge.console import make_console
    from rich.table import Table

    from review import queue
    from review.display import plain
    from review.settings import review_section, sample_settings

    section = review_section(_settings())
    try:
        info, plan = queue.open_round(_store(store), batch, sample_settings(seed, _settings()),
                                      reviewers or section["reviewers_per_record"], _actor(),
                                      section["pilot_max_rate"])
    except ChartforgeError as exc:
        _fail(exc)
    table = Table(title=plain(f"review round {info.round_id}", one_line=True))
    for column in ("stratum", "notes", "pilot", "main", "flagged"):
        table.add_column(column, justify="left" if column == "stratum" else "right")
    for stratum, size in sorted(plan.strata_sizes.items()):
        counts = [sum(1 for n in plan.notes if n.stratum == stratum and n.phase == p) for p in ("pilot", "main", "flag")]
        table.add_row(plain(stratum, one_line=True), str(size), *map(str, counts))
    table.add_row("total", str(plan.population), *(str(plan.count(p)) for p in ("pilot", "main", "flag")), style="bold")
    make_console().print(table)
    click.echo(f"bound needs {plan.required} clean random records ({info.settings['target']:.2%} at "
               f"{info.settings['confidence']:.0%}); review_sample.parquet written to {batch}")


@review.command("add-user")
@click.argument("username")
@click.option("--role", type=click.Choice(["reviewer", "steward"]), default="reviewer", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin (scripts) instead of a prompt.")
@_store_option
def add_user(username, role, password_stdin, store):
    """Add a reviewer or steward (or reset their password and role)."""
    from review.auth import add_user as add

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        add(_store(store), username, password, role, _actor())
    except ChartforgeError as exc:
        fail(exc)
    click.echo(f"user {username} ({role}) saved")


@review.command()
@_store_option
@click.option("--host", default=None, help="Bind address (default: [review] host, 127.0.0.1). A non-loopback "
              "address is refused unless --allow-remote.")
@click.option("--port", type=int, default=None, help="Port (default: [review] port).")
@click.option("--allow-remote", is_flag=True,
              help="Allow a non-loopback --host (plain HTTP: put a TLS reverse proxy in front of it).")
def serve(store, host, port, allow_remote):
    """Run the reviewers' web UI (use a TLS reverse proxy to expose it beyond this host)."""
    import logging

    from review.settings import review_section
    from review.web.bind import remote_bind_problem

    section = review_section(_settings())
    host, port = host or section["host"], port or section["port"]
    refusal, warning = remote_bind_problem(host, allow_remote)
    if refusal:
        click.echo(f"error: {refusal}", err=True)
        sys.exit(EXIT_USAGE)
    reviews = _store(store)
    if warning:
        # Said on the terminal, in the log and in the store's audit log (who exposed it, where).
        click.echo(f"warning: {warning}", err=True)
        logging.getLogger("chartforge.review").warning(warning)
        reviews.audit(_actor(), "serve_remote", detail=json.dumps({"host": host, "port": port}))

    import uvicorn

    from review.settings import server_settings
    from review.web.app import create_app

    app = create_app(server_settings(store, _settings()))
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"chartforge review on http://{shown}:{port}/ (Ctrl+C stops)")
    # access_log off: paths carry only opaque ids, but a quiet log is the safer default.
    uvicorn.run(app, host=host, port=port, access_log=False, log_level="warning")


@review.command("remove-user")
@click.argument("username")
@_store_option
def remove_user(username, store):
    """Delete an account: its sessions end and its leases go back to the queue (its decisions
    and audit rows stay)."""
    if not _store(store).remove_user(username, _actor()):
        click.echo(f"error: {ChartforgeError.make('E307', user=_shown_name(username), reason='no such user')}", err=True)
        sys.exit(EXIT_INPUT)
    click.echo(f"user {username} removed; their sessions are closed")


@review.command("revoke-sessions")
@click.argument("username", required=False)
@click.option("--all", "everyone", is_flag=True, help="End every session of every user.")
@_store_option
def revoke_sessions(username, everyone, store):
    """Sign USERNAME out everywhere (or everyone with --all); passwords stay."""
    if bool(username) == everyone:
        click.echo("error: give a USERNAME or --all (not both)", err=True)
        sys.exit(EXIT_USAGE)
    reviews = _store(store)
    if username and reviews.get_user(username) is None:
        click.echo(f"error: {ChartforgeError.make('E307', user=_shown_name(username), reason='no such user')}", err=True)
        sys.exit(EXIT_INPUT)
    count = reviews.revoke_sessions(None if everyone else username, _actor())
    click.echo(f"{count} session(s) of {'every user' if everyone else username} revoked")


def _shown_name(username: str) -> str:
    """A user name typed by an operator, shown without its control characters."""
    from review.display import plain

    return plain(username, one_line=True).plain


@review.command("next")
@click.option("--user", "username", required=True, help="Your reviewer name.")
@_store_option
def next_cmd(username, store):
    """Review in the terminal: one note at a time, same queue as the web UI."""
    from review.auth import authenticate
    from review.terminal import run_terminal_review

    reviews = _store(store)
    if authenticate(reviews, username, click.prompt("Password", hide_input=True)) is None:
        click.echo(f"error: {ChartforgeError.make('E302', user=username)}", err=True)
        sys.exit(EXIT_USAGE)
    run_terminal_review(reviews, username, lease_minutes=_settings().review.lease_minutes)


def _print_gate(result) -> None:
    """Strata come from the export's source and note_type and the round id from the batch's
    manifest: every value is printed as data (review.display.plain), never as Rich markup."""
    from chartforge.console import make_console
    from rich.table import Table

    from review.display import plain

    table = Table(title=plain(f"residual-PHI gate · round {result.round.round_id}", one_line=True))
    table.add_column("measure")
    table.add_column("value", justify="right")
    b = result.bound
    rows = [("status", result.status.upper()), ("reviewed / needed", f"{b.reviewed} / {result.sample_size}"),
            ("findings (random)", str(b.findings)), ("upper bound", f"{b.upper_bound:.5f}"),
            ("target", f"< {b.target}"), ("confidence", f"{b.confidence:.0%}"), ("method", b.method),
            ("pilot findings / reviewed / size", f"{result.pilot.findings} / {result.pilot.reviewed} / {result.pilot.size}"),
            ("flagged notes: findings / reviewed", f"{result.flag_findings} / {result.flag_reviewed}"),
            ("double-review disagreements", str(result.disagreements))]
    for row in rows:
        table.add_row(*(plain(cell, one_line=True) for cell in row))
    console = make_console()
    console.print(table)
    strata = Table(title="strata")
    for column in ("stratum", "sampled", "reviewed", "findings", "flagged", "flag_findings"):
        strata.add_column(column, justify="left" if column == "stratum" else "right")
    for row in result.strata:
        strata.add_row(*(plain(row[c], one_line=True)
                         for c in ("stratum", "sampled", "reviewed", "findings", "flagged", "flag_findings")))
    console.print(strata)
    console.print(plain(result.reason))


@review.command()
@_batch_argument
@_store_option
@click.option("--by", "decided_by", default=None, help="Who decides (default: your login name).")
@click.option("--flow", "via_flow", is_flag=True, help="Run through the Prefect flow `gate` (records its run id).")
def gate(batch, store, decided_by, via_flow):
    """Compute the bound from the reviews and write BATCH/gate.json (exit 0 passed, 1 not)."""
    from review.gate import PASSED, evaluate, run_gate
    from review.queue import latest_round
    from review.settings import store_path

    reviews = _store(store)
    try:
        if via_flow:
            from flows.gate import gate_flow

            gate_flow(str(batch), str(store_path(store, _settings())), decided_by or _actor())
            result = evaluate(reviews, latest_round(reviews, batch).round_id)
            result.status = json.loads((batch / GATE_FILE).read_text())["status"]
        else:
            result, _ = run_gate(reviews, batch, decided_by or _actor())
    except ChartforgeError as exc:
        _fail(exc)
    _print_gate(result)
    sys.exit(EXIT_OK if result.status == PASSED else EXIT_CHECK_FAILED)


@review.command()
@_batch_argument
@_store_option
def status(batch, store):
    """Show the latest round's progress and bound without writing gate.json."""
    from review.gate import evaluate
    from review.queue import latest_round

    reviews = _store(store)
    try:
        result = evaluate(reviews, latest_round(reviews, batch).round_id)
    except ChartforgeError as exc:
        _fail(exc)
    _print_gate(result)


@review.command("export-audit")
@_store_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="CSV file (default: stdout).")
def export_audit(store, out):
    """Export the append-only audit log as CSV (offsets and labels, never note text; cells that a
    spreadsheet would run as a formula are prefixed with ')."""
    from chartforge.atomic import atomic_open
    from review.audit_export import write_audit_csv

    entries = _store(store).audit_entries()
    if out is None:
        write_audit_csv(entries, sys.stdout)
    else:
        with atomic_open(out) as handle:
            count = write_audit_csv(entries, handle)
        click.echo(f"{count} audit entries written to {out}", err=True)


@review.command("export-findings")
@_batch_argument
@_store_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Findings YAML file (default: <work_dir>/review/findings-<round>.yaml, mode 0600).")
@click.option("--lexicon", "lexicon", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Site lexicon to merge the missed values into (default: [deid] site_lexicon, "
                   "else <work_dir>/site/lexicon.yaml; created 0600).")
@click.option("--no-lexicon", is_flag=True, help="Write the findings file only; leave the site lexicon alone.")
def export_findings(batch, store, out, lexicon, no_lexicon):
    """Turn the latest round's findings into detector material: the residual PHI reviewers found
    joins the site lexicon that the next `chartforge deid run` applies (always-PHI strings, 0600 in
    the protected work area), beside a findings file of deny-list candidates and shapes.
    Prints counts per label only: the values stay in the files."""
    from deid.site_lexicon import lexicon_path, load_lexicon, write_lexicon, SiteLexicon
    from review.findings import collect_findings, default_findings_path, lexicon_entries, write_findings
    from review.queue import latest_round

    reviews = _store(store)
    info = latest_round(reviews, batch)
    export = collect_findings(reviews, info)
    target = write_findings(out or default_findings_path(info.round_id, _settings()), export)
    click.echo(f"{len(export['deny_list_phrases'])} deny-list phrases (not PHI), {len(export['missed'])} missed "
               f"values and {len(export['patterns'])} patterns written to {target} (mode 0600: it quotes residual PHI)")
    if no_lexicon:
        return
    path = lexicon or lexicon_path(_settings())
    site = load_lexicon(path) or SiteLexicon()  # a malformed lexicon stops here (E220/E221), unchanged
    candidates = lexicon_entries(reviews, info)
    added, present = site.merge(candidates.entries)
    if added or not path.exists():
        write_lexicon(path, site)
    _print_lexicon_merge(path, site, added, present, candidates)


def _print_lexicon_merge(path, site, added, present, candidates) -> None:
    """Counts per label, never a value."""
    from chartforge.console import make_console
    from rich.table import Table

    table = Table(title="site lexicon: entries per label")
    for column in ("label", "added", "already there", "in the lexicon"):
        table.add_column(column, justify="left" if column == "label" else "right")
    total = site.counts()["by_label"]
    added_by, present_by = _count_by_label(added), _count_by_label(present)
    for label in sorted(set(total) | set(added_by)):
        table.add_row(label, str(added_by.get(label, 0)), str(present_by.get(label, 0)), str(total.get(label, 0)))
    table.add_row("total", str(len(added)), str(len(present)), str(len(site)), style="bold")
    make_console().print(table)
    if candidates.short_patterns:
        click.echo(f"{sum(candidates.short_patterns.values())} finding(s) shorter than 3 characters became patterns "
                   f"that need the words around them: "
                   f"{', '.join(f'{label} {n}' for label, n in sorted(candidates.short_patterns.items()))}")
    skipped = candidates.too_short + candidates.on_surrogate
    if skipped:
        click.echo(f"not added: {sum(candidates.on_surrogate.values())} finding(s) inside our own surrogates, "
                   f"{sum(candidates.too_short.values())} shorter than 3 characters with no context on "
                   f"their line (add a pattern by hand for those): {', '.join(f'{label} {n}' for label, n in sorted(skipped.items()))}")
    click.echo(f"site lexicon: {path} (mode 0600; it holds PHI)")
    click.echo(f"{len(added)} new always-PHI entries; the next `chartforge deid run` applies the lexicon "
               f"({len(site)} entries, mode 0600) and makes a new batch" if added else
               "no new entries: the lexicon is unchanged (a re-run of the same export is the same batch)")


def _count_by_label(entries) -> dict:
    from collections import Counter

    return dict(Counter(e.label for e in entries))


@review.command("lexicon")
@click.option("--lexicon", "lexicon", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Site lexicon file (default: [deid] site_lexicon, else <work_dir>/site/lexicon.yaml).")
def lexicon_cmd(lexicon):
    """Check the site lexicon and count its entries per label and kind (never shows a value).
    Exit 0 valid (or absent), 2 looser than 0600, 3 malformed (the line of each bad entry)."""
    from chartforge.console import make_console
    from rich.table import Table

    from deid.site_lexicon import LITERAL, PATTERN, lexicon_path, load_lexicon

    path = lexicon or lexicon_path(_settings())
    site = load_lexicon(path)
    if site is None:
        click.echo(f"no site lexicon at {path} (`chartforge review export-findings` creates it)")
        return
    click.echo(f"site lexicon: {path}")
    table = Table(title="site lexicon: entries per label")
    for column in ("label", "strings", "patterns"):
        table.add_column(column, justify="left" if column == "label" else "right")
    for label in sorted({e.label for e in site.entries}):
        table.add_row(label, *(str(sum(e.label == label and e.kind == kind for e in site.entries))
                               for kind in (LITERAL, PATTERN)))
    counts = site.counts()
    table.add_row("total", str(counts["literals"]), str(counts["patterns"]), style="bold")
    make_console().print(table)
    click.echo(f"{len(site)} entries, valid; the first pass applies them while `site_lexicon` is in [deid] recognizers")
