"""Articles into events (one real-world happening) and events into stories.

Each article is described by three views, and its similarity to an event is a
weighted sum of the three (:class:`ClusterOptions` holds the weights):

* **embedding**: cosine of the article's sentence embedding (MiniLM over the
  title and lead, :func:`storyline.nlp.get_embedder`) with the event centroid;
* **terms**: TF-IDF cosine of the article with the event's members, averaged
  (average link; a syndicated copy does not count twice);
* **entities**: how much of the article's named entities (canonical names,
  weighted by rarity) the event's members share (weighted Dice).

A date bonus is added when both are dated and close. Disagreement is negative
evidence: when the article and the event are dated far apart, they are not
compared at all (``event_window_days``), and when both name places or people
of the same kind and share none of them, the score is reduced
(``conflict_penalty``, small and on main places only by default: on people, or
larger, it cost more recall on ECB+ than it gained).

Cohesion is the second kind of negative evidence: two incidents of one kind
(two quakes, two rehab stays, two title fights) share their vocabulary, but
less than the reports of either incident share among themselves. An event's
cohesion is the mean TF-IDF cosine between two of its members (from the sum of
their unit rows: no pairs are computed). Two events merge only when their
average term link reaches ``cohesion_ratio`` times the looser one's cohesion,
and an article joins an event only at ``cohesion_join`` times the event's; no
join or merge at all below ``min_terms`` (a shared place and day alone do not
make a match report part of a quake). The evidence records the cohesion and
whether the link was too weak (``weak_link``).

Placement is best-first (agglomerative): every new article starts as its own
event, and one pass joins and merges, highest score first, while the score
reaches ``event_threshold`` (a pair with a single article: an article joining
an event) or ``merge_threshold`` (two events), the gates above permitting. The
result does not depend on the order the articles arrived in, nor on their ids.
In incremental mode the existing events take part as they are and only pairs
with a new article or an event that changed in this run are scored, so an
unrelated new article never reshuffles existing events. ``leader`` switches to
the older online placement (an article joins the best-scoring event at once;
order-dependent), and ``reassign_passes`` adds passes that score each new
article again, without itself, against its own event and the other candidates
and move it when another event fits better (rule ``moved``; off by default: on
ECB+ it gained 0.001 for 1.8 times the cost). Events join stories best-first
too, with rarity over events, a focus condition and time decay
(:mod:`storyline.stories`).

After the joins and merges a consolidation pass (``consolidate``) merges whole
events of one happening that the cohesion gate kept apart (the shooting and the
"charged with murder" reports two days later): their average term link reaches
``consolidate_terms`` and ``consolidate_ratio`` of the looser cohesion, they are
at most ``consolidate_days`` apart, and half the reports of each name one
specific participant most (by surname); beyond the date window only reports
that refer back to its day and lead with a happening to that participant
(proceedings, or a change in the person's own state: rehab, nominated,
escaped), the participant not the speaker of the lead; two undated events on
specific names and a number in common (rule "consolidated"). An undated event
whose reports name other months without a year, or other weekdays, than a
dated event's days is not compared with it (``undated_months``,
``undated_weekdays``).

Candidates come from an inverted index over keys (canonical entity names and
the article's rarest terms): an article is compared with at most
``max_candidates`` events that share keys with it, never with every event, and
the scores of those candidates are computed together with numpy. The cost per
article is bounded, so clustering is near-linear in the number of articles.

Modes of :func:`cluster`:

* incremental (``full=False``): new articles against the existing clusters;
  from empty, the same events as full mode;
* full (``full=True``, the ``recluster`` command): all articles from empty,
  so the result is a function of the set of articles.

Every placed article gets an :class:`Evidence` record: the event it joined,
the score and its parts, the entities and terms it shares with the event (an
article alone: its best candidate and why it did not join).

The occasion date of an article is the earliest day-precision date among the
temporal expressions of its first sentences within a week before its
publication date, else the publication date: an article published on
Saturday about Friday's meeting belongs to Friday's event.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeAlias

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from .model import Event, Story

Vector: TypeAlias = Any  # a scipy.sparse CSR row or matrix (scipy ships no type stubs)
Array: TypeAlias = Any  # a numpy array


@dataclass(frozen=True, slots=True)
class ClusterDoc:
    id: str
    text: str
    title: str | None
    date: date | None  # occasion date
    names: tuple[str, ...] = ()  # canonical entity names mentioned (repeats allowed)
    duplicate_of: str | None = None
    event: str | None = None  # existing assignment (incremental mode)
    story: str | None = None
    embedding: bytes = b""  # float32 sentence embedding of title + lead, or empty
    kinds: tuple[str, ...] = ()  # entity type of each of ``names`` (same length), or empty
    # resolved DATE/TIME values of the article's temporal expressions ("2010-09-10", "2010-09",
    # "2010"): a later report that names an earlier day refers back to it
    refs: tuple[str, ...] = ()
    # names the article mentions only as outlet credits ("(CNN) --", "told Reuters":
    # storyline.outlets); they do not link events into stories
    credits: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    embedding_weight: float = 0.15
    term_weight: float = 0.55
    entity_weight: float = 0.30
    date_bonus: float = 0.05  # added for the same occasion day, less as the gap grows
    event_threshold: float = 0.15  # an article joins an event at this score
    merge_threshold: float = 0.15  # two events merge at this event-to-event score
    story_threshold: float = 0.11  # an event joins a story at this score
    story_merge_threshold: float = 0.17  # two stories merge at this story-to-story score
    event_window_days: int = 3  # dated articles further apart than this never share an event
    conflict_penalty: float = 0.05  # both name a main place (person) of one kind, none in common
    conflict_kinds: tuple[str, ...] = ("GPE",)  # entity kinds whose disagreement counts
    cohesion_ratio: float = 0.75  # term link between two clusters: at least this share of cohesion
    cohesion_join: float = 0.35  # the same for one article joining an event
    min_terms: float = 0.1  # no join or merge below this term link, whatever the other views
    reassign_passes: int = 0  # after the merges, new articles move to the event they fit best
    leader: bool = False  # online leader placement (order-dependent) instead of best-first
    # event follow-ups: beyond the date window, a later event joins an earlier one only when it
    # reports on that happening (the trial of the shooter, the sentence): both name a specific
    # participant (a person named by at least two articles and at most ``follow_max_share`` of
    # them, never more than ``follow_max_articles``; named by half the earlier side's members
    # and named most by half the later side's, whose title and lead report proceedings and
    # name the person), and the later one refers back to the earlier one's day or month (or,
    # with ``follow_terms`` > 0, shares its words at least that many times its cohesion: off,
    # as a loose event's low cohesion lets any report of the story through);
    # never more than ``follow_max_days`` apart
    follow_ups: bool = True
    follow_max_days: int = 1100
    follow_max_share: float = 0.1
    follow_max_articles: int = 200  # a name in more articles is a public figure's
    follow_terms: float = 0.0
    follow_lead: bool = True  # the participant is the one the later side names most
    follow_pass: bool = False  # follow-ups in a pass of their own after the ordinary merges
    follow_candidates: int = 8  # long-gap candidates per query, from the participants' postings
    # event consolidation: after the joins and merges, two events (not articles) of one
    # happening that the cohesion gate kept apart merge when their reports are alike by average
    # link (at least ``consolidate_terms`` and ``consolidate_ratio`` times the looser event's
    # cohesion), they are date-compatible (both dated, their nearest days at most
    # ``consolidate_days`` apart; two undated events only with ``consolidate_undated``) and they
    # share a specific participant (``consolidate_participants``); candidates from the key index
    # (events sharing a rare key), never all pairs; rule "consolidated"
    consolidate: bool = True
    # follow-up participants matched by surname too ("Ortiz" and "Jerry Ortiz", "LaCalamita"
    # and "Anthony LaCalamita III": the identity stage does not always join them)
    follow_surnames: bool = False
    consolidate_days: int = 45
    consolidate_terms: float = 0.2
    consolidate_ratio: float = 0.5
    consolidate_min_members: int = 1  # each side has at least this many reports
    consolidate_participants: bool = True
    consolidate_lead: bool = True  # ... one that each side names most (of all persons)
    consolidate_undated: bool = True
    # two undated events (no date to compare) need this many specific keys in common instead
    # of a participant, one of them a number: rare names of any kind or rare numbers
    # ("31-24", "1967", "6.2") named by half the reports of each (0: the participant rule)
    consolidate_keys: int = 2
    consolidate_proceedings: bool = True  # ... in reports of proceedings about its participant
    consolidate_back: bool = True  # beyond the window, the later side names the earlier's day
    # ... where "proceedings" are any happening to the participant, matched by surname: the
    # law's steps, or a change in the person's state (rehab, hospital, nominated, hired,
    # escaped, died: ``_HAPPENINGS``), the participant not the speaker of the lead ("X said")
    consolidate_happenings: bool = True
    # an undated event and a dated one are date-incompatible when this many of the undated
    # one's reports name a month without a year ("on Dec. 9", "in September": the time they
    # report) and no such month is one of the dated event's months (0 = off)
    undated_months: int = 2
    # the same for weekdays: this many of the undated one's reports name a weekday ("on
    # Thursday": the day they report) and none is a weekday of the dated event's days or the
    # day before each (the dated side may be dated by publication); 0 = off
    undated_weekdays: int = 2
    max_candidates: int = 40  # events scored per article
    max_postings: int = 64  # most recent events read per key
    key_terms: int = 8  # rarest terms of an article used as keys
    max_features: int = 100_000
    # stories (storyline.stories): time decay, focus condition, bounded candidate keys
    story_decay: float = 0.05  # taken from a story pair's score per doubling of the gap ...
    story_decay_days: int = 30  # ... in units of this many days
    story_focus_decay: float = 0.1  # share of the decay paid when the two stories' focus agrees
    story_focus_events: int = 3  # the focus condition holds between stories of this many events
    story_focus_support: float = 0.25  # ... each names the other's main place or person this often
    story_focus_kinds: tuple[str, ...] = ("GPE", "PERSON")  # an event's focus: its main ones
    story_keys: int = 64  # a story's most common keys used to find its candidates
    story_settle: bool = True  # a story whose candidate grew is scored again from its side
    # second pass: stories whose events are as close across as within (term link at least this
    # share of the looser side's cohesion) and whose bulks are story_decay_days apart at most
    story_link_ratio: float = 0.85
    story_link_focus: bool = True  # ... merge even when the focus condition keeps them apart
    # stories whose bulks are more than story_back_days apart are one story only when this share
    # of the later one's events name a date of the earlier one's (precise enough for the gap)
    story_back_days: int = 180
    story_back_share: float = 0.25
    # the subject: two stories of story_focus_events each merge in the first pass only with a
    # term link of this share of the looser side's cohesion (the same names are not enough) ...
    story_subject_ratio: float = 0.4
    # ... and two of this many events each only when their events are as close across as within
    # (story_link_ratio): over many events the centroids and the common names of one period and
    # country agree whatever the subject
    story_subject_events: int = 20
    # words of three letters or more, and numbers ("31-24", "6.1", "1,200"): a score, a toll or
    # a magnitude is rarely shared by two different happenings
    token_pattern: str = r"(?u)\b(?:[^\W\d_]{3,}|\d+(?:[.,:-]\d+)*)\b"


DEFAULT_CLUSTER_OPTIONS = ClusterOptions()


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why an article is in its event."""

    event: str
    rule: str  # "joined" | "new event" | "copy" | "merged" | "follow-up" | "moved" | "kept"
    score: float = 0.0
    embedding: float = 0.0
    terms: float = 0.0
    entities: float = 0.0
    date_gap: int | None = None
    conflict: bool = False
    shared_entities: tuple[str, ...] = ()
    shared_terms: tuple[str, ...] = ()
    copy_of: str | None = None
    runner_up: float | None = None  # the best score among the other candidates
    # the cohesion (mean term cosine inside the event, or the looser of two events) the term
    # link was held against, and whether the link was too weak to join or merge: below that
    # cohesion times the ratio, or below ``min_terms`` (shared place and day are not enough)
    cohesion: float | None = None
    weak_link: bool = False
    # a link beyond the date window (rule "follow-up"): the specific participants both name and
    # the date the later side refers back to ("2010-09-10", "2010-09"), if any
    participants: tuple[str, ...] = ()
    back_reference: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "event": self.event,
            "rule": self.rule,
            "score": round(self.score, 4),
            "embedding": round(self.embedding, 4),
            "terms": round(self.terms, 4),
            "entities": round(self.entities, 4),
            "date_gap": self.date_gap,
            "conflict": self.conflict,
            "shared_entities": list(self.shared_entities),
            "shared_terms": list(self.shared_terms),
            "copy_of": self.copy_of,
            "runner_up": None if self.runner_up is None else round(self.runner_up, 4),
            "cohesion": None if self.cohesion is None else round(self.cohesion, 4),
            "weak_link": self.weak_link,
            "participants": list(self.participants),
            "back_reference": self.back_reference,
        }


