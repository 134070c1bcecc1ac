"""Timeline17: does each topic end up as one dominant story?

Usage: .venv/bin/python bench/eval_timeline17_stories.py [--per-collection N] [--db PATH]
       [--data DIR] [--seed S] [--json] [--no-analyze] [--recluster] [--explain N]

Data: ../shared/eval/timeline17/Timeline17/<collection>/articles.tokenized.jsonl.gz
(``id``, ``time`` = publication date, tokenised ``text``). The 17 collections
form 9 topics (news-tls): the 5 bpoil collections, the 3 H1N1, the 2 LibyaWar,
the 2 SyrianCrisis, and EgyptianProtest, Finan, IraqWar, MJ, haiti alone. The
script exits 0 with a message when the data is absent.

What is measured: a random sample of ``--per-collection`` articles per
collection (all with 0), tokenisation undone (spaces before punctuation and
clitics, ``-LRB-``/``-RRB-``), written as one JSONL file (``id`` =
``collection/id``, ``text``, ``published``), analysed with ``storyline analyze``
and exported. Per topic: its dominant story (the story holding most of its
articles) and the share of the topic's articles inside it; per story holding
articles of two or more topics: the topics and counts (a mixed story).

``--explain N`` says, for the N largest mixed stories, what joins the topics:
how many of its events mix topics and the stored evidence of the articles that
joined an event of another topic (rule, score and its parts, shared entities
and terms), and the entity names found in the articles of two or more of its
topics (the bridges between its events at story level).

``--db`` with ``--per-collection 0`` reuses a whole-corpus analysis (e.g. one
made with ``storyline analyze`` on the ``--corpus`` file, ``nice -n 10``).

``--recluster`` (with ``--db``) clusters the stored analyses again in-process,
nothing written: :func:`storyline.cluster.cluster_with_evidence` with
``full=True`` (as ``storyline recluster`` does) over the stored articles, and
scores that result instead of the stored one; the time it took is printed.
Iterate on the clusterer in a minute instead of re-clustering a copy.

``--batches N`` (with ``--recluster``) also clusters the stored analyses as a
daily feed would: the articles in (date, id) order cut into N batches of equal
size, the first clustered in full, each next one placed incrementally on the
previous result (:func:`storyline.cluster.cluster_with_evidence` with
``full=False``, as ``storyline analyze`` does on a database that has
clusters). It prints the same shares and mixes for that result and the BCubed
agreement of its story partition with the full re-cluster's (precision,
recall, F1 over every article, the full re-cluster as the reference).

``--option NAME=VALUE`` (repeatable, with ``--recluster``) sets a clustering
option for the in-process runs (``--option follow_surnames=true``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storyline.cluster import ClusterDoc, Clustering, ClusterOptions

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "timeline17" / "Timeline17"


def topic_of(collection: str) -> str:
    """The news-tls topic of a collection ("bpoil_bbc" -> "bpoil", "H1N1_guardian" -> "h1n1")."""
    return collection.split("_", 1)[0].lower()


_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}


def detokenize(text: str) -> str:
    for token, char in _BRACKETS.items():
        text = text.replace(token, char)
    text = re.sub(r" ([.,:;?!%)\]}])", r"\1", text)
    text = re.sub(r"([(\[{$]) ", r"\1", text)
    text = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    text = text.replace("`` ", '"').replace(" ''", '"')
    return text


def write_corpus(data: Path, per_collection: int, seed: int, out: Path) -> dict[str, str]:
    """Write the sample; returns external id -> topic."""
    topics: dict[str, str] = {}
    rng = random.Random(seed)
    samples: list[list[dict[str, str]]] = []
    for folder in sorted(p for p in data.iterdir() if p.is_dir()):
        path = folder / "articles.tokenized.jsonl.gz"
        if not path.is_file():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as src:
            rows = [json.loads(line) for line in src if line.strip()]
        rows.sort(key=lambda r: str(r["id"]))
        if per_collection and len(rows) > per_collection:
            rows = rng.sample(rows, per_collection)
        records = []
        for row in rows:
            ext = f"{folder.name}/{row['id']}"
            topics[ext] = topic_of(folder.name)
            records.append({"id": ext, "text": detokenize(row["text"]), "published": row["time"]})
        samples.append(records)
    with out.open("w", encoding="utf-8") as fh:
        # round-robin over the collections: an interrupted run still covers every topic
        for k in range(max((len(r) for r in samples), default=0)):
            for records in samples:
                if k < len(records):
                    fh.write(json.dumps(records[k], ensure_ascii=False) + "\n")
    return topics


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--db", type=Path, help="analysed database to reuse (created if absent)")
    parser.add_argument("--per-collection", type=int, default=40, help="0: every article")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--corpus", type=Path, help="keep the JSONL here (reruns resume)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--explain", type=int, default=0, help="explain the N largest mixes")
    parser.add_argument("--no-analyze", action="store_true", help="only read --db")
    parser.add_argument(
        "--recluster", action="store_true", help="cluster --db again in-process (not stored)"
    )
    parser.add_argument("--batches", type=int, default=0, help="also N incremental batches")
    parser.add_argument("--option", action="append", default=[], help="NAME=VALUE (recluster)")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"eval_timeline17_stories: no Timeline17 data at {args.data}; skipped")
        return 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="t17-") as tmp:
        corpus = args.corpus or Path(tmp) / "t17.jsonl"
        topics = write_corpus(args.data, args.per_collection, args.seed, corpus)
        db = args.db if args.db is not None else Path(tmp) / "t17.db"
        if not args.no_analyze and (args.corpus is not None or not db.exists()):
            subprocess.run(
                [sys.executable, "-m", "storyline", "analyze", str(corpus), "--db", str(db), "-q"],
                check=False,
                cwd=ROOT,
            )
        analysed = time.perf_counter() - started
        done = subprocess.run(
            [sys.executable, "-m", "storyline", "export", "--db", str(db), "--format", "json"],
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    export = json.loads(done.stdout)
    if args.recluster:
        if args.db is None:
            print("--recluster needs --db")
            return 2
        options = cluster_options(args.option)
        full = recluster(args.db, options)
        stories = full.stories
        print(f"reclustered in-process in {full.seconds:.1f}s (nothing written)")
        ext_of = {a["id"]: a["external_id"] for a in export["articles"]}
        for a in export["articles"]:
            a["story"] = stories.get(a["id"])
        story_of = {ext_of[i]: st for i, st in stories.items() if ext_of.get(i) in topics}
        if args.batches > 1:
            inc = incremental(args.db, args.batches, options)
            batched = inc.stories
            print(
                f"incremental in {args.batches} date-ordered batches in {inc.seconds:.1f}s:"
                f" {len(set(batched.values()))} stories against {len(set(stories.values()))}"
                f" ({len(set(inc.events.values()))} events against"
                f" {len(set(full.events.values()))}); BCubed P/R/F1 over {len(stories)} articles:"
            )
            for what, pred, ref in (
                ("stories, incremental against full", batched, stories),
                ("events, incremental against full", inc.events, full.events),
                ("stories, incremental against afresh on its events", batched, inc.afresh),
            ):
                print("  {}: {:.3f} / {:.3f} / {:.3f}".format(what, *agreement(pred, ref)))
            by_ext = {ext_of[i]: st for i, st in batched.items() if ext_of.get(i) in topics}
            print("incremental result:")
            report_topics({e: t for e, t in topics.items() if e in by_ext}, by_ext)
            print("full re-cluster:")
    else:
        story_of = {
            a["external_id"]: a["story"] for a in export["articles"] if a["external_id"] in topics
        }
    missing = len(topics) - len(story_of)
    topics = {ext: t for ext, t in topics.items() if ext in story_of}  # an interrupted run
    print(
        f"Timeline17 sample: {len(topics)} articles ({args.per_collection or 'all'} per"
        f" collection, seed {args.seed}), {len(set(topics.values()))} topics;"
        f" {missing} of the sample not in the database;"
        f" {'read' if args.no_analyze else 'analysed'} in {analysed:.0f}s"
    )
    report, mixed_stories = report_topics(topics, story_of)
    if args.explain and mixed_stories:
        if args.recluster:
            print("--explain reads the stored clusters and evidence: not with --recluster")
        elif args.db is None:
            print("--explain needs --db (the temporary database is gone)")
        else:
            explain(args.db, export, topics, mixed_stories, args.explain)
    if args.json:
        print(json.dumps({"topics": report, "mixed_stories": mixed_stories}))
    return 0


def report_topics(
    topics: dict[str, str], story_of: dict[str, str]
) -> tuple[dict[str, object], dict[str, dict[str, int]]]:
    """Print each topic's dominant story and share, and the stories mixing topics."""
    by_topic: dict[str, Counter[str]] = defaultdict(Counter)
    by_story: dict[str, Counter[str]] = defaultdict(Counter)
    for ext, topic in topics.items():
        story = story_of.get(ext) or "none:" + ext
        by_topic[topic][story] += 1
        by_story[story][topic] += 1
    print(f"  {len(by_story)} stories hold the {len(topics)} articles")
    report: dict[str, object] = {}
    for topic in sorted(by_topic):
        counts = by_topic[topic]
        story, n = counts.most_common(1)[0]
        total = sum(counts.values())
        mixed = sorted(t for t in by_story[story] if t != topic)
        report[topic] = {"articles": total, "dominant_share": n / total, "stories": len(counts)}
        also = "; that story also holds " + ", ".join(mixed) if mixed else ""
        print(
            f"  {topic:<16} {n:>4}/{total:<4} = {n / total:.2f} in its dominant story"
            f" ({len(counts)} stories){also}"
        )
    mixed_stories = {s: dict(c) for s, c in by_story.items() if len(c) > 1}
    print(f"stories mixing topics: {len(mixed_stories)}")
    for story, mix in sorted(mixed_stories.items(), key=lambda kv: -sum(kv[1].values())):
        print(f"  {story}: {dict(sorted(mix.items()))}")
    return report, mixed_stories


