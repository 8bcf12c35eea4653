"""A cheap test that says when a recognizer's regex cannot match a note, derived from the regex.

Most patterns need a literal somewhere: a cue word from a vocab list ("(?i:<<relatives>>)"), a
bracket, "is|was". ``required_literals(pattern)`` reads the regex and returns sets of strings
such that every match contains a string of each set (nothing when it cannot tell), so the
recognizer skips a pattern when a set has none of its strings in the note: a few substring
searches instead of the regex tried at every position.

It must never skip a note the pattern matches (recall), so it only claims what the regex
syntax guarantees and gives up (claims nothing) on anything it does not understand:

* a sequence needs what each of its mandatory parts needs (runs of literal characters, groups
  repeated at least once, positive lookarounds);
* an alternation needs the union of one requirement of each branch (nothing if a branch needs nothing);
* optional parts (``?``, ``*``, ``{0,n}``), negative lookarounds, classes, escapes such as
  ``\\d`` or ``\\p{L}``, back-references and anchors need nothing;
* conditionals, recursion and verbose patterns make it give up.

Case: both the strings and the note are compared casefolded, a superset of the regex module's
case-insensitive matching, so an ``(?i:...)`` part is covered as well.
"""

from __future__ import annotations

import regex

QUANTIFIER = regex.compile(r"\{(\d*)(?:(,)(\d*))?\}")
INLINE_FLAGS = regex.compile(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?(\)|:)")
NAMED_GROUP = regex.compile(r"\(\?P?<(?![=!])\w+>")
MAX_NEEDS = 3  # requirements checked per pattern (each is a few substring searches)
MIN_LENGTH = 2  # shorter words are in almost every note: no use as a filter ("@" is, though)


class Unsupported(Exception):
    pass


