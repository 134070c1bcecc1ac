"""Corpus stages at scale: clustering, identities and actions on 10k-100k articles.

Usage: .venv/bin/python bench/scale.py --source-db A.db [--source-db B.db ...]
       [--sizes 10000,30000,100000] [--json]

The per-article stages are measured by bench/throughput.py; this script times
the corpus stages alone. It reads the analyses of one or more databases made by
``storyline analyze`` (real corpora, analysed once: e.g. the whole of Timeline17
from bench/eval_timeline17_stories.py and the ukraine-media corpus), pools
them (ids prefixed by the source's index when there are several), then builds
corpora of each size by cloning the pool with every date shifted by whole
years (clone k: +k years; ids, copies and events renamed), so that clones are
distinct events of the same kind, as a long-running corpus would hold.
Undated articles of the sources are left out (a clone of an undated article is
the same article again).

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

Clustering is timed both by the wall clock and by the process's CPU time
(``time.process_time``): on a machine shared with other jobs the wall time
of the two sizes is taken under different loads, the CPU time much less so.
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
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from storyline.cluster import ClusterDoc


def _shift(day: date | None, years: int) -> date | None:
    if day is None or not years:
        return day
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _shift_ref(value: str, years: int) -> str:
    """A resolved date value ("2010-09-10", "2010-09", "2010") shifted by whole years."""
    if not years or not value[:4].isdigit():
        return value
    return f"{int(value[:4]) + years:04d}{value[4:]}"


@dataclass
class _Source:
    """The stored analyses of one or more databases, ready to clone."""

    docs: list[ClusterDoc] = field(default_factory=list)
    stats: dict[tuple[str, str, str], int] = field(default_factory=dict)
    actions: list[tuple[str, str | None, str | None, str | None]] = field(default_factory=list)
    total: int = 0
    per_db: list[dict[str, object]] = field(default_factory=list)


def load_sources(dbs: list[Path]) -> _Source:
    """Read every source database; ids are prefixed by the source's index when there are several.

    Undated articles are left out (a clone of an undated article is the same
    article again); a copy of a left-out article becomes an original.
    """
    from storyline.pipeline import _cluster_docs
    from storyline.store import Store

    out = _Source()
    for j, db in enumerate(dbs):
        prefix = f"s{j}/" if len(dbs) > 1 else ""
        with Store.open(db) as store:
            base = [replace(d, event=None, story=None) for d in _cluster_docs(store)]
            for s in store.name_stats():
                key = (s.name, s.label, s.surface)
                out.stats[key] = out.stats.get(key, 0) + s.count
            actions = [
                (prefix + r["article"], r["date"], r["actor"], r["target"])
                for r in store.execute("SELECT article, date, actor, target FROM actions")
            ]
        kept = {d.id for d in base if d.date is not None}
        out.actions.extend(a for a in actions if a[0][len(prefix) :] in kept)
        out.total += len(base)
        out.per_db.append({"db": str(db), "articles": len(base), "dated": len(kept)})
        out.docs.extend(
            replace(
                d,
                id=prefix + d.id,
                duplicate_of=prefix + d.duplicate_of if d.duplicate_of in kept else None,
            )
            for d in base
            if d.id in kept
        )
    return out


def clone(docs: list[ClusterDoc], size: int) -> tuple[list[ClusterDoc], int]:
    """``size`` articles: the source, then copies with every date shifted by k years."""
    clones = -(-size // len(docs))
    out: list[ClusterDoc] = []
    for k in range(clones):
        suffix = f"~{k}" if k else ""
        for d in docs:
            if len(out) == size:
                break
            out.append(
                replace(
                    d,
                    id=d.id + suffix,
                    date=_shift(d.date, k),
                    refs=tuple(_shift_ref(v, k) for v in d.refs),
                    duplicate_of=(d.duplicate_of + suffix) if d.duplicate_of else None,
                )
            )
    return out, clones


def run_one(dbs: list[Path], size: int) -> dict[str, object]:
    from storyline.cluster import cluster_with_evidence
    from storyline.entities import NameStat, resolve_identities

    source = load_sources(dbs)
    n0 = len(source.docs)
    docs, clones = clone(source.docs, size)
    loaded_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    started, cpu_started = time.perf_counter(), time.process_time()
    result = cluster_with_evidence(docs, full=True)
    t_cluster = time.perf_counter() - started
    cpu_cluster = time.process_time() - cpu_started

    started = time.perf_counter()
    scaled = [
        NameStat(name=name, label=label, count=count * clones, surface=surface)
        for (name, label, surface), count in sorted(source.stats.items())
    ]
    identities = resolve_identities(scaled)
    t_identities = time.perf_counter() - started

    started = time.perf_counter()
    timeline: list[tuple[str, str, str | None, str | None]] = []
    for k in range(clones):
        for article, day, actor, target in source.actions:
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
        "sources": source.per_db,
        "source_articles": n0,
        "source_total": source.total,
        "clones": clones,
        "events": len(result.events),
        "stories": len(result.stories),
        "entities": len(identities.entities),
        "actions": len(timeline),
        "cluster_s": t_cluster,
        "identities_s": t_identities,
        "actions_s": t_actions,
        "cluster_ms_per_article": 1000 * t_cluster / size,
        "cluster_cpu_s": cpu_cluster,
        "cluster_cpu_ms_per_article": 1000 * cpu_cluster / size,
        "identities_ms_per_article": 1000 * t_identities / size,
        "actions_ms_per_article": 1000 * t_actions / size,
        "loaded_mb": loaded_mb,
        "peak_mb": peak_mb,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--source-db",
        "--db",
        dest="dbs",
        type=Path,
        action="append",
        required=True,
        help="a database made by analyze (repeat for several sources)",
    )
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    missing = [db for db in args.dbs if not db.is_file()]
    if missing:
        print(f"scale: no database at {', '.join(map(str, missing))}; skipped")
        return 0
    if args.one:
        print(json.dumps(run_one(args.dbs, args.one)))
        return 0
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        sources = [a for db in args.dbs for a in ("--source-db", str(db))]
        done = subprocess.run(
            [sys.executable, __file__, *sources, "--one", str(size)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            sys.stderr.write(done.stderr)
            raise SystemExit(f"scale: the {size}-article run failed")
        row = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"{row['size']:>7} articles ({row['clones']} clones of {row['source_articles']} dated"
            f" of {row['source_total']}): clustering {row['cluster_s']:.1f}s"
            f" ({row['cluster_ms_per_article']:.2f} ms/article; CPU {row['cluster_cpu_s']:.1f}s,"
            f" {row['cluster_cpu_ms_per_article']:.2f} ms/article; {row['events']} events,"
            f" {row['stories']} stories), identities {row['identities_s']:.2f}s"
            f" ({row['entities']} entities), actions {row['actions_s']:.2f}s"
            f" ({row['actions']} actions); loaded {row['loaded_mb']:.0f} MB,"
            f" peak {row['peak_mb']:.0f} MB",
            flush=True,
        )
    if len(rows) > 1:
        first = rows[0]
        for row in rows[1:]:
            ratio = float(row["cluster_ms_per_article"]) / float(first["cluster_ms_per_article"])
            cpu = float(row["cluster_cpu_ms_per_article"]) / float(
                first["cluster_cpu_ms_per_article"]
            )
            print(
                f"per-article clustering cost at {row['size']} / at {first['size']}: {ratio:.2f}x"
                f" wall, {cpu:.2f}x CPU"
            )
    if args.json:
        print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
