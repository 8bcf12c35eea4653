"""Note-level name evidence, applied after the recognizers (deid/detect.py).

A recognizer sees one pattern at a time; a name found once is evidence for the rest of the
note. Two general rules (data: data/name_propagation.yaml):

* repetition: every other occurrence of a found name's distinctive word is that name too
  ("Dr. Okafor ... Okafor agrees", "my name is Aantje Mourik but everyone calls me Aantje").
  Only words that are not everyday English words and not deny-listed are carried, so
  "Dr. Day" never makes "Day 3" a name;
* coordination: in a list of capitalised words joined by commas and "and"/"or", a member
  that is a found name vouches for its siblings ("Marrero and Murphy", "Kónya, Becker and
  Vasquez"), as a relative cue would (eponyms do not veto them, abbreviations do). A list of
  three or more dictionary names needs no found member (_dictionary_list).
"""

from __future__ import annotations

import functools

import regex

from deid.deny import DenyList
from deid.names import extended_first_names, extended_last_names
from deid.recognizers.wordlists import in_wordnet, is_common_word
from deid.resources import data_file, load_data
from deid.spans import Span

WORD = regex.compile(r"\p{L}[\p{L}'’\-]*")
SOURCE = "name_propagation"
TITLE = regex.compile(r"\p{Lu}\p{Ll}+(?:['’\-]\p{Lu}?\p{Ll}+)*")


@functools.lru_cache(maxsize=1)
def _settings() -> dict:
    spec = load_data(data_file(__file__, "data/name_propagation.yaml"))
    member = spec["list_member"]
    joiners = "|".join(regex.escape(j) for j in spec["joiners"])
    # a member, then (", " member)*, then [","] joiner member: at least two members. Bounded and
    # possessive: a long "Word, Word, ..." run would otherwise cost quadratic time (a 30 kB run
    # took 80 s)
    more = spec["max_list_members"] - 2
    pattern = regex.compile(
        rf"(?<![\p{{L}}'’\-]){member}(?:[ \t]*,[ \t]*{member}){{0,{more}}}+[ \t]*,?[ \t]+(?:{joiners})[ \t]+{member}"
        rf"(?![\p{{L}}'’\-])", regex.IGNORECASE if spec.get("lists_any_case") else 0)
    return {"list": pattern, "member": regex.compile(member), "min_word": spec["min_word_length"],
            "scores": spec["scores"], "min_dictionary_list": spec["min_dictionary_list"],
            "model_sources": tuple(spec["model_sources"]), "vouching_sources": frozenset(spec["vouching_sources"]),
            "credentials": _credentials(), "min_capitals_word": spec["min_capitals_word"],
            "place_sources": tuple(spec["place_sources"]), "min_place_length": spec["min_place_length"]}


def _credentials() -> frozenset[str]:
    """Credentials next to a name ("Prystupa, LCSW") are not part of it: person_name.yaml's lists."""
    vocab = load_data(data_file(__file__, "recognizers/person_name.yaml"))["vocab"]
    return frozenset(str(w).lower().rstrip(".") for key in ("credentials", "credentials_any_case") for w in vocab[key])