@dataclass(frozen=True, slots=True)
class Clustering:
    events: list[Event]
    stories: list[Story]
    evidence: dict[str, Evidence]  # by article id, for the articles placed in this run


# --------------------------------------------------------------------------- features


@dataclass(slots=True)
class _Features:
    tfidf: Vector  # CSR, one L2-normalised row per doc
    emb: Array  # float32 (n, d), unit rows or zero
    ent_ids: list[Array]  # per doc: entity ids (int array, unique)
    focus: list[tuple[int, ...]]  # per doc: its most-mentioned place and person (entity ids)
    ent_weight: Array  # per entity id: rarity weight
    ent_kind: list[str]  # per entity id: its kind
    ent_names: list[str]
    keys: list[list[int]]  # per doc: index keys (entity ids, then terms as -1 - term id)
    terms: Array  # the TF-IDF vocabulary, by column
    participants: list[tuple[int, ...]]  # per doc: its specific participants (rare persons)
    leads: list[tuple[int, ...]]  # per doc: the participants it names most
    tops: list[tuple[int, ...]]  # per doc: the specific surnames it names most (of all persons)
    # per doc: those of ``tops`` its lead reports a happening to (``consolidate_happenings``)
    happens: list[tuple[int, ...]]
    surnames: list[str]  # by surname id
    part_names: list[str]  # by participant id (surnames with ``follow_surnames``, else entities)
    specific: list[tuple[int, ...]]  # per doc: rare entity ids and rare numbers (-1 - term id)
    refs: list[
        tuple[tuple[int, int, str], ...]
    ]  # per doc: referred days (first, last ordinal, value)
    months: list[tuple[int, ...]]  # per undated doc: the months it names without a year
    weekdays: list[tuple[int, ...]]  # per undated doc: the weekdays it names (1 = Monday)


