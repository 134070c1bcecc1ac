"""Evaluate storyline's event clustering on ECB+ (similar but different incidents).

Usage: .venv/bin/python bench/eval_ecbplus.py [--data DIR] [--db PATH] [--min-f1 F]
       [--baseline-distance D] [--sweep] [--recluster] [--batches N] [--orders N] [--split]
       [--json]

Data: ../shared/eval/ecbplus/ECB+/<topic>/*.xml (CAT XML) and
../shared/eval/ecbplus/doc_clusters.tsv (doc, topic, subtopic). Each topic
holds two real-world incidents of the same kind (two celebrities entering
rehab, two earthquakes); the subtopic is the incident and the gold article
cluster. The script exits 0 with a message when the data is absent.

What is measured: the normal CLI path. Each document's ``<token>`` texts are
joined into text (a newline between sentences, a space between tokens, with
the obvious tokenisation spaces undone: before punctuation and clitics, inside
quotes, ``` `` ``` and ``''`` back to ``"``, URL lines joined), written as one
JSONL file (``id`` = the document file name without ``.xml``, ``text``), and
analysed as one corpus with ``python -m storyline analyze corpus.jsonl --db
DB -q`` (incremental clustering in ingest order, as a user would get it), then
``python -m storyline export --db DB --format json``. Each article's ``event``
(matched to the gold by ``external_id``) is its predicted cluster; an article
with no event counts as a singleton.

Metric: BCubed precision, recall and F1 over all documents (per document:
precision = share of its predicted cluster in its gold cluster, recall = share
of its gold cluster in its predicted cluster; both averaged over documents;
F1 of the two averages). Per topic: the same averages over the topic's
documents, with the full predicted clusters (a merge across topics costs
precision there too).

Baseline, in the same run: TF-IDF (scikit-learn ``TfidfVectorizer``, English
stop words, sublinear tf) + average-link agglomerative clustering (cosine) over
all documents together, cut at one fixed cosine distance chosen by rule, not
tuned on the gold: 0.8 (join while the mean cosine similarity between two
clusters is at least 0.2), the usual cut for TF-IDF document clustering;
``--baseline-distance`` changes it.

ECB+ documents carry no publication date in metadata. storyline estimates one
from a date line in the raw text when there is one (many ``ecbplus`` documents
open with a URL, title and date line; ``ecb`` documents mostly do not), and its
date gate only compares undated articles with undated events and dated ones
with events within ``event_window_days``. The report counts how many articles
got a date.

``--sweep`` also re-clusters the stored analyses from empty
(:func:`storyline.cluster.cluster` with ``full=True``, as ``recluster`` does)
for several ``event_threshold`` values and prints BCubed for each: an
experiment that changes nothing in the database.

``--recluster`` (with ``--db`` of an analysed corpus: ``analyze`` once, then
iterate on the clusterer in seconds) clusters the stored analyses again
in-process, nothing written: from empty in full mode (``recluster``), and
incrementally from empty in ingest order as ``analyze`` does (one batch; with
``--batches N`` also in N successive batches, each placed against the events
of the ones before, as N ``analyze`` runs would). The printed storyline line
is then the full re-cluster.

``--orders N`` (with ``--recluster``) repeats the full pass with the
articles under N other ids: article ids hash the input path, so two runs of
one corpus sort their same-day (or undated) articles differently; an
order-dependent clusterer shows it here.

``--split`` estimates how the clustering options generalise to topics not
tuned on: a small grid of weights and thresholds (``SPLIT_GRID``) is scored
on topics 1-17 and on 18-35 separately (each half clustered on its own, as a
held-out set would be), the best options of one half are scored on the other,
and the defaults on both. No per-topic rule exists anywhere.

``--halves`` (with ``--db``) scores the options on topics 1-17 and 18-35, each half
clustered alone, without the grid: the effect of one idea on both halves.
``--option KEY=VALUE`` (repeatable) sets a :class:`storyline.cluster.ClusterOptions`
field for ``--recluster``, ``--orders``, ``--halves`` and the defaults lines of
``--split`` (``--option follow_ups=false``: the run without follow-ups).

``--min-f1 F`` (0-1) exits 1 when storyline's BCubed F1 is below F (a CI gate).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "ecbplus"
SWEEP = (0.10, 0.13, 0.16, 0.20, 0.25, 0.30)
# --split: the options tuned on one half of the topics (crossed with each other)
SPLIT_GRID: dict[str, tuple[float, ...]] = {
    "term_weight": (0.5, 0.55, 0.6),  # the embedding weight takes half the rest
    "event_threshold": (0.12, 0.15, 0.18),
    "cohesion_ratio": (0.7, 0.75, 0.8),
    "cohesion_join": (0.3, 0.35, 0.4),
}

# --------------------------------------------------------------------------- corpus

_NO_SPACE_BEFORE = {
    ",",
    ".",
    ":",
    ";",
    "?",
    "!",
    ")",
    "]",
    "}",
    "%",
    "...",
    "n't",
    "'s",
    "'m",
    "'re",
    "'ve",
    "'ll",
    "'d",
    "'S",
    "”",
}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "“", "‘"}
_CLITICS = {"s", "t", "m", "re", "ve", "ll", "d", "S", "T"}


def detokenize(tokens: list[str]) -> str:
    """One sentence's tokens back to text (PTB-style spacing undone, roughly)."""
    if not tokens:
        return ""
    if tokens[0].lower() in {"http", "https", "www"}:
        return "".join(tokens)  # a URL line
    out: list[str] = []
    glue = True  # no space before the next token
    in_quote = False
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        text = tok
        space_before = not glue
        glue = False
        if tok == "``" or (tok == '"' and not in_quote):
            text, glue, in_quote = '"', True, True
        elif tok == "''" or (tok == '"' and in_quote):
            text, space_before, in_quote = '"', False, False
        elif tok in {"’", "'"} and out and out[-1][-1:].isalnum() and nxt in _CLITICS:
            space_before, glue = False, True  # "I ’ m" -> "I’m"
        elif tok in {"’", "'"} and out and out[-1][-1:].isalnum():
            space_before = False  # a closing single quote or "the Smiths ’"
        elif (
            tok == "-"
            and out
            and (out[-1][-1:].islower() or out[-1][-1:].isdigit())
            and nxt[:1].isalnum()
        ):
            space_before, glue = False, True  # "90 - day" -> "90-day"
        elif tok in _NO_SPACE_BEFORE:
            space_before = False
        elif tok in _NO_SPACE_AFTER:
            glue = True
        if space_before and out:
            out.append(" ")
        out.append(text)
    return "".join(out)