class NamePropagator:
    def __init__(self):
        self.settings = _settings()
        self.deny = DenyList()
        self.first = frozenset(n.lower() for n in extended_first_names())
        self.last = frozenset(n.lower() for n in extended_last_names())

    def expand(self, text: str, spans: list[Span]) -> list[Span]:
        """``spans`` plus the NAME spans repetition and coordination add, and the other
        occurrences of places the rules found (not merged)."""
        names = [s for s in spans if s.label == "NAME"]
        added = self._coordinated(text, names)
        added += self._repeated(text, names + added, spans)
        added += self._repeated_places(text, spans)
        return spans + added

    # -- places ----------------------------------------------------------------------------
    def _repeated_places(self, text: str, spans: list[Span]) -> list[Span]:
        """A place a rule found after a cue is that place wherever the note names it again
        ("transferred from hebrew rehab ... return to hebrew rehab"). Only rule sources
        (a model's guess must not spread), and a one-word place only if it is no everyday word."""
        places = {}
        for span in spans:
            if span.label != "LOCATION" or not span.source.startswith(self.settings["place_sources"]):
                continue
            value = " ".join(text[span.start:span.end].split())
            words = WORD.findall(value)
            if len(value) < self.settings["min_place_length"] or not words or self.deny.vetoes(value):
                continue
            if len(words) == 1 and is_common_word(words[0]):
                continue
            places.setdefault(value.lower(), value)
        added = []
        for lower in places:
            for match in _place_pattern(lower).finditer(text):
                if not any(s.start <= match.start() < s.end or match.start() <= s.start < match.end() for s in spans):
                    added.append(Span(match.start(), match.end(), "LOCATION", self.settings["scores"]["repeated_place"],
                                      f"{SOURCE}.place"))
        return added

    # -- repetition ----------------------------------------------------------------------
    def _distinctive(self, word: str, source: str) -> bool:
        """A word worth carrying: no everyday word, no deny word, no contraction. From the
        statistical model only a dictionary name WordNet does not know ("Rocky Mountain"
        spotted fever and "a Falope ring" are NER slips; a cue recognizer's "Combs" is not);
        not in Title case, only a dictionary name or a word a strong cue vouched for."""
        bare = word[:-2] if word.endswith(("'s", "’s")) else word
        from_model = source.startswith(self.settings["model_sources"])
        if _contraction(bare):
            return False  # a cue pattern swept it in: "I'm Naomi Ryan"
        if len(bare) < self.settings["min_word"] or is_common_word(bare) or self.deny.vetoes(bare) \
                or bare.lower() in self.settings["credentials"]:
            return False
        lower = bare.lower()
        dictionary = lower in self.first or lower in self.last
        if _case(bare) == "title":
            return not from_model or dictionary and not in_wordnet(bare)
        # capitals and lower case prove nothing ("OSA", "HYPOTHYROID", "sister"): carry only
        # dictionary names, or a word a strong cue vouched for ("Patient: MOURIK, AANTJE"),
        # and lower case ones only if WordNet does not know them
        vouched = source in self.settings["vouching_sources"]
        if bare.isupper() and len(bare) < self.settings["min_capitals_word"] and not vouched:
            return False  # "IDA", "OSA": short capitals are abbreviations more often than names
        evidence = dictionary or vouched
        return evidence and not (bare.islower() and in_wordnet(bare))

    def _repeated(self, text: str, names: list[Span], spans: list[Span]) -> list[Span]:
        words = {}
        for span in names:
            for m in WORD.finditer(text, span.start, span.end):
                word = m.group()
                word = word[:-2] if word.endswith(("'s", "’s")) else word
                if self._distinctive(word, span.source):
                    words.setdefault(word.lower(), set()).add(_case(word))
        if not words:
            return []
        taken = sorted((s.start, s.end) for s in spans + names)
        added = []
        for start, end in _occurrences(text, words):
            # the same case shape, or Title case for a name seen in capitals ("SMITH, JOHN"
            # header, "Smith" in the text): "Cap" found once never makes "CAP" a name
            value = text[start:end]
            seen = words[value.lower()]
            shape = _case(value)
            if (shape in seen or shape == "title" and "upper" in seen) and not _overlaps_any(start, end, taken):
                added.append(Span(start, end, "NAME", self.settings["scores"]["repeated"], f"{SOURCE}.repeated"))
        return added

    # -- coordination --------------------------------------------------------------------
    def _coordinated(self, text: str, names: list[Span]) -> list[Span]:
        found = sorted((s.start, s.end) for s in names)
        added = []
        for match in self.settings["list"].finditer(text):
            members = [m for m in self.settings["member"].finditer(text, match.start(), match.end())
                       if not _is_joiner(m.group())]
            seeded = any(_overlaps_any(m.start(), m.end(), found) for m in members
                         if _case(m.group()) == "title" and self._seed(m.group(), m.start(), m.end(), names))
            if seeded:
                keep = [m for m in members if self._sibling(m.group())]
            elif self._dictionary_list(members):
                keep = members
            else:
                continue
            added += [Span(m.start(), m.end(), "NAME", self.settings["scores"]["coordinated"], f"{SOURCE}.coordinated")
                      for m in keep if not _overlaps_any(m.start(), m.end(), found)]
        return added

    def _seed(self, word: str, start: int, end: int, names: list[Span]) -> bool:
        """A found member vouches for its siblings unless only the statistical model found it
        and it is no dictionary name: spaCy calls brand names in a medication list names."""
        sources = [s.source for s in names if s.start < end and start < s.end]
        by_model = all(source.startswith(self.settings["model_sources"]) for source in sources)
        return not by_model or word.lower() in self.first or word.lower() in self.last

    def _sibling(self, word: str) -> bool:
        """A capitalised list member beside a found name that is no everyday word (English
        given names and surnames are not: "Murphy", "Jackson"); eponyms pass (a cue vouches),
        abbreviations and diseases do not. "Wisdom and Discipline" stay words."""
        if _case(word) != "title" or _contraction(word) or self.deny.vetoes(word, cued=True):
            return False
        return not is_common_word(word)

    def _dictionary_list(self, members) -> bool:
        """A list with no found member: 3+ lower-case words that are all given names, one
        unknown to WordNet ("silvana, adam and caleb"), or 3+ capitalised words that are no
        everyday words, two of them dictionary names ("Monjeau, Graves and Reed")."""
        words = [m.group() for m in members]
        if len(words) < self.settings["min_dictionary_list"] or any(self.deny.vetoes(w) for w in words):
            return False
        lower = [w.lower() for w in words]
        if all(w.islower() for w in words):
            return all(w in self.first for w in lower) and any(not in_wordnet(w) for w in lower)
        if all(w[0].isupper() and not w.isupper() and not is_common_word(w) for w in words):
            return sum(w in self.first or w in self.last for w in lower) >= 2
        return False