def _features(docs: Sequence[ClusterDoc], options: ClusterOptions) -> _Features:
    n = len(docs)
    vectorizer = TfidfVectorizer(
        stop_words="english",
        sublinear_tf=True,
        max_features=options.max_features,
        token_pattern=options.token_pattern,
        dtype=np.float32,
    )
    try:
        tfidf = sparse.csr_matrix(
            vectorizer.fit_transform([f"{d.title or ''}\n{d.text}" for d in docs])
        )
        terms = vectorizer.get_feature_names_out()
    except ValueError:  # empty vocabulary (texts with no words)
        tfidf = sparse.csr_matrix((n, 1), dtype=np.float32)
        terms = np.asarray(["?"])

    dim = next((len(d.embedding) // 4 for d in docs if d.embedding), 1)
    emb = np.zeros((n, dim), dtype=np.float32)
    for i, d in enumerate(docs):
        if d.embedding and len(d.embedding) == dim * 4:
            emb[i] = np.frombuffer(d.embedding, dtype="<f4")

    ent_index: dict[str, int] = {}
    ent_kind: list[str] = []
    df: Counter[int] = Counter()
    ent_ids: list[Array] = []
    focus: list[tuple[int, ...]] = []
    people: list[dict[int, int]] = []  # per doc: person entity id -> mentions
    for d in docs:
        mentions: Counter[int] = Counter()
        kinds = d.kinds if len(d.kinds) == len(d.names) else ("",) * len(d.names)
        for name, kind in zip(d.names, kinds, strict=True):
            key = " ".join(name.lower().split())
            if not key:
                continue
            if key not in ent_index:
                ent_index[key] = len(ent_index)
                ent_kind.append(kind)
            mentions[ent_index[key]] += 1
        ids = set(mentions)
        top: list[int] = []
        for kind in options.conflict_kinds:
            of_kind = {e: c for e, c in mentions.items() if ent_kind[e] == kind}
            if of_kind:
                most = max(of_kind.values())
                top.extend(sorted(e for e, c in of_kind.items() if c == most))
        focus.append(tuple(top))
        people.append({e: c for e, c in mentions.items() if ent_kind[e] == "PERSON"})
        df.update(ids)
        ent_ids.append(np.fromiter(sorted(ids), dtype=np.int64, count=len(ids)))
    ent_weight = np.zeros(len(ent_index), dtype=np.float32)
    for eid, count in df.items():
        ent_weight[eid] = math.log((n + 1) / count)  # a name in every article weighs ~0
    ent_names = [""] * len(ent_index)
    for key, eid in ent_index.items():
        ent_names[eid] = key

    # index keys: entities and terms shared with other articles but not with most of them;
    # of the terms, the article's heaviest (TF-IDF) ones
    keys: list[list[int]] = []
    max_df = max(10, int(0.1 * n))
    term_df = np.bincount(tfidf.indices, minlength=tfidf.shape[1])
    for i in range(n):
        doc_keys = [int(e) for e in ent_ids[i] if 2 <= df[int(e)] <= max_df]
        lo, hi = tfidf.indptr[i], tfidf.indptr[i + 1]
        cols, vals = tfidf.indices[lo:hi], tfidf.data[lo:hi]
        ok = (term_df[cols] >= 2) & (term_df[cols] <= max_df)
        if ok.any():
            cols, vals = cols[ok], vals[ok]
            order = np.lexsort((cols, -vals))[: options.key_terms]
            doc_keys.extend(-1 - int(t) for t in cols[order])
        keys.append(doc_keys)
    # specific participants: people named by at least two articles and by few of all
    rare = max(2.0, min(options.follow_max_share * n, options.follow_max_articles))
    participants: list[tuple[int, ...]] = []
    leads: list[tuple[int, ...]] = []
    surnames = _by_surname(people, ent_names)
    part_names, part_people, part_df = (
        surnames if options.follow_surnames else (ent_names, people, df)
    )
    for doc, mentioned in zip(docs, part_people, strict=True) if options.follow_ups else ():
        specific = {e: c for e, c in mentioned.items() if 2 <= part_df[e] <= rare}
        top_count = max(mentioned.values(), default=0)  # over every person named
        participants.append(tuple(sorted(specific)))
        # only a report of proceedings about that person can follow an earlier happening up:
        # its title and lead report proceedings and name the person
        named = sorted(e for e, c in specific.items() if c == top_count)
        head = _lead_words(doc) if named else ""
        if named and _PROCEEDINGS.search(head):
            leads.append(tuple(e for e in named if _names_in(part_names[e], head)))
        else:
            leads.append(())
    if not options.follow_ups:
        participants = leads = [()] * n
    tops = _surname_tops(surnames, rare) if options.consolidate else []
    happens = (
        [_happening_to(doc, t, surnames[0]) for doc, t in zip(docs, tops, strict=True)]
        if options.consolidate and options.consolidate_happenings
        else []
    )
    return _Features(
        tfidf=tfidf,
        emb=emb,
        ent_ids=ent_ids,
        focus=focus,
        ent_weight=ent_weight,
        ent_kind=ent_kind,
        ent_names=ent_names,
        keys=keys,
        terms=terms,
        participants=participants,
        leads=leads,
        tops=tops or [()] * n,
        happens=happens or [()] * n,
        surnames=surnames[0],
        part_names=list(part_names),
        specific=_specific_keys(ent_ids, df, tfidf, terms, rare) if options.consolidate else [],
        refs=[_ref_spans(d.refs) if options.follow_ups else () for d in docs],
        months=[_yearless_months(d.refs) if d.date is None else () for d in docs],
        weekdays=[_weekdays(d.refs) if d.date is None else () for d in docs],
    )


_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def _specific_keys(
    ent_ids: Sequence[Array], df: Counter[int], tfidf: Vector, terms: Array, rare: float
) -> list[tuple[int, ...]]:
    """Per doc: the entities (any kind) and numbers it shares with few other docs."""
    numeric = np.fromiter((t[:1].isdigit() for t in terms), dtype=bool, count=len(terms))
    term_df = np.bincount(tfidf.indices, minlength=tfidf.shape[1])
    keep = numeric & (term_df >= 2) & (term_df <= rare)
    out: list[tuple[int, ...]] = []
    for i, ids in enumerate(ent_ids):
        cols = tfidf.indices[tfidf.indptr[i] : tfidf.indptr[i + 1]]
        ents = [int(e) for e in ids if 2 <= df[int(e)] <= rare]
        out.append((*ents, *(-1 - int(t) for t in cols[keep[cols]])))
    return out


def _surname(name: str) -> str:
    words = [w for w in name.split() if w not in _NAME_SUFFIXES]
    return words[-1] if words else ""


def _by_surname(
    people: Sequence[dict[int, int]], ent_names: Sequence[str]
) -> tuple[list[str], list[dict[int, int]], Counter[int]]:
    """The people of each doc counted by surname, the surnames, and their doc frequency.

    "Anthony LaCalamita III", "LaCalamita" and a misresolved "Michele
    LaCalamita" are one participant; "Jerry Ortiz" and "Ortiz" too.
    """
    index: dict[str, int] = {}
    per_doc: list[dict[int, int]] = []
    df: Counter[int] = Counter()
    for mentioned in people:
        counts: Counter[int] = Counter()
        for e, c in mentioned.items():
            key = _surname(ent_names[e])
            if key:
                counts[index.setdefault(key, len(index))] += c
        per_doc.append(dict(counts))
        df.update(counts.keys())
    names = [""] * len(index)
    for key, sid in index.items():
        names[sid] = key
    return names, per_doc, df


def _surname_tops(
    surnames: tuple[list[str], list[dict[int, int]], Counter[int]], rare: float
) -> list[tuple[int, ...]]:
    """Per doc, the specific surnames (at least two docs, at most ``rare``) it names most,
    counting every person named."""
    _, per_doc, df = surnames
    tops: list[tuple[int, ...]] = []
    for counts in per_doc:
        most = max(counts.values(), default=0)
        tops.append(tuple(sorted(s for s, c in counts.items() if c == most and 2 <= df[s] <= rare)))
    return tops


# proceedings about a happening: the law's steps, custody, inquiries, commemoration
_LAW = (
    r"arrest|charg|indict|accus|suspect|court|trial|tried|hearing|plea|plead|convict"
    r"|verdict|acquit|guilty|sentenc|jail|prison|custody|detain|detention|appeal|inquest"
    r"|inquir|investigat|extradit|bail|lawsuit|sued|testif|jur(?:y|or)|prosecut|judge"
    r"|parole|execut"
)
_PROCEEDINGS = re.compile(
    rf"\b(?:{_LAW}|anniversar|memorial|funeral|mourn|tribute)",
    re.IGNORECASE,
)
# the law's steps only: a commemoration (an anniversary, a memorial) is a gathering of its own
# on its own day, not something that happens to the participant (consolidation)
_LAW_STEPS = re.compile(rf"\b(?:{_LAW})", re.IGNORECASE)
PROCEEDINGS_LEAD_WORDS = 50


def _lead_words(doc: ClusterDoc) -> str:
    """The title and the first words of the text, lower-cased: what a report is about."""
    words = ((doc.title or "") + " " + doc.text).split()[:PROCEEDINGS_LEAD_WORDS]
    return " ".join(words).lower()


def _names_in(name: str, head: str) -> bool:
    """Whether ``head`` names the person ``name`` (its last word, as a word)."""
    last = name.split()[-1] if name.split() else ""
    return bool(last) and re.search(rf"\b{re.escape(last)}\b", head) is not None


# a happening to a person, besides proceedings: a change in the person's state (health,
# office or job, liberty, life) that later reports of the same happening lead with
_HAPPENINGS = re.compile(
    r"\b(?:rehab|hospital|treatment|surgery|injur|diagnos|overdos|died|dies|dead|death"
    r"|killed|missing|kidnap|abduct|escape|fled|freed|releas|rescu|captur|hostage"
    r"|nominat|appoint|hired|fired|sacked|resign|retir|elected|sworn|suspend|expelled"
    r"|signed|traded|married|divorc|engaged|pregnan)",
    re.IGNORECASE,
)
# the person as the speaker of the lead: "X said", "X tells", "said X" (what they said is
# theirs, not a happening to them)
_SPEECH = (
    r"(?:said|says|say|told|tells|tell|warn\w*|urg\w*|claim\w*|stat\w*|insist\w*|vow\w*"
    r"|promis\w*|argu\w*|slam\w*|blast\w*|critici\w*|prais\w*|accus\w*|den(?:y|ies|ied)"
    r"|rebut\w*|respond\w*|repl(?:y|ies|ied)|explain\w*|address\w*|tweet\w*|wr(?:ote|ites)"
    r"|ask\w*|call(?:s|ed)?\s+(?:for|on)|threat\w*|interview\w*|speech|statement|comment\w*)"
)


def _speaks(surname: str, head: str) -> bool:
    """Whether ``head`` has the person as a speaker: "<name> said", "said <name>"."""
    name = re.escape(surname)
    return (
        re.search(rf"\b{name}(?:'s|’s)?\W+(?:\w+\W+){{0,2}}?{_SPEECH}\b", head) is not None
        or re.search(rf"\b{_SPEECH}\W+(?:\w+\W+){{0,2}}?{name}\b", head) is not None
    )


HAPPENING_REACH = 6  # words between a person's name and the happening that is theirs


def _happening_to(doc: ClusterDoc, tops: Sequence[int], surnames: Sequence[str]) -> tuple[int, ...]:
    """Of the surnames ``doc`` names most (``tops``), those its lead reports a happening to.

    The lead (title and first words) names the person, does not have them
    speak ("X said"), and reports the law's steps (``_LAW_STEPS``; not a
    commemoration, a gathering of its own on its own day) or a change
    in the person's own state within ``HAPPENING_REACH`` words of the name
    ("Lohan checks into rehab", "Benjamin nominated to be surgeon general";
    not "X thanked ... where a gunman killed a dispatcher").
    """
    if not tops:
        return ()
    head = _lead_words(doc)
    proceedings = _LAW_STEPS.search(head) is not None
    words = head.split()
    states = [k for k, w in enumerate(words) if _HAPPENINGS.match(w.strip("\"'`‘’“”(,.:;"))]
    if not (proceedings or states):
        return ()
    out = []
    for p in tops:
        name = surnames[p]
        if not _names_in(name, head) or _speaks(name, head):
            continue
        at = [k for k, w in enumerate(words) if re.search(rf"\b{re.escape(name)}\b", w)]
        if proceedings or any(abs(k - m) <= HAPPENING_REACH for k in at for m in states):
            out.append(p)
    return tuple(out)


_YEARLESS_MONTH = re.compile(r"XXXX-(0[1-9]|1[0-2])\b")


_WEEKDAY = re.compile(r"XXXX-WXX-([1-7])\b")


def _weekdays(values: Sequence[str]) -> tuple[int, ...]:
    """The weekdays named without a date ("XXXX-WXX-4": "on Thursday"), 1 = Monday."""
    return tuple(sorted({int(m.group(1)) for v in values if (m := _WEEKDAY.match(v))}))


def _yearless_months(values: Sequence[str]) -> tuple[int, ...]:
    """The months named without a year ("XXXX-12-09", "XXXX-09": an undated report's time)."""
    return tuple(sorted({int(m.group(1)) for v in values if (m := _YEARLESS_MONTH.match(v))}))


def _ref_spans(values: Sequence[str]) -> tuple[tuple[int, int, str], ...]:
    """Resolved date values as day spans: a day or a month (a bare year, too common in news
    to refer back to one happening, and other values are skipped)."""
    out: set[tuple[int, int, str]] = set()
    for value in values:
        try:
            if len(value) >= 10 and value[4] == "-" and value[7] == "-":
                day = date.fromisoformat(value[:10])
                out.add((day.toordinal(), day.toordinal(), value[:10]))
            elif len(value) == 7 and value[4] == "-" and value[5:].isdigit():
                first = date(int(value[:4]), int(value[5:]), 1)
                nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
                out.add((first.toordinal(), nxt.toordinal() - 1, value))
        except ValueError:
            continue
    return tuple(sorted(out))


# --------------------------------------------------------------------------- clusters


@dataclass(frozen=True, slots=True)
class _Scores:
    """Scores of one cluster against candidates (numpy arrays, one entry per candidate)."""

    total: Array  # weighted views + date bonus - conflict; -inf outside the date window
    emb: Array
    terms: Array
    ents: Array
    gap: Array  # days apart, -1 where either side is undated
    conflict: Array
    cohesion: Array  # the cohesion the term link is held against, -1 where none
    loose: Array  # term link below the cohesion ratio: may neither join nor merge
    follow: Array  # linked beyond the date window as a follow-up
    follow_why: dict[int, tuple[tuple[str, ...], str | None]]  # its participants, back-reference

    def allowed(self) -> Array:
        """Totals with the candidates that may not join set to -inf."""
        return np.where(self.loose, -np.inf, self.total)

    def evidence(self, j: int, **fields: Any) -> Evidence:
        coh = float(self.cohesion[j])
        if self.follow[j]:
            names, back = self.follow_why[j]
            fields.setdefault("participants", names)
            fields.setdefault("back_reference", back)
            if fields.get("rule") in ("joined", "merged"):
                fields["rule"] = "follow-up"
        return Evidence(
            score=float(self.total[j]),
            embedding=float(self.emb[j]),
            terms=float(self.terms[j]),
            entities=float(self.ents[j]),
            date_gap=int(self.gap[j]) if self.gap[j] >= 0 else None,
            conflict=bool(self.conflict[j]),
            cohesion=coh if coh >= 0 else None,
            weak_link=bool(self.loose[j]),
            **fields,
        )


@dataclass(frozen=True, slots=True)
class _View:
    version: int
    ent_ids: Array
    ent_prof: Array
    ent_total: float  # sum of weight x share over the cluster's entities
    kinds: dict[str, set[int]]
    emb_norm: float
    cohesion: float  # mean TF-IDF cosine between two of its members; -1 below two members
    first: int  # date ordinals, -1 when undated
    last: int
    segs: tuple[tuple[int, int], ...]  # its days as runs no more than the window apart


def _segment_dot(buf: Array, indices: Sequence[Array], data: Sequence[Array]) -> Array:
    """Per segment: sum of buf[indices] * data (one numpy pass over all segments)."""
    return _segment_sum([buf[i] * d for i, d in zip(indices, data, strict=True)])


def _segment_sum(parts: Sequence[Array]) -> Array:
    lengths = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
    out = np.zeros(len(parts), dtype=np.float64)
    if not lengths.sum():
        return out
    flat = np.concatenate(parts, dtype=np.float64)  # one copy, widened on the way
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    nonempty = lengths > 0
    out[nonempty] = np.add.reduceat(flat, starts[nonempty])
    return out


@dataclass(slots=True)
class _Cluster:
    """A growing group of documents (an event) or of events (a story)."""

    id: str
    members: list[int] = field(default_factory=list)
    weight: int = 0  # members that count (copies do not)
    tf_sum: Vector = None  # sum of member TF-IDF rows (CSR 1 x F), None while empty
    emb_sum: Array = None
    ents: Counter[int] = field(default_factory=Counter)  # entity id -> members naming it
    focus: Counter[int] = field(default_factory=Counter)  # entity id -> members focused on it
    ent_weight_sum: float = 0.0  # sum over members of their entity weight totals
    first: date | None = None
    last: date | None = None
    story: str | None = None
    alive: bool = True
    version: int = 0
    keys: set[int] = field(default_factory=set)
    dated_keys: set[tuple[int, int]] = field(default_factory=set)
    view: _View | None = None  # cached arrays (see _Space._view)
    parts: Counter[int] = field(default_factory=Counter)  # participant id -> members naming it
    leads: Counter[int] = field(default_factory=Counter)  # participant id -> members naming it most
    tops: Counter[int] = field(default_factory=Counter)  # the same, proceedings or not
    happens: Counter[int] = field(default_factory=Counter)  # surname -> leads of a happening
    days: Counter[int] = field(default_factory=Counter)  # member date ordinals
    refs: Counter[tuple[int, int, str]] = field(default_factory=Counter)  # referred day spans
    months: Counter[int] = field(default_factory=Counter)  # month -> undated members naming it
    weekdays: Counter[int] = field(default_factory=Counter)  # the same for weekdays

    def date(self) -> date | None:
        return self.first


class _Space:
    """Documents, their features and a set of clusters over them, with a key index."""

    def __init__(self, docs: Sequence[ClusterDoc], feats: _Features, options: ClusterOptions):
        self.docs = docs
        self.f = feats
        self.o = options
        self.clusters: dict[str, _Cluster] = {}
        self.postings: dict[int, list[str]] = defaultdict(list)
        # the same keys for clusters that were undated when the key was posted: a dated query
        # reads these and the date buckets, never the whole of a long posting
        self.undated_postings: dict[int, list[str]] = defaultdict(list)
        # the same keys per date bucket, for dated clusters: a dated article's candidates come
        # from its own weeks, however many years of similar events the corpus holds
        self.dated_postings: dict[tuple[int, int], list[str]] = defaultdict(list)
        # clusters by specific participant, across all dates: the candidates of a follow-up
        self.follow_postings: dict[int, list[str]] = defaultdict(list)
        self.far_only = False  # the follow-up pass: only candidates beyond the window
        self.consolidating = False  # the consolidation pass (see ClusterOptions)
        self.bucket_days = options.event_window_days + 1
        self.cluster_of: dict[int, str] = {}
        self._buffer = np.zeros(feats.tfidf.shape[1], dtype=np.float32)
        self._ent_buffer = np.zeros(len(feats.ent_names), dtype=np.float32)

    # ---------------------------------------------------------------- updates

    def new(self, cid: str) -> _Cluster:
        c = _Cluster(id=cid)
        self.clusters[cid] = c
        return c

    def add(self, c: _Cluster, i: int, *, copy: bool = False) -> None:
        c.members.append(i)
        self.cluster_of[i] = c.id
        day = self.docs[i].date
        if day is not None:
            c.first = day if c.first is None or day < c.first else c.first
            c.last = day if c.last is None or day > c.last else c.last
            c.days[day.toordinal()] += 1
        c.version += 1
        if copy and c.weight:
            return  # a syndicated copy joins without weighing twice
        row = self.f.tfidf.getrow(i)
        c.tf_sum = row.copy() if c.tf_sum is None else c.tf_sum + row
        c.emb_sum = self.f.emb[i].copy() if c.emb_sum is None else c.emb_sum + self.f.emb[i]
        ids = self.f.ent_ids[i]
        c.ents.update(int(e) for e in ids)
        c.focus.update(self.f.focus[i])
        c.ent_weight_sum += float(self.f.ent_weight[ids].sum()) if len(ids) else 0.0
        c.weight += 1
        c.refs.update(self.f.refs[i])
        c.months.update(self.f.months[i])
        c.weekdays.update(self.f.weekdays[i])
        c.tops.update(self.f.tops[i])
        c.happens.update(self.f.happens[i])
        c.leads.update(self.f.leads[i])
        for p in self.f.participants[i]:
            if p not in c.parts:
                self.follow_postings[p].append(c.id)
            c.parts[p] += 1
        for key in self.f.keys[i]:
            if key not in c.keys:
                c.keys.add(key)
                self.postings[key].append(c.id)
                if c.first is None:
                    self.undated_postings[key].append(c.id)
        if day is not None:
            bucket = day.toordinal() // self.bucket_days
            for key in self.f.keys[i]:
                if (key, bucket) not in c.dated_keys:
                    c.dated_keys.add((key, bucket))
                    self.dated_postings[(key, bucket)].append(c.id)

    def remove(self, c: _Cluster, i: int) -> None:
        """Take article ``i`` (not a copy) out of ``c``; its keys stay posted (a superset)."""
        c.members.remove(i)
        del self.cluster_of[i]
        days = [d for d in (self.docs[m].date for m in c.members) if d is not None]
        if c.first is not None and not days:  # undated again: findable by dated queries
            for key in sorted(c.keys):
                self.undated_postings[key].append(c.id)
        c.first = min(days) if days else None
        c.last = max(days) if days else None
        day = self.docs[i].date
        if day is not None:
            c.days[day.toordinal()] -= 1
            c.days = +c.days
        c.tf_sum = c.tf_sum - self.f.tfidf.getrow(i)
        c.emb_sum = c.emb_sum - self.f.emb[i]
        ids = self.f.ent_ids[i]
        c.ents.subtract(int(e) for e in ids)
        c.focus.subtract(self.f.focus[i])
        c.parts.subtract(self.f.participants[i])
        c.leads.subtract(self.f.leads[i])
        c.leads = +c.leads
        c.refs.subtract(self.f.refs[i])
        c.months.subtract(self.f.months[i])
        c.months = +c.months
        c.weekdays.subtract(self.f.weekdays[i])
        c.weekdays = +c.weekdays
        c.tops.subtract(self.f.tops[i])
        c.tops = +c.tops
        c.happens.subtract(self.f.happens[i])
        c.happens = +c.happens
        c.ents = +c.ents  # drop the zero counts
        c.focus = +c.focus
        c.parts = +c.parts
        c.refs = +c.refs
        c.ent_weight_sum -= float(self.f.ent_weight[ids].sum()) if len(ids) else 0.0
        c.weight -= 1
        c.version += 1

    def absorb(self, into: _Cluster, other: _Cluster) -> None:
        """Merge ``other`` into ``into`` (``other`` dies)."""
        into.members.extend(other.members)
        for i in other.members:
            self.cluster_of[i] = into.id
        for day in (other.first, other.last):
            if day is not None:
                into.first = day if into.first is None or day < into.first else into.first
                into.last = day if into.last is None or day > into.last else into.last
        if other.tf_sum is not None:
            into.tf_sum = other.tf_sum if into.tf_sum is None else into.tf_sum + other.tf_sum
        if other.emb_sum is not None:
            into.emb_sum = other.emb_sum if into.emb_sum is None else into.emb_sum + other.emb_sum
        into.ents.update(other.ents)
        into.focus.update(other.focus)
        for p in other.parts:
            if p not in into.parts:
                self.follow_postings[p].append(into.id)
        into.parts.update(other.parts)
        into.leads.update(other.leads)
        into.refs.update(other.refs)
        into.months.update(other.months)
        into.weekdays.update(other.weekdays)
        into.tops.update(other.tops)
        into.happens.update(other.happens)
        into.days.update(other.days)
        into.ent_weight_sum += other.ent_weight_sum
        into.weight += other.weight
        for key in other.keys:
            if key not in into.keys:
                into.keys.add(key)
                self.postings[key].append(into.id)
                if into.first is None:
                    self.undated_postings[key].append(into.id)
        for pair in other.dated_keys:
            if pair not in into.dated_keys:
                into.dated_keys.add(pair)
                self.dated_postings[pair].append(into.id)
        into.version += 1
        other.alive = False

    # ---------------------------------------------------------------- scoring

    def candidates(
        self,
        keys: Sequence[int] | set[int],
        exclude: str | None = None,
        *,
        within: Sequence[tuple[int, int]] | None = None,
        before: int | None = None,
        follow: _Cluster | None = None,
    ) -> list[str]:
        """Up to ``max_candidates`` live clusters sharing the most keys (recent first on ties).

        With ``within`` (a dated query, event mode: its runs of days as ordinal spans), dated
        clusters come from the date buckets of those spans widened by the window; undated
        ones from the plain postings.
        With ``follow_ups`` and ``follow`` (the querying cluster), up to
        ``follow_candidates`` dated clusters beyond the window that share a specific
        participant with it as a follow-up requires are added, read from the
        postings of the participants half its members name (the most recent
        ``max_postings`` of each).
        """
        hits: Counter[str] = Counter()
        recency: dict[str, int] = {}
        buckets: list[int] = []
        if within is not None:
            w = self.o.consolidate_days if self.consolidating else self.o.event_window_days
            bset: set[int] = set()
            for first, last in within:
                bset.update(
                    range((first - w) // self.bucket_days, (last + w) // self.bucket_days + 1)
                )
            buckets = sorted(bset)
        plain = self.postings if within is None else self.undated_postings
        for key in keys:
            posting = plain.get(key)
            if posting:
                for rank, cid in enumerate(posting[-self.o.max_postings :]):
                    if within is not None and self.clusters[cid].first is not None:
                        continue  # dated clusters: through their buckets below
                    hits[cid] += 1
                    recency[cid] = max(recency.get(cid, 0), rank)
            for bucket in buckets:
                dated = self.dated_postings.get((key, bucket))
                if dated:
                    for rank, cid in enumerate(dated[-self.o.max_postings :]):
                        hits[cid] += 1
                        recency[cid] = max(recency.get(cid, 0), rank)
        found = [cid for cid in hits if cid != exclude and self.clusters[cid].alive]
        if before is not None:  # only clusters whose first article comes before ``before``
            found = [cid for cid in found if min(self.clusters[cid].members) < before]
        found.sort(key=lambda cid: (-hits[cid], -recency[cid], cid))
        found = found[: self.o.max_candidates]
        if self.far_only:
            return self._far_candidates(follow, within, exclude, before) if follow else []
        if self.consolidating:
            return found
        if self.o.follow_ups and not self.o.follow_pass and follow is not None:
            found.extend(self._far_candidates(follow, within, exclude, before))
        return found

    def _far_candidates(
        self,
        q: _Cluster,
        within: Sequence[tuple[int, int]] | None,
        exclude: str | None,
        before: int | None,
    ) -> list[str]:
        """Dated clusters beyond the window that name a participant of ``follow``."""
        far: Counter[str] = Counter()
        keys = [p for p, k in q.parts.items() if 2 * k >= q.weight]
        if within is not None and keys and self.o.follow_candidates > 0:
            o = self.o
            for p in sorted(keys):
                for cid in self.follow_postings.get(p, [])[-o.max_postings :]:
                    c = self.clusters[cid]
                    if c.alive and cid != exclude and c.first is not None:
                        gap = _gap(within, self._view(c).segs)
                        if o.event_window_days < gap <= o.follow_max_days:
                            far[cid] += 1
            far = Counter(
                {
                    c: k
                    for c, k in far.items()
                    if _shared_participants(q, self.clusters[c], o.follow_lead)
                }
            )
        if before is not None:
            far = Counter({c: k for c, k in far.items() if min(self.clusters[c].members) < before})
        ranked = sorted(far, key=lambda cid: (-far[cid], cid))
        return ranked[: self.o.follow_candidates]

    def _view(self, c: _Cluster) -> _View:
        """The cluster's arrays for scoring, cached until the cluster changes."""
        if c.view is not None and c.view.version == c.version:
            return c.view
        if c.ents:
            ids = np.fromiter(c.ents.keys(), dtype=np.int64, count=len(c.ents))
            counts = np.fromiter(c.ents.values(), dtype=np.float32, count=len(c.ents))
            prof = np.minimum(counts / max(c.weight, 1), 1.0)
        else:
            ids = np.zeros(0, dtype=np.int64)
            prof = np.zeros(0, dtype=np.float32)
        emb_norm = float(np.linalg.norm(c.emb_sum)) if c.emb_sum is not None else 0.0
        view = _View(
            version=c.version,
            ent_ids=ids,
            ent_prof=prof,
            ent_total=float((self.f.ent_weight[ids] * prof).sum()) if len(ids) else 0.0,
            kinds=self._kinds(c),
            emb_norm=emb_norm,
            cohesion=self._view_cohesion(c),
            first=c.first.toordinal() if c.first is not None else -1,
            last=c.last.toordinal() if c.last is not None else -1,
            segs=_segments(c.days, self.o.event_window_days),
        )
        c.view = view
        return view

    def _view_cohesion(self, c: _Cluster) -> float:
        """The cohesion a view carries (the story level holds its own: storyline.stories)."""
        return _cohesion(c)

    def score(
        self,
        q: _Cluster,
        cands: Sequence[_Cluster],
        *,
        window: bool,
    ) -> _Scores:
        """Scores of ``q`` against ``cands`` (see :class:`_Scores`).

        ``gap`` is -1 where either side is undated; candidates outside the date
        window (when ``window``) get total -inf and are not scored further. With
        ``window`` (events), a candidate whose term link to ``q`` is below
        ``cohesion_ratio`` (``cohesion_join`` for a single article) times the
        cohesion of the looser side is ``loose``: two incidents of one kind
        (two quakes, two rehab stays) share their vocabulary, but less than
        the reports of either incident share among themselves.
        """
        o = self.o
        k = len(cands)
        qv = self._view(q)
        views = [self._view(c) for c in cands]
        # dates first: the window rules candidates out before any other work
        gap = np.full(k, -1, dtype=np.int64)
        if qv.first >= 0:
            firsts = np.fromiter((v.first for v in views), dtype=np.int64, count=k)
            lasts = np.fromiter((v.last for v in views), dtype=np.int64, count=k)
            dated_c = firsts >= 0
            after = np.maximum(firsts - qv.last, 0)
            before = np.maximum(qv.first - lasts, 0)
            gap[dated_c] = np.maximum(after, before)[dated_c]
            # a cluster joined by a follow-up has days far apart: the gap is to its nearest run
            for j in np.flatnonzero(dated_c).tolist():
                if len(qv.segs) > 1 or len(views[j].segs) > 1:
                    gap[j] = _gap(qv.segs, views[j].segs)
        dated = gap >= 0
        if o.undated_months > 0 or o.undated_weekdays > 0:
            # an undated event naming other months or weekdays than a dated one's
            for j, c in enumerate(cands):
                if _month_conflict(q, c, o.undated_months) or _weekday_conflict(
                    q, c, o.undated_weekdays
                ):
                    gap[j] = -2
        days = o.consolidate_days if self.consolidating else o.event_window_days
        far = dated & (gap > days) if window else np.zeros(k, dtype=bool)
        if window:
            far |= gap == -2
        if self.consolidating:
            far |= ~self._consolidable(q, cands, qv)
        # a follow-up may link beyond the window: scored when a specific participant is shared
        maybe = np.zeros(k, dtype=bool)
        if o.follow_ups and q.parts and far.any() and not self.consolidating:
            for j in np.flatnonzero(far & (gap <= o.follow_max_days)).tolist():
                maybe[j] = bool(_shared_participants(q, cands[j], o.follow_lead))
        live = ~far | maybe
        live_idx = np.flatnonzero(live)
        terms = np.zeros(k, dtype=np.float64)
        emb = np.zeros(k, dtype=np.float64)
        ents = np.zeros(k, dtype=np.float64)
        conflict = np.zeros(k, dtype=bool)
        has_emb = np.zeros(k, dtype=bool)
        if len(live_idx):
            live_c = [cands[j] for j in live_idx.tolist()]
            live_v = [views[j] for j in live_idx.tolist()]
            # terms: average link = (sum_q . sum_c) / (n_q n_c)
            buf = self._buffer
            qi, qd = q.tf_sum.indices, q.tf_sum.data
            buf[qi] = qd
            sizes = np.fromiter((max(c.weight, 1) for c in live_c), dtype=np.float64)
            terms[live_idx] = _segment_dot(
                buf, [c.tf_sum.indices for c in live_c], [c.tf_sum.data for c in live_c]
            ) / (max(q.weight, 1) * sizes)
            buf[qi] = 0.0
            # embedding: centroid cosine
            if qv.emb_norm > 0:
                norms = np.fromiter((v.emb_norm for v in live_v), dtype=np.float64)
                ok = norms > 0
                if ok.any():
                    mat = np.stack([live_c[m].emb_sum for m in np.flatnonzero(ok)])
                    emb[live_idx[ok]] = (mat @ q.emb_sum) / (norms[ok] * qv.emb_norm)
                    has_emb[live_idx[ok]] = True
            # entities: weighted Dice between the profiles (share of members naming each)
            if len(qv.ent_ids):
                w = self.f.ent_weight
                ebuf = self._ent_buffer
                ebuf[qv.ent_ids] = qv.ent_prof
                inter = _segment_sum(
                    [w[v.ent_ids] * np.minimum(ebuf[v.ent_ids], v.ent_prof) for v in live_v]
                )
                denom = qv.ent_total + np.fromiter((v.ent_total for v in live_v), np.float64)
                ents[live_idx] = np.where(denom > 0, 2 * inter / np.maximum(denom, 1e-12), 0.0)
                ebuf[qv.ent_ids] = 0.0
                if qv.kinds:
                    for m, (c, v) in enumerate(zip(live_c, live_v, strict=True)):
                        conflict[live_idx[m]] = any(
                            kind in v.kinds
                            and not any(e in c.ents for e in qv.kinds[kind])
                            and not any(e in q.ents for e in v.kinds[kind])
                            for kind in qv.kinds
                        )
        follow = np.zeros(k, dtype=bool)
        why: dict[int, tuple[tuple[str, ...], str | None]] = {}
        for j in np.flatnonzero(maybe).tolist():
            # it reports on that happening: it refers back to its date, or (``follow_terms``)
            # its words are the event's own (that many times the looser side's cohesion)
            back = _back_reference(q, cands[j], o.event_window_days)
            cohs = [v for v in (qv.cohesion, views[j].cohesion) if v >= 0]
            strong = o.follow_terms > 0 and cohs and terms[j] >= o.follow_terms * min(cohs)
            if back is not None or strong:
                follow[j] = True
                names = tuple(
                    self.f.part_names[p] for p in _shared_participants(q, cands[j], o.follow_lead)
                )
                why[j] = (names, back)
        live &= ~maybe | follow
        # without an embedding on either side, the other two views share its weight
        rest = o.term_weight + o.entity_weight
        scale = np.where(has_emb, 1.0, (rest + o.embedding_weight) / rest if rest else 1.0)
        total = (o.embedding_weight * emb + o.term_weight * terms + o.entity_weight * ents) * scale
        total[dated] += o.date_bonus * np.clip(1.0 - gap[dated] / (o.event_window_days + 1), 0, 1)
        total[conflict] -= o.conflict_penalty
        total[~live] = -np.inf
        coh = np.full(k, -1.0)
        loose = np.zeros(k, dtype=bool)
        if window and (o.cohesion_ratio > 0 or o.cohesion_join > 0):  # events only
            coh = np.fromiter((v.cohesion for v in views), dtype=np.float64, count=k)
            if qv.cohesion >= 0:
                coh = np.where(coh >= 0, np.minimum(coh, qv.cohesion), qv.cohesion)
            # two events: cohesion_ratio; an article (one member) and an event: cohesion_join
            both = np.fromiter((c.weight >= 2 for c in cands), dtype=bool, count=k)
            ratio = np.where(both & (q.weight >= 2), o.cohesion_ratio, o.cohesion_join)
            if self.consolidating:
                ratio = np.full(k, o.consolidate_ratio)
            loose = live & (coh >= 0) & (terms < ratio * coh)
        if window and o.min_terms > 0:
            loose |= live & (terms < o.min_terms)
        if self.consolidating:
            loose |= live & (terms < o.consolidate_terms)
        return _Scores(total, emb, terms, ents, gap, conflict, coh, loose, follow, why)

    def _consolidable(self, q: _Cluster, cands: Sequence[_Cluster], qv: _View) -> Array:
        """Which candidates the consolidation pass may merge with ``q`` (dates, size, names)."""
        o = self.o
        out = np.zeros(len(cands), dtype=bool)
        if q.weight < o.consolidate_min_members:
            return out
        for j, c in enumerate(cands):
            if c.weight < o.consolidate_min_members:
                continue
            if (q.first is None) != (c.first is None):
                continue  # an undated event's date is unknown: not known to be compatible
            if q.first is None and not o.consolidate_undated:
                continue
            if q.first is None and o.consolidate_keys > 0:
                keys = self.shared_keys(q, c)
                if len(keys) < o.consolidate_keys or all(k >= 0 for k in keys):
                    continue  # two undated events: specific names and a number in common
            elif o.consolidate_participants and not (
                _shared_tops(q, c) if o.consolidate_lead else _shared_participants(q, c, False)
            ):
                continue
            if (
                q.first is not None
                and c.first is not None
                and _gap(qv.segs, self._view(c).segs) > o.event_window_days
                and (
                    (o.consolidate_back and _back_reference(q, c, o.event_window_days) is None)
                    or (o.consolidate_proceedings and not self._reports_on(q, c))
                )
            ):
                continue  # beyond the window: it refers back to the earlier, and reports on it
            out[j] = True
        return out

    def _reports_on(self, q: _Cluster, c: _Cluster) -> bool:
        """The later side's leads report proceedings (with ``consolidate_happenings``: any
        happening) about a participant the earlier side is about."""
        if not self.o.consolidate_happenings:
            return bool(_shared_participants(q, c, True))
        late = c if q.first is not None and c.first is not None and c.first > q.first else q
        return any(2 * late.happens[p] >= late.weight for p in _shared_tops(q, c))

    def shared_keys(self, q: _Cluster, c: _Cluster) -> list[int]:
        """Specific keys (``_Features.specific``) named by half the members of each side."""
        counts = []
        for side in (q, c):
            named: Counter[int] = Counter()
            for i in side.members:
                named.update(self.f.specific[i])
            counts.append({k for k, n in named.items() if 2 * n >= len(side.members)})
        return sorted(counts[0] & counts[1])

    def consolidation_names(self, q: _Cluster, c: _Cluster) -> tuple[str, ...]:
        """What two consolidated events share: participants (surnames with ``consolidate_lead``),
        or for two undated events their specific names and numbers."""
        if q.first is None and c.first is None and self.o.consolidate_keys > 0:
            f = self.f
            return tuple(
                f.ent_names[k] if k >= 0 else str(f.terms[-1 - k]) for k in self.shared_keys(q, c)
            )
        if self.o.consolidate_lead:
            return tuple(self.f.surnames[s] for s in _shared_tops(q, c))
        return tuple(self.f.part_names[p] for p in _shared_participants(q, c, False))

    def _kinds(self, c: _Cluster) -> dict[str, set[int]]:
        """The cluster's focus (its main place and person) by kind: named by half its members."""
        out: dict[str, set[int]] = {}
        for eid, n in c.focus.items():
            if 2 * n >= c.weight:
                out.setdefault(self.f.ent_kind[eid], set()).add(eid)
        return out

    def explain(self, q: _Cluster, c: _Cluster) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The entities and terms ``q`` and ``c`` share, heaviest first (five each)."""
        shared = [e for e in q.ents if e in c.ents and self.f.ent_weight[e] > 0]
        shared.sort(key=lambda e: (-float(self.f.ent_weight[e]), self.f.ent_names[e]))
        names = tuple(self.f.ent_names[e] for e in shared[:5])
        terms: tuple[str, ...] = ()
        if q.tf_sum is not None and c.tf_sum is not None:
            prod = q.tf_sum.multiply(c.tf_sum).tocsr()
            if prod.nnz:
                order = np.argsort(-prod.data, kind="stable")[:5]
                terms = tuple(str(self.f.terms[prod.indices[j]]) for j in order)
        return names, terms


def _cohesion(c: _Cluster) -> float:
    """Mean TF-IDF cosine between two members (unit rows: |sum|^2 = n + sum of pairs)."""
    n = c.weight
    if n < 2 or c.tf_sum is None:
        return -1.0
    sq = float(np.dot(c.tf_sum.data, c.tf_sum.data))
    return max(sq - n, 0.0) / (n * (n - 1))


def _segments(days: Counter[int], window: int) -> tuple[tuple[int, int], ...]:
    """Sorted day ordinals as runs whose consecutive days are at most ``window`` apart."""
    out: list[tuple[int, int]] = []
    for day in sorted(days):
        if out and day - out[-1][1] <= window:
            out[-1] = (out[-1][0], day)
        else:
            out.append((day, day))
    return tuple(out)


def _gap(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> int:
    """Days between the nearest runs of two sets of runs (0 when they overlap)."""
    return min(max(b0 - a1, a0 - b1, 0) for a0, a1 in a for b0, b1 in b) if a and b else -1


def _month_conflict(q: _Cluster, c: _Cluster, min_reports: int) -> bool:
    """An undated and a dated cluster whose times disagree.

    The months that at least ``min_reports`` of the undated side's reports name
    without a year, none of which is a month of the dated side's days.
    """
    if min_reports <= 0 or (q.first is None) == (c.first is None):
        return False
    undated, dated = (q, c) if q.first is None else (c, q)
    named = {m for m, n in undated.months.items() if n >= min_reports}
    if not named or dated.first is None or dated.last is None:
        return False
    first, last = dated.first, dated.last
    if (last.year - first.year) * 12 + last.month - first.month >= 11:
        return False  # a year or more: every month is its own
    own = {first.month}
    y, m = first.year, first.month
    while (y, m) < (last.year, last.month):
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        own.add(m)
    return not named & own


def _weekday_conflict(q: _Cluster, c: _Cluster, min_reports: int) -> bool:
    """An undated and a dated cluster whose weekdays disagree.

    The weekdays that at least ``min_reports`` of the undated side's reports
    name, none of which is the weekday of a day of the dated side or of the
    day before one (a report dated by its publication the day after).
    """
    if min_reports <= 0 or (q.first is None) == (c.first is None):
        return False
    undated, dated = (q, c) if q.first is None else (c, q)
    named = {w for w, n in undated.weekdays.items() if n >= min_reports}
    if not named or not dated.days:
        return False
    own = {date.fromordinal(d - k).isoweekday() for d in dated.days for k in (0, 1)}
    return not named & own


def _shared_participants(q: _Cluster, c: _Cluster, lead: bool = True) -> list[int]:
    """Specific participants of the earlier side that the later side is about.

    Named by at least half the members of the earlier side, and the person named
    most (of all persons, public figures included) by at least half the members
    of the later side (the trial of the shooter names the shooter most; a later
    shooting that recalls the first names its own shooter most). Without
    ``lead``: named by half the members of each side.
    """
    if q.first is not None and c.first is not None and c.first <= q.first:
        early, late = c, q
    else:
        early, late = q, c
    named = late.leads if lead else late.parts
    return sorted(
        p for p in named if 2 * named[p] >= late.weight and 2 * early.parts[p] >= early.weight
    )


def _shared_tops(q: _Cluster, c: _Cluster) -> list[int]:
    """Specific participants that half the members of each side name most (of all persons)."""
    return sorted(p for p in q.tops if 2 * q.tops[p] >= q.weight and 2 * c.tops[p] >= c.weight)


def _back_reference(q: _Cluster, c: _Cluster, window: int) -> str | None:
    """The date by which the later of two dated clusters refers to the earlier one's days.

    A day, month or year named by a member of the later side that covers a day
    of the earlier side and none of the later side's own (window-widened) days;
    the narrowest such date, or None.
    """
    if q.first is None or q.last is None or c.first is None or c.last is None:
        return None
    if q.first <= c.first:
        lo, hi, late, own_lo, own_hi = q.first, q.last, c, c.first, c.last
    else:
        lo, hi, late, own_lo, own_hi = c.first, c.last, q, q.first, q.last
    own = (own_lo.toordinal() - window, own_hi.toordinal() + window)
    found = [
        (b - a, value)
        for a, b, value in late.refs
        if a <= hi.toordinal() and b >= lo.toordinal() and (b < own[0] or a > own[1])
    ]
    return min(found)[1] if found else None


def _singleton(space: _Space, i: int) -> _Cluster:
    c = _Cluster(id="")
    row = space.f.tfidf.getrow(i)
    c.tf_sum = row
    c.emb_sum = space.f.emb[i]
    c.ents.update(int(e) for e in space.f.ent_ids[i])
    c.focus.update(space.f.focus[i])
    c.parts.update(space.f.participants[i])
    c.leads.update(space.f.leads[i])
    c.refs.update(space.f.refs[i])
    c.months.update(space.f.months[i])
    c.weekdays.update(space.f.weekdays[i])
    c.tops.update(space.f.tops[i])
    c.happens.update(space.f.happens[i])
    c.weight = 1
    c.first = c.last = space.docs[i].date
    return c


def _event_id(seed: str) -> str:
    return "ev" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:12]


def _story_id(seed: str) -> str:
    return "st" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:12]


# --------------------------------------------------------------------------- the algorithm


def cluster(
    docs: Sequence[ClusterDoc],
    *,
    full: bool,
    options: ClusterOptions = DEFAULT_CLUSTER_OPTIONS,
) -> tuple[list[Event], list[Story]]:
    """Cluster ``docs`` (see :func:`cluster_with_evidence`); events and stories only."""
    result = cluster_with_evidence(docs, full=full, options=options)
    return result.events, result.stories


def cluster_with_evidence(
    docs: Sequence[ClusterDoc],
    *,
    full: bool,
    options: ClusterOptions = DEFAULT_CLUSTER_OPTIONS,
) -> Clustering:
    """Cluster ``docs``; with ``full`` from empty in (date, id) order, else keep assignments.

    In incremental mode ``docs`` holds the existing articles (their
    ``event``/``story`` set) and the new ones (``event`` None); new ones are
    placed in (occasion date, id) order. Returns every event and story, and the evidence
    for each article placed in this run.
    """
    if full:
        docs = sorted(docs, key=lambda d: (d.date or date.max, d.id))
        docs = [replace(d, event=None, story=None) for d in docs]
    if not docs:
        return Clustering(events=[], stories=[], evidence={})
    feats = _features(docs, options)
    space = _Space(docs, feats, options)
    index_of = {d.id: i for i, d in enumerate(docs)}
    evidence: dict[int, Evidence] = {}
    touched: set[str] = set()

    # existing assignments first (incremental mode); originals before their copies
    for i, doc in enumerate(docs):
        if doc.event is not None:
            ev = space.clusters.get(doc.event) or space.new(doc.event)
            ev.story = doc.story
            space.add(ev, i, copy=doc.duplicate_of is not None)

    # the new articles in (occasion date, id) order, copies after every original (a copy
    # placed first would count as a report of its own)
    new = sorted(
        (i for i, d in enumerate(docs) if d.event is None),
        key=lambda i: (
            docs[i].duplicate_of in index_of,
            docs[i].date or date.max,
            docs[i].id,
        ),
    )
    for i in new:
        doc = docs[i]
        original = index_of.get(doc.duplicate_of) if doc.duplicate_of else None
        if original is not None and original in space.cluster_of:
            ev = space.clusters[space.cluster_of[original]]
            space.add(ev, i, copy=True)
            evidence[i] = Evidence(event=ev.id, rule="copy", copy_of=doc.duplicate_of, score=1.0)
            touched.add(ev.id)
            continue
        if not options.leader:
            # agglomerative: every new article starts as its own event; the best-first pass
            # below joins them (and joins them to existing events) whatever the order
            own = space.new(_event_id(doc.id))
            space.add(own, i)
            evidence[i] = Evidence(event=own.id, rule="new event")
            touched.add(own.id)
            continue
        q = _singleton(space, i)
        within = [(doc.date.toordinal(),) * 2] if doc.date is not None else None
        cand_ids = space.candidates(feats.keys[i], within=within, follow=q)
        best: _Cluster | None = None
        ev_evidence: Evidence | None = None
        if cand_ids:
            cands = [space.clusters[c] for c in cand_ids]
            scores = space.score(q, cands, window=True)
            allowed = scores.allowed()
            j = int(np.argmax(allowed))  # first maximum: deterministic
            if not np.isfinite(allowed[j]):
                j = int(np.argmax(scores.total))  # none may join: say why about the best
            others = np.delete(scores.total, j)
            runner = float(others.max()) if len(others) and np.isfinite(others.max()) else None
            scored = scores.evidence(j, event="", rule="new event")
            total = scores.total
            if allowed[j] >= options.event_threshold:
                best = cands[j]
                shared_e, shared_t = space.explain(q, best)
                ev_evidence = replace(
                    scored,
                    event=best.id,
                    rule="follow-up" if scores.follow[j] else "joined",
                    shared_entities=shared_e,
                    shared_terms=shared_t,
                    runner_up=runner,
                )
            elif np.isfinite(total[j]):
                ev_evidence = scored
        if best is None:
            best = space.new(_event_id(doc.id))
            ev_evidence = replace(
                ev_evidence or Evidence(event="", rule="new event"), event=best.id
            )
        assert ev_evidence is not None
        space.add(best, i)
        evidence[i] = ev_evidence
        touched.add(best.id)

    # best-first average-link merge of the events that changed in this run
    merges = _merge(
        space,
        touched,
        options.merge_threshold,
        window=True,
        join=options.event_threshold,
        light=options.reassign_passes > 0,  # the reassignment pass writes the join evidence
    )
    for i, doc in enumerate(docs):
        final = space.cluster_of[i]
        placed = evidence[i].event if i in evidence else doc.event
        if placed is not None and placed != final and placed in merges:
            # its event merged into another: the evidence of that merge, with the final event
            evidence[i] = replace(merges[placed], event=final)
    if options.follow_ups and options.follow_pass:
        # then the events join earlier events beyond the window as their follow-ups (the trial
        # of a shooting's suspect), best-first, candidates from the participants' postings only
        _pass_of_its_own(space, new, evidence, "far_only", join=options.event_threshold)
    if options.consolidate:
        # then events of one happening that the cohesion gate kept apart (the shooting and the
        # "charged with murder" reports two days later) merge as a whole, best-first
        _pass_of_its_own(space, new, evidence, "consolidating", rule="consolidated")
    for _ in range(options.reassign_passes):
        if not _reassign(space, new, evidence):
            break
    _explain_alone(space, new, evidence)

    events = [c for c in space.clusters.values() if c.alive]
    stories = _stories(space, events, full=full, options=options)

    out_events: list[Event] = []
    for ev in events:
        members = sorted(ev.members)
        ev_date = ev.date()
        out_events.append(
            Event(
                id=ev.id,
                date=ev_date.isoformat() if ev_date else None,
                title=_title(space, members),
                articles=tuple(docs[i].id for i in members),
            )
        )
    event_by_id = {e.id: e for e in out_events}
    out_stories: list[Story] = []
    for st_id, ev_ids in stories.items():
        ordered = tuple(sorted(ev_ids, key=lambda eid: (event_by_id[eid].date or "9999", eid)))
        articles = tuple(a for eid in ordered for a in event_by_id[eid].articles)
        out_stories.append(
            Story(
                id=st_id,
                title=_title(space, sorted(index_of[a] for a in articles)),
                events=ordered,
                articles=articles,
            )
        )
    return Clustering(
        events=out_events,
        stories=out_stories,
        evidence={docs[i].id: ev for i, ev in evidence.items()},
    )


def _merge(
    space: _Space,
    touched: set[str],
    threshold: float,
    *,
    window: bool,
    join: float | None = None,
    light: bool = False,
    rule: str = "merged",
) -> dict[str, Evidence]:
    """Merge clusters best-first while the score reaches ``threshold``.

    With ``join``, a pair where one side is a single article needs that score
    instead (an article joins an event at ``event_threshold``, two events merge
    at ``merge_threshold``). Returns, per merged-away cluster, the evidence of
    its merge (``event`` is the cluster it went into, which may itself merge
    later; rule "joined" when the merged-away side was one article).
    """
    heap: list[tuple[float, str, str, int, int]] = []

    def push(cid: str, *, first_round: bool = False) -> None:
        c = space.clusters[cid]
        span = space._view(c).segs if window and c.first and c.last else None
        # first round: a pair is scored once, from its later cluster (the scores are symmetric)
        before = min(c.members) if first_round else None
        cand_ids = space.candidates(c.keys, exclude=cid, within=span, before=before, follow=c)
        if not cand_ids:
            return
        cands = [space.clusters[x] for x in cand_ids]
        total = space.score(c, cands, window=window).allowed()
        for other, s in zip(cands, total.tolist(), strict=True):
            single = join is not None and min(c.weight, other.weight) < 2
            if s >= (join if single and join is not None else threshold):
                a, b = sorted((cid, other.id))
                ca, cb = space.clusters[a], space.clusters[b]
                heapq.heappush(heap, (-s, a, b, ca.version, cb.version))

    for cid in sorted(touched):
        if space.clusters[cid].alive:
            push(cid, first_round=join is not None)
    merged: dict[str, Evidence] = {}
    while heap:
        neg, a, b, va, vb = heapq.heappop(heap)
        ca, cb = space.clusters[a], space.clusters[b]
        if not (ca.alive and cb.alive):
            continue
        if ca.version != va or cb.version != vb:
            continue  # stale: the changed cluster was pushed again with fresh scores
        # the older cluster (by first member) keeps its id
        keep, lose = (ca, cb) if min(ca.members) <= min(cb.members) else (cb, ca)
        if light and len(lose.members) == 1:
            # one article joining: the reassignment pass writes its full evidence
            merged[lose.id] = Evidence(event=keep.id, rule="joined", score=-neg)
        else:
            shared_e, shared_t = space.explain(lose, keep)
            extra: dict[str, Any] = {}
            if rule == "consolidated":
                extra["participants"] = space.consolidation_names(lose, keep)
                extra["back_reference"] = _back_reference(lose, keep, space.o.event_window_days)
            merged[lose.id] = replace(
                space.score(lose, [keep], window=window).evidence(
                    0,
                    event=keep.id,
                    rule="joined" if join is not None and len(lose.members) == 1 else rule,
                    shared_entities=shared_e,
                    shared_terms=shared_t,
                    **extra,
                ),
                score=-neg,
            )
        space.absorb(keep, lose)
        push(keep.id)
    return merged


def _pass_of_its_own(
    space: _Space,
    new: Sequence[int],
    evidence: dict[int, Evidence],
    mode: str,
    **merge: Any,
) -> None:
    """One more best-first pass over the events of this run's articles with the space's flag
    ``mode`` set ("far_only": follow-ups; "consolidating"); its merges' evidence is kept."""
    setattr(space, mode, True)
    before = dict(space.cluster_of)
    merged = _merge(
        space,
        {space.cluster_of[i] for i in new},
        space.o.merge_threshold,
        window=True,
        **merge,
    )
    setattr(space, mode, False)
    for i, was in before.items():
        if was in merged and i in evidence:
            evidence[i] = replace(merged[was], event=space.cluster_of[i])


def _reassign(space: _Space, new: Sequence[int], evidence: dict[int, Evidence]) -> int:
    """One pass over the new articles: each moves to the event it fits best, if another.

    Every article placed in this run is scored again, without itself, against
    its own event and the other candidates (same gates); it moves when another
    event scores higher, reaches ``event_threshold`` and is allowed (rule
    "moved"). An article that stays gets the evidence of that score against its
    own event ("joined"; an article in an event merged as a whole keeps the
    evidence of that merge), or, alone in its event, the evidence of its best
    candidate ("new event": why it did not join). Existing articles
    never move (stability). Returns how many moved.
    """
    o = space.o
    moved = 0
    has_copies = {d.duplicate_of for d in space.docs if d.duplicate_of is not None}
    for i in new:
        doc = space.docs[i]
        if evidence[i].rule == "copy" or doc.id in has_copies:
            continue
        own = space.clusters[space.cluster_of[i]]
        alone = own.weight < 2
        space.remove(own, i)
        q = _singleton(space, i)
        within = [(doc.date.toordinal(),) * 2] if doc.date is not None else None
        cand_ids = [c for c in space.candidates(space.f.keys[i], within=within) if c != own.id]
        if not alone:
            cand_ids.append(own.id)
        if not cand_ids:
            space.add(own, i)
            continue
        cands = [space.clusters[c] for c in cand_ids]
        scores = space.score(q, cands, window=True)
        allowed = scores.allowed()
        k = len(cands) - 1 if not alone else -1
        mine = float(allowed[k]) if k >= 0 else -math.inf
        others = allowed[:k] if k >= 0 else allowed
        j = int(np.argmax(others)) if len(others) else -1
        best_other = float(others[j]) if j >= 0 else -math.inf
        if j >= 0 and best_other >= o.event_threshold and best_other > mine:
            target = cands[j]
            space.add(target, i)
            if alone:
                own.alive = False
            moved += 1
            evidence[i] = _member_evidence(space, scores, j, q, target, "moved", mine)
            continue
        space.add(own, i)
        if evidence[i].rule not in ("new event", "joined"):
            continue
        if alone:
            shown = j if np.isfinite(best_other) else int(np.argmax(scores.total))
            if np.isfinite(scores.total[shown]):
                evidence[i] = scores.evidence(shown, event=own.id, rule="new event")
        else:
            evidence[i] = _member_evidence(space, scores, k, q, own, "joined", best_other)
    return moved


def _member_evidence(
    space: _Space, scores: _Scores, j: int, q: _Cluster, c: _Cluster, rule: str, runner: float
) -> Evidence:
    """Evidence of article ``q`` in event ``c`` (candidate ``j`` of ``scores``)."""
    shared_e, shared_t = space.explain(q, c)
    return scores.evidence(
        j,
        event=c.id,
        rule=rule,
        shared_entities=shared_e,
        shared_terms=shared_t,
        runner_up=runner if math.isfinite(runner) else None,
    )


def _explain_alone(space: _Space, new: Sequence[int], evidence: dict[int, Evidence]) -> None:
    """Evidence for each new article alone in its event: its best candidate, and why not."""
    for i in new:
        if evidence[i].rule != "new event":
            continue
        own = space.clusters[space.cluster_of[i]]
        if len(own.members) > 1:
            continue
        doc = space.docs[i]
        within = [(doc.date.toordinal(),) * 2] if doc.date is not None else None
        cand_ids = space.candidates(space.f.keys[i], exclude=own.id, within=within, follow=own)
        if not cand_ids:
            continue
        scores = space.score(own, [space.clusters[c] for c in cand_ids], window=True)
        allowed = scores.allowed()
        j = int(np.argmax(allowed)) if np.isfinite(allowed.max()) else int(np.argmax(scores.total))
        if np.isfinite(scores.total[j]):
            evidence[i] = scores.evidence(j, event=own.id, rule="new event")


def _stories(
    space: _Space, events: Sequence[_Cluster], *, full: bool, options: ClusterOptions
) -> dict[str, list[str]]:
    """Events into stories (:mod:`storyline.stories`)."""
    from .stories import place_stories  # the story level builds on this module's spaces

    return place_stories(space, events, full=full, options=options)


def _title(space: _Space, members: Sequence[int]) -> str:
    """The title (or first line) of the member closest to the members' TF-IDF centroid."""
    if not members:
        return ""
    docs = space.docs
    rows = space.f.tfidf[list(members), :]
    centroid = np.asarray(rows.sum(axis=0)).ravel()
    sims = rows @ centroid
    order = sorted(
        range(len(members)), key=lambda k: (-round(float(sims[k]), 6), docs[members[k]].id)
    )
    for k in order:
        title = docs[members[k]].title
        if title:
            return title.strip()
    first = docs[members[order[0]]].text.strip().split("\n", 1)[0]
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "..."


def occasion_date(published: date | None, lead_dates: Sequence[str]) -> date | None:
    """The day an article's lead reports on.

    The earliest day-precision date (DATE or TIME value) among the temporal
    expressions of its first sentences within ``lookback_days`` before the
    publication date; else the publication date. "Four guards were killed
    late on Sunday, officials said on Monday" is Sunday's event. Without a
    publication date none: a day the lead names is then not known to be the
    day of the report ("sentenced for the March 11, 2005 shootings", "will
    host the February 22 ceremony", "was born on April 22, 1923").
    """
    if published is None:
        return None
    lookback_days = 7
    days: set[date] = set()
    for value in lead_dates:
        if len(value) < 10 or value[4] != "-" or value[7] != "-":
            continue
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            continue
        if not 0 <= (published - day).days <= lookback_days:
            continue
        days.add(day)
    if days:
        return min(days)
    return published
