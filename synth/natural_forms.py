"""A code's title in the word order a clinician writes it: "Pain in right hip" -> "right hip
pain", "Malignant neoplasm of prostate" -> "prostate cancer", "Secondary malignant neoplasm of
bone" -> "bone metastases", "Neoplasm of unspecified behavior of bladder" -> "bladder tumor".

Each rule is the Alphabetic Index's own reading (Pain, hip -> M25.55-; Cancer -> see Neoplasm,
malignant, by site; Metastasis -> see Neoplasm, secondary, by site; Tumor -> see Neoplasm,
unspecified behavior, by site), so the form names the same code. The term index adds the forms
at variant priority and keeps only those naming one code; the generator writes them and the
labeller reads them back. A site that is not a plain anatomical phrase ("other", "overlapping",
"ill-defined", "unspecified site", a comma left after cleaning) gives no form.
"""

from __future__ import annotations

import re

# pattern of the title -> templates of the natural forms ({site} = the cleaned site)
RULES: list[tuple[re.Pattern, tuple[str, ...]]] = [
    (re.compile(r"^Pain in (?P<site>.+)$"), ("{site} pain",)),
    (re.compile(r"^Malignant neoplasm of (?P<site>.+)$"), ("{site} cancer", "cancer of the {site}")),
    (re.compile(r"^Secondary malignant neoplasm of (?P<site>.+)$"), ("{site} metastases", "metastatic disease to the {site}")),
    (re.compile(r"^Neoplasm of unspecified behavior of (?P<site>.+)$"), ("{site} tumor",)),
]
_NOT_A_SITE = re.compile(r"\b(other|overlapping|ill-defined|lesions?|sites?|unspecified side|multiple|NEC|NOS|"
                         r"connective|organs?|systems?|parts?|and|or|with|without|not)\b|[,;()\[\]]", re.IGNORECASE)
# cleaned away before the site is judged: "unspecified kidney, except renal pelvis" -> "kidney"
_EXCEPT = re.compile(r",\s*except\b.*$", re.IGNORECASE)
_AND_MORE = re.compile(r"\s+and\s+.*$", re.IGNORECASE)  # "liver and intrahepatic bile duct" -> "liver"
_UNSPECIFIED = re.compile(r"\bunspecified\s+", re.IGNORECASE)


def _site(raw: str, first_of_and: bool) -> str | None:
    site = _UNSPECIFIED.sub("", _EXCEPT.sub("", re.sub(r",\s*unspecified$", "", raw.strip()))).strip()
    if first_of_and:
        site = _AND_MORE.sub("", site)
    if not site or len(site.split()) > 3 or _NOT_A_SITE.search(site):
        return None
    return site[0].lower() + site[1:] if not site[:2].isupper() else site


def natural_forms(title: str) -> list[str]:
    """The clinician's word orders of ``title`` (none when no rule applies)."""
    for pattern, templates in RULES:
        match = pattern.match(title)
        if match:
            # a metastasis is named by the first organ of "liver and intrahepatic bile duct"
            site = _site(match.group("site"), first_of_and="Secondary" in pattern.pattern)
            if not site:
                return []
            # "base of tongue cancer" reads badly: a site with "of" only follows its noun
            return [t.format(site=site) for t in templates if " of " not in site or not t.startswith("{site}")]
    return []
