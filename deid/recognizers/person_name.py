"""Person names that clinical context gives away: titles ("Dr. Smith"), clinician cues
("Electronically signed by", "Resident:", "routed to", "RN"), relatives ("pt's daughter
Mary"), header fields ("Patient: DOE, JOHN"), "X is a 45 year old", initials with surnames.

spaCy's NER (ner.py) finds most free-text names; these patterns catch what a small
general-domain model misses in clinical style: ALL CAPS, lower case, "Last, First".
Cue patterns match greedily, then ``refine_*`` keeps only the name-like tokens next to the
cue: a token is name-like when it is not an everyday English word (wordlists.py), or it is
a dictionary surname next to one that is ("Robert Brown"). Titles and credentials end a
name. So "daughter is here" yields nothing and "confirmed with Theodoro and his father"
yields "Theodoro".
"""

from __future__ import annotations

import functools

import regex

from deid.deny import DenyList
from deid.names import extended_first_names, extended_last_names, first_names, last_names
from deid.recognizers.base import DEFAULT_PROFILE, DataRecognizer, alternation, expand
from deid.recognizers.wordlists import in_wordnet, is_common_word
from spacy.lang.en.stop_words import STOP_WORDS

CASED_WORD = regex.compile(r"(?<![\p{L}])\p{L}{2,}")


@functools.lru_cache(maxsize=16)
def _mixed_case(text: str) -> bool:
    """More than one word in twenty starts with a capital: the writer uses capitals, so a name
    would have one (a text in lower case, as many nursing notes are, gives no such evidence)."""
    words = CASED_WORD.findall(text)
    return bool(words) and sum(1 for w in words if w[0].isupper()) > 0.05 * len(words)


TOKEN = regex.compile(r"\p{L}[\p{L}'’\-]*\.?")
DETERMINER_BEFORE = regex.compile(r"(?<![\p{L}])(?i:the|a|an|his|her|my|our|their|your|this|that|its)[ \t]+$")