class _Parser:
    """Recursive descent over regex syntax, computing requirements only (no matching)."""

    def __init__(self, source: str):
        self.s = source
        self.i = 0

    def parse(self) -> list[frozenset]:
        need = self.alternation()
        if self.i != len(self.s):
            raise Unsupported("unbalanced ')'")
        return need

    # alternation := sequence ('|' sequence)*
    def alternation(self):
        branches = [self.sequence()]
        while self.i < len(self.s) and self.s[self.i] == "|":
            self.i += 1
            branches.append(self.sequence())
        if len(branches) == 1:
            return branches[0]
        best = [_best(b) for b in branches]
        if any(b is None for b in best):
            return []
        return [frozenset().union(*best)]

    def sequence(self) -> list[frozenset]:
        """Every requirement of the sequence (all of them hold for a match)."""
        needs, run = [], []

        def close_run():
            if run:
                needs.append(frozenset(["".join(run)]))
                run.clear()

        while self.i < len(self.s) and self.s[self.i] not in "|)":
            atom, literal = self.atom()
            low = self.quantifier()
            if literal is not None and low is None:
                run.append(literal)
                continue
            close_run()
            if atom and (low is None or low >= 1):
                needs.extend(atom)
        close_run()
        return [n for n in needs if _useful(n)]

    def quantifier(self):
        """The minimum count of the quantifier here (consumed), or None when there is none."""
        if self.i >= len(self.s):
            return None
        c = self.s[self.i]
        if c in "?*+":
            self.i += 1
            low = 1 if c == "+" else 0
        elif c == "{" and (m := QUANTIFIER.match(self.s, self.i)) and (m.group(1) or m.group(3)):
            self.i = m.end()
            low = int(m.group(1) or 0)
        else:
            return None
        if self.i < len(self.s) and self.s[self.i] in "?+":  # lazy or possessive
            self.i += 1
        return low

    def atom(self):
        """(requirement or None, literal character or None) of the atom here (consumed)."""
        c = self.s[self.i]
        if c == "(":
            return self.group(), None
        if c == "[":
            self.char_class()
            return None, None
        if c == "\\":
            return None, self.escape()
        self.i += 1
        if c in ".^$":
            return None, None
        if c == "{":  # a brace that is no quantifier is a literal
            return None, "{"
        return None, c.casefold()

    def escape(self):
        """A literal character for an escaped punctuation mark; None for classes and the rest."""
        if self.i + 1 >= len(self.s):
            raise Unsupported("trailing backslash")
        c = self.s[self.i + 1]
        self.i += 2
        if c.isalnum() or c == "_":
            if c in "pPNxuU" and self.i < len(self.s) and self.s[self.i] == "{":
                end = self.s.find("}", self.i)
                if end < 0:
                    raise Unsupported("unclosed escape")
                self.i = end + 1
            elif c == "g" and self.i < len(self.s) and self.s[self.i] == "<":
                self.i = self.s.index(">", self.i) + 1
            return None
        return c.casefold()

    def char_class(self):
        self.i += 1
        if self.i < len(self.s) and self.s[self.i] == "^":
            self.i += 1
        if self.i < len(self.s) and self.s[self.i] == "]":
            self.i += 1
        while self.i < len(self.s):
            c = self.s[self.i]
            if c == "\\":
                self.i += 2
            elif c == "[" and self.s.startswith("[:", self.i):  # a POSIX class inside a set
                end = self.s.find(":]", self.i + 2)
                if end < 0:
                    raise Unsupported("unclosed POSIX class")
                self.i = end + 2
            elif c == "]":
                self.i += 1
                return
            else:
                self.i += 1
        raise Unsupported("unclosed class")

    def group(self):
        s, i = self.s, self.i
        negative = False
        if s.startswith("(?#", i):
            end = s.find(")", i)
            if end < 0:
                raise Unsupported("unclosed comment")
            self.i = end + 1
            return []
        if s.startswith(("(?:", "(?>", "(?|", "(?=", "(?<="), i):
            self.i = i + (4 if s.startswith("(?<=", i) else 3)
        elif s.startswith(("(?!", "(?<!"), i):
            self.i = i + (4 if s.startswith("(?<!", i) else 3)
            negative = True
        elif m := NAMED_GROUP.match(s, i):
            self.i = m.end()
        elif m := INLINE_FLAGS.match(s, i):
            if "x" in m.group(1).lower() or "V1" in m.group(0):
                raise Unsupported("verbose or version-1 syntax")
            self.i = m.end()
            if m.group(3) == ")":
                return []  # (?i) alone: flags only
        elif s.startswith("(?", i):
            raise Unsupported("conditional, recursion or other group")
        else:
            self.i = i + 1
        need = self.alternation()
        if self.i >= len(s) or s[self.i] != ")":
            raise Unsupported("unclosed group")
        self.i += 1
        return [] if negative else need


def _best(needs: list[frozenset]):
    """The most selective of a conjunction: the longest shortest string, then the fewest."""
    useful = [n for n in needs if _useful(n)]
    if not useful:
        return None
    return max(useful, key=lambda n: (min(map(len, n)), -len(n)))


def _useful(need: frozenset[str]) -> bool:
    return bool(need) and all(len(s) >= MIN_LENGTH or not (s.isalnum() or s.isspace()) for s in need)


def required_literals(source: str, flags: int = 0) -> tuple[frozenset[str], ...]:
    """Sets of casefolded strings such that every match of ``source`` contains a string of
    each set (most selective first); empty when nothing is certain."""
    if flags & regex.VERBOSE:
        return ()
    try:
        needs = _Parser(source).parse()
    except (Unsupported, ValueError):
        return ()
    unique = sorted(set(needs), key=lambda n: (-min(map(len, n)), len(n), sorted(n)))  # deterministic
    return tuple(unique[:MAX_NEEDS])


def may_match(needs: tuple[frozenset[str], ...], folded_text: str, memo: dict | None = None) -> bool:
    """False when a requirement has none of its strings in the casefolded note (``memo``
    shares the answer per requirement between the patterns of one note)."""
    for need in needs:
        found = memo.get(need) if memo is not None else None
        if found is None:
            found = any(s in folded_text for s in need)
            if memo is not None:
                memo[need] = found
        if not found:
            return False
    return True
