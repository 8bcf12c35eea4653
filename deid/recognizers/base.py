"""The machinery every clinical recognizer shares: regex patterns read from a data file.

A pattern entry in a recognizer's YAML file::

    - name: titled_name            # shows up as the span's source
      label: NAME                  # a deid.spans.LABELS label
      regex: '(?i:dr|mr)\.?\s+(?P<phi>[A-Z][a-z]+)'
      score: 0.9                   # default 0.85
      flags: [IGNORECASE]          # default: case-sensitive, MULTILINE
      context:                     # optional: words that must appear near the match
        words: [mrn, record]       #   (or `vocab: name` of a list in the same file)
        before: 40                 #   characters searched before the match (default 40)
        after: 0                   #   and after it (default 0)
        score_without: 0.0         #   score when no context word is found (0 drops it)
      not_followed_by: 'regex'     # drop when the text right after matches
      not_preceded_by: 'regex'     # drop when the text right before matches (checked on 30 chars)
      validate: ssn                # calls the recognizer's `validate_ssn(value) -> bool`
      refine: leading              # calls `refine_leading(text, start, end) -> (start, end) | None`
                                   #   to trim a greedy match to its real extent
      deny: true                   # the deny list may veto it (deid/deny.py); `cued`: only
                                   #   words that are never surnames may ("daughter Kelly")
      overlapped: true             # also try matches that start inside an earlier match
                                   #   ("MD and RN melissa": the RN cue sits in the MD match)
      profiles: [strict]           # only under these de-identification profiles (default: all);
                                   #   "safe_harbor" flags the 18 identifiers, "strict" also
                                   #   years alone, every age and states (deid/README.md)

``<<name>>`` inside a regex expands to an alternation of the list ``vocab.name`` (escaped,
longest first), so word lists stay lists. The span is group ``phi`` when the regex has
one, else the whole match. Context lives in the regex or the ``context`` block rather
than Presidio's lemma enhancer so that a recognizer's decision is visible in its data file.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult

from deid.recognizers.prefilter import may_match, required_literals
from deid.resources import data_file, load_data

PROFILES = ("safe_harbor", "strict")
DEFAULT_PROFILE = "safe_harbor"
FLAGS = {"IGNORECASE": regex.IGNORECASE, "MULTILINE": regex.MULTILINE, "DOTALL": regex.DOTALL,
         "VERBOSE": regex.VERBOSE}
DEFAULT_SCORE = 0.85


def alternation(words: list[str]) -> str:
    """A regex alternation of literal words, longest first so the longest one wins."""
    if any(isinstance(w, bool) for w in words):  # YAML 1.1 reads bare no/on/yes as booleans
        raise ValueError("a word list holds a boolean: quote no/on/yes/off in the YAML file")
    words = [str(w) for w in words]
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def expand(template: str, vocab: dict[str, list[str]]) -> str:
    def substitute(match):
        return f"(?:{alternation(vocab[match.group(1)])})"
    return regex.sub(r"<<(\w+)>>", substitute, template)


@dataclass
class CompiledPattern:
    name: str
    label: str
    pattern: regex.Pattern
    score: float
    context: regex.Pattern | None = None
    before: int = 40
    after: int = 0
    score_without: float = 0.0
    not_followed_by: regex.Pattern | None = None
    not_preceded_by: regex.Pattern | None = None
    validate: str | None = None
    refine: str | None = None
    deny: bool | str = False
    overlapped: bool = False
    # sets of strings such that every match contains one string of each (casefolded), derived
    # from the regex by prefilter.required_literals; empty: the regex always runs
    needs: tuple = ()


def compile_patterns(spec: dict, profile: str = DEFAULT_PROFILE) -> list[CompiledPattern]:
    if profile not in PROFILES:
        raise ValueError(f"unknown de-identification profile '{profile}'; known: {', '.join(PROFILES)}")
    vocab = spec.get("vocab", {})
    compiled = []
    for entry in spec.get("patterns", []):
        if profile not in entry.get("profiles", PROFILES):
            continue
        flags = regex.MULTILINE
        for flag in entry.get("flags", []):
            flags |= FLAGS[flag]
        context = entry.get("context")
        context_re, before, after, score_without = None, 40, 0, 0.0
        if context:
            words = context.get("words") or vocab[context["vocab"]]
            context_re = regex.compile(rf"(?<![A-Za-z])(?:{alternation(words)})(?![a-z])", regex.IGNORECASE)
            before, after = context.get("before", 40), context.get("after", 0)
            score_without = context.get("score_without", 0.0)

        def optional(key):
            value = entry.get(key)
            return regex.compile(expand(value, vocab), flags | regex.IGNORECASE) if value else None

        source = expand(entry["regex"], vocab)
        compiled.append(CompiledPattern(
            name=entry["name"], label=entry["label"],
            pattern=regex.compile(source, flags), needs=required_literals(source, flags),
            score=entry.get("score", DEFAULT_SCORE), context=context_re, before=before, after=after,
            score_without=score_without,
            not_followed_by=optional("not_followed_by"), not_preceded_by=optional("not_preceded_by"),
            validate=entry.get("validate"), refine=entry.get("refine"), deny=entry.get("deny", False),
            overlapped=entry.get("overlapped", False)))
    return compiled


_LAST_NOTE = threading.local()


def _folded(text: str) -> tuple[str, dict]:
    """The casefolded note and the prefilter's answers per requirement, shared by every
    recognizer that looks at the same note (Presidio calls them one after another with the
    same string): one casefold and one substring search per requirement a note, not one per
    recognizer. Per thread, since the flow's chunk threads share the recognizers."""
    last = _LAST_NOTE.__dict__
    if last.get("text") is not text:
        last["text"], last["folded"], last["memo"] = text, text.casefold(), {}
    return last["folded"], last["memo"]