def cluster_options(pairs: list[str]) -> ClusterOptions:
    """The default clustering options with ``NAME=VALUE`` pairs set (as eval_ecbplus does)."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from eval_ecbplus import parse_options

    options: ClusterOptions = parse_options(pairs)
    return options


def _stored_docs(db: Path) -> list[ClusterDoc]:
    """The stored analyses as clustering input (eval_ecbplus reads them the same way)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from eval_ecbplus import stored_docs

    docs: list[ClusterDoc] = stored_docs(db)[0]
    return docs


@dataclass
class Partition:
    """Article id -> story and article id -> event of one clustering, and its seconds."""

    stories: dict[str, str]
    events: dict[str, str]
    seconds: float
    # incremental runs: the stories placed afresh (full mode) over the same final events
    afresh: dict[str, str] = field(default_factory=dict)


def _partition(result: Clustering, seconds: float) -> Partition:
    return Partition(
        stories={a: st.id for st in result.stories for a in st.articles},
        events={a: ev.id for ev in result.events for a in ev.articles},
        seconds=seconds,
    )


def recluster(db: Path, options: ClusterOptions) -> Partition:
    """A full in-process re-cluster of ``db`` (nothing written)."""
    from storyline.cluster import cluster_with_evidence

    docs = _stored_docs(db)
    started = time.perf_counter()
    result = cluster_with_evidence(docs, full=True, options=options)
    return _partition(result, time.perf_counter() - started)