# A run of name characters where a carried word may start (the lookbehind of a carried word)
RUN = regex.compile(r"(?<![\p{L}'’\-])\p{L}[\p{L}'’\-]*")
ASCII_RUN = regex.compile(r"[A-Za-z'’\-]+")
APOSTROPHE = regex.compile(r"['’]")


def _occurrences(text: str, words: dict) -> list[tuple[int, int]]:
    """(start, end) of every case-insensitive occurrence of a ``words`` key standing alone:
    not inside a longer word, not before a hyphen ("Smith's" counts, "Smith-Jones" does not).

    The same matches as one regex alternation of the words, longest first, with those
    lookarounds, but with no regex compiled per note (compiling cost ~1 ms a note and evicted
    the regex module's cache of the recognizers' patterns). A word starts a run of letters,
    apostrophes and hyphens and can only end where the run ends or an apostrophe follows, so
    each run is checked at those ends, longest first. A run or a word with other than ASCII
    letters (case folding beyond ASCII, "Kónya") goes through the regex, compiled once per
    note only then.
    """
    plain = all(ASCII_RUN.fullmatch(word) for word in words)
    lengths = {len(word) for word in words}
    pattern = None
    found = []
    for run in RUN.finditer(text):
        start, value = run.start(), run.group()
        ends = [len(value)]
        if "'" in value or "’" in value:  # most words have none: no scan of their characters
            ends += [i for i in range(len(value) - 1, 0, -1) if value[i] in "'’"]
        if not lengths.intersection(ends):
            # the regex's case-insensitive matching folds one character to one (simple case
            # folding; no FULLCASE), so a word matches only text of its own length: no word
            # can match here, and the regex need not be compiled for this run
            continue
        if plain and ASCII_RUN.fullmatch(value):
            for end in ends:
                if value[:end].lower() in words:
                    found.append((start, start + end))
                    break
            continue
        if pattern is None:
            pattern = regex.compile(r"(?<![\p{L}'’\-])(?:" + "|".join(
                regex.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?![\p{L}\-])", regex.IGNORECASE)
        match = pattern.match(text, start, run.end())
        if match:
            found.append(match.span())
    return found


@functools.lru_cache(maxsize=4096)
def _place_pattern(lower: str):
    """A place's words with any spacing, standing alone; cached: places recur across notes."""
    return regex.compile(r"(?<![\p{L}\d])" + r"\s+".join(regex.escape(w) for w in lower.split())
                         + r"(?![\p{L}\d])", regex.IGNORECASE)


def _contraction(word: str) -> bool:
    """"I'm", "you're", "don't": an apostrophe after an everyday word."""
    head = APOSTROPHE.split(word, maxsplit=1)
    return len(head) == 2 and (head[0].lower() == "i" or is_common_word(head[0]))


def _case(word: str) -> str:
    """'upper', 'lower', 'title' ("Okafor", "O'Neil-Jones") or 'mixed' ("HFrEF", "McCoy")."""
    if word.isupper():
        return "upper"
    if word.islower():
        return "lower"
    return "title" if word[0].isupper() and word[1:].replace("'", "").replace("’", "").replace("-", "").islower() \
        or TITLE.fullmatch(word) else "mixed"


def _is_joiner(word: str) -> bool:
    return word.lower() in ("and", "or")


def _overlaps_any(start: int, end: int, intervals) -> bool:
    return any(s < end and start < e for s, e in intervals)
