"""Evaluate storyline.quotes on PolNeAR (attribution relations in political news).

Usage: .venv/bin/python bench/eval_polnear.py [--split dev] [--limit N] [--json]

Data: ../shared/eval/polnear/<split>/{text/*.txt, attributions/*.ann} (brat
standoff).  For an article annotated several times, the first .ann file in
sorted order is the gold.  The script exits 0 with a message when the data is
absent.

Scored (direct quotes only):
* a gold relation is *direct* when its content contains a double quote mark
  (" “ ”); a predicted quote is direct by the same test, on its content widened
  by one character each side (direct and partial contents are stored without
  their marks);
* content overlap: a prediction is right when it overlaps a gold direct content
  (any fragment of a discontinuous span); a gold relation is found when some
  prediction overlaps it;
* content exact: the same with spans equal after stripping spaces, quote marks
  and , . ; : at both ends, against the whole gold content or one of its
  fragments (PolNeAR joins "“A,” he said, “B”" into one discontinuous content);
* cue and source: among predictions that overlap a gold direct content, the
  cue (speaker mention) is right when it overlaps that relation's cue (source);
  precision over predictions with a cue (speaker mention), recall over gold
  direct relations;
* speaker-named recall: of gold direct relations whose source names someone (a
  capitalised word that is not a pronoun, "The" or a bare title), the share
  for which an overlapping prediction has a ``speaker_name`` sharing a word
  with the gold source.

For information, indirect quotes (no quote marks) are scored by overlap
against the other relations, which also hold belief and writing ("mocked",
"don't like"), so their recall is bounded well below 100.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"
DQ = '"“”'
STRIP = " \t\n\"“”‘’',.;:"
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "him", "them"}
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
            )
        )
    return rels


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
    for w in re.findall(r"[\w’'.-]+", source):
        if w[:1].isupper() and w.lower().strip(".") not in PRONOUNS | TITLES:
            return True
    return False


def words(s: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", s) if w[:1].isupper()}


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    base = SHARED / "eval" / "polnear" / args.split
    if not (base / "text").is_dir() or not (base / "attributions").is_dir():
        print(f"skipped: PolNeAR data not present at {base}")
        return 0

    from storyline.entities import find_mentions
    from storyline.nlp import get_nlp
    from storyline.quotes import find_quotes

    texts = sorted((base / "text").glob("*.txt"))
    if args.limit:
        texts = texts[: args.limit]
    items: list[tuple[str, list[Relation]]] = []
    for tp in texts:
        anns = sorted((base / "attributions").glob(tp.stem + "_*.ann"))
        if not anns:
            continue
        text = tp.read_text(encoding="utf-8")
        items.append((text, parse_ann(anns[0], text)))

    nlp = get_nlp()
    t0 = time.perf_counter()
    n = dict.fromkeys(
        [
            "pred", "pred_ov", "pred_ex", "gold", "gold_ov", "gold_ex", "pred_cue", "cue_ok",
            "gold_cue_ok", "pred_src", "src_ok", "gold_src_ok", "named", "named_ok", "words",
            "ind_pred", "ind_pred_ov", "ind_gold", "ind_gold_ov", "ind_src_ok", "ind_pred_src",
            "ind_gold_src_ok",
        ],
        0,
    )  # fmt: skip
    for (text, rels), doc in zip(items, nlp.pipe(t for t, _ in items), strict=True):
        n["words"] += len(doc)
        gold = [r for r in rels if is_direct(text, r.content)]
        quotes = find_quotes(doc, mentions=find_mentions(doc))
        preds = [
            q
            for q in quotes
            if any(c in text[max(q.content.start - 1, 0) : q.content.end + 1] for c in DQ)
        ]
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
            span = (q.content.start, q.content.end)
            qn = norm(text, *span)
            n["pred"] += 1
            n["pred_cue"] += q.cue is not None
            n["pred_src"] += q.speaker_mention is not None
            hits = [i for i, r in enumerate(gold) if overlaps(span, r.content)]
            if hits:
                n["pred_ov"] += 1
            exact = [i for i in hits if qn in gold_forms[i]]
            if exact:
                n["pred_ex"] += 1
            cue_ok = src_ok = False
            for i in hits:
                r = gold[i]
                gold_hit[i] = True
                if i in exact:
                    gold_exact[i] = True
                if q.cue is not None and overlaps((q.cue.start, q.cue.end), r.cue):
                    cue_ok = gold_cue[i] = True
                sm = q.speaker_mention
                if sm is not None and overlaps((sm.start, sm.end), r.source):
                    src_ok = gold_src[i] = True
                if q.speaker_name and words(q.speaker_name) & words(r.source_text):
                    gold_named[i] = True
            n["cue_ok"] += cue_ok
            n["src_ok"] += src_ok
        # indirect (no quote marks) against the other relations, for information
        other = [r for r in rels if not is_direct(text, r.content)]
        ind = [q for q in quotes if q.kind.value == "indirect" and q not in preds]
        other_hit = [False] * len(other)
        other_src = [False] * len(other)
        for q in ind:
            span = (q.content.start, q.content.end)
            hits = [i for i, r in enumerate(other) if overlaps(span, r.content)]
            n["ind_pred"] += 1
            n["ind_pred_ov"] += bool(hits)
            n["ind_pred_src"] += q.speaker_mention is not None
            ok = False
            for i in hits:
                other_hit[i] = True
                sm = q.speaker_mention
                if sm is not None and overlaps((sm.start, sm.end), other[i].source):
                    ok = other_src[i] = True
            n["ind_src_ok"] += ok
        n["ind_gold"] += len(other)
        n["ind_gold_ov"] += sum(other_hit)
        n["ind_gold_src_ok"] += sum(other_src)
        n["gold"] += len(gold)
        n["gold_ov"] += sum(gold_hit)
        n["gold_ex"] += sum(gold_exact)
        n["gold_cue_ok"] += sum(1 for i, r in enumerate(gold) if gold_cue[i])
        n["gold_src_ok"] += sum(1 for i, r in enumerate(gold) if gold_src[i])
        for i, r in enumerate(gold):
            if names_someone(r.source_text):
                n["named"] += 1
                n["named_ok"] += gold_named[i]
    secs = time.perf_counter() - t0

    def prf(tp_p: int, den_p: int, tp_r: int, den_r: int) -> dict[str, float]:
        p = tp_p / den_p if den_p else 0.0
        r = tp_r / den_r if den_r else 0.0
        return {"p": round(100 * p, 1), "r": round(100 * r, 1), "f1": round(100 * f1(p, r), 1)}

    report = {
        "split": args.split,
        "articles": len(items),
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
        "words_per_second": round(n["words"] / secs) if secs else 0,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"PolNeAR {args.split}: {len(items)} articles, {n['gold']} gold direct quotes, "
              f"{n['pred']} predicted")  # fmt: skip
        for key in ("content_exact", "content_overlap", "cue", "source"):
            v = report[key]
            assert isinstance(v, dict)
            print(f"  {key:16} P {v['p']:5.1f}  R {v['r']:5.1f}  F1 {v['f1']:5.1f}")
        print(f"  speaker named recall {report['speaker_named_recall']} (of {n['named']})")
        print(f"other relations (no quote marks; speech, writing and belief): {n['ind_gold']}")
        for key in ("indirect_content_overlap", "indirect_source"):
            v = report[key]
            assert isinstance(v, dict)
            print(f"  {key:24} P {v['p']:5.1f}  R {v['r']:5.1f}  F1 {v['f1']:5.1f}")
        print(f"  {report['words_per_second']} words/s (parse + mentions + quotes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
