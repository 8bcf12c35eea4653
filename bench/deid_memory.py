"""Does a detecting worker's memory stay flat as an export grows? RSS and the spaCy vocabularies
while the first pass and the verification pass run over N *distinct* notes, chunk by chunk.

    python -m bench.deid_memory --notes 3000                  # with memory zones (the product)
    python -m bench.deid_memory --notes 3000 --no-zones       # without: every new word stays

bench.scale replicates a few hundred notes, so after the first copy no note brings a new word;
here every note is a different generated note (`chartforge demo-data` with --patients, or
--export FILE), so names, dates and numbers keep coming as in a real export. The detectors are
built as the flow builds them (deid.pipeline_steps). Per chunk it prints the resident set size,
the strings in the NER pipeline's and the learned model's vocabularies, and the CPU seconds;
then a least-squares slope over the second half of the run (after the warm-up) in strings and
MB per 1,000 notes, and RSS extrapolated linearly to --extrapolate notes. A slope of ~0 strings
is what lets a worker run a million notes; RSS moves by a few MB either way with glibc's heap,
so its slope is read over many chunks. Beside RSS it prints the bytes the C heap has in use
(glibc's ``mallinfo2``: what malloc handed out and was not freed, all arenas and mmap'd blocks,
without the freed-but-kept pages that move RSS) and the Python objects alive (pymalloc's small
blocks, after a ``gc.collect()``): a store that grows with every note shows in their slopes long
before RSS has a readable one. Prints counts, never note text.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import json
import sys
import tempfile
import time
from pathlib import Path


def _slope(xs: list[float], ys: list[float]) -> float:
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / spread if spread else 0.0


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]


def _heap_reader():
    """A function returning the C heap's bytes in use (MB), or None off glibc (< 2.33)."""
    try:
        mallinfo2 = ctypes.CDLL("libc.so.6").mallinfo2
    except (OSError, AttributeError):
        return None
    mallinfo2.restype = _MallInfo2

    def in_use() -> float:
        info = mallinfo2()
        return (info.uordblks + info.hblkhd) / 1e6
    return in_use


def _texts(args, workdir: Path) -> list[str]:
    if args.export:
        source = Path(args.export)
    else:
        from bench.ingest import demo_records

        return [row["text"] for row in demo_records(workdir, args.patients, args.seed, None)][:args.notes]
    with open(source, encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()][:args.notes]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=3000)
    parser.add_argument("--patients", type=int, default=800, help="demo patients generated (~6.8 notes each)")
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--export", help="a JSONL export to read instead of generating one ({'text': ...} rows)")
    parser.add_argument("--chunk", type=int, default=250, help="notes per batch (the flow's chunk_notes)")
    parser.add_argument("--no-zones", action="store_true", help="no spaCy memory zones (the behaviour before them)")
    parser.add_argument("--extrapolate", type=int, default=1_000_000)
    args = parser.parse_args(argv)

    import psutil

    from chartforge.config import get_config
    from chartforge.offline import configure_offline_environment

    configure_offline_environment()
    if args.no_zones:
        import deid.detect
        import deid.learned.model

        def no_zone(nlp, notes):
            return contextlib.nullcontext()

        deid.detect.memory_zone = deid.learned.model.memory_zone = no_zone
    from deid.pipeline_steps import _detector

    with tempfile.TemporaryDirectory(prefix="chartforge-bench-deid-memory-") as tmp:
        texts = _texts(args, Path(tmp))
    config = get_config()
    first, verify = _detector("phi", config), _detector("verify", config)
    ner = first.nlp_engine.nlp["en"]
    learned = first.learned.nlp if first.learned is not None else None
    process = psutil.Process()
    print(f"{len(texts)} distinct notes, {sum(map(len, texts)) / max(1, len(texts)):.0f} chars/note, "
          f"chunks of {args.chunk}, memory zones {'off' if args.no_zones else 'on'}", flush=True)
    heap = _heap_reader() or (lambda: 0.0)
    print(f"{'notes':>7} {'RSS MB':>8} {'heap MB':>8} {'Py blocks':>10} {'NER strings':>12} {'learned strings':>16} "
          f"{'CPU s':>8}", flush=True)
    rows = []
    started = time.process_time()
    for i in range(0, len(texts), args.chunk):
        part = texts[i:i + args.chunk]
        first.detect_batch(part)
        verify.detect_batch(part)
        gc.collect()  # cyclic garbage waiting for a collection is no growth
        row = (i + len(part), process.memory_info().rss / 1e6, len(ner.vocab.strings),
               len(learned.vocab.strings) if learned is not None else 0, time.process_time() - started,
               heap(), sys.getallocatedblocks())
        rows.append(row)
        print(f"{row[0]:7d} {row[1]:8.0f} {row[5]:8.1f} {row[6]:10d} {row[2]:12d} {row[3]:16d} {row[4]:8.1f}", flush=True)
    tail = rows[len(rows) // 2:]
    if len(tail) < 2:
        print("too few chunks for a slope")
        return 0
    notes = [r[0] / 1000 for r in tail]
    rss, ner_strings, learned_strings, _, heap_mb, blocks = (_slope(notes, [r[k] for r in tail]) for k in range(1, 7))
    print(f"second half ({tail[0][0]}-{tail[-1][0]} notes), per 1,000 notes: RSS {rss:+.1f} MB, heap in use "
          f"{heap_mb:+.2f} MB, Python blocks {blocks:+.0f}, NER strings {ner_strings:+.0f}, learned strings "
          f"{learned_strings:+.0f}")
    print(f"heap in use extrapolated linearly to {args.extrapolate:,} notes: "
          f"{rows[-1][5] + max(0.0, heap_mb) * (args.extrapolate - rows[-1][0]) / 1000:,.0f} MB "
          f"(now {rows[-1][5]:,.0f} MB; RSS now {rows[-1][1]:,.0f} MB)")
    if rss > 0:
        at = rows[-1][1] + rss * (args.extrapolate - rows[-1][0]) / 1000
        print(f"RSS extrapolated linearly to {args.extrapolate:,} notes: {at:,.0f} MB")
    else:
        print("RSS did not grow over the second half (glibc's heap moves it by tens of MB either way: "
              "read the strings' slope, or run more notes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
