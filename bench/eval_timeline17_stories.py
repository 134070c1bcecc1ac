"""Timeline17: does each topic end up as one dominant story?

Usage: .venv/bin/python bench/eval_timeline17_stories.py [--per-collection N] [--db PATH]
       [--data DIR] [--seed S] [--json]

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
from pathlib import Path

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
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"eval_timeline17_stories: no Timeline17 data at {args.data}; skipped")
        return 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="t17-") as tmp:
        corpus = args.corpus or Path(tmp) / "t17.jsonl"
        topics = write_corpus(args.data, args.per_collection, args.seed, corpus)
        db = args.db if args.db is not None else Path(tmp) / "t17.db"
        if args.corpus is not None or not db.exists():
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
    story_of = {
        a["external_id"]: a["story"] for a in export["articles"] if a["external_id"] in topics
    }
    missing = len(topics) - len(story_of)
    topics = {ext: t for ext, t in topics.items() if ext in story_of}  # an interrupted run
    by_topic: dict[str, Counter[str]] = defaultdict(Counter)
    by_story: dict[str, Counter[str]] = defaultdict(Counter)
    for ext, topic in topics.items():
        story = story_of.get(ext) or "none:" + ext
        by_topic[topic][story] += 1
        by_story[story][topic] += 1
    print(
        f"Timeline17 sample: {len(topics)} articles ({args.per_collection or 'all'} per"
        f" collection, seed {args.seed}), {len(by_topic)} topics, {len(by_story)} stories;"
        f" {missing} of the sample not in the database; analysed in {analysed:.0f}s"
    )
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
    for story, counts in sorted(mixed_stories.items(), key=lambda kv: -sum(kv[1].values())):
        print(f"  {story}: {dict(sorted(counts.items()))}")
    if args.json:
        print(json.dumps({"topics": report, "mixed_stories": mixed_stories}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
