"""An extractive summary of a story whose every sentence cites the articles carrying it.

Sentences of the story's original articles (copies left out) are scored by how many of
the story's salient words they hold (TF-IDF over the story's articles, averaged), the
best ones are taken greedily while not repeating an earlier pick (word overlap), and
they are put in date order. A sentence cites its own article and every other article of
the story that carries the same sentence or nearly the same (word overlap).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Final

from .store import Store

_WORD = re.compile(r"[^\W\d_]{3,}")
STOP: Final = frozenset(
    [
        "the",
        "and",
        "that",
        "with",
        "from",
        "this",
        "have",
        "has",
        "had",
        "was",
        "were",
        "are",
        "for",
        "not",
        "but",
        "his",
        "her",
        "its",
        "their",
        "they",
        "said",
        "says",
        "will",
        "would",
        "could",
        "should",
        "been",
        "being",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "there",
        "than",
        "then",
        "also",
        "after",
        "before",
        "about",
        "into",
        "over",
        "more",
        "most",
        "some",
        "such",
        "only",
        "other",
        "our",
        "out",
        "him",
        "she",
        "you",
        "your",
        "can",
        "may",
        "one",
        "two",
        "all",
        "any",
        "new",
        "just",
        "very",
        "per",
    ]
)
MAX_ARTICLES: Final = 400  # the newest originals considered in a very large story
SAME: Final = 0.8  # word overlap (Jaccard) for two sentences to count as the same


@dataclass(frozen=True, slots=True)
class Citation:
    article: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SummarySentence:
    text: str
    date: str | None
    citations: tuple[Citation, ...]

    def as_record(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "date": self.date,
            "citations": [
                {"article": c.article, "start": c.start, "end": c.end} for c in self.citations
            ],
        }


def _words(text: str) -> set[str]:
    return {w for w in (m.casefold() for m in _WORD.findall(text)) if w not in STOP}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def summarize(store: Store, story_id: str, *, sentences: int = 5) -> list[SummarySentence]:
    """Up to ``sentences`` sentences in date order, each with its citations."""
    articles = store.execute(
        "SELECT a.id, a.text, substr(COALESCE(a.published, ''), 1, 10) AS day FROM events e"
        " JOIN event_articles ea ON ea.event = e.id JOIN articles a ON a.id = ea.article"
        " WHERE e.story = ? AND a.duplicate_of IS NULL ORDER BY a.published DESC, a.seq"
        " LIMIT ?",
        (story_id, MAX_ARTICLES),
    )
    if not articles:
        return []
    day = {a["id"]: a["day"] or None for a in articles}
    text = {a["id"]: a["text"] for a in articles}
    marks = ",".join("?" * len(articles))
    candidates: list[tuple[str, int, int, str, set[str]]] = []
    for s in store.execute(
        f"SELECT article, start, end FROM sentences WHERE article IN ({marks})"
        " ORDER BY article, idx",
        [a["id"] for a in articles],
    ):
        sentence = " ".join(text[s["article"]][s["start"] : s["end"]].split())
        words = _words(sentence)
        if 6 <= len(sentence.split()) <= 45 and len(words) >= 4:
            candidates.append((s["article"], s["start"], s["end"], sentence, words))
    document_frequency: Counter[str] = Counter()
    for a in articles:
        document_frequency.update(_words(a["text"]))
    n = len(articles)

    def weight(word: str) -> float:
        df = document_frequency[word]
        return math.log(1 + df) * math.log((n + 1) / df) if n > 1 else 1.0

    scored = sorted(
        candidates,
        key=lambda c: (-sum(weight(w) for w in c[4]) / math.sqrt(len(c[4])), c[0], c[1]),
    )
    chosen: list[tuple[str, int, int, str, set[str]]] = []
    for cand in scored:
        if all(_jaccard(cand[4], c[4]) < 0.5 for c in chosen):
            chosen.append(cand)
        if len(chosen) == sentences:
            break
    result: list[SummarySentence] = []
    for article, start, end, sentence, words in chosen:
        cites = {(article, start, end)}
        for other in candidates:
            if other[0] != article and _jaccard(words, other[4]) >= SAME:
                cites.add((other[0], other[1], other[2]))
        result.append(
            SummarySentence(
                text=sentence,
                date=day[article],
                citations=tuple(Citation(a, s, e) for a, s, e in sorted(cites)),
            )
        )
    result.sort(key=lambda s: (s.date or "~", s.citations[0].article))
    return result