def incremental(db: Path, batches: int, options: ClusterOptions) -> Partition:
    """``db``'s articles clustered in date-ordered batches.

    The first batch is clustered in full, each next one incrementally on the
    result so far (existing articles keep their event and story). Also places
    the stories afresh over the final events (every article keeps its event, no
    story is kept): the difference between the two is the story level's own
    drift, apart from the events'.
    """
    from datetime import date

    from storyline.cluster import cluster_with_evidence

    docs = sorted(
        (replace(d, event=None, story=None) for d in _stored_docs(db)),
        key=lambda d: (d.date or date.max, d.id),
    )
    size = -(-len(docs) // batches)
    event_of: dict[str, str] = {}
    story_of: dict[str, str] = {}
    started = time.perf_counter()
    for k in range(batches):
        batch = [
            replace(d, event=event_of.get(d.id), story=story_of.get(d.id))
            for d in docs[: (k + 1) * size]
        ]
        # existing assignments first, then the new articles (as update_clusters orders them)
        batch = [d for d in batch if d.event is not None] + [d for d in batch if d.event is None]
        result = cluster_with_evidence(batch, full=k == 0, options=options)
        event_of = {a: ev.id for ev in result.events for a in ev.articles}
        story_of = {a: st.id for st in result.stories for a in st.articles}
    out = _partition(result, time.perf_counter() - started)
    kept = [replace(d, event=event_of[d.id], story=None) for d in docs]
    out.afresh = _partition(cluster_with_evidence(kept, full=False, options=options), 0).stories
    return out


def agreement(pred: dict[str, str], ref: dict[str, str]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 of ``pred`` against ``ref`` over ``ref``'s articles."""
    sys.path.insert(0, str(ROOT / "bench"))
    from eval_ecbplus import bcubed

    return bcubed(pred, ref)


def explain(
    db: Path,
    export: dict[str, Any],
    topics: dict[str, str],
    mixed: dict[str, dict[str, int]],
    top: int,
) -> None:
    """Print what joins the topics of the ``top`` largest mixed stories (see the docstring)."""
    sys.path.insert(0, str(ROOT))
    from storyline.store import Store

    topic_of_id = {a["id"]: topics[a["external_id"]] for a in export["articles"]}
    event_of = {a["id"]: a["event"] for a in export["articles"]}
    names: dict[str, set[str]] = defaultdict(set)
    with Store.open(db) as store:
        for row in store.execute(
            "SELECT m.article, COALESCE(e.name, m.name) AS name FROM mentions m"
            " LEFT JOIN entity_names n ON n.name = m.name AND n.type = m.label"
            " LEFT JOIN entities e ON e.id = n.entity"
            " WHERE m.label IN ('PERSON', 'ORG', 'GPE', 'LOC', 'WEAPON', 'EVENT')"
        ):
            names[row["article"]].add(row["name"])
        evidence = {
            row["article"]: json.loads(row["evidence"])
            for row in store.execute("SELECT article, evidence FROM cluster_evidence")
        }
    members: dict[str, list[str]] = defaultdict(list)
    for a in export["articles"]:
        if a["id"] in topic_of_id and a["story"]:
            members[a["story"]].append(a["id"])
    largest = sorted(mixed, key=lambda s: -sum(mixed[s].values()))[:top]
    for story in largest:
        ids = members[story]
        by_event: dict[str, Counter[str]] = defaultdict(Counter)
        for i in ids:
            by_event[event_of[i] or "none"][topic_of_id[i]] += 1
        mixed_events = {e: c for e, c in by_event.items() if len(c) > 1}
        print(
            f"{story}: {len(ids)} articles, {len(by_event)} events,"
            f" {len(mixed_events)} of them mixing topics"
        )
        rules: Counter[str] = Counter()
        shown = 0
        for event, counts in sorted(mixed_events.items(), key=lambda kv: -sum(kv[1].values())):
            main_topic = counts.most_common(1)[0][0]
            for i in ids:
                if event_of[i] != event or topic_of_id[i] == main_topic:
                    continue
                ev = evidence.get(i, {})
                rules[str(ev.get("rule", "?"))] += 1
                if shown < 5:
                    shown += 1
                    print(
                        f"    {topic_of_id[i]} article in a {main_topic} event ({dict(counts)}):"
                        f" rule {ev.get('rule')}, score {ev.get('score')} (embedding"
                        f" {ev.get('embedding')}, terms {ev.get('terms')}, entities"
                        f" {ev.get('entities')}), date gap {ev.get('date_gap')},"
                        f" shared entities {ev.get('shared_entities', [])[:6]},"
                        f" terms {ev.get('shared_terms', [])[:6]}"
                    )
        if rules:
            print(f"    how the other-topic articles joined those events: {dict(rules)}")
        by_topic: dict[str, Counter[str]] = defaultdict(Counter)
        for i in ids:
            by_topic[topic_of_id[i]].update(names.get(i, ()))
        spread = {
            name: [t for t in sorted(by_topic) if by_topic[t][name]]
            for name in {n for c in by_topic.values() for n in c}
        }
        ranked = sorted(
            (n for n, ts in spread.items() if len(ts) > 1),
            # spread first: the count in the second-largest topic, then the number of topics
            key=lambda n: (
                -sorted(by_topic[t][n] for t in spread[n])[-2],
                -len(spread[n]),
                n,
            ),
        )[:10]
        listed = ", ".join(
            n + " (" + "/".join(f"{t}:{by_topic[t][n]}" for t in spread[n]) + ")" for n in ranked
        )
        print(f"    names in the articles of two or more of its topics: {listed}")


if __name__ == "__main__":
    raise SystemExit(main())
