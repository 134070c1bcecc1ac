"""Events into stories: best-first, with rarity over events, a focus condition and time decay.

A story is a run of events about one subject (an oil spill and its aftermath,
a war, peace talks over years). Each event enters as a unit (it weighs as one
member whatever its number of articles) and is described by the same three
views as an article (:mod:`storyline.cluster`): its TF-IDF rows averaged, its
embedding centroid, and the names most of its articles carry. Three things
make the story level differ from the event level:

* **Rarity over events.** A name's weight is its rarity among the events, not
  the articles (``log((E + 1) / events naming it)``): a name that a tenth of
  all events carry (US, UN, Egypt in a corpus of the Arab Spring) says little
  about which story an event belongs to, however few articles name it.
* **Focus.** Each event's focus is its main place and main person (named by
  the most of its articles, at least half of them); a story's focus is the
  union of its events'. Two stories whose focus shares nothing are the same
  story only close in time (``story_focus_days``), and then pay
  ``story_conflict_penalty``: a report about Libya and one about Egypt in the
  same week share the Arab Spring's words, not a subject.
* **Time decay.** The further apart two stories are (days between their
  spans), the more evidence they need: ``story_decay`` times ``log2(1 + gap /
  story_decay_days)`` is taken from their score, and only a tenth of it
  (``story_focus_decay``) when their focus agrees (the same main actor or
  place over years: peace talks of 2022 and of 2025 about Putin and Ukraine).
  Generic overlap (the same country, the UN, shared vocabulary) does not
  carry across years; a shared focus does, with a back-reference:
* **Back-references.** Two stories whose bulks are more than
  ``story_back_days`` apart are one story only when ``story_back_share`` of
  the later one's events name a date of the earlier one's events, at least
  twice as precise as the gap (a day; a month across two months or more; a
  bare year across two years or more): "since 2022" in a 2025 report on peace
  talks links it to the 2022 talks, while next year's edition of an annual
  summit, or a corpus cloned a year later, stays a story of its own.

Placement is best-first like the events': every new event starts as its own
story, and one pass merges the pair of stories with the highest score first
while it reaches ``story_threshold`` (a story of one event joining) or
``story_merge_threshold`` (two stories of several events), so the result
depends neither on the arrival order nor on the ids (the older story, by its
first article, keeps its id). In incremental mode the existing stories take
part as they are and only pairs with a story that received a new event are
scored: an unrelated event never reshuffles existing stories.

**Settling.** A story scores its candidates when it is new or grows; a small
story that scored a neighbour before the neighbour grew would stay apart from
it (the grown story reads only its own candidates). So every story remembers
who scored it, and after the pass the stories that scored one that was
absorbed, or that has since doubled, are scored again from their own side;
merging goes on until a round merges nothing.

**Link pass.** Then stories whose events are as close across as within merge,
the best first and settled the same way: a term link (mean TF-IDF dot between
their events) at least ``story_link_ratio`` of the looser side's cohesion
(the mean dot between two of its own events), bulks at most
``story_decay_days`` apart, and (``story_link_focus``) whatever their focus:
one outbreak reported from two countries shares the outbreak's own words as
much as each country's reports do, while two uprisings share only the
region's. The link pass and the first pass then alternate over the stories
the other grew until neither merges: the result is settled under both rules,
so a later incremental run finds no pair left at a threshold.

**Subject.** Two established stories (``story_focus_events``) merge in the
first pass only when their term link is at least ``story_subject_ratio`` of
the looser side's cohesion, and two of ``story_subject_events`` events or more
only at ``story_link_ratio``: over many events the embedding centroids and the
common names of one period and country agree whatever the subject (an oil
spill and a financial crisis of the same year, both about the same
president), and the same names without the subject's words join nothing, also
when the stories meet while small, as in a daily feed.

Candidates come from the same kind of key index as the events' (canonical
names and rare terms): a story is compared with at most ``max_candidates``
stories that share its ``story_keys`` most common keys, never with every story.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import numpy as np

from .cluster import (
    ClusterDoc,
    ClusterOptions,
    _Cluster,
    _Features,
    _ref_spans,
    _Scores,
    _Space,
    _story_id,
)


def event_names(space: _Space, events: Sequence[_Cluster]) -> dict[str, Counter[int]]:
    """Per event: entity id -> how many of its articles name it, outlet credits left out."""
    entity = {name: eid for eid, name in enumerate(space.f.ent_names)}
    position = {d.id: i for i, d in enumerate(space.docs)}
    out: dict[str, Counter[int]] = {}
    for ev in events:
        counts = Counter(ev.ents)
        members = set(ev.members)
        for i in ev.members:
            doc = space.docs[i]
            if not doc.credits:
                continue
            original = position.get(doc.duplicate_of) if doc.duplicate_of else None
            if original is not None and original in members:
                continue  # a copy: its names were not counted
            for name in doc.credits:
                eid = entity.get(" ".join(name.lower().split()))
                if eid is not None and counts[eid] > 0:
                    counts[eid] -= 1
        out[ev.id] = +counts
    return out


def event_rarity(
    n_entities: int, events: Sequence[_Cluster], names: dict[str, Counter[int]]
) -> np.ndarray:
    """Per entity id: ``log((E + 1) / df)``, df = events most of whose articles name it."""
    df = np.zeros(n_entities, dtype=np.float64)
    for ev in events:
        for e, n in names[ev.id].items():
            if 2 * n >= max(ev.weight, 1):
                df[e] += 1
    weight = np.log((len(events) + 1) / np.maximum(df, 1))
    return np.where(df > 0, weight, math.log(len(events) + 1)).astype(np.float32)


def event_focus(
    kinds: Sequence[str], names: Counter[int], weight: int, focus_kinds: Sequence[str]
) -> tuple[int, ...]:
    """The event's main place and main person: named by the most members, at least half."""
    out: list[int] = []
    for kind in focus_kinds:
        of_kind = {e: n for e, n in names.items() if kinds[e] == kind}
        if not of_kind:
            continue
        most = max(of_kind.values())
        if 2 * most >= max(weight, 1):
            out.extend(sorted(e for e, n in of_kind.items() if n == most))
    return tuple(out)


