"""``chartforge deid eval --suite``: build the evaluation sets, run every contender, print the table.

The wiring of data (devsets/catalog.py) and detectors (deid/eval_suite.py); ``bench/deid.py``
calls ``run`` too. Prints counts and ratios only.
"""

from __future__ import annotations

import sys
from pathlib import Path

from deid.eval_suite import CONTENDERS, VERIFIER, EvalSet, evaluate_set, load_contenders


def run(set_names: list[str], contenders: dict[str, str], profile: str = "safe_harbor", verify: bool = True,
        sample: int | None = None, data_dir: Path | None = None, demo_seed: int = 101, nursing_notes: int | None = None,
        echo=print, verifier: str = VERIFIER) -> tuple[list[dict], dict[str, str]]:
    """Rows for every (set, contender); sets whose source is missing are skipped with a reason."""
    from tqdm import tqdm

    from chartforge.errors import ChartforgeError
    from devsets import catalog

    kwargs = {"sample": sample, "demo_seed": demo_seed}
    if data_dir is not None:
        kwargs["data_dir"] = data_dir
    if nursing_notes:
        kwargs["nursing_notes"] = nursing_notes
    from chartforge.config import get_config
    from deid.settings import deid_settings, site_lexicon_file

    # the detectors find what the profile counts as PHI ([deid] profile), as they are scored; the
    # site lexicon the configuration names is resolved here and handed down
    lexicon = {"site_lexicon": str(site_lexicon_file(get_config()))}
    detectors = load_contenders(contenders, {**deid_settings(get_config()), "profile": profile, **lexicon})
    verify_pass = load_contenders({"verify": verifier})["verify"] if verify else None
    rows, skipped = [], {}
    for name in set_names:
        try:
            source = catalog.load(name, **kwargs)
        except ChartforgeError as exc:
            skipped[name] = str(exc)
            echo(f"skipped {name}: {exc}")
            continue
        bar = tqdm(total=len(source.records) * len(detectors), desc=name, unit="note", file=sys.stderr, disable=None)
        set_rows = evaluate_set(EvalSet(source.name, source.records, source.label_map, source.has_phi), detectors,
                                profile, verify_pass, progress=lambda _contender, n: bar.update(n))
        for row in set_rows:  # which build of the set (MTSamples: its gold version)
            row["set_description"] = source.description
        rows += set_rows
        bar.close()
    return rows, skipped


def parse_contenders(options: tuple[str, ...], presidio: bool) -> dict[str, str]:
    """The default contenders, minus plain Presidio if not wanted, plus ``NAME=module:Class`` options."""
    chosen = {name: dotted for name, dotted in CONTENDERS.items() if presidio or name != "plain presidio"}
    for option in options:
        name, _, dotted = option.partition("=")
        if not name or ":" not in dotted:
            raise ValueError(f"--contender {option!r}: expected NAME=module:Class")
        chosen[name] = dotted
    return chosen