def document_text(path: Path) -> str:
    root = ElementTree.parse(path).getroot()
    sentences: dict[str, list[str]] = {}
    for token in root.iter("token"):
        sentences.setdefault(token.get("sentence", "0"), []).append(token.text or "")
    lines = (detokenize(toks) for toks in sentences.values())
    return "\n".join(line for line in lines if line.strip())


def read_gold(data: Path) -> dict[str, tuple[str, str]]:
    """doc id (file name without .xml) -> (topic, subtopic)."""
    gold: dict[str, tuple[str, str]] = {}
    with (data / "doc_clusters.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            gold[row["doc"].removesuffix(".xml")] = (row["topic"], row["subtopic"])
    return gold


def write_corpus(data: Path, gold: Mapping[str, tuple[str, str]], out: Path) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted((data / "ECB+").glob("*/*.xml")):
        doc = path.stem
        if doc in gold:
            texts[doc] = document_text(path)
    with out.open("w", encoding="utf-8") as fh:
        for doc, text in texts.items():
            fh.write(json.dumps({"id": doc, "text": text}, ensure_ascii=False) + "\n")
    return texts


# --------------------------------------------------------------------------- metric


def bcubed(
    pred: Mapping[str, str], gold: Mapping[str, str], docs: Iterable[str] | None = None
) -> tuple[float, float, float]:
    """BCubed P, R, F1 averaged over ``docs`` (default: every gold doc)."""
    pred_members: dict[str, set[str]] = defaultdict(set)
    gold_members: dict[str, set[str]] = defaultdict(set)
    for doc in gold:
        pred_members[pred.get(doc, "singleton:" + doc)].add(doc)
        gold_members[gold[doc]].add(doc)
    ps: list[float] = []
    rs: list[float] = []
    for doc in docs if docs is not None else gold:
        p_set = pred_members[pred.get(doc, "singleton:" + doc)]
        g_set = gold_members[gold[doc]]
        both = len(p_set & g_set)
        ps.append(both / len(p_set))
        rs.append(both / len(g_set))
    if not ps:
        return 0.0, 0.0, 0.0
    p = sum(ps) / len(ps)
    r = sum(rs) / len(rs)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# --------------------------------------------------------------------------- systems


def run_storyline(corpus: Path, db: Path) -> tuple[dict[str, Any], float]:
    """Analyse ``corpus`` into ``db`` (unless it is already there) and export it."""
    started = time.perf_counter()
    python = sys.executable
    env = dict(os.environ)
    if not db.exists():
        subprocess.run(
            [python, "-m", "storyline", "analyze", str(corpus), "--db", str(db), "-q"],
            check=False,
            cwd=ROOT,
            env=env,
        )
    analysed = time.perf_counter() - started
    done = subprocess.run(
        [python, "-m", "storyline", "export", "--db", str(db), "--format", "json"],
        check=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout), analysed


def baseline(texts: Mapping[str, str], distance: float) -> dict[str, str]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    ids = list(texts)
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [texts[d] for d in ids]
    )
    labels = AgglomerativeClustering(
        n_clusters=None,
        metric="cosine",
        linkage="average",
        distance_threshold=distance,
    ).fit_predict(matrix.toarray())
    return {doc: f"b{label}" for doc, label in zip(ids, labels, strict=True)}


