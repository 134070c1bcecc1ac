"""Articles into events (one real-world happening) and events into stories.

First version: TF-IDF over the article text plus its entity names (entities
weigh more: each name is added as a token ``ENT_<name>`` repeated
``entity_weight`` times). An article joins the event whose members are most
similar to it on average (average link; copies do not count twice) when that
mean reaches ``event_threshold`` plus ``event_day_penalty`` per day between
the article's occasion date and the event's date, within
``event_window_days``; otherwise it starts a new event. Events join the story
whose centroid is closest when the cosine reaches ``story_threshold``, with no
date window (a story runs for years). Copies (``duplicate_of``) always join
their original's event.

The same leader algorithm serves both modes of :func:`cluster`:

* incremental (``full=False``): new articles, in ingest order, against the
  existing clusters in their date window;
* full (``full=True``, the ``recluster`` command): all articles from empty,
  in (date, id) order, so the result is a function of the set of articles,
  independent of the order in which they arrived.

The occasion date of an article is the earliest day-precision date among the
temporal expressions of its first sentences within a week before its
publication date, else the publication date: an article published on
Saturday about Friday's meeting belongs to Friday's event.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeAlias

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from .model import Event, Story


@dataclass(frozen=True, slots=True)
class ClusterDoc:
    id: str
    text: str
    title: str | None
    date: date | None  # occasion date
    names: tuple[str, ...] = ()
    duplicate_of: str | None = None
    event: str | None = None  # existing assignment (incremental mode)
    story: str | None = None


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    event_threshold: float = 0.13  # mean cosine with the members, on the same occasion date
    event_day_penalty: float = 0.03  # added to the threshold per day of date difference
    event_window_days: int = 2
    story_threshold: float = 0.12
    entity_weight: int = 3
    max_features: int = 50_000


DEFAULT_CLUSTER_OPTIONS = ClusterOptions()


Vector: TypeAlias = Any  # a scipy.sparse CSR row or matrix (scipy ships no type stubs)


@dataclass(slots=True)
class _Cluster:
    """A growing cluster; its date is the earliest occasion date of its members."""

    id: str
    members: list[int] = field(default_factory=list)
    vector_sum: Vector | None = None
    weight: int = 0  # members that count in vector_sum (copies do not)
    first: date | None = None
    story: str | None = None

    def centroid(self) -> Vector:
        assert self.vector_sum is not None
        norm = float(sparse.linalg.norm(self.vector_sum))
        return self.vector_sum / norm if norm else self.vector_sum

    def date(self) -> date | None:
        return self.first

    def average_similarity(self, vector: Vector) -> float:
        """Mean cosine of ``vector`` with the members (average link), copies left out."""
        if self.vector_sum is None or not self.weight:
            return 0.0
        return _cos(vector, self.vector_sum) / self.weight


def _cos(a: Vector, b: Vector) -> float:
    return float(a.multiply(b).sum())


def _features(docs: Sequence[ClusterDoc], options: ClusterOptions) -> Vector:
    def doc_text(doc: ClusterDoc) -> str:
        ents = " ".join("ENT_" + "_".join(name.lower().split()) for name in doc.names)
        ent_block = " ".join([ents] * options.entity_weight)
        return f"{doc.title or ''}\n{doc.text}\n{ent_block}"

    if not docs:
        return sparse.csr_matrix((0, 1))
    vectorizer = TfidfVectorizer(
        stop_words="english",
        sublinear_tf=True,
        max_features=options.max_features,
        token_pattern=r"(?u)\b(?:ENT_\w+|[^\W\d_]{3,})\b",
        lowercase=False,
        preprocessor=lambda s: s if s is None else _lower_keep_ent(s),
        dtype=np.float64,
    )
    try:
        matrix = vectorizer.fit_transform([doc_text(d) for d in docs])
    except ValueError:  # empty vocabulary (texts with no words)
        return sparse.csr_matrix((len(docs), 1))
    return sparse.csr_matrix(matrix)


def _lower_keep_ent(text: str) -> str:
    return " ".join(w if w.startswith("ENT_") else w.lower() for w in text.split())


def _event_id(seed: str) -> str:
    return "ev" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:12]


def _story_id(seed: str) -> str:
    return "st" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:12]


def cluster(
    docs: Sequence[ClusterDoc],
    *,
    full: bool,
    options: ClusterOptions = DEFAULT_CLUSTER_OPTIONS,
) -> tuple[list[Event], list[Story]]:
    """Cluster ``docs``; with ``full`` from empty in (date, id) order, else keep assignments.

    In incremental mode ``docs`` holds the existing articles that may matter
    (their ``event``/``story`` set) and the new ones (``event`` None); new ones
    are placed in the order given. Returns every event and story touched.
    """
    if full:
        docs = sorted(docs, key=lambda d: (d.date or date.max, d.id))
        docs = [replace(d, event=None, story=None) for d in docs]
    vectors = _features(docs, options)
    index_of = {d.id: i for i, d in enumerate(docs)}
    events: dict[str, _Cluster] = {}
    event_of_doc: dict[int, str] = {}

    def add(cluster_: _Cluster, i: int, *, copy: bool = False) -> None:
        cluster_.members.append(i)
        event_of_doc[i] = cluster_.id
        day = docs[i].date
        if day is not None and (cluster_.first is None or day < cluster_.first):
            cluster_.first = day
        if copy and cluster_.vector_sum is not None:
            return  # a syndicated copy joins without weighing twice
        vec = vectors[i]
        cluster_.weight += 1
        cluster_.vector_sum = (
            vec.copy() if cluster_.vector_sum is None else cluster_.vector_sum + vec
        )

    # existing assignments first (incremental mode)
    for i, doc in enumerate(docs):
        if doc.event is not None:
            ev = events.setdefault(doc.event, _Cluster(id=doc.event, story=doc.story))
            add(ev, i)
    for i, doc in enumerate(docs):
        if doc.event is not None:
            continue
        original = index_of.get(doc.duplicate_of) if doc.duplicate_of else None
        if original is not None and original in event_of_doc:
            add(events[event_of_doc[original]], i, copy=True)
            continue
        best: _Cluster | None = None
        best_margin = 0.0
        for ev in events.values():
            ev_date = ev.date()
            gap = 0
            if doc.date is not None and ev_date is not None:
                gap = abs((doc.date - ev_date).days)
                if gap > options.event_window_days:
                    continue
            # an undated article (or event) is compared on content alone: unknown is not "far"
            threshold = options.event_threshold + options.event_day_penalty * gap
            margin = ev.average_similarity(vectors[i]) - threshold
            if margin >= 0 and (best is None or margin > best_margin):
                best, best_margin = ev, margin
        if best is None:
            best = _Cluster(id=_event_id(doc.id))
            events[best.id] = best
        add(best, i)

    # stories over events, in (date, id) order
    stories: dict[str, _Cluster] = {}
    ordered = sorted(events.values(), key=lambda e: (e.date() or date.max, e.id))
    for ev in ordered:
        if ev.story is not None and not full:
            st = stories.setdefault(ev.story, _Cluster(id=ev.story))
            _merge_into(st, ev)
    for ev in ordered:
        if ev.story is not None and not full:
            continue
        best_story: _Cluster | None = None
        best_sim = options.story_threshold
        centroid = ev.centroid()
        for st in stories.values():
            sim = _cos(centroid, st.centroid())
            if sim > best_sim:
                best_story, best_sim = st, sim
        if best_story is None:
            best_story = _Cluster(id=_story_id(ev.id))
            stories[best_story.id] = best_story
        _merge_into(best_story, ev)
        ev.story = best_story.id

    out_events: list[Event] = []
    for ev in events.values():
        members = sorted(ev.members)
        ev_date = ev.date()
        out_events.append(
            Event(
                id=ev.id,
                date=ev_date.isoformat() if ev_date else None,
                title=_title([docs[i] for i in members], ev.centroid(), vectors[members, :]),
                articles=tuple(docs[i].id for i in members),
            )
        )
    out_stories: list[Story] = []
    event_by_id = {e.id: e for e in out_events}
    for st in stories.values():
        ev_ids = tuple(
            sorted(
                (e.id for e in events.values() if e.story == st.id),
                key=lambda eid: (event_by_id[eid].date or "9999", eid),
            )
        )
        articles = tuple(a for eid in ev_ids for a in event_by_id[eid].articles)
        members = [index_of[a] for a in articles]
        out_stories.append(
            Story(
                id=st.id,
                title=_title([docs[i] for i in members], st.centroid(), vectors[members, :]),
                events=ev_ids,
                articles=articles,
            )
        )
    return out_events, out_stories


def _merge_into(story: _Cluster, event: _Cluster) -> None:
    assert event.vector_sum is not None
    story.members.extend(event.members)
    story.vector_sum = (
        event.vector_sum.copy() if story.vector_sum is None else story.vector_sum + event.vector_sum
    )
    if event.first is not None and (story.first is None or event.first < story.first):
        story.first = event.first


def _title(members: Sequence[ClusterDoc], centroid: Vector, vectors: Vector) -> str:
    """The title (or first line) of the member closest to the centroid."""
    if not members:
        return ""
    sims = np.asarray(vectors.multiply(centroid).sum(axis=1)).ravel()
    order = sorted(range(len(members)), key=lambda k: (-round(float(sims[k]), 9), members[k].id))
    for k in order:
        title = members[k].title
        if title:
            return title.strip()
    first = members[order[0]].text.strip().split("\n", 1)[0]
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "..."


def occasion_date(published: date | None, lead_dates: Sequence[str]) -> date | None:
    """The day an article's lead reports on.

    The earliest day-precision date (DATE or TIME value) among the temporal
    expressions of its first sentences within ``lookback_days`` before the
    publication date; else the publication date. "Four guards were killed
    late on Sunday, officials said on Monday" is Sunday's event.
    """
    lookback_days = 7
    days: set[date] = set()
    for value in lead_dates:
        if len(value) < 10 or value[4] != "-" or value[7] != "-":
            continue
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            continue
        if published is not None and not 0 <= (published - day).days <= lookback_days:
            continue
        days.add(day)
    if days:
        return min(days)
    return published
