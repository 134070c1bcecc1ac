"""Audit the PLOVER action coder on real scraped news (../shared/eval/ukraine-media).

Usage: .venv/bin/python bench/actions_report.py [--texts 200] [--samples 40] [--seed 7]

Reads ``--texts`` articles spread over the outlets' CSV files (``Text`` column,
``Date`` as the reference date), parses them once with the project pipeline,
finds mentions, timexes and actions, and prints per-type counts, how many
actions have an actor, target, place and date, the time per article, and
``--samples`` random actions with their sentence, to judge by hand.  The data
is read at run time and never copied.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import time
from collections import Counter
from pathlib import Path

from storyline.actions import find_actions
from storyline.dates import find_timexes
from storyline.entities import find_mentions
from storyline.model import Action
from storyline.nlp import get_nlp

DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "ukraine-media" / "data"


def _reference(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def read_texts(n: int, seed: int) -> list[tuple[str, str, dt.date | None]]:
    """(outlet, text, date) for ``n`` articles drawn evenly from the outlet files."""
    csv.field_size_limit(1 << 30)
    rng = random.Random(seed)
    files = sorted(DATA.glob("*.csv"))
    per_file = max(1, n // max(len(files), 1) + 1)
    out: list[tuple[str, str, dt.date | None]] = []
    for path in files:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = [r for r in csv.DictReader(fh) if len((r.get("Text") or "").strip()) > 200]
        for row in rng.sample(rows, min(per_file, len(rows))):
            out.append((path.stem, row["Text"].strip(), _reference(row.get("Date") or "")))
    rng.shuffle(out)
    return out[:n]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=200)
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"actions_report: {DATA} is absent; nothing to do", file=sys.stderr)
        return 2
    texts = read_texts(args.texts, args.seed)
    nlp = get_nlp()
    found: list[tuple[str, str, Action]] = []
    seconds = 0.0
    words = 0
    for outlet, text, reference in texts:
        doc = nlp(text)
        timexes = find_timexes(text, reference=reference, doc=doc)
        mentions = find_mentions(doc)
        start = time.perf_counter()
        actions = find_actions(doc, mentions=mentions, timexes=timexes)
        seconds += time.perf_counter() - start
        words += len(doc)
        found += [(outlet, text, a) for a in actions]
    counts = Counter(a.type.value for _, _, a in found)
    print(f"{len(texts)} texts, {words:,} tokens, {len(found)} actions")
    print(f"find_actions: {seconds / max(len(texts), 1) * 1000:.1f} ms/article")
    for name, count in counts.most_common():
        print(f"  {name:10} {count}")
    for field in ("actor", "target", "place", "done_on"):
        have = sum(getattr(a, field) is not None for _, _, a in found)
        print(f"with {field}: {have}/{len(found)}")
    rng = random.Random(args.seed)
    print()
    for k, (outlet, text, a) in enumerate(rng.sample(found, min(args.samples, len(found))), 1):
        sentence = " ".join(a.span.of(text).split())
        date = a.done_on.value if a.done_on else None
        print(f"[{k}] {a.type.value} trigger={a.trigger.of(text)!r} actor={a.actor!r} ", end="")
        print(f"target={a.target!r} place={a.place!r} date={date} ({outlet})")
        print(f"    {sentence}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
