"""The site lexicon: strings and patterns this site knows are always PHI (the steward's loop).

Reviewers mark residual PHI the detectors missed; ``chartforge review export-findings`` merges
those values into this file, a steward may add regex patterns by hand, and the next
``chartforge deid run`` applies it in the first pass (``deid/recognizers/site_lexicon.py``).

The file IS PHI: it lives in the protected work area (default ``<paths.work_dir>/site/
lexicon.yaml``, ``[deid] site_lexicon`` moves it), 0600 in a 0700 directory, and is refused
inside a git work tree unless git ignores it. It is the only place its text lives: errors
name a line number and a reason, summaries count entries per label, and what joins the batch
id is a keyed hash of the detection-relevant content (``SiteLexicon.fingerprint``), so a changed lexicon makes
a new batch instead of a cache hit on the old one.

Format (YAML)::

    version: 1
    entries:
      - text: Quentin Halvorsen        # a literal: case-insensitive, whole words, any whitespace
        label: NAME                    # a chartforge PHI label (chartforge/contracts/spans.py)
        source: {batch: 3fa1…, round: r-…, finding: d12.0, reviewer: ann, added: 2026-12-07T15:00:00Z}
      - pattern: '(?i)\\bWEST\\s+WING\\s+\\d+\\b'   # a regex (the `regex` module; (?P<phi>…) narrows the span)
        label: LOCATION
        source: {added_by: steward}
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import json
import os
import stat
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import regex
import yaml

from chartforge.atomic import atomic_open
from chartforge.errors import ChartforgeError
from chartforge.contracts.spans import LABELS
from deid.workarea import protected_dir

FORMAT_VERSION = 1
LITERAL, PATTERN = "text", "pattern"
ENTRY_KEYS = {LITERAL, PATTERN, "label", "source"}
# A literal shorter than this ("Al", "3/4") matches innocent text everywhere: write a pattern
# with context for it instead.
MIN_LITERAL_CHARS = 3
# A reviewer's finding under MIN_LITERAL_CHARS (an age "92", initials "JS", a date "3/4") is not
# dropped: it becomes a pattern that needs the words it was found between on its line ("92 yo",
# "signed JS"), so it fires only where that phrase recurs (context_pattern). The context must hold
# at least this many letters: a 2-character value never matches on its own, and a stop word alone
# ("of 92") is not enough context.
CONTEXT_MIN_LETTERS = 3
# Ages over 89 generalise to the age shape: "92 yo" teaches "9x yo" and "1xx yo" too.
AGE_SHAPE = r"(?:9\d|1[01]\d)"
# Bad entries named in one error message (the rest are counted).
SHOWN_BAD_ENTRIES = 5
# A steward's pattern runs on every note: one that backtracks for longer than this on a note
# fails that note's detection (the note is quarantined with the reason) instead of hanging the run.
PATTERN_TIMEOUT_SECONDS = 2.0

HEADER = """\
# chartforge SITE LEXICON. IT CONTAINS PHI: keep it 0600 in the protected work area; never
# commit, copy, paste or print it. Strings and patterns this site knows are always PHI; the next
# `chartforge deid run` flags them in every note (deid/site_lexicon.py documents the format).
# `chartforge review export-findings` adds reviewers' findings; add patterns by hand:
#   - pattern: '(?i)\\bWEST\\s+WING\\s+\\d+\\b'
#     label: LOCATION
#     source: {added_by: <you>}
# `chartforge review lexicon` checks this file and counts its entries per label.
"""


@dataclass(frozen=True)
class LexiconEntry:
    kind: str      # LITERAL | PATTERN
    value: str     # the PHI string or the regex: never logged, never printed
    label: str
    source: dict = field(default_factory=dict, compare=False, hash=False)
    line: int = field(default=0, compare=False, hash=False)

    @classmethod
    def literal(cls, value: str, label: str, source: dict | None = None) -> "LexiconEntry":
        return cls(LITERAL, normalize_literal(value), label, dict(source or {}))

    @property
    def key(self) -> tuple[str, str, str]:
        """What decides detection: a literal matches regardless of case and spacing."""
        value = normalize_literal(self.value).casefold() if self.kind == LITERAL else self.value
        return self.kind, self.label, value

    def to_yaml(self) -> dict:
        entry = {self.kind: self.value, "label": self.label}
        if self.source:
            entry["source"] = dict(self.source)
        return entry


@dataclass
class SiteLexicon:
    entries: list[LexiconEntry] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.entries)

    def fingerprint(self, key: bytes) -> str:
        """Keyed hash (HMAC-SHA256 with the surrogate key) of what detection depends on (kind,
        label, value): provenance and comments do not change it, one more or one different value
        does. Keyed because it joins the batch id, which leaves the work area: a plain hash of a
        one-name lexicon could be matched against a list of names."""
        keys = sorted({e.key for e in self.entries})
        return hmac.new(key, json.dumps(keys, ensure_ascii=False).encode("utf-8"), hashlib.sha256).hexdigest()[:16]

    def counts(self) -> dict:
        """Entries per kind and label: what may be shown (never the values)."""
        return {"entries": len(self.entries),
                "literals": sum(e.kind == LITERAL for e in self.entries),
                "patterns": sum(e.kind == PATTERN for e in self.entries),
                "by_label": dict(sorted(Counter(e.label for e in self.entries).items()))}

    def merge(self, new: list[LexiconEntry]) -> tuple[list[LexiconEntry], list[LexiconEntry]]:
        """Add the entries not already present; returns (added, already present)."""
        known = {e.key for e in self.entries}
        added, present = [], []
        for entry in new:
            if entry.key in known:
                present.append(entry)
            else:
                known.add(entry.key)
                added.append(entry)
        self.entries.extend(added)
        return added, present


def normalize_literal(value: str) -> str:
    return " ".join(value.split())


def lexicon_path(config) -> Path:
    """``[deid] site_lexicon``, else ``<paths.work_dir>/site/lexicon.yaml``; ``config`` is a
    chartforge.config.Config or a settings tree (chartforge.settings.Settings)."""
    if hasattr(config, "deid") and hasattr(config, "paths"):  # a settings tree
        configured, work_dir = config.deid.site_lexicon, config.paths.work_dir
    else:
        configured, work_dir = config["deid"].get("site_lexicon", ""), config["paths"]["work_dir"]
    if configured:
        return Path(configured).expanduser()
    return Path(work_dir).expanduser() / "site" / "lexicon.yaml"


# ------------------------------------------------------------------------------ reading
def load_lexicon(path: str | os.PathLike) -> SiteLexicon | None:
    """The lexicon at ``path``, or None when there is none. A file looser than 0600 is refused
    (E222) like the surrogate key; a malformed one raises E220/E221 naming lines, never text."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ChartforgeError.make("E220", path=path, reason=f"cannot be read ({type(exc).__name__})") from None
    if not stat.S_ISREG(info.st_mode):
        raise ChartforgeError.make("E220", path=path, reason="is not a regular file")
    if info.st_mode & 0o077:
        raise ChartforgeError.make("E222", path=path, mode=f"{stat.S_IMODE(info.st_mode):04o}")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ChartforgeError.make("E220", path=path, reason=f"is not UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise ChartforgeError.make("E220", path=path, reason=f"cannot be read ({type(exc).__name__})") from None
    return parse_lexicon(text, path)


def parse_lexicon(text: str, path: str | os.PathLike = "<lexicon>") -> SiteLexicon:
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return SiteLexicon()
        if not isinstance(root, yaml.MappingNode):
            raise ChartforgeError.make("E220", path=path, reason="is not a mapping with an `entries` list")
        sections = {loader.construct_object(k): v for k, v in root.value}
        unknown = set(sections) - {"version", "entries"}
        if unknown:
            raise ChartforgeError.make("E220", path=path,
                                       reason=f"has {len(unknown)} unknown top-level key(s) (allowed: version, entries)")
        if "version" in sections and loader.construct_object(sections["version"]) != FORMAT_VERSION:
            raise ChartforgeError.make("E220", path=path, reason=f"version must be {FORMAT_VERSION}")
        node = sections.get("entries")
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
            return SiteLexicon()
        if not isinstance(node, yaml.SequenceNode):
            raise ChartforgeError.make("E220", path=path,
                                       reason=f"`entries` (line {node.start_mark.line + 1}) is not a list")
        entries, bad = [], []
        for item in node.value:
            line = item.start_mark.line + 1
            try:
                entries.append(_entry(loader.construct_object(item, deep=True), line))
            except ValueError as exc:
                bad.append((line, str(exc)))
    except yaml.YAMLError as exc:
        # PyYAML's message quotes the offending line: only its position may be shown.
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f" near line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise ChartforgeError.make("E220", path=path, reason=f"is not valid YAML{where}") from None
    finally:
        loader.dispose()
    if bad:
        line, reason = bad[0]
        more = ""
        if len(bad) > 1:
            shown = ", ".join(str(b[0]) for b in bad[1:SHOWN_BAD_ENTRIES])
            extra = len(bad) - SHOWN_BAD_ENTRIES
            more = f" ({len(bad) - 1} more bad entries, at lines {shown}{f' and {extra} more' if extra > 0 else ''})"
        raise ChartforgeError.make("E221", path=path, row=line, reason=reason, more=more)
    return SiteLexicon(entries)


def _entry(raw, line: int) -> LexiconEntry:
    """One entry, checked; a ValueError's message is a reason that never quotes the entry."""
    if not isinstance(raw, dict):
        raise ValueError("not a mapping (expected `text` or `pattern`, and `label`)")
    if set(raw) - ENTRY_KEYS:
        raise ValueError(f"{len(set(raw) - ENTRY_KEYS)} unknown key(s) (allowed: text, pattern, label, source)")
    kinds = [k for k in (LITERAL, PATTERN) if k in raw]
    if len(kinds) != 1:
        raise ValueError("needs exactly one of `text` and `pattern`")
    kind, value = kinds[0], raw[kinds[0]]
    if not isinstance(value, str):
        raise ValueError(f"`{kind}` is not a string (quote it)")
    label = raw.get("label")
    if label not in LABELS:
        raise ValueError(f"`label` missing or not one of {', '.join(LABELS)}")
    source = raw.get("source") or {}
    if not isinstance(source, dict) or any(isinstance(v, (dict, list)) for v in source.values()):
        raise ValueError("`source` is not a mapping of plain values")
    if kind == LITERAL:
        value = normalize_literal(value)
        if len(value) < MIN_LITERAL_CHARS or not any(c.isalnum() for c in value):
            raise ValueError(f"`text` has fewer than {MIN_LITERAL_CHARS} characters or no letter or digit "
                             "(it would match innocent text everywhere: write a pattern with context)")
    else:
        try:
            compiled = regex.compile(value, regex.MULTILINE)
        except regex.error as exc:  # its msg names the problem and position, not the pattern
            raise ValueError(f"`pattern` is not a valid regular expression ({exc.msg} at position {exc.pos})") from None
        if compiled.search("") is not None:
            raise ValueError("`pattern` matches the empty string")
    return LexiconEntry(kind, value, label, {str(k): v for k, v in source.items()}, line)


# ------------------------------------------------------------------------------ writing
def git_exposure(path: Path) -> Path | None:
    """The git work tree that would track ``path`` (inside one and not ignored by it), else None."""
    resolved = path.resolve()
    for parent in resolved.parents:
        if (parent / ".git").exists():
            try:
                ignored = subprocess.run(["git", "-C", str(parent), "check-ignore", "-q", str(resolved)],
                                         capture_output=True, timeout=30).returncode == 0
            except (OSError, subprocess.SubprocessError):
                return parent  # cannot tell: treat as exposed
            return None if ignored else parent
    return None


def write_lexicon(path: str | os.PathLike, lexicon: SiteLexicon) -> Path:
    """Write atomically, 0600, in a 0700 directory; refused (E223) where git would track it."""
    path = Path(path)
    repo = git_exposure(path)
    if repo is not None:
        raise ChartforgeError.make("E223", path=path, repo=repo)
    protected_dir(path.parent)
    payload = {"version": FORMAT_VERSION, "entries": [e.to_yaml() for e in lexicon.entries]}
    with atomic_open(path, file_mode=0o600) as handle:
        handle.write(HEADER)
        yaml.safe_dump(payload, handle, sort_keys=False, allow_unicode=True, width=1000)
    return path


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# ------------------------------------------------------------------------------ matching
def _literal_regex(value: str) -> str:
    return r"\s+".join(regex.escape(part) for part in value.split())


@dataclass
class CompiledLexicon:
    """The lexicon as regexes: one alternation per label for the literals (longest first, so
    "Mercy West" wins over "Mercy"), one regex per pattern."""

    rules: list[tuple[str, str, regex.Pattern]]  # (kind, label, compiled)
    lexicon: SiteLexicon

    def finditer(self, text: str):
        """(start, end, label, kind) of every hit; a pattern's ``phi`` group narrows its span."""
        for kind, label, pattern in self.rules:
            for match in pattern.finditer(text, timeout=PATTERN_TIMEOUT_SECONDS):
                start, end = match.span("phi") if "phi" in pattern.groupindex and match.start("phi") >= 0 \
                    else match.span()
                if start < end:
                    yield start, end, label, kind


def compile_lexicon(lexicon: SiteLexicon) -> CompiledLexicon:
    rules = []
    by_label: dict[str, list[str]] = {}
    for entry in lexicon.entries:
        if entry.kind == LITERAL:
            by_label.setdefault(entry.label, []).append(normalize_literal(entry.value))
    for label, values in sorted(by_label.items()):
        alternatives = sorted({v.casefold() for v in values}, key=lambda v: (-len(v), v))
        rules.append((LITERAL, label, regex.compile(
            r"(?<!\w)(?:" + "|".join(_literal_regex(v) for v in alternatives) + r")(?!\w)",
            regex.IGNORECASE | regex.FULLCASE)))
    for entry in lexicon.entries:
        if entry.kind == PATTERN:
            rules.append((PATTERN, entry.label, regex.compile(entry.value, regex.MULTILINE)))
    return CompiledLexicon(rules, lexicon)


@functools.lru_cache(maxsize=4)
def _compiled_at(path: str, signature: tuple) -> CompiledLexicon | None:
    lexicon = load_lexicon(path)
    return None if lexicon is None or not lexicon.entries else compile_lexicon(lexicon)


def compiled_lexicon(path: str | os.PathLike) -> CompiledLexicon | None:
    """The compiled lexicon at ``path`` (None when absent or empty), re-read when the file
    changes (an atomic write is a new inode): a detector kept alive across runs in one process
    applies the lexicon the new run's batch id was computed from."""
    path = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError:
        signature = ()
    else:
        signature = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_mode)
    return _compiled_at(path, signature)


