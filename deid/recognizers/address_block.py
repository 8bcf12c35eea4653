"""The rest of an address after its street: "28245 Puruntie 82 Apt. 595\\n LAPPEENRANTA\\n SK\\n
53650", "Rua do Arenque 1634, Goiânia", "Kiannonkatu 98 Apt. 105, ISHAM, United Kingdom".

A street alone leaks the town and postcode written after it. After a street (found by
street_address.py) this takes, in order:

1. units ("Apt. 595", "Suite 838");
2. comma-separated parts on the same line while each reads as an address part (a town the
   everyday-word filter or the gazetteer accepts, a region code, a postcode, a country; after
   a bare space, with no comma or unit before it, not a town);
3. the short lines below it (data: address_block.yaml): up to the last one that closes an
   address (holds a postcode or names a country), whatever sits between ("LAPPEENRANTA",
   "SK", "nan"); with no closing line, only lines that read as address parts themselves.

A blank line, a "Field:" label, a phone number or an e-mail address ends the block.
"""

from __future__ import annotations

import functools

import regex

from deid.recognizers.base import alternation
from deid.recognizers.countries import country_names, names_country  # noqa: F401 (also read from here)
from deid.resources import data_file, load_data

LINE_PREFIX = r"[ \t>*?]*"  # quoted or bulleted address blocks ("> Suite 292", "??? Zuoz")


@functools.lru_cache(maxsize=1)
def _rules() -> dict:
    spec = load_data(data_file(__file__, "address_block.yaml"))
    postcode = "|".join(f"(?:{p})" for p in spec["postcodes"])
    return {
        "unit": regex.compile(rf"[ \t]*,?[ \t]*(?i:{alternation(spec['units'])})\.?[ \t]*#?[ \t]*"
                              r"[A-Za-z\-]*\d[A-Za-z0-9\-]*(?![\w])"),
        "unit_anywhere": regex.compile(rf"(?<![\w])(?i:{alternation(spec['units'])})\.?[ \t]*#?[ \t]*[A-Za-z\-]*\d"),
        "postcode": regex.compile(rf"(?<![\w\-/.])(?:{postcode})(?![\w\-/]|[.,]\d)"),
        "same_line_part": regex.compile(r"(?:[ \t]*,[ \t]*|[ \t]+)([^\n,;:()?!]{1,45}?)[ \t]*"
                                        r"(?=,|\n|$|[;?!)]|\.(?:\s|$))"),
        "next_line": regex.compile(rf"[ \t]*,?[ \t]*\n{LINE_PREFIX}([^\n]*?)[ \t]*(?=\n|$)"),
        "stoppers": regex.compile(spec["line_stoppers"], regex.IGNORECASE),
        "region_code": regex.compile(r"^,?[ \t]*[A-Z]{2,3}$"),
        "max_chars": spec["max_line_chars"], "max_words": spec["max_line_words"], "max_lines": spec["max_lines"],
        "max_parts": spec["max_same_line_parts"],
        "town_after_street": regex.compile(spec["town_after_street"]),
    }


def _part_end(text: str, start: int, end: int, towns: bool = True, capitalised: bool = False) -> int | None:
    """How far [start, end) reads as a part of an address (None: not at all); ``towns``:
    also a town name, not only a region code, postcode or country; ``capitalised``: also
    capitalised everyday words, the town's place after a street and a comma vouching for
    them ("31 Seneca Place, Marshland")."""
    from deid.recognizers.city_state import place_extent

    rules = _rules()
    part = text[start:end]
    if rules["region_code"].match(part.strip()) or names_country(part):
        return end
    postcodes = list(rules["postcode"].finditer(part))
    if postcodes:  # the address ends at its postcode ("Springfield IL 62704 with his wife") or
        # at the town after it ("00100 Helsinki please")
        code_end = start + postcodes[-1].end()
        rest = code_end + len(text[code_end:end]) - len(text[code_end:end].lstrip())
        town = place_extent(text, rest, end) if text[rest:rest + 1].isupper() else None
        if town is not None or rest >= end:
            return town[1] if town is not None else code_end
        # words after the postcode: after a comma the address ends there; after a bare space
        # it was never one ("HR 100 RR 16 Wt 211 pounds")
        return code_end if towns else None
    if not towns or any(c.isdigit() for c in part):  # "potassium 4.2" is no town
        return None
    place = place_extent(text, start, end)
    if place is None and capitalised and _capitalised_words(part):
        return start + len(part.rstrip(" \t.,;"))
    return place[1] if place is not None else None


