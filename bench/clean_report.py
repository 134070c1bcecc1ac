"""Audit the boilerplate remover on real scraped news (../shared/eval/ukraine-media).

Usage: PYTHONPATH=. .venv/bin/python bench/clean_report.py [--per-outlet 60] [--samples 8]
       [--seed 1]   (PYTHONPATH only while storyline is not pip-installed)

For a sample of articles from a few outlets it prints, per outlet: how many
articles, removals by reason, how often the known leftovers survive cleaning
(BBC footers, Guardian "Related:" teasers and newsletter prompts, AP trailers,
photo credits, "Read more"), the removed stretches that read like prose (at
least 12 words, a lower-case verb form, a final full stop: the candidates for
lost sentences, to audit by hand), a random sample of removed stretches, and the
cleaning time per article.  The data is read at run time and never copied.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

from storyline.clean import clean_text, line_stats

DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "ukraine-media" / "data"
OUTLETS = {
    "BBC": "BBC.csv",
    "Guardian": "Guardian.csv",
    "AP": "AP_via_dailymail_wires.csv",
    "Mirror": "Mirror_with_comments.csv",
    "Express": "Express.csv",
}
# Leftovers that must not survive cleaning (checked on the cleaned text).
LEFTOVERS = {
    "bbc_footer": re.compile(r"© 20\d\d BBC|not responsible for the content of external"),
    "follow_on_social": re.compile(r"\bFollow [^.]{1,60} on (?:Twitter|Facebook|Instagram)"),
    "guardian_related": re.compile(r"(?:^|\s)Related: "),
    "newsletter": re.compile(r"Sign up to [^.]{0,60}newsletter"),
    "ap_trailer": re.compile(r"___|Follow AP.{0,3}s coverage"),
    "photo_credit": re.compile(r"\((?:AP Photo|[^()]{0,60}via AP)[^()]*\)|Photograph: \S"),
    "read_more": re.compile(r"\bRead more\s*$|READ MORE:"),
}
PROSE = re.compile(r"\b[a-z]+(?:ed|s)\b.*\.[\"”’']?$")


def read_rows(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh) if (row.get("Text") or "").strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-outlet", type=int, default=60)
    ap.add_argument("--samples", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if not DATA.is_dir():
        sys.stderr.write(f"clean_report: {DATA} not present; nothing to measure\n")
        return 2
    rng = random.Random(args.seed)
    total_articles = 0
    total_time = 0.0
    total_words = 0
    for outlet, name in OUTLETS.items():
        rows = read_rows(DATA / name)
        stats = line_stats(r["Text"] for r in rows)
        sample = rng.sample(rows, min(args.per_outlet, len(rows)))
        reasons: Counter[str] = Counter()
        before: Counter[str] = Counter()
        after: Counter[str] = Counter()
        prose_like: list[str] = []
        removed_texts: list[str] = []
        for row in sample:
            raw = row["Text"]
            t0 = time.perf_counter()
            cleaned = clean_text(raw, title=row.get("Title") or None, stats=stats)
            total_time += time.perf_counter() - t0
            total_words += len(raw.split())
            for kind, rx in LEFTOVERS.items():
                before[kind] += len(rx.findall(raw))
                after[kind] += len(rx.findall(cleaned.text))
            for rem in cleaned.removed:
                reasons[rem.reason] += 1
                piece = rem.raw.of(raw).strip()
                removed_texts.append(f"[{rem.reason}] {piece}")
                if len(piece.split()) >= 12 and PROSE.search(piece):
                    prose_like.append(f"[{rem.reason}] {piece}")
        total_articles += len(sample)
        print(f"== {outlet}: {len(sample)} of {len(rows)} articles (stats over all)")
        print("   removals by reason:", dict(reasons.most_common()))
        print("   leftovers raw -> cleaned:", {k: f"{before[k]}->{after[k]}" for k in LEFTOVERS})
        print(f"   removed stretches that read like prose (audit these): {len(prose_like)}")
        for piece in prose_like[: args.samples]:
            print("     P", piece[:220])
        print("   sample of removed stretches:")
        for piece in rng.sample(removed_texts, min(args.samples, len(removed_texts))):
            print("     -", piece[:160])
    if total_articles:
        per = 1000 * total_time / total_articles
        per600 = 1000 * total_time / max(total_words, 1) * 600
        print(f"== time: {per:.2f} ms per article, {per600:.2f} ms per 600 words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