def lexicon_state(path: str | os.PathLike, key: bytes) -> dict | None:
    """What the batch plan and manifest record: entry counts and the keyed fingerprint (None
    when there is no lexicon or it is empty)."""
    compiled = compiled_lexicon(path)
    if compiled is None:
        return None
    return {**compiled.lexicon.counts(), "fingerprint": compiled.lexicon.fingerprint(key)}


# ------------------------------------------------------------------------------ short findings
_CONTEXT_BEFORE = regex.compile(r"(?P<word>\p{L}[\p{L}'’]*|\d+)(?P<gap>[ \t]*[,:;#(\-/]?[ \t]*)$")
_CONTEXT_AFTER = regex.compile(r"^(?P<gap>[ \t]*[,:;)\-/]?[ \t]*)(?P<word>\p{L}[\p{L}'’/.]*\p{L}|\p{L}|\d+)")


def _stop_word(word: str) -> bool:
    from spacy.lang.en.stop_words import STOP_WORDS

    return word.lower() in STOP_WORDS


def _gap_regex(gap: str) -> str:
    """Spacing as any run of spaces or tabs (at least one when the gap is only spacing);
    punctuation kept."""
    if not gap.strip():
        return r"[ \t]+"
    return "".join(r"[ \t]*" if part.isspace() else regex.escape(part) for part in regex.findall(r"[ \t]+|[^ \t]", gap))