class DataRecognizer(EntityRecognizer):
    """A Presidio recognizer driven by ``DATA_FILE`` (YAML beside the subclass's module)."""

    DATA_FILE = ""
    MODULE_FILE = __file__

    def __init__(self, spec: dict | None = None, profile: str = DEFAULT_PROFILE):
        self.spec = spec if spec is not None else load_data(self.data_path())
        self.profile = profile
        self.patterns = compile_patterns(self.spec, profile)
        labels = sorted({p.label for p in self.patterns}) or ["OTHER_ID"]
        super().__init__(supported_entities=labels, name=type(self).__name__, supported_language="en")

    @classmethod
    def data_path(cls) -> Path:
        return data_file(cls.MODULE_FILE, cls.DATA_FILE)

    def load(self) -> None:  # patterns are compiled in __init__
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
        results = []
        for candidate in self.candidates(text):
            results.append(candidate)
        return results

    def active_patterns(self, text: str):
        """The patterns that may match ``text``: a pattern none of whose required strings
        occurs in the note is skipped (prefilter.py; a few substring searches instead of a
        regex tried at every position)."""
        folded, memo = _folded(text)
        return [p for p in self.patterns if may_match(p.needs, folded, memo)]

    def candidates(self, text: str):
        for pattern in self.active_patterns(text):
            for match in pattern.pattern.finditer(text, overlapped=pattern.overlapped):
                start, end = self._phi_bounds(match)
                if pattern.refine and start < end:
                    refined = getattr(self, f"refine_{pattern.refine}")(text, start, end)
                    if refined is None:
                        continue
                    start, end = refined
                if start >= end:
                    continue
                score = self._score(pattern, text, start, end)
                if score <= 0 or not self._accept(pattern, text, start, end):
                    continue
                if pattern.deny and self._deny_list().vetoes(text[start:end], cued=pattern.deny == "cued"):
                    continue  # here, before Presidio's de-duplication can trade it for a kept span
                yield self._result(pattern, start, end, score)

    def _result(self, pattern: CompiledPattern, start: int, end: int, score: float | None = None):
        return RecognizerResult(
            entity_type=pattern.label, start=start, end=end, score=pattern.score if score is None else score,
            recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: f"{self.name}.{pattern.name}",
                                  "deny": pattern.deny})

    def _deny_list(self):
        if not hasattr(self, "_deny"):
            from deid.deny import DenyList

            self._deny = DenyList()
        return self._deny

    @staticmethod
    def _phi_bounds(match) -> tuple[int, int]:
        if "phi" in match.re.groupindex and match.start("phi") >= 0:
            return match.start("phi"), match.end("phi")
        return match.start(), match.end()

    @staticmethod
    def _score(pattern: CompiledPattern, text: str, start: int, end: int) -> float:
        if pattern.context is None:
            return pattern.score
        window = text[max(0, start - pattern.before):start] + " " + text[end:end + pattern.after]
        return pattern.score if pattern.context.search(window) else pattern.score_without

    def _accept(self, pattern: CompiledPattern, text: str, start: int, end: int) -> bool:
        if pattern.not_followed_by is not None and pattern.not_followed_by.match(text, end):
            return False
        if pattern.not_preceded_by is not None and pattern.not_preceded_by.search(text[max(0, start - 30):start]):
            return False
        if pattern.validate:
            return getattr(self, f"validate_{pattern.validate}")(text[start:end])
        return True
