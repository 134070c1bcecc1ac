"""Cost of the temporal tagger on top of a pre-computed spaCy parse.

The pipeline parses every article once; ``find_timexes`` then reads that parse.  This
script parses a corpus first (not timed), then times ``find_timexes(text, reference,
doc=parse)`` alone on one core (CPU time of this process) and reports milliseconds per
600-word article and articles per second at that length (issue 3 budget: at most 5 ms,
at least 200 articles/s).

Corpus: the 256 TempEval-3 TBAQ-cleaned documents (../shared/eval/tempeval3) when present,
else the bundled invented samples/articles.  The best of ``--repeat`` runs is reported
(the machine may be shared).

Usage: python bench/dates_cost.py [--repeat 3] [--max-ms 5.0]
Exits 1 when the cost is above --max-ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from storyline.dates import find_timexes  # noqa: E402
from storyline.nlp import get_nlp  # noqa: E402

TBAQ = ROOT.parent / "shared" / "eval" / "tempeval3" / "TBAQ-cleaned"


def corpus() -> tuple[str, list[tuple[str, dt.date | dt.datetime]]]:
    if TBAQ.is_dir():
        import eval_tempeval3 as ev

        docs = [
            ev.read_tml(path, sub)
            for sub in ("TimeBank", "AQUAINT")
            for path in sorted((TBAQ / sub).glob("*.tml"))
        ]
        return "TempEval-3 TBAQ-cleaned", [(d.text, d.dct) for d in docs]
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").rglob("*.txt"))]
    return "samples/*.txt", [(t, dt.date(2025, 8, 1)) for t in texts]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--max-ms", type=float, default=None)
    args = ap.parse_args(argv)
    name, items = corpus()
    nlp = get_nlp()
    t0 = time.perf_counter()
    parses = list(nlp.pipe([text for text, _ in items], batch_size=16))
    parse_s = time.perf_counter() - t0
    words = sum(len(text.split()) for text, _ in items)
    best = float("inf")
    n_found = 0
    for _ in range(max(1, args.repeat)):
        c0 = time.process_time()
        n_found = 0
        for (text, ref), doc in zip(items, parses, strict=True):
            n_found += len(find_timexes(text, reference=ref, doc=doc))
        best = min(best, time.process_time() - c0)
    per_600 = 1000 * best / words * 600
    print(f"corpus: {name}: {len(items)} articles, {words} words, {n_found} expressions")
    print(f"spaCy parse (not part of the cost): {parse_s:.1f} s wall")
    print(
        f"tagger on the parse: {1000 * best / len(items):.2f} CPU ms/article, "
        f"{per_600:.2f} CPU ms per 600 words, {1000 / per_600:.0f} articles/s at 600 words "
        f"(best of {args.repeat})"
    )
    if args.max_ms is not None and per_600 > args.max_ms:
        print(f"cost {per_600:.2f} ms above the budget {args.max_ms:.2f} ms")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