def context_pattern(text: str, start: int, end: int, label: str) -> str | None:
    """A site-lexicon pattern for a finding too short to be a literal: the value (an age over 89
    as the age shape) between the words around it on its line, case-insensitive; ``(?P<phi>…)``
    holds the value. None when the finding is not a whole token or its line gives no context of
    CONTEXT_MIN_LETTERS letters (a stop word alone, "of", is dropped when the other side has a
    word). The pattern is PHI like the value: it goes into the lexicon file only."""
    value = text[start:end]
    if not value.strip() or value != value.strip() or not any(c.isalnum() for c in value):
        return None
    if (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
        return None  # part of a word: "Pa" of "Patient" is no value
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = _CONTEXT_BEFORE.search(text[line_start:start])
    after = _CONTEXT_AFTER.search(text[end:line_end])
    sides = {"before": before, "after": after}
    words = {k: m.group("word") for k, m in sides.items() if m}
    if len(words) == 2:  # a stop word is weak context: keep only the other side when it is enough alone
        for side, other in (("before", "after"), ("after", "before")):
            if _stop_word(words[side]) and not _stop_word(words[other]) \
                    and sum(c.isalpha() for c in words[other]) >= CONTEXT_MIN_LETTERS:
                sides[side] = None
                words.pop(side)
                break
    core = AGE_SHAPE if label == "AGE_OVER_89" and value.isdigit() and 90 <= int(value) <= 119 else regex.escape(value)
    if sum(c.isalpha() for w in words.values() for c in w) < CONTEXT_MIN_LETTERS:
        # initials signing off: alone on their line, or closing it after a sentence ("... rehab. AB")
        if not value.isalpha() or text[end:line_end].strip() or (text[line_start:start].strip() and
                                           not text[line_start:start].rstrip().endswith((".", "!", "?", ";"))):
            return None
        return rf"(?im)(?:^|(?<=[.!?;]))[ \t]*(?P<phi>{core})[ \t]*$"
    pattern = r"(?i)(?<![\p{L}\d])"
    if sides["before"]:
        pattern += regex.escape(sides["before"].group("word")) + _gap_regex(sides["before"].group("gap"))
    pattern += f"(?P<phi>{core})"
    if sides["after"]:
        pattern += _gap_regex(sides["after"].group("gap")) + regex.escape(sides["after"].group("word"))
    return pattern + r"(?![\p{L}\d])"

