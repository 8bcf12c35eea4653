"""NAME surrogates: token by token, so first and last parts map coherently.

Each name token maps, per patient, to one fake token: "John Smith" -> "Mark Harmon", and then
"Smith" alone, "Mr. Smith", "SMITH, JOHN" and "smith" become "Harmon", "Mr. Harmon",
"HARMON, MARK" and "harmon". The fake token depends only on the real token (not on where it
stands), which is what keeps the parts coherent: a token found in Faker's first-name lists
gets a first name of the same gender, any other token a last name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from faker.providers.person.en_US import Provider as PersonProvider

from deid.surrogates.context import SurrogateContext
from deid.surrogates.shape import match_case, reshape_different

_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*")


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, frozenset[str]]:
    data = yaml.safe_load(Path(__file__).with_name("names.yaml").read_text(encoding="utf-8"))
    return {
        "titles": frozenset(data["titles"]),
        "male": frozenset(n.lower() for n in PersonProvider.first_names_male),
        "female": frozenset(n.lower() for n in PersonProvider.first_names_female),
    }


def titles() -> frozenset[str]:
    """Name titles and credentials ("dr", "md"), lower-case without the dot."""
    return _lexicon()["titles"]


def _gender_pool(token: str) -> str | None:
    lexicon = _lexicon()
    male, female = token in lexicon["male"], token in lexicon["female"]
    if male and not female:
        return "male"
    if female and not male:
        return "female"
    return "first" if male else None


def fake_name_token(real: str, ctx: SurrogateContext) -> str:
    """The patient's fake for one real name token, in the real token's case."""
    token = real.lower()
    if len(token) == 1 or (len(token) == 2 and real.isupper()):  # initials ("J.", "JS"): other letters
        return reshape_different(real, ctx.rng("name-initial", token))
    pool = _gender_pool(token)
    for attempt in range(8):
        faker = ctx.faker("name", token, attempt)
        if pool == "male":
            fake = faker.first_name_male()
        elif pool == "female":
            fake = faker.first_name_female()
        elif pool == "first":
            fake = faker.first_name()
        else:
            fake = faker.last_name()
        if fake.lower() != token:
            break
    return match_case(real, fake)


def surrogate_name(real: str, ctx: SurrogateContext) -> str:
    """Replace every name token of a NAME span; titles, initials' dots and punctuation stay."""
    titles = _lexicon()["titles"]

    def replace(match: re.Match) -> str:
        token = match.group(0)
        if token.lower().rstrip(".") in titles:
            return token
        return fake_name_token(token, ctx)

    return _TOKEN.sub(replace, real)