def sweep(db: Path, thresholds: Iterable[float]) -> list[tuple[float, dict[str, str]]]:
    """Full re-clusters of the stored analyses; nothing is written back."""
    sys.path.insert(0, str(ROOT))
    from storyline.cluster import ClusterOptions, cluster
    from storyline.pipeline import _cluster_docs
    from storyline.store import Store

    with Store.open(db) as store:
        docs = _cluster_docs(store)
        external = {row["id"]: row["external_id"] for row in store.articles()}
    out: list[tuple[float, dict[str, str]]] = []
    for t in thresholds:
        events, _ = cluster(docs, full=True, options=ClusterOptions(event_threshold=t))
        pred = {external[a]: ev.id for ev in events for a in ev.articles}
        out.append((t, pred))
    return out


def stored_docs(db: Path) -> tuple[list[Any], dict[str, str]]:
    """The stored analyses as clustering input (assignments cleared), and external ids."""
    sys.path.insert(0, str(ROOT))
    from dataclasses import replace

    from storyline.pipeline import _cluster_docs
    from storyline.store import Store

    with Store.open(db) as store:
        docs = _cluster_docs(store)
        external = {row["id"]: row["external_id"] for row in store.articles()}
    return [replace(d, event=None, story=None) for d in docs], external


def recluster_paths(
    docs: list[Any], external: Mapping[str, str], batches: int, options: Any = None
) -> dict[str, dict[str, str]]:
    """Predictions (external id -> event) of the in-process paths: full, incremental."""
    from dataclasses import replace

    from storyline.cluster import DEFAULT_CLUSTER_OPTIONS, cluster

    options = options or DEFAULT_CLUSTER_OPTIONS

    def pred(events: Iterable[Any]) -> dict[str, str]:
        return {external[a]: ev.id for ev in events for a in ev.articles}

    out = {
        "recluster (full)": pred(cluster(docs, full=True, options=options)[0]),
        "incremental, one batch": pred(cluster(docs, full=False, options=options)[0]),
    }
    if batches > 1:
        size = -(-len(docs) // batches)
        placed: list[Any] = []
        events: list[Any] = []
        for start in range(0, len(docs), size):
            events, stories = cluster(
                placed + docs[start : start + size], full=False, options=options
            )
            event_of = {a: ev.id for ev in events for a in ev.articles}
            story_of = {e: st.id for st in stories for e in st.events}
            placed = [
                replace(d, event=event_of[d.id], story=story_of[event_of[d.id]])
                for d in placed + docs[start : start + size]
            ]
        out[f"incremental, {batches} batches"] = pred(events)
    return out


def relabelled(
    docs: list[Any], external: Mapping[str, str], seed: int
) -> tuple[list[Any], dict[str, str]]:
    """The same articles under other ids (ids hash the input path, so they differ per run)."""
    import hashlib
    from dataclasses import replace

    def new_id(old: str) -> str:
        return "a" + hashlib.sha1(f"{seed}:{old}".encode()).hexdigest()[:15]

    out = [
        replace(d, id=new_id(d.id), duplicate_of=new_id(d.duplicate_of) if d.duplicate_of else None)
        for d in docs
    ]
    return out, {new_id(k): v for k, v in external.items()}


def parse_options(pairs: Iterable[str]) -> Any:
    """``KEY=VALUE`` pairs as ClusterOptions (defaults for the rest); values typed by the field."""
    from dataclasses import fields, replace

    from storyline.cluster import DEFAULT_CLUSTER_OPTIONS

    types = {
        f.name: type(getattr(DEFAULT_CLUSTER_OPTIONS, f.name))
        for f in fields(DEFAULT_CLUSTER_OPTIONS)
    }
    changes: dict[str, Any] = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        if key not in types:
            raise SystemExit(f"eval_ecbplus: no cluster option {key!r}")
        kind = types[key]
        if kind is bool:
            changes[key] = value.lower() in ("1", "true", "yes", "on")
        elif kind is tuple:
            changes[key] = tuple(v for v in value.split(",") if v)
        else:
            changes[key] = kind(value)
    return replace(DEFAULT_CLUSTER_OPTIONS, **changes)


def split_estimate(
    docs: list[Any],
    external: Mapping[str, str],
    gold: Mapping[str, str],
    topic_of: Mapping[str, str],
    options: Any = None,
    grid_search: bool = True,
) -> list[str]:
    """Tune on one half of the topics, score on the other (see the module docstring)."""
    import itertools
    from dataclasses import replace

    from storyline.cluster import DEFAULT_CLUSTER_OPTIONS, ClusterOptions, cluster

    options = options or DEFAULT_CLUSTER_OPTIONS

    halves = {
        "1-17": [d for d in docs if int(topic_of[external[d.id]]) <= 17],
        "18-35": [d for d in docs if int(topic_of[external[d.id]]) > 17],
    }

    def score(half: str, options: ClusterOptions) -> tuple[float, float, float]:
        events = cluster(halves[half], full=True, options=options)[0]
        pred = {external[a]: ev.id for ev in events for a in ev.articles}
        return bcubed(pred, {external[d.id]: gold[external[d.id]] for d in halves[half]})

    if not grid_search:
        return [_line(f"  options on {half}", score(half, options)) for half in halves]
    grid: list[ClusterOptions] = []
    for values in itertools.product(*SPLIT_GRID.values()):
        fields: dict[str, Any] = dict(zip(SPLIT_GRID, values, strict=True))
        rest = 1.0 - fields["term_weight"]
        fields["embedding_weight"] = rest / 2
        fields["entity_weight"] = rest / 2
        grid.append(replace(options, **fields))
    f1 = {half: [score(half, o)[2] for o in grid] for half in halves}
    lines = [f"topic split ({len(grid)} option sets tuned per half; each half clustered alone):"]
    for tuned, held in (("1-17", "18-35"), ("18-35", "1-17")):
        best = max(range(len(grid)), key=lambda k: (f1[tuned][k], -k))
        chosen = {
            k: round(float(getattr(grid[best], k)), 3) for k in (*SPLIT_GRID, "embedding_weight")
        }
        lines.append(
            _line(f"  tuned on {tuned}, scored on {held}", score(held, grid[best]))
            + f"  (F1 on {tuned} {f1[tuned][best]:.3f}; {chosen})"
        )
    for half in halves:
        lines.append(_line(f"  defaults on {half}", score(half, options)))
    return lines


# --------------------------------------------------------------------------- main


def _line(name: str, scores: tuple[float, float, float], extra: str = "") -> str:
    p, r, f = scores
    return f"{name:<34} P {p:.3f}  R {r:.3f}  F1 {f:.3f}{extra}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--db", type=Path, help="analysed database to reuse (created if absent)")
    parser.add_argument("--min-f1", type=float, help="exit 1 when storyline's BCubed F1 is lower")
    parser.add_argument("--baseline-distance", type=float, default=0.8)
    parser.add_argument("--sweep", action="store_true", help="event_threshold sweep (full mode)")
    parser.add_argument(
        "--recluster",
        action="store_true",
        help="cluster the analyses stored in --db again in-process (nothing saved)",
    )
    parser.add_argument(
        "--batches", type=int, default=4, help="with --recluster: incremental in N batches too"
    )
    parser.add_argument(
        "--orders",
        type=int,
        default=0,
        help="with --recluster: the full pass under N other article-id orders (min/mean/max)",
    )
    parser.add_argument(
        "--split", action="store_true", help="with --db: tune on topics 1-17, score 18-35, reverse"
    )
    parser.add_argument(
        "--halves", action="store_true", help="with --db: the options on topics 1-17 and 18-35"
    )
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a ClusterOptions field for the in-process runs (repeatable)",
    )
    parser.add_argument("--json", action="store_true", help="also print the numbers as JSON")
    args = parser.parse_args(argv)

    data: Path = args.data
    if not (data / "doc_clusters.tsv").is_file() or not (data / "ECB+").is_dir():
        print(f"eval_ecbplus: no ECB+ data at {data}; skipped")
        return 0
    started = time.perf_counter()
    gold_rows = read_gold(data)
    with tempfile.TemporaryDirectory(prefix="ecbplus-") as tmp:
        corpus = Path(tmp) / "ecbplus.jsonl"
        texts = write_corpus(data, gold_rows, corpus)
        db = args.db if args.db is not None else Path(tmp) / "ecbplus.db"
        reused = db.exists()
        export, analysed = run_storyline(corpus, db)
        sweep_results = sweep(db, SWEEP) if args.sweep else []
        stored = stored_docs(db) if args.recluster or args.split or args.halves else None
    options = parse_options(args.option)

    gold = {doc: sub for doc, (_, sub) in gold_rows.items() if doc in texts}
    topic_of = {doc: topic for doc, (topic, _) in gold_rows.items() if doc in texts}
    articles = [a for a in export["articles"] if a.get("external_id") in gold]
    pred = {a["external_id"]: a["event"] for a in articles if a.get("event")}
    missing = len(gold) - len(articles)
    dated = sum(1 for a in articles if a.get("published"))
    estimated = sum(1 for a in articles if a.get("published") and a.get("published_estimated"))
    copies = sum(1 for a in articles if a.get("duplicate_of"))

    paths: dict[str, dict[str, str]] = {}
    if args.recluster and stored is not None:
        paths = recluster_paths(*stored, args.batches, options)
        pred = paths["recluster (full)"]
    ours = bcubed(pred, gold)
    base_pred = baseline(texts, args.baseline_distance)
    base = bcubed(base_pred, gold)
    n_events = len({pred.get(d, "singleton:" + d) for d in gold})
    n_base = len(set(base_pred.values()))
    n_gold = len(set(gold.values()))

    print(f"ECB+: {len(gold)} documents, {len(set(topic_of.values()))} topics, {n_gold} incidents")
    print(
        "note: ECB+ gives no publication dates; storyline's date gate compares undated articles"
        " only with undated events (and dated ones only within event_window_days)."
    )
    print(
        f"storyline dates: {dated} of {len(articles)} articles got a publication date"
        f" ({estimated} estimated from the text); {copies} marked as copies;"
        f" {missing} documents missing from the export"
    )
    if paths:
        for name, path_pred in paths.items():
            n = len({path_pred.get(d, "singleton:" + d) for d in gold})
            print(_line(f"storyline {name}", bcubed(path_pred, gold), f"  events {n}"))
    else:
        print(_line("storyline (analyze, incremental)", ours, f"  events {n_events} vs {n_gold}"))
    print(
        _line(
            f"baseline TF-IDF avg-link d={args.baseline_distance:g}",
            base,
            f"  clusters {n_base} vs {n_gold}",
        )
    )
    print("per topic (storyline F1 | baseline F1, events vs incidents):")
    by_topic: dict[str, list[str]] = defaultdict(list)
    for doc, topic in topic_of.items():
        by_topic[topic].append(doc)
    per_topic: dict[str, float] = {}
    for topic in sorted(by_topic, key=int):
        docs = by_topic[topic]
        f_ours = bcubed(pred, gold, docs)[2]
        f_base = bcubed(base_pred, gold, docs)[2]
        per_topic[topic] = f_ours
        n_ev = len({pred.get(d, "singleton:" + d) for d in docs})
        n_inc = len({gold[d] for d in docs})
        print(
            f"  topic {topic:>2}: {f_ours:.3f} | {f_base:.3f}"
            f"  ({len(docs)} docs, {n_ev} vs {n_inc})"
        )
    sweep_scores: list[tuple[float, tuple[float, float, float], int]] = []
    if sweep_results:
        print("event_threshold sweep (full re-cluster of the stored analyses, nothing saved):")
        for t, sp in sweep_results:
            scores = bcubed(sp, gold)
            n = len({sp.get(d, "singleton:" + d) for d in gold})
            sweep_scores.append((t, scores, n))
            print(_line(f"  event_threshold={t:.2f}", scores, f"  events {n}"))
    if paths and args.orders and stored is not None:
        from storyline.cluster import cluster

        f1s = []
        for seed in range(args.orders):
            docs_k, external_k = relabelled(*stored, seed)
            events = cluster(docs_k, full=True, options=options)[0]
            f1s.append(
                bcubed({external_k[a]: ev.id for ev in events for a in ev.articles}, gold)[2]
            )
        print(
            f"storyline recluster under {args.orders} id orders: F1 min {min(f1s):.3f}"
            f" mean {sum(f1s) / len(f1s):.3f} max {max(f1s):.3f}"
        )
    split_lines = (
        split_estimate(*stored, gold, topic_of, options, grid_search=args.split)
        if (args.split or args.halves) and stored
        else []
    )
    if split_lines:
        for name, low, high in (("1-17", 1, 17), ("18-35", 18, 35)):
            half = {d: t for d, t in texts.items() if low <= int(topic_of[d]) <= high}
            half_gold = {d: gold[d] for d in half}
            split_lines.append(
                _line(
                    f"  baseline on {name}",
                    bcubed(baseline(half, args.baseline_distance), half_gold),
                )
            )
    for line in split_lines:
        print(line)
    elapsed = time.perf_counter() - started
    how = "reused" if reused else f"analysed in {analysed:.0f}s"
    print(f"runtime: {elapsed:.0f}s (database {how})")
    if args.json:
        print(
            json.dumps(
                {
                    "storyline": dict(zip(("p", "r", "f1"), ours, strict=True)),
                    "baseline": dict(zip(("p", "r", "f1"), base, strict=True)),
                    "events": n_events,
                    "baseline_clusters": n_base,
                    "incidents": n_gold,
                    "per_topic_f1": per_topic,
                    "sweep": [
                        {"event_threshold": t, "p": s[0], "r": s[1], "f1": s[2], "events": n}
                        for t, s, n in sweep_scores
                    ],
                    "dated": dated,
                    "seconds": elapsed,
                }
            )
        )
    if args.min_f1 is not None and ours[2] < args.min_f1:
        print(f"eval_ecbplus: BCubed F1 {ours[2]:.3f} below --min-f1 {args.min_f1:.3f}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