def place_stories(
    space: _Space, events: Sequence[_Cluster], *, full: bool, options: ClusterOptions
) -> dict[str, list[str]]:
    """Events into stories (see the module docstring); story id -> its event ids."""
    names = event_names(space, events)
    rarity = event_rarity(len(space.f.ent_names), events, names)
    stories = _StorySpace(space.docs, replace(space.f, ent_weight=rarity), options)
    ordered = sorted(events, key=lambda e: (e.date() or date.max, min(e.members)))
    touched: set[str] = set()
    for ev in ordered:
        if ev.story is not None and not full:
            st = stories.clusters.get(ev.story) or stories.new(ev.story)
        else:
            st = stories.new(_story_id(ev.id))
            touched.add(st.id)
        stories.add_event(st, ev, names[ev.id])
    touched = stories.merge(touched)
    while options.story_link_ratio > 0:
        # the link pass, then the first pass again over the stories it grew (a grown story
        # may now reach a neighbour's threshold), until neither merges: the result is settled
        # under both rules, so a later incremental run finds no pair left at its threshold
        sizes = {cid: st.weight for cid, st in stories.clusters.items() if st.alive}
        touched = stories.merge(touched, link=True)
        grew = {cid for cid in touched if stories.clusters[cid].weight > sizes.get(cid, 0)}
        if not grew:
            break
        sizes = {cid: stories.clusters[cid].weight for cid in touched}
        touched = stories.merge(grew)
        if all(stories.clusters[cid].weight == sizes.get(cid) for cid in touched):
            break
    out: dict[str, list[str]] = {}
    for st in stories.clusters.values():
        if not st.alive:
            continue
        out[st.id] = sorted({space.cluster_of[m] for m in st.members})
        for ev_id in out[st.id]:
            space.clusters[ev_id].story = st.id
    return out


