"""The data model: frozen, slotted dataclasses shared by every stage.

Every extracted thing carries character offsets (Python string indices, code
points) into the article's cleaned ``text``.  Stages are functions from these
types to these types; nothing here does any work beyond small helpers.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

ArticleId = str
EntityId = str


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open ``[start, end)`` range of code points into a text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


# --------------------------------------------------------------------------- ingest


class ContentKind(enum.StrEnum):
    TEXT = "text"
    HTML = "html"


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One input record, as read, before any cleaning.

    ``origin`` is the input path (or URL) and, with ``external_id``, identifies
    the record: re-reading the same origin and id is the same article.
    ``published`` is the date string exactly as the input gave it.
    """

    origin: str
    content: str
    kind: ContentKind = ContentKind.TEXT
    external_id: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    line: int | None = None  # 1-based line (JSONL/CSV) where the record starts
    group: str = ""  # records of one group share boilerplate statistics (source or file)


# --------------------------------------------------------------------------- clean


@dataclass(frozen=True, slots=True)
class Segment:
    """``length`` code points copied from ``raw[raw_start:]`` to ``text[start:]``."""

    start: int
    raw_start: int
    length: int


@dataclass(frozen=True, slots=True)
class Removal:
    """A stretch of the raw input left out of ``text``, and why."""

    raw: Span
    reason: str  # "title", "chrome", "repeated", "dateline", "caption", ...


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The cleaned article body with its map back to the raw input.

    ``raw`` is the text the offsets map to: the file's text for plain-text
    input, the text extracted by trafilatura for HTML input.
    """

    text: str
    raw: str
    title: str | None
    dateline: str | None
    segments: tuple[Segment, ...]
    removed: tuple[Removal, ...] = ()
    published: str | None = None  # a date the page itself gives (HTML metadata)

    def to_raw(self, offset: int) -> int:
        """Map an offset in ``text`` to the offset of the same character in ``raw``."""
        if not self.segments:
            return 0
        lo, hi = 0, len(self.segments) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.segments[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        seg = self.segments[lo]
        return seg.raw_start + min(max(offset - seg.start, 0), seg.length)


# --------------------------------------------------------------------------- dates


class TimexType(enum.StrEnum):
    DATE = "DATE"
    TIME = "TIME"
    DURATION = "DURATION"
    SET = "SET"


@dataclass(frozen=True, slots=True)
class Timex:
    """A temporal expression with its TIMEX3 value (``XXXX-03-22``, ``P3Y``, ``PAST_REF``)."""

    span: Span
    text: str
    type: TimexType
    value: str
    mod: str | None = None


@dataclass(frozen=True, slots=True)
class DatedBy:
    """The day (ISO, at the precision the text gives) something was said or done."""

    value: str
    evidence: Span  # the temporal expression (or earlier occasion) it came from


# --------------------------------------------------------------------------- entities


class EntityType(enum.StrEnum):
    PERSON = "PERSON"
    ORG = "ORG"
    GPE = "GPE"
    LOC = "LOC"
    NORP = "NORP"
    WEAPON = "WEAPON"
    EVENT = "EVENT"
    PRODUCT = "PRODUCT"
    OTHER = "OTHER"


@dataclass(frozen=True, slots=True)
class Mention:
    """A named mention in one article.

    ``name`` is the fullest form of the same name in the article ("Putin" ->
    "Vladimir Putin"); the corpus stage maps names to entities.
    """

    span: Span
    text: str
    label: str  # spaCy/ruler label: PERSON, ORG, GPE, LOC, NORP, WEAPON, ...
    name: str


@dataclass(frozen=True, slots=True)
class Sentence:
    span: Span


# --------------------------------------------------------------------------- quotes


class QuoteKind(enum.StrEnum):
    DIRECT = "direct"
    PARTIAL = "partial"
    INDIRECT = "indirect"


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation or reported statement.

    ``speaker_name`` is the speaker as resolved inside the article (the
    fullest name of the person, organisation or place), or None when the
    text does not allow a decision; the corpus stage maps it to an entity.
    """

    content: Span
    kind: QuoteKind
    cue: Span | None
    speaker_mention: Span | None  # "he", "the Kremlin spokesman", "Peskov"
    speaker_name: str | None
    via: tuple[tuple[str, ...], ...] = ()  # relay steps, first to last
    said_on: DatedBy | None = None


# --------------------------------------------------------------------------- actions


class PloverType(enum.StrEnum):
    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    CONCEDE = "CONCEDE"
    COOPERATE = "COOPERATE"
    AID = "AID"
    RETREAT = "RETREAT"
    REQUEST = "REQUEST"
    ACCUSE = "ACCUSE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    SANCTION = "SANCTION"
    MOBILIZE = "MOBILIZE"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"


@dataclass(frozen=True, slots=True)
class Action:
    """Who did what to whom, when and where, in one sentence."""

    span: Span  # the clause or sentence stating it
    trigger: Span  # the verb or noun that carries the type
    type: PloverType
    actor: str | None
    target: str | None
    place: str | None
    done_on: DatedBy | None = None


# --------------------------------------------------------------------------- article


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """Everything known about an article apart from its analyses."""

    id: ArticleId
    origin: str
    external_id: str | None
    source: str | None
    url: str | None
    title: str | None
    published: str | None
    published_estimated: bool
    language: str | None
    content_hash: str
    group: str = ""


@dataclass(frozen=True, slots=True)
class Analysis:
    """The output of every per-article stage for one article."""

    meta: ArticleMeta
    cleaned: Cleaned
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    timexes: tuple[Timex, ...]
    quotes: tuple[Quote, ...]
    actions: tuple[Action, ...]
    minhash: tuple[int, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    embedding: bytes = b""  # float32 title+lead sentence embedding (nlp.get_embedder), or empty

    @property
    def text(self) -> str:
        return self.cleaned.text


# --------------------------------------------------------------------------- corpus


@dataclass(frozen=True, slots=True)
class Entity:
    id: EntityId
    name: str
    type: EntityType
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    date: str | None
    title: str
    articles: tuple[ArticleId, ...]


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str
    events: tuple[str, ...]
    articles: tuple[ArticleId, ...]
