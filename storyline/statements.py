"""Cross-article statements: one utterance carried by several articles, with its variants.

Outlets copy, trim and translate what a speaker said, so one utterance reaches the
store as several quotes ("We need a permanent and stable peace ..." in one article,
the same sentence cut after "peace" in another).  :func:`link_statements` groups the
quotes of one resolved speaker (an entity id) whose contents are the same words:

* **word overlap**: the content word stems (lower-cased alphanumeric runs, stop
  words left out, Snowball English stems) of two quotes from different articles share at least
  ``min_shared`` words and cover at least ``min_containment`` of the shorter
  quote's words (a trimmed or partial copy is contained in the full one);
* **same meaning** (when an ``embed`` function is given; the pipeline passes the
  corpus MiniLM, :func:`storyline.nlp.get_embedder`, with vectors cached in the
  store): two quotes from different articles, both said on known days at most
  ``max_day_gap`` apart, whose word stems overlap less than above but still share
  ``meaning_min_shared`` stems covering ``meaning_min_containment`` of the shorter
  quote, and whose sentence embeddings have a cosine similarity of at least
  ``min_similarity``; of the pairs two articles offer, only mutual best matches
  link (an article renders one sentence once).  This links translations and
  paraphrases of one sentence ("never trust the West again" / "We will never trust
  the West anymore"); on ukraine-media a cosine threshold alone linked different
  sentences of one speech (docs/evaluation.md), and translations that share no
  stems at all (the seed pair "quietly, in silence" / "without cameras and in a
  calm atmosphere") stay apart;
* never across speakers, and never so that the known days on which one
  statement's words were said span more than ``max_day_gap`` days: an undated
  copy joins one occasion, not two.

Links are closed transitively (union-find; word links first, then meaning links,
each in a fixed order, a link that would stretch a group's days refused); each group is one
:class:`Statement`, whose text is the wording of the earliest article (by
publication date, then ingest order) and whose date is the earliest day any of
its quotes gives.  The result depends only on the quotes of each speaker, so the
corpus stage (:func:`storyline.pipeline.update_statements`) recomputes just the
speakers whose quotes changed, and a full pass gives the same statements.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import snowballstemmer

__all__ = [
    "DEFAULT_STATEMENT_OPTIONS",
    "Embed",
    "QuoteText",
    "Statement",
    "StatementOptions",
    "content_stems",
    "content_words",
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
    min_similarity: float = 0.65
    meaning_min_shared: int = 3
    meaning_min_containment: float = 0.5
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


# the pure-Python Snowball stemmer costs ~0.1 ms a word; a corpus repeats its words
_stem = functools.lru_cache(maxsize=1 << 17)(snowballstemmer.stemmer("english").stemWord)


def content_stems(text: str) -> frozenset[str]:
    """Snowball stems of :func:`content_words` ("dancing" and "dance" -> "danc")."""
    return frozenset(_stem(w) for w in content_words(text))


def _day(value: str | None) -> date | None:
    if value is None or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


class _Groups:
    """Union-find over quotes that keeps each group's known days within ``gap`` days: a link
    that would stretch a group further (an undated copy between two occasions) is refused."""

    def __init__(self, days: Sequence[date | None], gap: int) -> None:
        self.parent = list(range(len(days)))
        self.span: list[tuple[date, date] | None] = [(d, d) if d else None for d in days]
        self.gap = gap

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a == b:
            return
        sa, sb = self.span[a], self.span[b]
        span = sa or sb
        if sa and sb:
            span = (min(sa[0], sb[0]), max(sa[1], sb[1]))
            if (span[1] - span[0]).days > self.gap:
                return
        root = min(a, b)
        self.parent[max(a, b)] = root
        self.span[root] = span


def _word_pairs(
    quotes: Sequence[QuoteText], words: Sequence[frozenset[str]], options: StatementOptions
) -> Iterable[tuple[int, int]]:
    # copies with the same words (syndicated reports repeat a quote hundreds of times) are
    # linked directly, and only one of them enters the word index: a word in hundreds of
    # copies of one quote must not hide those copies from each other
    same: dict[frozenset[str], list[int]] = defaultdict(list)
    for i, ws in enumerate(words):
        if len(ws) >= options.min_shared:
            same[ws].append(i)
    for members in same.values():
        for i in members[1:]:
            other = next((j for j in members if quotes[j].article != quotes[i].article), None)
            if other is not None:
                yield min(i, other), max(i, other)
    postings: dict[str, list[frozenset[str]]] = defaultdict(list)
    for ws in same:
        for w in ws:
            postings[w].append(ws)
    # candidates share a word that is not everywhere in this speaker's quotes; then exact overlap
    candidates: set[tuple[frozenset[str], frozenset[str]]] = set()
    for sets in postings.values():
        if len(sets) > options.max_postings:
            continue
        for x, a in enumerate(sets):
            for b in sets[x + 1 :]:
                candidates.add((a, b))
    for a, b in candidates:
        n = len(a & b)
        if n < options.min_shared or n / min(len(a), len(b)) < options.min_containment:
            continue
        # one partner per copy is enough: the copies of each word set are already linked
        for xs, ys in ((same[a], same[b]), (same[b], same[a])):
            for i in xs:
                j = next((j for j in ys if quotes[j].article != quotes[i].article), None)
                if j is not None:
                    yield min(i, j), max(i, j)


def _meaning_pairs(
    quotes: Sequence[QuoteText],
    words: Sequence[frozenset[str]],
    days: Sequence[date | None],
    embed: Embed,
    options: StatementOptions,
) -> Iterable[tuple[int, int]]:
    import numpy as np

    # only quotes said on known days at most max_day_gap apart are compared
    on_day: dict[date, list[int]] = defaultdict(list)
    for i, day in enumerate(days):
        if day is not None and len(words[i]) >= options.meaning_min_shared:
            on_day[day].append(i)
    gap = range(-options.max_day_gap, options.max_day_gap + 1)
    candidates: list[tuple[int, int]] = []
    for day, members in on_day.items():
        for i in members:
            for j in (j for d in gap for j in on_day.get(day + timedelta(days=d), ())):
                if j <= i or quotes[i].article == quotes[j].article:
                    continue
                n = len(words[i] & words[j])
                if n >= options.meaning_min_shared and n / min(len(words[i]), len(words[j])) >= (
                    options.meaning_min_containment
                ):
                    candidates.append((i, j))
    if not candidates:
        return
    idx = sorted({k for pair in candidates for k in pair})
    row = {k: r for r, k in enumerate(idx)}
    vectors = np.asarray(embed([quotes[k].text for k in idx]), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = vectors / np.where(norms == 0, 1.0, norms)
    score = {(i, j): float(unit[row[i]] @ unit[row[j]]) for i, j in candidates}
    # best partner of each quote in each other article
    best: dict[tuple[int, str], float] = defaultdict(lambda: -1.0)
    for (i, j), cos in score.items():
        best[i, quotes[j].article] = max(best[i, quotes[j].article], cos)
        best[j, quotes[i].article] = max(best[j, quotes[i].article], cos)
    for (i, j), cos in score.items():
        if (
            cos >= options.min_similarity
            and cos == best[i, quotes[j].article]
            and cos == best[j, quotes[i].article]
        ):
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
        words = [content_stems(q.text) for q in group]
        days = [_day(q.date) for q in group]
        links = _Groups(days, options.max_day_gap)
        # word links first, then meaning links, each in a fixed order: a refused link depends
        # on the links made before it
        pairs = sorted(set(_word_pairs(group, words, options)))
        if embed is not None:
            pairs += sorted(set(_meaning_pairs(group, words, days, embed, options)))
        for i, j in pairs:
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