class PersonNameRecognizer(DataRecognizer):
    DATA_FILE = "person_name.yaml"
    MODULE_FILE = __file__

    def __init__(self, spec=None, profile=DEFAULT_PROFILE):
        super().__init__(spec, profile)
        vocab = self.spec["vocab"]
        self.stop_tokens = {w.lower().rstrip(".") for w in vocab["titles"]}
        # cue words that may repeat before the name: "contact: daughter manya", "RN RN Krisha"
        self.skippable = {w.lower() for w in vocab["relatives"]} | {w.lower().rstrip(".") for w in vocab["credentials"]}
        self.credentials = {w.rstrip(".") for w in vocab["credentials"]}
        self.any_case_credentials = {w.rstrip(".").lower() for w in vocab["credentials_any_case"]}
        self.person_nouns = {w.lower() for w in vocab["person_nouns"]}
        # a staff role written in lower case after a cue is the role, not a person: "per ho",
        # "paged ho", "discussed with resident" (nursing-dev); "per Ho" in capitals stays a name
        self.lower_roles = {w.lower().rstrip(".") for w in vocab["staff_role_cues"] if " " not in w}
        self.first = {n.lower() for n in first_names()}
        self.not_initials = {w.lower() for w in vocab["not_initials"]}
        self.not_order_givers = {w.lower() for w in vocab["not_order_givers"]}
        self.age_subject_nouns = {w.lower() for w in vocab["age_subject_nouns"]} | \
            {w.lower() for w in vocab["patient_cues"] if " " not in w}
        self.deny = DenyList()
        self.last = {n.lower() for n in last_names()}
        # person_name.yaml care_unit: a care unit's letters before a credential ("TICU RN NOTE")
        self.care_unit = regex.compile(expand(self.spec["care_unit"], vocab))
        self.demographic_words = {w.lower() for w in vocab["demographic_words"]}
        self.word_titles = {w.lower() for w in vocab["word_titles"]}
        self.abbreviation_titles = {w.lower() for w in vocab["abbreviation_titles"]}
        self.title_before = regex.compile(
            rf"(?<![\p{{L}}.])(?P<title>{alternation(vocab['titles'])})(?P<dot>\.?)[ \t]+$", regex.IGNORECASE)

    # -- token classification -------------------------------------------------------------
    def _kind(self, token: str, after_initial: bool = False) -> str:
        """'name', 'initial', 'surname' (dictionary name that is also a word: capitalised,
        or right after an initial as in "j. banks") or 'stop'."""
        bare = token.rstrip(".")
        if bare.endswith(("'s", "’s")):
            bare = bare[:-2]
        if not bare:
            return "stop"
        if bare in self.credentials or bare.lower() in self.stop_tokens or bare.lower() in self.any_case_credentials \
                or bare.lower() in self.person_nouns:
            return "stop"
        if bare.islower() and bare in self.lower_roles:
            return "stop"
        if bare.isupper() and len(bare) > 1 and self.deny.vetoes(bare):
            return "stop"  # "per EMS", "per LAD" are not names
        if len(bare) == 1:
            return "initial" if bare.isupper() or token.endswith(".") else "stop"
        if not is_common_word(bare):
            return "name"
        lower = bare.lower()
        if (lower in self.last or lower in self.first) and (bare[0].isupper() or after_initial):
            return "surname"
        return "stop"

    def _tokens(self, text: str, start: int, end: int):
        return [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text, start, end)]

    @staticmethod
    def _span(kept) -> tuple[int, int] | None:
        kinds = [k for _, _, k in kept]
        if "name" not in kinds and kinds.count("surname") < 2:  # "Dean Brown" is a name too
            return None
        first, last = kept[0][0], kept[-1][1]
        return first, last

    def _extend(self, tokens, kept):
        """Append name-like tokens to ``kept`` until the first other token."""
        previous = ""
        for s, e, token in tokens:
            # an undotted capital is an initial only beside a non-capitals word: "A REAL" is
            # not "j. banks"
            after_initial = bool(kept) and kept[-1][2] == "initial" and (previous.endswith(".") or not token.isupper())
            previous = token
            kind = self._kind(token, after_initial=after_initial)
            if kind == "surname" and after_initial:
                kind = "name"  # "j. banks": the initial makes the surname reading certain
            if kind == "stop" or kind == "surname" and not kept:
                break
            kept.append((s, e - 1 if token.endswith(".") and kind != "initial" else e, kind))
        while kept and kept[-1][2] == "initial":
            kept.pop()
        return kept

    def _skip_cue_words(self, tokens):
        while tokens and tokens[0][2].rstrip(".").lower() in self.skippable:
            tokens = tokens[1:]
        return tokens

    def _first_word_vouched(self, tokens, accept) -> tuple[int, int] | None:
        """Keep the first token when ``accept(token)`` says the cue vouches for it, then extend.
        A dictionary first name vouches for a dictionary surname right after it in the same
        case, even one that is an everyday word ("house officer jane doe aware")."""
        if not tokens or not accept(tokens[0][2]):
            return None
        s, e, token = tokens[0]
        kept = [(s, e - 1 if token.endswith(".") else e, "name")]
        rest = tokens[1:]
        if rest and token.rstrip(".").lower() in self.first and self._surname_after_first(token, rest[0][2]):
            kept.append((rest[0][0], rest[0][1], "name"))
            rest = rest[1:]
        kept = self._extend(rest, kept)
        return kept[0][0], kept[-1][1]

    def _surname_after_first(self, first: str, token: str) -> bool:
        from deid.clinical_lexicon import is_clinical_word

        bare = token.rstrip(".")
        lower = bare.lower()
        return len(bare) > 1 and first.islower() == bare.islower() and lower in self.last \
            and lower not in STOP_WORDS and lower not in self.lower_roles and lower not in self.person_nouns \
            and not is_clinical_word(lower) and not self.deny.vetoes(bare)

    def _cut_at_comma(self, text: str, tokens):
        """A name after a cue runs to a comma only when a first name or an initial follows it
        ("per Smith, John"): "per Ho, recheck ptt" is "Ho" and then the order."""
        for i in range(1, len(tokens)):
            if "," in text[tokens[i - 1][1]:tokens[i][0]]:
                bare = tokens[i][2].rstrip(".")
                if not (bare.lower() in self.first or len(bare) == 1 and bare.isalpha()):
                    return tokens[:i]
        return tokens

    def _title_is_a_word(self, text: str, start: int) -> bool:
        """The title before ``start`` is no title: a title word ending a sentence ("your eye
        doctor.  Follow-up visits"); in a text written in mixed case, a title word in lower case is
        a noun ("her usual doctor prescribed"); an abbreviation title without its dot, in capitals
        or before a lower-case word no name list holds, is a clinical abbreviation ("MS Contin",
        "MR imaging", "Nx Mx transitional cell": person_name.yaml); "Dr smith", "Doctor Smith",
        "Ms weber" stay titles."""
        found = self.title_before.search(text, max(0, start - 24), start)
        if found is None:
            return False
        title = found.group("title").rstrip(".")
        dot = bool(found.group("dot")) or found.group("title").endswith(".")
        if dot:
            return title.lower() in self.word_titles
        if not _mixed_case(text):
            return False
        if title.lower() in self.word_titles:
            return title.islower()
        if title.lower() not in self.abbreviation_titles:
            return False
        word = regex.match(r"\p{L}+", text[start:start + 40])
        lower_word = bool(word) and word.group().islower() and word.group() not in self.first \
            and word.group() not in self.last  # "Mx transitional"; "Ms weber" stays
        return title.isupper() or lower_word

    def refine_titled(self, text: str, start: int, end: int):
        """After a title any first word is a name unless it is a stop word or another title
        ("Dr. Day", "Mrs. wood"; "dr to see" yields nothing); then as refine_leading."""
        if self._title_is_a_word(text, start):
            return None

        def accept(token):
            bare = token.rstrip(".")
            return len(bare) >= 2 and bare.lower() not in STOP_WORDS and bare not in self.credentials \
                and bare.lower() not in self.stop_tokens
        return self._first_word_vouched(self._tokens(text, start, end), accept)

    def refine_cued(self, text: str, start: int, end: int):
        """After a strong cue (relative, header field) the first word may be any dictionary
        name even if it is also a word ("brother mark", "Patient: wood, jasmine")."""
        def accept(token):
            bare = token.rstrip(".").lower()
            return bare not in STOP_WORDS and (self._kind(token) == "name" or bare in self.first or bare in self.last)
        tokens = self._cut_at_comma(text, self._skip_cue_words(self._tokens(text, start, end)))
        return self._first_word_vouched(tokens, accept) or self.refine_leading(text, start, end)

    def refine_prose_cued(self, text: str, start: int, end: int):
        """As refine_leading, but in a text written in mixed case a lower-case word after the
        cue is a thing, not a name ("accompanied by intraalveolar bleeding")."""
        tokens = self._skip_cue_words(self._tokens(text, start, end))
        if tokens and tokens[0][2][0].islower() and _mixed_case(text):
            return None
        return self.refine_leading(text, start, end)

    @staticmethod
    def validate_not_binomial(value: str) -> bool:
        """A capital initial and a lower-case word is a binomial ("N. meningitidis", "M. bovis")."""
        return regex.fullmatch(r"\p{Lu}\.[ \t]?\p{Ll}[\p{Ll}\-]+", value) is None

    def refine_leading(self, text: str, start: int, end: int):
        """Keep name-like tokens from the cue onward; stop at the first other token."""
        kept = self._extend(self._cut_at_comma(text, self._skip_cue_words(self._tokens(text, start, end))), [])
        return self._span(kept)

    def refine_age_clause(self, text: str, start: int, end: int):
        """refine_credentialed, unless the word before "is a NN-year-old" is what a clinical
        sentence puts there instead of a name ("Case is a 5-year-old")."""
        tokens = self._tokens(text, start, end)
        if tokens and tokens[-1][2].rstrip(".").lower() in self.age_subject_nouns:
            return None
        return self.refine_credentialed(text, start, end)

    def validate_not_unit(self, value: str) -> bool:
        """No care unit before a credential: "TICU RN NOTE", "micu rn"."""
        return self.care_unit.fullmatch(value.strip().lower()) is None

    def refine_age_subject(self, text: str, start: int, end: int):
        """"Gaba is a 85-year-old woman": the word right before "is a NN-year-old" is the
        patient's name even when it is also a drug, an abbreviation or an everyday word; only
        what a clinical sentence puts there instead of a name is not ("This", "She", "Patient",
        "Mother", "Pt", "Case"). Dictionary names before it join as in refine_credentialed."""
        tokens = self._tokens(text, start, end)
        if not tokens:
            return None
        s, e, token = tokens[-1]
        bare = token.rstrip(".").lower()
        if len(bare) < 2 or bare in STOP_WORDS or bare in self.person_nouns or bare in self.skippable \
                or bare in self.stop_tokens or bare in self.any_case_credentials or bare in self.age_subject_nouns:
            return None
        found = self.refine_credentialed(text, start, end)
        if found and found[1] >= e - 1:
            return found
        return s, e - 1 if token.endswith(".") else e

    def _kept_backwards(self, text: str, start: int, end: int, reclassify):
        """Name-like tokens walking back from ``end`` until the first "stop" token, as
        (start, end, kind); ``reclassify(kind, before_is_initial, token, token_end, kept)``
        lets the caller's evidence change a token's kind first."""
        kept = []
        tokens = self._tokens(text, start, end)
        for index in range(len(tokens) - 1, -1, -1):
            s, e, token = tokens[index]
            before_is_initial = index > 0 and self._kind(tokens[index - 1][2]) == "initial"
            kind = reclassify(self._kind(token, after_initial=before_is_initial), before_is_initial, token, e, kept)
            if kind == "stop":
                break
            kept.insert(0, (s, e - 1 if token.endswith(".") and kind != "initial" else e, kind))
        return kept

    @staticmethod
    def _noun_after_determiner(text: str, token: str, token_end: int) -> bool:
        """"the physiatrist told him": a lower-case word after a determiner is a noun, not a name."""
        return token.islower() and bool(DETERMINER_BEFORE.search(text, 0, token_end - len(token)))

    def refine_trailing(self, text: str, start: int, end: int):
        """Keep name-like tokens backwards from the end (the name sits before a credential
        or a verb); stop at the first other token."""
        def reclassify(kind, before_is_initial, token, e, kept):
            if self._noun_after_determiner(text, token, e):
                return "stop"
            return "name" if kind == "surname" and before_is_initial else kind

        kept = self._kept_backwards(text, start, end, reclassify)
        while kept and kept[0][2] == "surname" and len(kept) == 1:
            kept.pop(0)
        return self._span(kept)

    def refine_vouched(self, text: str, start: int, end: int):
        """As refine_trailing, but what follows vouches for one capitalised dictionary name: a
        tie after a possessive ("Misty's daughter"), a verb only people do ("Ley began
        writing"); a contraction ("I'm") ends the name, and an eponym that is no given name
        ("Alzheimer's caregiver") is no person."""
        def reclassify(kind, before_is_initial, token, e, kept):
            if regex.search(r"['’](?:m|re|ve|ll|d)$", token, regex.IGNORECASE) or token.lower() in self.skippable:
                return "stop"
            if self._noun_after_determiner(text, token, e):
                return "stop"
            return "name" if kind == "surname" else kind

        kept = self._kept_backwards(text, start, end, reclassify)
        if len(kept) == 1 and self.deny.vetoes(text[kept[0][0]:kept[0][1]]) \
                and text[kept[0][0]:kept[0][1]].lower() not in self.first:
            return None
        return self._span(kept)

    def refine_credentialed(self, text: str, start: int, end: int):
        """As refine_trailing, but the credential after the name vouches for dictionary names
        in any case, everyday-word surnames included ("taylor smith, md", "shaw, MD")."""
        def reclassify(kind, before_is_initial, token, e, kept):
            bare = token.rstrip(".").lower()
            # the credential vouches across spaces, not across a comma: "Occupational Health,
            # Steven Rodgers, MD" keeps only "Steven Rodgers"
            next_start = kept[0][0] if kept else end
            vouched = "," not in text[e:next_start]
            if vouched and kind in ("stop", "surname") and bare not in STOP_WORDS and bare not in self.stop_tokens \
                    and bare not in self.any_case_credentials and bare not in self.person_nouns \
                    and (bare in self.first or bare in self.last):
                return "name"
            return kind

        kept = self._kept_backwards(text, start, end, reclassify)
        while kept and kept[0][2] == "initial" and len(kept) == 1:
            kept.pop(0)
        return self._span(kept)

    def validate_signoff_initials(self, value: str) -> bool:
        """Initials alone on a sign-off line: anything but a credential repeated ("RN RN")."""
        return value.lower() not in self.any_case_credentials and value.lower() not in ("ok", "no")

    def validate_order_giver(self, value: str) -> bool:
        """The one word between "per" and a comma: a dictionary surname or a word no dictionary
        knows, never a rate, a role, a service, a relative, a stop, clinical or deny-listed word."""
        from deid.clinical_lexicon import is_clinical_word

        lower = value.lower()
        if lower in STOP_WORDS or lower in self.not_order_givers or lower in self.lower_roles \
                or lower in self.skippable or lower in self.person_nouns or lower in self.any_case_credentials:
            return False
        if is_clinical_word(lower) or self.deny.vetoes(value, cued=True):
            return False
        return lower in self.last or lower in self.first or not is_common_word(value)

    def validate_initials_word(self, value: str) -> bool:
        """Initials after "signed": no stop word ("signed out"), and three letters no clinical or
        deny-listed word ("signed dnr", "signed ama")."""
        from deid.clinical_lexicon import is_clinical_word

        lower = value.lower()
        if lower in STOP_WORDS or lower in self.any_case_credentials or lower in self.not_initials:
            return False
        return len(value) == 2 or not (is_clinical_word(lower) or self.deny.vetoes(value))

    def refine_closing_initials(self, text: str, start: int, end: int):
        """Letters closing a note are its signer's initials; without a dash, not a stop word, a
        unit or route ("... in the ED", "... no"), nor a three-letter clinical word ("... NPO")."""
        dash = text[max(0, start - 1):start] == "-"
        if not dash and not self.validate_initials_word(text[start:end]):
            return None
        return start, end

    def validate_closing_person(self, value: str) -> bool:
        """A last line with a dictionary first name and a name-like second word: no stop word,
        no clinical or deny-listed word ("will monitor", "grace period" are no signers)."""
        from deid.clinical_lexicon import is_clinical_word

        words = value.split()
        if not self.validate_row_person(value) or len(words) != 2:
            return False
        second = words[1].lower()
        if is_clinical_word(second) or self.deny.vetoes(words[1]) or second in self.person_nouns:
            return False
        return not is_common_word(words[1]) or second in self.last

    def refine_first_name_cued(self, text: str, start: int, end: int):
        """After a weak cue (a consulting service) only a dictionary first name that is no
        clinical or deny-listed word starts a name; a surname may follow it."""
        from deid.clinical_lexicon import is_clinical_word

        def accept(token):
            bare = token.rstrip(".").lower()
            return bare in self.first and bare not in STOP_WORDS and not is_clinical_word(bare) \
                and not self.deny.vetoes(token.rstrip("."))
        return self._first_word_vouched(self._cut_at_comma(text, self._tokens(text, start, end)), accept)

    def validate_row_name(self, value: str) -> bool:
        """'Last, First' at the start of a header row before an identifier: the row layout is
        evidence, so one listed part ("hunt, nathan") does not sink it; both listed does."""
        parts = [p.strip().split()[0] for p in value.split(",", 1) if p.strip()]
        if len(parts) != 2 or all(is_common_word(p) for p in parts) or all(self.deny.vetoes(p) for p in parts):
            return False
        return any(p.lower() in self.first or p.lower() in self.last for p in parts)

    def validate_row_person(self, value: str) -> bool:
        """'First Last' opening a row: the first word is a dictionary first name and no word
        is a stop word ("blood pressure  120/80" is no person)."""
        words = value.split()
        return words[0].lower() in self.first and not any(w.lower() in STOP_WORDS for w in words)

    def validate_block_name(self, value: str) -> bool:
        """The first line of a contact block ("naomi ryan" / "Einojuhani Pyysalo" above a job
        title, an address or a phone): every word a name-like word in any case (no stop word,
        no everyday word unless a dictionary name), with name evidence from the wide
        dictionaries and one word unknown to WordNet, or else all Title case words unknown to
        WordNet."""
        words = [w for w in value.split() if len(w.rstrip(".")) > 1]
        if not 2 <= len(words) <= 3 or self.deny.vetoes(value):
            return False
        if not hasattr(self, "_any_first"):
            self._any_first = frozenset(n.lower() for n in extended_first_names())
            self._any_last = frozenset(n.lower() for n in extended_last_names())
        lower = [w.lower() for w in words]
        if any(w in STOP_WORDS or w in self.person_nouns or w in self.any_case_credentials for w in lower):
            return False
        if any(is_common_word(w) and w not in self.first and w not in self.last for w in words):
            return False
        if lower[0] in self._any_first or any(w in self._any_last for w in lower):
            return any(not in_wordnet(w) for w in words)
        # no dictionary evidence ("Mijail C Adomo"): Title case words WordNet knows none of
        return all(w[0].isupper() and w[1:].islower() and not in_wordnet(w) for w in words)

    def validate_dictionary_name(self, value: str) -> bool:
        """'Last, First': not both everyday words, one a dictionary name; neither a sex or a race
        ("Sex and Race: Male, Caucasian"), no state before the comma ("goes to Texas, Mom has").
        A town before a state code or a country stays: it is a place ("Lincoln, NE")."""
        parts = [p.strip().split()[0] for p in value.split(",", 1) if p.strip()]
        if len(parts) != 2 or all(is_common_word(p) for p in parts) or any(self.deny.vetoes(p) for p in parts):
            return False
        if any(p.lower() in self.demographic_words for p in parts) or _state_name(parts[0]):
            return False
        return any(p.lower() in self.first or p.lower() in self.last for p in parts)


def _state_name(word: str) -> bool:
    """A US state's name ("Texas, Mom has an appointment"); Washington is also a surname."""
    from deid.recognizers.city_state import is_state_name

    return word.lower() != "washington" and is_state_name(word)

