"""Drug names a note can mention, so a plan agrees with the medication list: a plan that keeps,
raises or holds a drug ("Increase sertraline") names one the list carries, and a plan that
starts one never names a second drug of a class already on the list.

The names come from the orders clinical.yaml gives per condition, the medications anyone may
take (banks/meds.yaml default) and the drug classes of banks/meds.yaml.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache

from synth.generate import banks, grammar
from synth.generate.clinical_data import clinical

_DRUG = re.compile(r"^[^\d]*")  # the drug name of an order: everything before the dose
# a plan that begins a drug may name one not yet on the list
_STARTS = re.compile(r"\b(start|started|starting|begin|trial|offer|offered|add|added|prescribe|prescribed|"
                     r"give|given|consider|switch)\b", re.IGNORECASE)
# a plan that begins a drug ("start", "add") says so of one not on the list; "continue",
# "increase" ... keep or change a listed one
BEGINS = re.compile(r"\b(start|started|starting|begin|initiate|initiated|add|added|prescribe|prescribed)\b", re.IGNORECASE)
KEEPS = re.compile(r"\b(continue|continued|increase|uptitrate|titrate|resume|restart|hold|reduce|refill)\b", re.IGNORECASE)
# first words of an order that name a form or a family, not one drug
_GENERIC_FIRST_WORDS = {"insulin", "sodium", "potassium", "calcium", "magnesium", "supplemental", "artificial",
                        "polyethylene", "ferrous", "lozenges", "folic",
                        # "vitamin E", "saline nasal spray", "prenatal vitamin", "nicotine patch": a plan's
                        # "vitamin D", "saline irrigation", "prenatal vitamins" or "nicotine dependence"
                        # is not the listed drug
                        "vitamin", "saline", "hypertonic", "prenatal", "dextrose", "lactated", "nicotine"}


def order_drug(order: str) -> str:
    """'metoprolol succinate 25 mg PO daily' -> 'metoprolol succinate'."""
    return _DRUG.match(order).group(0).strip().lower()


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict[str, str], re.Pattern]:
    """(drug name -> its class or itself, one pattern matching any name as whole words)."""
    meds = banks.load("meds")
    orders = [o for group in clinical()["meds_by_code"].values() for o in group]
    orders += meds["default"]
    rng = random.Random(0)  # several expansions reach the alternatives inside braces
    names = {order_drug(grammar.expand(o, rng)) for o in orders for _ in range(12)}
    classes = {name: cls for cls, members in meds["classes"].items() for name in members}
    table = {n: classes.get(n, classes.get(n.split()[0], n)) for n in names if len(n) > 3}
    table.update(classes)
    table.update({name.lower(): cls for name, cls in meds.get("class_names", {}).items()})
    for name in list(table):  # 'metoprolol succinate' is also said 'metoprolol'; 'IV', 'insulin' stay generic
        first = name.split()[0]
        if len(first) >= 6 and first not in _GENERIC_FIRST_WORDS:
            table.setdefault(first, table[name])
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, table), key=len, reverse=True)) + r")\b",
                         re.IGNORECASE)
    return table, pattern


def drug_class(name: str) -> str:
    table, _ = _vocabulary()
    name = name.lower()
    return table.get(name, table.get(name.split()[0], name)) if name else name


def named(text: str) -> list[str]:
    """The known drug names ``text`` mentions."""
    return [m.group(1).lower() for m in _vocabulary()[1].finditer(text)]


def spares_list(text: str, listed: list[str]) -> bool:
    """An allergy line names no drug the list carries nor one of a listed drug's class."""
    listed_classes = {drug_class(d) for d in listed}
    return not any(drug_class(drug) in listed_classes for drug in named(text))


def _class_words() -> set[str]:
    return {name.lower() for name in banks.load("meds").get("class_names", {})}


def fits_list(text: str, listed: list[str]) -> bool:
    """A plan agrees with the medication list ``listed`` (drug names of its orders): a drug or
    class it keeps or changes is on the list; one it starts is not (no "add amlodipine" beside
    amlodipine), nor a second of a listed class."""
    on_list = {d.lower() for d in listed} | {d.lower().split()[0] for d in listed if d}
    listed_classes = {drug_class(d) for d in listed}
    starts = bool(_STARTS.search(text))
    begins = bool(BEGINS.search(text)) and not KEEPS.search(text)
    for drug in named(text):
        if drug in on_list:
            if begins:
                return False  # "add amlodipine" beside amlodipine 10 mg daily
            continue
        if drug in _class_words():  # "ACE inhibitor", "statin"
            if (drug_class(drug) in listed_classes) == starts:
                return False  # starting a class already taken, or keeping one not taken
        elif drug_class(drug) in listed_classes or not starts:
            return False  # another drug of a listed class, or kept/changed without being listed
    return True
