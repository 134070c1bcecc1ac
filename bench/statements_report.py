"""Relink the statements of an analysed database and print a sample to judge by hand.

    .venv/bin/python bench/statements_report.py --db news.db [--sample 25] [--seed 4]

Times a full relink (``update_statements(full=True)``), then an incremental pass with
nothing changed, counts statements and how many span several articles, and prints a random
sample of multi-article statements with every wording, for a human to judge whether each is
one utterance.  No gold exists for this; the hand check goes to docs/evaluation.md.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyline.export import statement_records  # noqa: E402
from storyline.pipeline import update_statements  # noqa: E402
from storyline.store import Store  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--sample", type=int, default=25)
    ap.add_argument("--seed", type=int, default=4)
    args = ap.parse_args(argv)
    with Store.open(args.db) as store:
        articles = store.article_count()
        quotes = int(store.execute("SELECT COUNT(*) FROM quotes")[0][0])
        t0 = time.perf_counter()
        update_statements(store, full=True)
        full = time.perf_counter() - t0
        t0 = time.perf_counter()
        update_statements(store, full=False)
        again = time.perf_counter() - t0
        records = list(statement_records(store))
    multi = [r for r in records if len(r["articles"]) > 1]
    sizes = Counter(len(r["articles"]) for r in multi)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{articles} articles, {quotes} quotes, {len(records)} statements")
    print(f"multi-article statements: {len(multi)} (articles per statement: {dict(sizes)})")
    print(f"full relink {full:.2f} s, incremental with nothing changed {again:.2f} s")
    print(f"peak memory {peak:.0f} MB")
    for r in random.Random(args.seed).sample(multi, min(args.sample, len(multi))):
        print(f"\n== {r['id']} {r['speaker']} ({len(r['articles'])} articles, date {r['date']})")
        for v in r["variants"]:
            print(f"   [{v['article'][:8]}] {v['text'][:300]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
