"""Cross-article statements: one utterance carried by several articles, with its variants.

Outlets copy, trim and translate what a speaker said, so one utterance reaches the
store as several quotes ("We need a permanent and stable peace ..." in one article,
the same sentence cut after "peace" in another).  :func:`link_statements` groups the
quotes of one resolved speaker (an entity id) whose contents are the same words:

* **word overlap**: the content words (lower-cased alphanumeric runs, stop words
  left out) of two quotes from different articles share at least
  ``min_shared`` words and cover at least ``min_containment`` of the shorter
  quote's words (a trimmed or partial copy is contained in the full one);
* **sentence embeddings** (optional): when an ``embed`` function is given (the
  corpus embedder, :func:`default_embedder`), two quotes whose embeddings have a
  cosine similarity of at least ``min_similarity`` are linked too; this is what
  can see two translations of one sentence that share few words;
* never across speakers, and never when both quotes carry a full day on which
  the words were said and the days are more than ``max_day_gap`` apart.

Links are closed transitively (union-find); each group is one
:class:`Statement`, whose text is the wording of the earliest article (by
publication date, then ingest order) and whose date is the earliest day any of
its quotes gives.  The result depends only on the quotes of each speaker, so the
corpus stage (:func:`storyline.pipeline.update_statements`) recomputes just the
speakers whose quotes changed, and a full pass gives the same statements.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

__all__ = [
    "DEFAULT_STATEMENT_OPTIONS",
    "Embed",
    "QuoteText",
    "Statement",
    "StatementOptions",
    "content_words",
    "default_embedder",
    "embedder_available",
    "link_statements",
    "speaker_fingerprint",
]

# texts -> one vector per text (any array-like of floats)
Embed = Callable[[Sequence[str]], Any]


@dataclass(frozen=True, slots=True)
class StatementOptions:
    """Options of :func:`link_statements` (see the module docstring)."""

    min_shared: int = 4
    min_containment: float = 0.6
    min_similarity: float = 0.8
    min_words_embedded: int = 3
    max_day_gap: int = 1
    max_postings: int = 200  # a word in more of one speaker's quotes proposes no candidates


DEFAULT_STATEMENT_OPTIONS = StatementOptions()


@dataclass(frozen=True, slots=True)
class QuoteText:
    """One stored quote as the statement stage sees it."""

    id: str
    article: str
    speaker_entity: str
    text: str
    date: str | None  # the day the words were said, if known
    published: str | None  # the article's publication date
    seq: int  # the article's ingest order


@dataclass(frozen=True, slots=True)
class Statement:
    id: str
    speaker_entity: str
    text: str  # the earliest article's wording
    first_article: str
    date: str | None
    quotes: tuple[str, ...]  # quote ids, earliest article first


# fmt: off
_STOP = frozenset(
    [
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by",
        "from", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this",
        "that", "these", "those", "we", "our", "us", "i", "me", "my", "you", "your", "he", "his",
        "him", "she", "her", "they", "their", "them", "not", "no", "will", "would", "should",
        "can", "could", "have", "has", "had", "do", "does", "did", "so", "if", "than", "then",
        "there", "here", "which", "who", "what", "all", "any", "also", "just", "s", "t",
    ]
)
# fmt: on
_WORD = re.compile(r"[^\W_]+")


def content_words(text: str) -> frozenset[str]:
    """Lower-cased alphanumeric runs of ``text`` without stop words."""
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOP)


def _day(value: str | None) -> date | None:
    if value is None or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


class _Groups:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _dates_allow(a: QuoteText, b: QuoteText, gap: int) -> bool:
    da, db = _day(a.date), _day(b.date)
    return da is None or db is None or abs((da - db).days) <= gap


def _word_pairs(
    quotes: Sequence[QuoteText], words: Sequence[frozenset[str]], options: StatementOptions
) -> Iterable[tuple[int, int]]:
    postings: dict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(words):
        for w in ws:
            postings[w].append(i)
    # candidates share a word that is not everywhere in this speaker's quotes; then exact overlap
    candidates: set[tuple[int, int]] = set()
    for members in postings.values():
        if len(members) > options.max_postings:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if quotes[i].article != quotes[j].article:
                    candidates.add((i, j))
    for i, j in sorted(candidates):
        n = len(words[i] & words[j])
        if n >= options.min_shared and n / min(len(words[i]), len(words[j])) >= (
            options.min_containment
        ):
            yield i, j


def _embedding_pairs(
    quotes: Sequence[QuoteText],
    words: Sequence[frozenset[str]],
    embed: Embed,
    options: StatementOptions,
) -> Iterable[tuple[int, int]]:
    import numpy as np

    idx = [i for i, ws in enumerate(words) if len(ws) >= options.min_words_embedded]
    if len({quotes[i].article for i in idx}) < 2:
        return
    vectors = np.asarray(embed([quotes[i].text for i in idx]), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = (vectors / np.where(norms == 0, 1.0, norms)).astype(np.float32)
    for start in range(0, len(idx), 512):
        block = vectors[start : start + 512] @ vectors.T
        for x, y in zip(*np.nonzero(block >= options.min_similarity), strict=True):
            i, j = idx[start + int(x)], idx[int(y)]
            if i < j and quotes[i].article != quotes[j].article:
                yield i, j


def _statement(members: list[QuoteText]) -> Statement:
    members.sort(key=lambda q: (q.published or "9999", q.seq, q.id))
    first = members[0]
    days = sorted(q.date for q in members if q.date)
    key = min(q.id for q in members)
    return Statement(
        id="s" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:15],
        speaker_entity=first.speaker_entity,
        text=first.text,
        first_article=first.article,
        date=days[0] if days else None,
        quotes=tuple(q.id for q in members),
    )


def link_statements(
    quotes: Sequence[QuoteText],
    *,
    options: StatementOptions = DEFAULT_STATEMENT_OPTIONS,
    embed: Embed | None = None,
) -> list[Statement]:
    """Group ``quotes`` into statements (every quote is in exactly one)."""
    by_speaker: dict[str, list[QuoteText]] = defaultdict(list)
    for q in quotes:
        by_speaker[q.speaker_entity].append(q)
    out: list[Statement] = []
    for speaker in sorted(by_speaker):
        group = sorted(by_speaker[speaker], key=lambda q: q.id)
        words = [content_words(q.text) for q in group]
        links = _Groups(len(group))
        pairs: list[tuple[int, int]] = list(_word_pairs(group, words, options))
        if embed is not None:
            pairs += _embedding_pairs(group, words, embed, options)
        for i, j in pairs:
            if _dates_allow(group[i], group[j], options.max_day_gap):
                links.union(i, j)
        members: dict[int, list[QuoteText]] = defaultdict(list)
        for i, q in enumerate(group):
            members[links.find(i)].append(q)
        out.extend(_statement(m) for _, m in sorted(members.items()))
    return out


def speaker_fingerprint(quotes: Iterable[QuoteText], method: str) -> str:
    """A hash of everything :func:`link_statements` reads for one speaker (and the method)."""
    h = hashlib.sha1(method.encode("utf-8"))
    for q in sorted(quotes, key=lambda q: q.id):
        h.update(
            "\x1f".join(
                [q.id, q.article, q.text, q.date or "", q.published or "", str(q.seq)]
            ).encode("utf-8")
        )
        h.update(b"\x1e")
    return h.hexdigest()


def default_embedder() -> tuple[str, Embed] | None:
    """(name, embed) from the corpus embedder (``storyline.nlp.get_embedder``), if installed."""
    from . import nlp

    getter = getattr(nlp, "get_embedder", None)
    if getter is None:
        return None
    try:
        model = getter()
    except (ImportError, OSError, RuntimeError):
        return None
    if model is None:
        return None
    encode = getattr(model, "encode", None)
    fn: Embed | None = encode if callable(encode) else (model if callable(model) else None)
    if fn is None:
        return None
    name = str(getattr(model, "name", None) or type(model).__name__)
    return name, fn


def embedder_available() -> bool:
    return default_embedder() is not None
