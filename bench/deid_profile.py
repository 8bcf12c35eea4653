"""Where the first pass spends its CPU, and whether a speed-up changed any span.

    python -m bench.deid_profile --sets demo,nursing-dev --sample 200            # CPU per part
    python -m bench.deid_profile --sets demo,pii_synth --dump before.json        # span snapshot
    python -m bench.deid_profile --sets demo,pii_synth --compare before.json     # exit 1 on a diff
    python -m bench.deid_profile --sets demo,pii_synth --detector presidio       # the baseline, same notes

Times are CPU seconds of this process (``time.process_time``), so other jobs on a shared box
do not inflate them. ``--profile`` wraps each stage of ``PhiDetector.detect_batch`` (spaCy's
``nlp.pipe`` per component, every recognizer's ``analyze``, the learned model, scrub, name
propagation, the merge) in a CPU timer and prints a table; ``--cprofile N`` adds cProfile's top
N functions (by CPU). A snapshot holds span offsets and labels per note id, never note text;
write it outside the repository (it is derived from dev data, not PHI, but stays out of git).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import json
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path


def _records(sets: list[str], sample: int | None) -> dict[str, list[dict]]:
    from devsets.catalog import load

    return {name: load(name, sample=sample).records for name in sets}


class CpuTimers:
    """CPU seconds per named part, by wrapping callables in place."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)

    def wrap(self, owner, attribute: str, name: str) -> None:
        original = getattr(owner, attribute)
        seconds = self.seconds

        @functools.wraps(original)
        def timed(*args, **kwargs):
            started = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                seconds[name] += time.process_time() - started

        setattr(owner, attribute, timed)


def instrument(detector) -> CpuTimers:
    timers = CpuTimers()
    timers.wrap(detector.nlp_engine, "_doc_to_nlp_artifact", "Presidio NlpArtifacts")
    for recognizer in detector.analyzer.registry.recognizers:
        timers.wrap(recognizer, "analyze", f"recognizer {recognizer.name}")
    timers.wrap(detector.analyzer, "analyze", "analyzer (incl. recognizers)")
    if detector.learned is not None:
        timers.wrap(detector.learned, "spans", "learned model")
    if detector.scrubber is not None:
        timers.wrap(detector.scrubber, "scrub", "scrub")
    timers.wrap(detector.names, "expand", "name propagation")
    import deid.detect

    timers.wrap(deid.detect, "merge_spans", "merge")
    return timers


def component_seconds(detector, texts: list[str], batch_size: int = 32) -> dict[str, float]:
    """CPU seconds of the tokenizer and each enabled spaCy component over ``texts``, run one
    after another outside Presidio (spaCy's compiled components cannot be wrapped in place)."""
    nlp = detector.nlp_engine.nlp["en"]
    seconds = {}
    started = time.process_time()
    docs = [nlp.make_doc(t) for t in texts]
    seconds["spaCy tokenizer"] = time.process_time() - started
    for name, component in nlp.pipeline:
        started = time.process_time()
        docs = list(component.pipe(docs, batch_size=batch_size)) if hasattr(component, "pipe") else [component(d) for d in docs]
        seconds[f"spaCy {name}"] = time.process_time() - started
    return seconds


def detect_all(detector, records: dict[str, list[dict]], chunk: int = 250) -> dict[str, dict[str, list]]:
    out = {}
    for name, notes in records.items():
        found = {}
        for i in range(0, len(notes), chunk):
            part = notes[i:i + chunk]
            for record, spans in zip(part, detector.detect_batch([r["text"] for r in part])):
                found[str(record["id"])] = sorted([s.start, s.end, s.label, s.source] for s in spans)
        out[name] = found
    return out