def _capitalised_words(part: str) -> bool:
    """One to three capitalised words, none a stop word ("Marshland", "Upper Norwood")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = part.strip(" \t.,;").split()
    return 0 < len(words) <= 3 and all(w[:1].isupper() and w.lower() not in STOP_WORDS for w in words)


def _postcodes(text: str, start: int, end: int) -> list:
    """Postcodes in [start, end), past a unit that opens it ("Apt. 342" holds none)."""
    rules = _rules()
    unit = rules["unit"].match(text, start, end)
    return list(rules["postcode"].finditer(text, unit.end() if unit is not None else start, end))


def _block_line(text: str, position: int):
    """The next line below ``position`` if it is short enough to be an address line."""
    rules = _rules()
    match = rules["next_line"].match(text, position)
    if match is None or not match.group(1).strip():
        return None
    line = match.group(1)
    postcodes = _postcodes(text, match.start(1), match.end(1))
    if postcodes:  # "Hellendoorn, OV 21072 after the concert": the address ends at its postcode
        line = text[match.start(1):postcodes[-1].end()]
    if len(line) > rules["max_chars"] or len(line.split()) > rules["max_words"] or rules["stoppers"].search(line):
        return None
    return match


def address_tail_end(text: str, end: int) -> int:
    """Where the address whose street ends at ``end`` ends (``end`` itself if nothing follows)."""
    rules = _rules()
    position, parts = end, 0
    while parts < rules["max_parts"]:  # units and same-line parts
        parts += 1
        unit = rules["unit"].match(text, position)
        if unit is not None:
            position = unit.end()
            continue
        part = rules["same_line_part"].match(text, position)
        if part is None:
            break
        # a town after a comma or a unit; after a bare space ("24 H VIA FOLEY") only a region,
        # postcode or country
        after_comma_or_unit = "," in part.group(0)[:part.start(1) - part.start()] or position > end
        accepted = _part_end(text, part.start(1), part.end(1), towns=after_comma_or_unit,
                             capitalised=after_comma_or_unit)
        if accepted is None:
            break
        position = accepted
        if accepted < part.end(1):
            return position
    lines, cursor = [], position
    for _ in range(rules["max_lines"]):
        line = _block_line(text, cursor)
        if line is None:
            break
        lines.append((line.start(1), line.end(1)))
        cursor = line.end()
    closing = [i for i, (a, b) in enumerate(lines) if _postcodes(text, a, b) or names_country(text[a:b])]
    if closing:  # up to its last postcode ("DPO AP 70942 in case of an issue")
        a, b = lines[closing[-1]]
        postcodes = _postcodes(text, a, b)
        return postcodes[-1].end() if postcodes else b
    for a, b in lines:
        unit = rules["unit"].match(text, a)
        accepted = unit.end() if unit is not None and unit.end() == b else _part_end(text, a, b)
        if accepted is None:
            break
        position = accepted
        if accepted < b:
            break
    return position


def rest_of_address(text: str, street_end: int, tail_end: int) -> list[tuple[int, int]]:
    """The spans after a street that belong to its address: the tail up to ``tail_end``
    (from address_tail_end) and a town named after it by "in"."""
    spans = [(street_end, tail_end)] if tail_end > street_end else []
    town = town_after_street(text, tail_end)
    return spans + ([town] if town is not None else [])


def town_after_street(text: str, end: int) -> tuple[int, int] | None:
    """The town named after a street ending at ``end`` by "in": "1668 Glyn St street in
    Highveld", "lives at 45 Oak St in Springfield" (a place, or capitalised words that are no
    stop words: the street vouches for them)."""
    from deid.recognizers.city_state import place_extent

    match = _rules()["town_after_street"].match(text, end)
    if match is None:
        return None
    start, stop = match.span(1)
    place = place_extent(text, start, stop)
    if place is not None:
        return place
    return (start, start + len(match.group(1).rstrip(" \t.,;"))) if _capitalised_words(match.group(1)) else None


def confirms_street(text: str, start: int, end: int) -> bool:
    """An address tail [start, end) that proves the words before it are a street: it has a
    unit, or a postcode and a line or part with no digits that reads as a place
    ("\nNicosia\n, NI\n 61089"; "\n2 Metformin 1000" has no such line)."""
    from deid.recognizers.city_state import place_extent

    rules = _rules()
    tail = text[start:end]
    if rules["unit_anywhere"].search(tail):
        return True
    parts = list(regex.finditer(r"[^\n,]+", text, pos=start, endpos=end))
    # a postcode that ends its line or part ("340 12"; "Metformin 1000 mg" has none) ...
    closing = [part for part in parts if (codes := _postcodes(text, part.start(), part.end()))
               and not text[codes[-1].end():part.end()].strip()]
    if not closing:
        return False
    for part in parts:  # ... and a place with no digits: on its own part, or before that postcode
        codes = _postcodes(text, part.start(), part.end())
        place_end = codes[0].start() if codes else part.end()
        words = text[part.start():place_end].strip(" \t>*?")
        if words and not any(c.isdigit() for c in words) and place_extent(text, part.start(), place_end) is not None:
            return True
    return False