def event_references(docs: Sequence[ClusterDoc], ev: _Cluster) -> tuple[tuple[int, int], ...]:
    """The day spans the event's articles name: days, months and bare years (ordinals)."""
    values = {v for i in ev.members for v in docs[i].refs}
    spans = {(a, b) for a, b, _ in _ref_spans(sorted(values))}
    for value in values:
        if len(value) == 4 and value.isdigit() and int(value) > 0:
            spans.add((date(int(value), 1, 1).toordinal(), date(int(value), 12, 31).toordinal()))
    return tuple(sorted(spans))


def _support(focus: dict[str, set[int]], st: _Cluster) -> float:
    """The largest share of ``st``'s events that name one of ``focus``'s entities."""
    best = 0
    for ids in focus.values():
        for e in ids:
            best = max(best, st.ents.get(e, 0))
    return best / max(st.weight, 1)


class _StorySpace(_Space):
    """A :class:`storyline.cluster._Space` over stories: events as units, decay and focus."""

    def __init__(self, docs: Sequence[ClusterDoc], feats: _Features, options: ClusterOptions):
        super().__init__(docs, feats, options)
        self.key_counts: dict[str, Counter[int]] = {}
        self._first: dict[str, int] = {}  # per story: its first article (smallest index)
        self.days: dict[str, list[int]] = {}  # per story: its events' dates (ordinals), sorted
        self._focus: dict[str, tuple[int, dict[str, set[int]]]] = {}  # by story: (version, focus)
        self.norm2: dict[str, float] = {}  # per story: the sum of its event rows' squared norms
        self.event_refs: dict[str, list[tuple[tuple[int, int], ...]]] = {}  # per story, per event
        self._back: dict[tuple[str, int, str, int], float] = {}
        self._cohesion: dict[str, tuple[int, float]] = {}  # by story: (version, cohesion)
        self._top: dict[str, tuple[int, list[int]]] = {}  # by story: (version, top keys)
        # by story: (version, arrays) of its events' referred spans and of its days
        self._refs: dict[str, tuple[int, np.ndarray, np.ndarray, np.ndarray]] = {}
        self._day_arrays: dict[str, tuple[int, np.ndarray]] = {}
        # the candidate lookup in numpy: stories by number (order of creation), the most
        # recent postings of each key as numbers (postings only grow), alive and first by number
        self._ids: list[str] = []
        self._number: dict[str, int] = {}
        self._tails: dict[int, tuple[int, np.ndarray]] = {}
        self._arrays: tuple[np.ndarray, np.ndarray] | None = None

    def new(self, cid: str) -> _Cluster:
        self._number[cid] = len(self._ids)
        self._ids.append(cid)
        self._arrays = None
        return super().new(cid)

    def _view_cohesion(self, c: _Cluster) -> float:
        """Not read at the story level (no date window): the link pass reads :meth:`cohesion`."""
        return -1.0

    def add_event(self, st: _Cluster, ev: _Cluster, names: Counter[int]) -> None:
        """Add an event's members to a story as one unit (the event weighs as one member)."""
        st.members.extend(ev.members)
        self._first[st.id] = min(self._first.get(st.id, min(ev.members)), min(ev.members))
        for day in (ev.first, ev.last):
            if day is not None:
                st.first = day if st.first is None or day < st.first else st.first
                st.last = day if st.last is None or day > st.last else st.last
        if ev.tf_sum is not None:
            row = ev.tf_sum / max(ev.weight, 1)
            st.tf_sum = row if st.tf_sum is None else st.tf_sum + row
            self.norm2[st.id] = self.norm2.get(st.id, 0.0) + float(row.multiply(row).sum())
        if ev.emb_sum is not None:
            norm = float(np.linalg.norm(ev.emb_sum))
            vec = ev.emb_sum / norm if norm else ev.emb_sum
            st.emb_sum = vec if st.emb_sum is None else st.emb_sum + vec
        for e, n in names.items():
            if 2 * n >= max(ev.weight, 1):
                st.ents[e] += 1
        st.focus.update(event_focus(self.f.ent_kind, names, ev.weight, self.o.story_focus_kinds))
        if ev.first is not None:
            bisect.insort(self.days.setdefault(st.id, []), ev.first.toordinal())
        self.event_refs.setdefault(st.id, []).append(event_references(self.docs, ev))
        st.weight += 1
        st.version += 1
        self._arrays = None  # its first article may have changed
        counts = self.key_counts.setdefault(st.id, Counter())
        counts.update(ev.keys)
        for key in ev.keys:
            if key not in st.keys:
                st.keys.add(key)
                self.postings[key].append(st.id)

    def absorb(self, into: _Cluster, other: _Cluster) -> None:
        super().absorb(into, other)
        self._first[into.id] = min(self._first[into.id], self._first[other.id])
        if self._arrays is not None:
            alive, first = self._arrays
            alive[self._number[other.id]] = False
            first[self._number[into.id]] = self._first[into.id]
        self.key_counts.setdefault(into.id, Counter()).update(self.key_counts.pop(other.id, {}))
        days = self.days.pop(other.id, [])
        if days:
            self.days[into.id] = sorted(self.days.get(into.id, []) + days)
        self.norm2[into.id] = self.norm2.get(into.id, 0.0) + self.norm2.pop(other.id, 0.0)
        self.event_refs.setdefault(into.id, []).extend(self.event_refs.pop(other.id, []))

    def back_share(self, later: _Cluster, earlier: _Cluster, gap: int) -> float:
        """The share of ``later``'s events that name a date of ``earlier``'s events.

        Only a date at least twice as precise as the gap counts: a day, a month for
        a gap of two months or more, a bare year for a gap of two years or more (a
        year named within a year or two is context, "last year", not a pointer).
        """
        key = (later.id, later.version, earlier.id, earlier.version)
        cached = self._back.get(key)
        if cached is not None:
            return cached
        days = self._days_of(earlier)
        starts, ends, owner = self._refs_of(later)
        hits = 0
        if len(days) and len(starts):
            precise = 2 * (ends - starts + 1) <= gap
            starts, ends, owner = starts[precise], ends[precise], owner[precise]
            i = np.minimum(np.searchsorted(days, starts, side="left"), len(days) - 1)
            inside = (days[i] >= starts) & (days[i] <= ends)
            hits = len(np.unique(owner[inside]))  # events naming at least one of its dates
        share = hits / max(later.weight, 1)
        self._back[key] = share
        return share

    def _days_of(self, st: _Cluster) -> np.ndarray:
        """The story's event dates (ordinals, sorted) as an array, cached per version."""
        cached = self._day_arrays.get(st.id)
        if cached is None or cached[0] != st.version:
            cached = (st.version, np.asarray(self.days.get(st.id, []), dtype=np.int64))
            self._day_arrays[st.id] = cached
        return cached[1]

    def _refs_of(self, st: _Cluster) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The spans the story's events refer to: starts, ends and the event's position."""
        cached = self._refs.get(st.id)
        if cached is None or cached[0] != st.version:
            per_event = self.event_refs.get(st.id, [])
            flat = [(a, b, k) for k, spans in enumerate(per_event) for a, b in spans]
            arr = np.asarray(flat, dtype=np.int64).reshape(-1, 3)
            cached = (st.version, arr[:, 0], arr[:, 1], arr[:, 2])
            self._refs[st.id] = cached
        return cached[1], cached[2], cached[3]

    def cohesion(self, st: _Cluster) -> float:
        """Mean term link (TF-IDF dot) between two of the story's events, -1 below two events."""
        if st.weight < 2 or st.tf_sum is None:
            return -1.0
        cached = self._cohesion.get(st.id)
        if cached is not None and cached[0] == st.version:
            return cached[1]
        data = st.tf_sum.data
        n = st.weight
        # einsum, not np.dot: a BLAS dot of a long row may start threads, which on a busy
        # machine cost a hundred times the sum itself
        square = float(np.einsum("i,i->", data, data))
        value = max(square - self.norm2.get(st.id, 0.0), 0.0) / (n * (n - 1))
        self._cohesion[st.id] = (st.version, value)
        return value

    def main_focus(self, st: _Cluster) -> dict[str, set[int]]:
        """The story's focus by kind: the place and the person most of its events focus on."""
        cached = self._focus.get(st.id)
        if cached is not None and cached[0] == st.version:
            return cached[1]
        out: dict[str, set[int]] = {}
        for kind in self.o.story_focus_kinds:
            of_kind = {e: n for e, n in st.focus.items() if n > 0 and self.f.ent_kind[e] == kind}
            if of_kind:
                most = max(of_kind.values())
                out[kind] = {e for e, n in of_kind.items() if n == most}
        self._focus[st.id] = (st.version, out)
        return out

    def bulk(self, st: _Cluster) -> tuple[int, int] | None:
        """The dates of the bulk of the story's events (10th to 90th percentile), or None."""
        days = self.days.get(st.id)
        if not days:
            return None
        n = len(days)
        return days[(n - 1) // 10], days[n - 1 - (n - 1) // 10]

    def story_candidates(self, st: _Cluster) -> list[str]:
        """Up to ``max_candidates`` live stories sharing the most of ``st``'s top keys.

        Ties go to the most recent posting, then to the older story (its first
        article): never to the ids, so the result does not depend on them.
        """
        tails = [t for t in (self._tail(key) for key in self.top_keys(st)) if len(t)]
        if not tails:
            return []
        # per story: the keys whose recent postings hold it, and its latest rank in one
        ranks = np.concatenate([np.arange(len(t)) for t in tails])
        numbers, inverse, hits = np.unique(
            np.concatenate(tails), return_inverse=True, return_counts=True
        )
        recency = np.zeros(len(numbers), dtype=np.int64)
        np.maximum.at(recency, inverse.ravel(), ranks)
        alive, first = self._story_arrays()
        ok = alive[numbers] & (numbers != self._number[st.id])
        numbers, hits, recency = numbers[ok], hits[ok], recency[ok]
        order = np.lexsort((first[numbers], -recency, -hits))[: self.o.max_candidates]
        return [self._ids[n] for n in numbers[order].tolist()]

    def _tail(self, key: int) -> np.ndarray:
        """The stories of the key's ``max_postings`` most recent postings, as numbers."""
        posting = self.postings.get(key)
        if not posting:
            return np.zeros(0, dtype=np.int64)
        cached = self._tails.get(key)
        if cached is None or cached[0] != len(posting):
            tail = [self._number[cid] for cid in posting[-self.o.max_postings :]]
            cached = (len(posting), np.asarray(tail, dtype=np.int64))
            self._tails[key] = cached
        return cached[1]

    def _story_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Per story number: alive, and its first article (kept up to date by absorb)."""
        if self._arrays is None:
            n = len(self._ids)
            alive = np.fromiter((self.clusters[c].alive for c in self._ids), dtype=bool, count=n)
            first = np.fromiter(
                (self._first.get(c, -1) for c in self._ids), dtype=np.int64, count=n
            )
            self._arrays = (alive, first)
        return self._arrays

    def first(self, cid: str) -> int:
        """The story's first article (index): an order of stories independent of ids."""
        return self._first[cid]

    def top_keys(self, st: _Cluster) -> list[int]:
        """The story's ``story_keys`` keys carried by the most of its events."""
        cached = self._top.get(st.id)
        if cached is not None and cached[0] == st.version:
            return cached[1]
        counts = self.key_counts.get(st.id, Counter())
        ids = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        n = np.fromiter(counts.values(), dtype=np.int64, count=len(counts))
        # the most common first, ties to the smaller key
        keys: list[int] = ids[np.lexsort((ids, -n))[: self.o.story_keys]].tolist()
        self._top[st.id] = (st.version, keys)
        return keys

    def score(
        self, q: _Cluster, cands: Sequence[_Cluster], *, window: bool, floor: float = -math.inf
    ) -> _Scores:
        """The cluster scores (no date window), then focus and time decay (module docstring).

        The back-reference condition (two stories far apart) is checked only where
        the total reaches ``floor``: below it the pair is neither kept nor merged
        anyway. The term link's cohesion is left to the link pass (:meth:`link_cohesion`).
        """
        s = super().score(q, cands, window=False)
        o = self.o
        k = len(cands)
        gap = np.zeros(k, dtype=np.float64)
        agree = np.zeros(k, dtype=bool)
        disagree = np.zeros(k, dtype=bool)
        mine = self.main_focus(q)
        span = self.bulk(q)
        later_c = np.zeros(k, dtype=bool)  # the candidate is the later side of the pair
        for j, c in enumerate(cands):
            theirs = self.main_focus(c)
            established = min(q.weight, c.weight) >= o.story_focus_events
            if established and mine and theirs:
                support = min(_support(mine, c), _support(theirs, q))
                # both established: does each name the other's main place or person?
                agree[j] = support >= o.story_focus_support
                disagree[j] = not agree[j]
            elif any(mine[kind] & theirs[kind] for kind in mine if kind in theirs):
                agree[j] = True
            other = self.bulk(c)
            if span is not None and other is not None:
                gap[j] = max(other[0] - span[1], span[0] - other[1], 0)
                later_c[j] = other[0] > span[0]
        decay = o.story_decay * np.log2(1.0 + gap / max(o.story_decay_days, 1))
        decay = np.where(agree, o.story_focus_decay * decay, decay)
        total = s.total - decay
        loose = s.loose | disagree
        # far apart: one story only when the later one refers back to the earlier
        for j in np.flatnonzero((gap > o.story_back_days) & ~loose & (total >= floor)).tolist():
            later, earlier = (cands[j], q) if later_c[j] else (q, cands[j])
            loose[j] = self.back_share(later, earlier, int(gap[j])) < o.story_back_share
        # two established stories: the subject too, not only the names (their term link a
        # share of the looser side's cohesion; for two large ones as in the link pass)
        if q.weight >= o.story_focus_events:
            sizes = np.fromiter((c.weight for c in cands), dtype=np.int64, count=k)
            both = np.flatnonzero((sizes >= o.story_focus_events) & ~loose & (total >= floor))
            if len(both):
                large = (q.weight >= o.story_subject_events) & (
                    sizes[both] >= o.story_subject_events
                )
                ratio = np.where(large, o.story_link_ratio, o.story_subject_ratio)
                coh = self.link_cohesion(q, [cands[j] for j in both.tolist()])
                loose[both] = s.terms[both] < ratio * coh
        return replace(s, total=total, conflict=disagree, loose=loose, gap=gap.astype(np.int64))

    def link_cohesion(self, q: _Cluster, cands: Sequence[_Cluster]) -> np.ndarray:
        """Per candidate: the cohesion the term link is held against, the looser side's
        (one event: the other's), -1 where neither side has two events."""
        coh = np.full(len(cands), -1.0)
        mine = self.cohesion(q)
        for j, c in enumerate(cands):
            both = [v for v in (mine, self.cohesion(c)) if v > 0]
            coh[j] = min(both) if both else -1.0
        return coh

    def merge(self, touched: set[str], *, link: bool = False) -> set[str]:
        """Best-first: merge the best pair of stories while it reaches its threshold.

        With ``link`` (the second pass), a pair merges instead when its term
        link is at least ``story_link_ratio`` times the looser side's cohesion
        (their events are as close across as within) and their bulks are at most
        ``story_decay_days`` apart, the best link first. Returns the live stories
        this run touched or grew.

        A story is scored against the stories that share its most common keys
        and against its near stories: those that scored close to a threshold
        with it or with a story it absorbed (at most ``max_candidates`` kept
        each), so a story that grows is scored again against its neighbours'
        neighbours, not only against the latest stories of its keys.
        """
        o = self.o
        floor = min(o.story_threshold, o.story_merge_threshold) - o.story_decay
        if link:
            floor = 0.75 * o.story_link_ratio
        grown: set[str] = set(touched)
        heap: list[tuple[float, int, int, str, str, int, int]] = []
        near: dict[str, dict[str, float]] = {}
        # who scored whom: a story that changes makes the stories that scored it stale
        # (story -> the stories that scored it, with its weight then)
        watchers: dict[str, dict[str, int]] = {}

        def remember(a: str, b: str, score: float) -> None:
            mine = near.setdefault(a, {})
            mine[b] = score
            if len(mine) > 2 * o.max_candidates:
                ranked = sorted(mine.items(), key=lambda kv: (-kv[1], self.first(kv[0])))
                near[a] = dict(ranked[: o.max_candidates])

        def push(cid: str, *, first_round: bool = False) -> None:
            c = self.clusters[cid]
            cand_ids = self.story_candidates(c)
            for x in cand_ids:  # also those scored from their side in the first round
                watchers.setdefault(x, {})[cid] = self.clusters[x].weight
            if first_round:  # a pair of new stories is scored once, from its later story
                first = min(c.members)
                cand_ids = [
                    x for x in cand_ids if x not in touched or min(self.clusters[x].members) < first
                ]
            else:
                seen = set(cand_ids)
                cand_ids += sorted(
                    (
                        x
                        for x in near.get(cid, {})
                        if x not in seen and x != cid and self.clusters[x].alive
                    ),
                    key=self.first,
                )
            if not cand_ids:
                return
            for x in cand_ids:
                watchers.setdefault(x, {})[cid] = self.clusters[x].weight
            cands = [self.clusters[x] for x in cand_ids]
            # the link pass reads neither the total nor the back-reference (its pairs are
            # at most story_decay_days apart)
            scores = self.score(c, cands, window=False, floor=math.inf if link else floor)
            if link:
                coh = self.link_cohesion(c, cands)
                ratio = np.where(coh > 0, scores.terms / coh, -np.inf)
                near_enough = scores.gap <= o.story_decay_days
                if not o.story_link_focus:
                    near_enough &= ~scores.conflict
                total = np.where(near_enough, ratio, -np.inf)
            else:
                total = scores.allowed()
            for other, s in zip(cands, total.tolist(), strict=True):
                if s >= floor:
                    remember(cid, other.id, s)
                    remember(other.id, cid, s)
                single = min(c.weight, other.weight) < 2
                if link:
                    threshold = o.story_link_ratio
                else:
                    threshold = o.story_threshold if single else o.story_merge_threshold
                if s >= threshold:
                    # ties: the pair of older stories first (by first article, not by id)
                    a, b = sorted((cid, other.id), key=self.first)
                    ca, cb = self.clusters[a], self.clusters[b]
                    item = (-s, self.first(a), self.first(b), a, b, ca.version, cb.version)
                    heapq.heappush(heap, item)

        for cid in sorted(touched, key=self.first):
            push(cid, first_round=True)
        while True:
            stale: set[str] = set()
            while heap:
                _, _, _, a, b, va, vb = heapq.heappop(heap)
                ca, cb = self.clusters[a], self.clusters[b]
                if not (ca.alive and cb.alive) or ca.version != va or cb.version != vb:
                    continue  # gone or stale: the changed story was pushed again
                keep, lose = (ca, cb) if min(ca.members) <= min(cb.members) else (cb, ca)
                self.absorb(keep, lose)
                grown.add(keep.id)
                # stale: the stories that scored the absorbed one, and those that scored the
                # keeper when it was less than half its size now (each story is scored again
                # a logarithmic number of times as a neighbour grows, not after every merge)
                stale.update(watchers.pop(lose.id, {}))
                mine = watchers.get(keep.id, {})
                grew = [x for x, w in mine.items() if 2 * w <= keep.weight]
                for x in grew:
                    del mine[x]
                stale.update(grew)
                for x, score in near.pop(lose.id, {}).items():
                    if x != keep.id:
                        remember(keep.id, x, score)
                push(keep.id)
            if not o.story_settle:
                break
            # settle: a story that scored a candidate before it grew (or before a story it
            # scored was absorbed) is scored again from its own side; a grown story reads
            # only its own candidates, so without this a small story stays apart from the
            # story it now fits. Rounds end when one merges nothing.
            again = sorted((x for x in stale if self.clusters[x].alive), key=self.first)
            if not again:
                break
            for cid in again:
                push(cid)
        return {x for x in grown if self.clusters[x].alive}