def compare(before: dict, after: dict) -> list[str]:
    """One line per note whose span set changed (offsets, labels and sources; ids only)."""
    lines = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, {}), after.get(name, {})
        for note_id in sorted(set(old) | set(new)):
            a = {tuple(s) for s in old.get(note_id, [])}
            b = {tuple(s) for s in new.get(note_id, [])}
            if a != b:
                lines.append(f"{name} {note_id}: lost {sorted(a - b)} gained {sorted(b - a)}")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="demo,nursing-dev")
    parser.add_argument("--sample", type=int, default=None, help="notes per set (deterministic subset)")
    parser.add_argument("--detector", choices=("first", "verify", "presidio"), default="first",
                        help="the first pass (default), the verification detector (on the same raw notes) "
                             "or plain Presidio (deid/presidio_baseline.py: the baseline of the speed goals)")
    parser.add_argument("--no-prefilter", action="store_true",
                        help="run every recognizer regex on every note (the baseline of recognizers/prefilter.py)")
    parser.add_argument("--profile", action="store_true", help="CPU seconds per stage and recognizer")
    parser.add_argument("--cprofile", type=int, default=0, help="also print cProfile's top N functions")
    parser.add_argument("--warmup", type=int, default=50,
                        help="notes detected before timing (a long run's spaCy vocabulary is warm)")
    parser.add_argument("--dump", default=None, help="write the span snapshot here")
    parser.add_argument("--compare", default=None, help="compare with this snapshot; exit 1 on a difference")
    args = parser.parse_args(argv)

    from chartforge.offline import configure_offline_environment

    configure_offline_environment()
    started = time.process_time()
    if args.detector == "presidio":  # built before chartforge's recognizers are imported (its docstring)
        from deid.presidio_baseline import PlainPresidio

        detector = PlainPresidio()
    records = _records(args.sets.split(","), args.sample)
    if args.detector == "presidio":
        pass
    elif args.detector == "verify":
        from deid.verify import VerificationDetector

        detector = VerificationDetector({})
    else:
        from deid.detect import PhiDetector

        detector = PhiDetector({})
    load_s = time.process_time() - started
    if args.no_prefilter:
        for recognizer in getattr(detector, "analyzer", None) and detector.analyzer.registry.recognizers or []:
            for pattern in getattr(recognizer, "patterns", []):
                pattern.needs = ()
    warm = [r["text"] for notes in records.values() for r in notes][:args.warmup]
    if warm:
        detector.detect_batch(warm)
    timers = instrument(detector) if args.profile and args.detector == "first" else None
    profiler = cProfile.Profile(time.process_time) if args.cprofile else None
    started = time.process_time()
    if profiler:
        profiler.enable()
    spans = detect_all(detector, records)
    if profiler:
        profiler.disable()
    cpu = time.process_time() - started
    notes = sum(len(r) for r in records.values())
    print(f"{notes} notes ({', '.join(f'{k} {len(v)}' for k, v in records.items())}): load {load_s:.1f} CPU-s, "
          f"detect {cpu:.1f} CPU-s, {cpu / notes * 1000:.1f} CPU-ms/note")
    if timers:
        analyzer = timers.seconds.pop("analyzer (incl. recognizers)")
        recognizers = sum(v for k, v in timers.seconds.items() if k.startswith("recognizer "))
        timers.seconds["Presidio analyze() less recognizers"] = analyzer - recognizers
        timers.seconds["rest (spaCy nlp.pipe, glue)"] = cpu - analyzer - sum(
            v for k, v in timers.seconds.items() if not k.startswith("recognizer ") and not k.startswith("Presidio a"))
        for name, seconds in sorted(timers.seconds.items(), key=lambda kv: -kv[1]):
            print(f"  {name:40s} {seconds:8.2f} s  {seconds / cpu * 100:5.1f}%  {seconds / notes * 1000:7.2f} ms/note")
    if timers:
        texts = [r["text"] for notes in records.values() for r in notes]
        for name, seconds in component_seconds(detector, texts).items():
            print(f"  (separately) {name:27s} {seconds:8.2f} s  {seconds / notes * 1000:7.2f} ms/note")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.cprofile)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.cprofile)
    if args.dump:
        Path(args.dump).write_text(json.dumps(spans))
    if args.compare:
        diff = compare(json.loads(Path(args.compare).read_text()), spans)
        for line in diff[:50]:
            print(line)
        print(f"{len(diff)} notes with a changed span set")
        return 1 if diff else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
