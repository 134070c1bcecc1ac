"""Corpus stages at scale: clustering, identities and actions on 10k-100k articles.

Usage: .venv/bin/python bench/scale.py --db ANALYSED.db [--sizes 10000,30000,100000] [--json]

The per-article stages are measured by bench/throughput.py; this script times
the corpus stages alone. It reads the analyses of a database made by
``storyline analyze`` (real articles: e.g. a Timeline17 sample from
bench/eval_timeline17_stories.py), then builds corpora of each size by
cloning those analyses with every date shifted by whole years (clone k: +k
years; ids, copies and events renamed), so that clones are distinct events of
the same kind, as a long-running corpus would hold. Undated articles of the
source are left out (a clone of an undated article is the same article again).

Each size runs in a fresh process (so that peak memory is its own):

* clustering: :func:`storyline.cluster.cluster_with_evidence` with
  ``full=True`` (the ``recluster`` pass: features, placement, merges, stories,
  evidence) over all the articles;
* identities: :func:`storyline.entities.resolve_identities` over the name
  statistics of the cloned corpus (every clone repeats the source's names, so
  the counts grow and the distinct names do not: the stage depends on distinct
  names);
* actions: the corpus step of actions: each action's actor and target resolved
  to a canonical entity and all actions ordered on the timeline (date, article).

Peak memory is the process's maximum resident set size (``ru_maxrss``) after
the three stages. Per-article cost is the stage time divided by the size.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _shift(day: date | None, years: int) -> date | None:
    if day is None or not years:
        return day
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def run_one(db: Path, size: int) -> dict[str, object]:
    from storyline.cluster import ClusterDoc, cluster_with_evidence
    from storyline.entities import NameStat, resolve_identities
    from storyline.pipeline import _cluster_docs
    from storyline.store import Store

    with Store.open(db) as store:
        base = [replace(d, event=None, story=None) for d in _cluster_docs(store)]
    source_total = len(base)
    if any(d.date is not None for d in base):
        # an undated clone is the same article again: only dated articles make distinct clones
        kept = {d.id for d in base if d.date is not None}
        base = [
            replace(d, duplicate_of=d.duplicate_of if d.duplicate_of in kept else None)
            for d in base
            if d.id in kept
        ]
    with Store.open(db) as store:
        stats = store.name_stats()
        actions = [
            (r["article"], r["date"], r["actor"], r["target"])
            for r in store.execute("SELECT article, date, actor, target FROM actions")
        ]
    n0 = len(base)
    clones = -(-size // n0)
    docs: list[ClusterDoc] = []
    for k in range(clones):
        for d in base:
            if len(docs) == size:
                break
            suffix = f"~{k}" if k else ""
            docs.append(
                replace(
                    d,
                    id=d.id + suffix,
                    date=_shift(d.date, k),
                    duplicate_of=(d.duplicate_of + suffix) if d.duplicate_of else None,
                )
            )
    undated = sum(1 for d in docs if d.date is None)

    started = time.perf_counter()
    result = cluster_with_evidence(docs, full=True)
    t_cluster = time.perf_counter() - started

    started = time.perf_counter()
    scaled = [
        NameStat(name=s.name, label=s.label, count=s.count * clones, surface=s.surface)
        for s in stats
    ]
    identities = resolve_identities(scaled)
    t_identities = time.perf_counter() - started

    started = time.perf_counter()
    timeline: list[tuple[str, str, str | None, str | None]] = []
    for k in range(clones):
        for article, day, actor, target in actions:
            shifted = day
            if day and k:
                shifted = f"{int(day[:4]) + k:04d}{day[4:]}"
            timeline.append(
                (
                    shifted or "",
                    article + (f"~{k}" if k else ""),
                    identities.lookup(actor),
                    identities.lookup(target),
                )
            )
    timeline.sort(key=lambda row: (row[0], row[1]))
    t_actions = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "size": size,
        "source_articles": n0,
        "source_total": source_total,
        "clones": clones,
        "undated": undated,
        "events": len(result.events),
        "stories": len(result.stories),
        "entities": len(identities.entities),
        "actions": len(timeline),
        "cluster_s": t_cluster,
        "identities_s": t_identities,
        "actions_s": t_actions,
        "cluster_ms_per_article": 1000 * t_cluster / size,
        "peak_mb": peak_mb,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", type=Path, required=True, help="a database made by analyze")
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        print(f"scale: no database at {args.db}; skipped")
        return 0
    if args.one:
        print(json.dumps(run_one(args.db, args.one)))
        return 0
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        done = subprocess.run(
            [sys.executable, __file__, "--db", str(args.db), "--one", str(size)],
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"{row['size']:>7} articles ({row['clones']} clones of {row['source_articles']},"
            f" {row['undated']} undated): clustering {row['cluster_s']:.1f}s"
            f" ({row['cluster_ms_per_article']:.2f} ms/article, {row['events']} events,"
            f" {row['stories']} stories), identities {row['identities_s']:.2f}s"
            f" ({row['entities']} entities), actions {row['actions_s']:.2f}s"
            f" ({row['actions']} actions); peak {row['peak_mb']:.0f} MB",
            flush=True,
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        ratio = float(last["cluster_ms_per_article"]) / float(first["cluster_ms_per_article"])
        print(f"per-article clustering cost at {last['size']} / at {first['size']}: {ratio:.2f}x")
    if args.json:
        print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
