"""Compare the outlets that covered one event: who carries which fact and quote, and how
the wording of the same quote drifts between them.

Outlets are the articles' ``source``, falling back to the URL's site or the file name.
Quotes are grouped into one item by ``quotes.statement`` (cross-article statement
linking) when it is set, otherwise by the same speaker and similar words.  What is left
is aligned by occasion: two outlets' remaining direct quotes of one speaker said on one
day that are each other's closest wording (MiniLM cosine at least ``OCCASION_SIMILAR``)
are shown side by side as one item (``aligned_by`` "occasion": the same occasion, maybe
the same words translated differently, not a claim that they are one statement).  Facts
are the typed actions (type, actor, target). Variants of a quote are aligned word by word.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from rapidfuzz import fuzz

from . import views
from .nlp import cached_embed
from .statements import Embed
from .store import Store

Record = dict[str, Any]
SIMILAR: Final = 60.0  # token-set similarity (0-100) for two quotes to count as one utterance
OCCASION_SIMILAR: Final = 0.5  # cosine for two outlets' quotes of one occasion to sit side by side
_WORD = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Op:
    """One step of a word alignment: equal, replace, delete (only in a) or insert (only in b)."""

    op: str
    a: str
    b: str


def align(a: str, b: str) -> list[Op]:
    """Align two wordings word by word (difflib over tokens, case-insensitive)."""
    ta, tb = _WORD.findall(a), _WORD.findall(b)
    matcher = difflib.SequenceMatcher(
        a=[t.casefold() for t in ta], b=[t.casefold() for t in tb], autojunk=False
    )
    return [
        Op(tag, " ".join(ta[i1:i2]), " ".join(tb[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def compare_event(store: Store, event_id: str, *, embed: Embed | None = None) -> Record:
    """Outlets side by side for one event, with the facts and quotes each carries or omits."""
    event = views.event(store, event_id)
    ids = [a["id"] for a in event["articles"]]
    outlet_of = {a["id"]: a["outlet"] for a in event["articles"]}
    outlets = sorted(set(outlet_of.values()))
    marks = ",".join("?" * len(ids))
    entity_of = views.names(store)
    quotes = [
        views.quote_record(r, entity_of)
        for r in store.execute(
            f"SELECT {views.QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article"
            f" WHERE q.article IN ({marks}) ORDER BY a.seq, q.idx",
            ids,
        )
    ]
    quote_items = _group_quotes(quotes, embed or cached_embed(store))
    facts: dict[tuple[str, str, str], dict[str, list[str]]] = {}
    for r in store.execute(
        f"SELECT article, type, actor, target FROM actions WHERE article IN ({marks})"
        " ORDER BY article, idx",
        ids,
    ):
        key = (r["type"], _canonical(entity_of, r["actor"]), _canonical(entity_of, r["target"]))
        facts.setdefault(key, {}).setdefault(outlet_of[r["article"]], []).append(r["article"])
    return {
        "event": {k: event[k] for k in ("id", "date", "title", "story")},
        "outlets": [
            {
                "outlet": o,
                "articles": [a for a in event["articles"] if a["outlet"] == o],
            }
            for o in outlets
        ],
        "quotes": [_quote_item(item, outlets, outlet_of) for item in quote_items],
        "facts": [
            {
                "type": key[0],
                "actor": key[1] or None,
                "target": key[2] or None,
                "carried_by": sorted(by),
                "omitted_by": [o for o in outlets if o not in by],
            }
            for key, by in sorted(facts.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        ],
    }


def _canonical(entity_of: dict[str, tuple[str, str]], name: str | None) -> str:
    if not name:
        return ""
    entity = entity_of.get(name)
    return entity[1] if entity else name


def _group_quotes(quotes: list[Record], embed: Embed | None = None) -> list[list[Record]]:
    """One group per utterance: by statement id, else same speaker and similar words, then
    single-outlet direct quotes aligned by occasion (:func:`_by_occasion`)."""
    groups: list[list[Record]] = []
    by_statement: dict[str, list[Record]] = {}
    for q in quotes:
        if q["statement"]:
            if q["statement"] not in by_statement:
                by_statement[q["statement"]] = []
                groups.append(by_statement[q["statement"]])
            by_statement[q["statement"]].append(q)
            continue
        for group in groups:
            head = group[0]
            if head["statement"] or head["speaker"] != q["speaker"]:
                continue
            if fuzz.token_set_ratio(head["text"], q["text"]) >= SIMILAR:
                group.append(q)
                break
        else:
            groups.append([q])
    groups = _by_occasion(groups, embed)
    groups.sort(key=lambda g: (-len({q["outlet"] for q in g}), g[0]["article"]))
    return groups


def _by_occasion(groups: list[list[Record]], embed: Embed | None) -> list[list[Record]]:
    """Join single-outlet direct quotes of one speaker and day from different outlets when
    they are each other's closest wording (sentence embeddings, mutual best match)."""
    slots: dict[tuple[str, str], list[int]] = {}
    for n, group in enumerate(groups):
        head = group[0]
        if len({q["outlet"] for q in group}) != 1 or head["kind"] != "direct":
            continue
        if not head["speaker"] or not head["date"] or len(head["date"]) < 10:
            continue
        slots.setdefault((head["speaker"], head["date"][:10]), []).append(n)
    parent = list(range(len(groups)))

    def find(n: int) -> int:
        while parent[n] != n:
            n = parent[n]
        return n

    similarity: dict[int, float] = {}
    for slot in slots.values():
        outlets = [groups[n][0]["outlet"] for n in slot]
        if embed is None or len(set(outlets)) < 2:
            continue
        vectors = np.asarray(embed([groups[n][0]["text"] for n in slot]), dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        sims = vectors @ vectors.T

        for i in range(len(slot)):
            for j in range(i + 1, len(slot)):
                if outlets[i] == outlets[j] or sims[i, j] < OCCASION_SIMILAR:
                    continue
                if (
                    _best(sims, outlets, i, outlets[j]) == j
                    and _best(sims, outlets, j, outlets[i]) == i
                ):
                    a, b = sorted((find(slot[i]), find(slot[j])))
                    parent[b] = a
                    similarity[a] = min(
                        similarity.get(a, 1.0), similarity.pop(b, 1.0), round(float(sims[i, j]), 3)
                    )
    joined: dict[int, list[Record]] = {}
    for n, group in enumerate(groups):
        joined.setdefault(find(n), []).extend(group)
    return [
        [dict(q, aligned_by="occasion", similarity=similarity[root]) for q in members]
        if root in similarity
        else members
        for root, members in joined.items()
    ]


def _best(sims: np.ndarray, outlets: list[str], i: int, outlet: str) -> int:
    """The quote of ``outlet`` closest to quote ``i`` (ties: the earlier one)."""
    others = [j for j in range(len(outlets)) if outlets[j] == outlet]
    return max(others, key=lambda j: (float(sims[i, j]), -j))


def _quote_item(group: list[Record], outlets: list[str], outlet_of: dict[str, str]) -> Record:
    first = group[0]
    by_outlet: dict[str, list[Record]] = {}
    for q in group:
        by_outlet.setdefault(outlet_of[q["article"]], []).append(q)
    variants = []
    for o, qs in sorted(by_outlet.items()):
        q = qs[0]
        variants.append(
            {
                "outlet": o,
                "quote": q["id"],
                "article": q["article"],
                "text": q["text"],
                "alignment": [
                    {"op": op.op, "a": op.a, "b": op.b} for op in align(first["text"], q["text"])
                ],
            }
        )
    return {
        "statement": first["statement"],
        "similarity": first.get("similarity"),
        "aligned_by": first.get("aligned_by")
        or (None if len(group) == 1 else "statement" if first["statement"] else "words"),
        "speaker": first["speaker"],
        "text": first["text"],
        "carried_by": sorted(by_outlet),
        "omitted_by": [o for o in outlets if o not in by_outlet],
        "variants": variants,
        "reworded": len({" ".join(_WORD.findall(v["text"].casefold())) for v in variants}) > 1,
    }
