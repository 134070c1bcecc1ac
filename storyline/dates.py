"""Publication dates and temporal expressions (TIMEX3, TimeML 1.2.1 / TempEval-3).

``find_timexes`` is a rule-based tagger in the spirit of HeidelTime: compiled
patterns find candidate expressions, each pattern's normaliser turns the match
into a TIMEX3 ``type``, ``value`` and ``mod`` relative to the reference date
(the document creation time).  Whether "Friday" is the last or the next one is
decided by the tense of the governing verb (from the spaCy parse when a ``doc``
is given, from nearby cue words otherwise); news defaults to the most recent
past, today included; a month or a day of a month without a year takes the
nearest year, weighted by tense (a deadline, "by February", "effective June 1",
"postponed to July 31", looks ahead).  Anaphoric expressions ("that year", "the
day before", "the following week", "in the morning") are resolved in document
order against the last date the text mentioned at the granularity they need, the
reference date when there is none; "three days later" and "a day earlier" are
durations ("later", "earlier" are TimeML signals), "three days ago" a date.  Span
conventions follow the TempEval-3 gold: "the", "last", "early", "more than" belong
to the expression, "on" / "in" do not, nor the article of a noun the expression
modifies ("a two-year contract") or "over" used as a preposition.  Names that
contain a day ("the Good Friday Agreement", "Black Monday", "the daily
Kommersant") are not expressions.

``parse_published`` reads messy metadata dates (ISO, RFC 2822, "Feb 24, 2022",
epoch seconds...) with the standard library and dateparser; relative dates
("3 hours ago") and garbage give None.  ``estimate_published`` finds a date the
text itself states as its own (a dateline, a "Published" line).  ``date_of``
ties a statement or action to the DATE expression its verb governs.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .model import DatedBy, Span, Timex, TimexType

if TYPE_CHECKING:
    from dateparser.date import DateDataParser
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as Span_

__all__ = [
    "DEFAULTS",
    "DateOptions",
    "PublishedDate",
    "Reference",
    "date_of",
    "estimate_published",
    "find_timexes",
    "parse_published",
    "timexes_to_json",
]

Reference = dt.date | dt.datetime | None
Tense = Literal["past", "present", "future", "unknown"]


@dataclass(frozen=True, slots=True)
class DateOptions:
    """Options of the temporal tagger.

    ``durations`` and ``sets`` switch those TIMEX3 types on; ``refs`` the
    PRESENT_REF / PAST_REF / FUTURE_REF expressions ("now", "recently");
    ``default_tense`` resolves a day name when neither the parse nor cue words
    decide (news: "past", so "Friday" is the most recent Friday, today included).
    """

    durations: bool = True
    sets: bool = True
    refs: bool = True
    times: bool = True
    default_tense: Literal["past", "future"] = "past"


DEFAULTS = DateOptions()

# --------------------------------------------------------------------------- vocabulary


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(
    (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ),
    start=1,
):
    _MONTHS[_name] = _i
    _MONTHS[_name[:3]] = _i
_MONTHS["sept"] = 9

_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

_UNITS = {
    "second": "TS",
    "minute": "TM",
    "hour": "TH",
    "day": "D",
    "night": "D",
    "week": "W",
    "weekend": "WE",
    "fortnight": "W",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "decade": "DE",
    "century": "CE",
    "centurie": "CE",
    "millennium": "ML",
    "millennia": "ML",
}

_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SEASON_ORDER = {"WI": 0, "SP": 1, "SU": 2, "FA": 3}
_PARTS = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "overnight": "NI",
}

_SMALL = {
    "zero": 0,
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
    "a dozen": 12,
    "couple": 2,
    "a couple": 2,
    "a couple of": 2,
    "couple of": 2,
    "half": 0,
}
_VAGUE = {"several", "a few", "few", "many", "some", "numerous", "dozens of", "hundreds of"}
_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
}

_MODS_BEFORE = {
    "more than": "MORE_THAN",
    "over": "MORE_THAN",
    "longer than": "MORE_THAN",
    "less than": "LESS_THAN",
    "fewer than": "LESS_THAN",
    "under": "LESS_THAN",
    "shorter than": "LESS_THAN",
    "nearly": "APPROX",
    "almost": "APPROX",
    "about": "APPROX",
    "around": "APPROX",
    "approximately": "APPROX",
    "roughly": "APPROX",
    "some": "APPROX",
    "at least": "EQUAL_OR_MORE",
    "no less than": "EQUAL_OR_MORE",
    "at most": "EQUAL_OR_LESS",
    "up to": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS",
}
_POS_MODS = {
    "early": "START",
    "earlier": "START",
    "the start of": "START",
    "the beginning of": "START",
    "the dawn of": "START",
    "late": "END",
    "later": "END",
    "the end of": "END",
    "the close of": "END",
    "mid": "MID",
    "mid-": "MID",
    "the middle of": "MID",
    "the mid": "MID",
}

# --------------------------------------------------------------------------- patterns

_MON = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.|Jul\.|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_YEAR_ANY = r"(?:1\d\d\d|20\d\d)"  # after a month name any four-digit year is a year
_NUMW = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four"
    r"|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a dozen|dozen"
    r"|a couple of|a couple|couple of)"
)
_NUM = (
    r"(?:\d+\s+1/2|\d+½|\d+(?:[.,]\d+)?"
    rf"|{_NUMW}(?:[- ]and[- ]a[- ]half)?(?:[- ](?:hundred|thousand))?"
    r"|a hundred|a thousand|an?|several|a few|few|many|numerous|dozens of|hundreds of)"
)
_UNIT = (
    r"(?:second|minute|hour|day|night|week|weekend|fortnight|month|quarter|year|decade"
    r"|century|centurie|millennium|millennia)"
)
_PREMOD = (
    r"(?:more than|longer than|less than|fewer than|shorter than|nearly|almost|about|around"
    r"|approximately|roughly|at least|no less than|at most|up to|no more than|over|under|some)"
)
_POSMOD = r"(?:early|earlier|late|later|mid-|mid|the (?:start|beginning|end|middle|close|dawn) of)"
_PART = r"(?:morning|afternoon|evening|night)"
# "nineteen ninety-four", "two thousand and one" (broadcast transcripts spell years out)
# "late yesterday", "Earlier Sunday": the start or end of a day
_EDGE = r"(?P<edge>[Ee]arly|[Ee]arlier|[Ll]ate|[Ll]ater)\s+"
_SPOKEN_REST = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four"
    r"|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred)"
)
_SPOKEN_YEAR = rf"(?:(?:nineteen|two thousand(?:\s+and)?)[\s-]+{_SPOKEN_REST})"
_AMPM = r"(?:a\.m\.?|p\.m\.?|am\b|pm\b|a\. m\.|p\. m\.)"
_TZ = r"(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT|GMT|UTC|BST|CET|CEST|EET|EEST|MSK|local time)"


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# A handler turns a match into (type, value, mod) or rejects it with None.
Result = tuple[TimexType, str, str | None] | None


@dataclass(slots=True)
class _Ctx:
    text: str
    ref: dt.date | None
    doc: Doc | None
    options: DateOptions
    clock: dt.datetime | None = None  # the reference when it carries a time of day
    start: int = 0
    end: int = 0

    def tense(self) -> Tense:
        return _tense_at(self.text, self.start, self.end, self.doc, self.options)


Handler = Callable[[re.Match[str], _Ctx], Result]


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    handler: Handler
    group: str = "t"  # the named group holding the expression (the rest is context)


# --------------------------------------------------------------------------- calendar helpers


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _quarter(m: int) -> int:
    return (m - 1) // 3 + 1


def _season_of(d: dt.date) -> tuple[int, str]:
    m = d.month
    if m in (12, 1, 2):
        return (d.year if m != 12 else d.year + 1), "WI"
    if m <= 5:
        return d.year, "SP"
    if m <= 8:
        return d.year, "SU"
    return d.year, "FA"


def _cap(word: str) -> bool:
    """Month and weekday names count only when written with a capital."""
    return bool(word) and word[0].isupper()


def _number(raw: str) -> int | None:
    """'three' -> 3, 'twenty four' -> 24, '1,000' -> 1000; vague words -> None."""
    s = raw.lower().strip().replace("-", " ")
    if s in _VAGUE:
        return None
    s = s.replace(" and a half", "")
    if re.fullmatch(r"\d+(?:,\d{3})*", s):
        return int(s.replace(",", ""))
    if re.fullmatch(r"\d+\.\d+", s):
        return None
    if s in _SMALL:
        return _SMALL[s]
    total = 0
    for part in s.split():
        if part in ("hundred", "thousand"):
            total = max(total, 1) * (100 if part == "hundred" else 1000)
        elif part in _SMALL:
            total += _SMALL[part]
        elif part not in ("a", "of"):
            return None
    return total or None


def _duration(n: int | None, unit: str) -> str:
    """TIMEX3 duration value: (3, 'Y') -> 'P3Y'; unknown count -> 'PXY'."""
    code = _UNITS.get(unit.lower().rstrip("s"), "D")
    num = "X" if n is None else str(n)
    if code == "DE":
        return f"P{n * 10}Y" if n is not None else "PXDE"
    if code == "CE":
        return f"P{n * 100}Y" if n is not None else "PXCE"
    if code == "ML":
        return f"P{n * 1000}Y" if n is not None else "PXML"
    if code.startswith("T"):
        return f"PT{num}{code[1]}"
    return f"P{num}{code}"


def _unit_key(raw: str) -> str:
    u = raw.lower()
    if u.endswith("ies"):
        return "century"
    if u == "millennia":
        return "millennium"
    return u[:-1] if u.endswith("s") and u not in ("millennias",) else u


# --------------------------------------------------------------------------- tense


_FUTURE_CUE = re.compile(
    r"\b(?:will|won't|wo n't|'ll|shall|would|going to|is to|are to|plans? to|planned to"
    r"|planning to|preparing to|expected to"
    r"|as soon as|as early as|begins?|starts?|opens?|meets?|hosts?|visits?|travels?|arrives?"
    r"|resumes?|expires?|takes? place|is due|are due|is set|are set"
    r"|scheduled(?: to| for)?|due to|set to|to be held|intends? to|aims? to|hopes? to|upcoming"
    r"|next)\b",
    re.IGNORECASE,
)
_PAST_CUE = re.compile(
    r"\b(?:said|told|was|were|had|did|met|held|spoke|took|gave|came|went|made|left|began|sent"
    r"|saw|won|lost|fell|rose|hit|struck|led|fled|shot|thought|felt|wrote|ago|last|earlier"
    r"|[a-z]{3,}ed)\b",
    re.IGNORECASE,
)
_SENT_END = re.compile(r"[.!?\n]\s")


def _tense_cues(text: str, start: int, end: int) -> Tense:
    """Parse-free tense: the nearest past or future cue in the same sentence."""
    lo = max(0, start - 120)
    left = text[lo:start]
    cut = max((m.end() for m in _SENT_END.finditer(left)), default=0)
    left = left[cut:]
    right = text[end : end + 60]
    m_end = _SENT_END.search(right)
    if m_end:
        right = right[: m_end.start() + 1]
    best: tuple[int, Tense] | None = None
    cues: tuple[tuple[re.Pattern[str], Tense], ...] = (
        (_FUTURE_CUE, "future"),
        (_PAST_CUE, "past"),
    )
    for pattern, tense in cues:
        for m in pattern.finditer(left):
            if tense == "past" and _PASSIVE_BE.search(left, 0, m.start()):
                continue  # "would be held": the auxiliary carries the tense
            dist = len(left) - m.end()
            if best is None or dist < best[0]:
                best = (dist, tense)
        for m2 in pattern.finditer(right):
            if tense == "past" and _PASSIVE_BE.search(right, 0, m2.start()):
                continue
            if best is None or 2 * m2.start() + 10 < best[0]:
                best = (2 * m2.start() + 10, tense)
            break
    if best is not None and best[1] == "future" and _LAPSED_PLAN.search(left):
        return "past"  # "had been due to expire Friday": the plan has lapsed
    return best[1] if best else "unknown"


_LAPSED_PLAN = re.compile(
    r"\b(?:had|'d)\s+been\s+(?:\w+ly\s+)?(?:due|scheduled|set|expected|planned|supposed)\b",
    re.IGNORECASE,
)
_PASSIVE_BE = re.compile(r"\b(?:be|been|being)\s+(?:\w+ly\s+)?$", re.IGNORECASE)


_FUT_AUX = frozenset({"will", "'ll", "shall", "wo", "ll"})
_MODAL_FUT = frozenset({"can", "may", "must", "should", "ca"})
_PAST_AUX = frozenset({"was", "were", "had", "did", "'d"})
_PRES_AUX = frozenset({"is", "are", "am", "'s", "'re", "has", "have", "does", "do"})


_PLAN_VERBS = _words(
    "plan schedule intend expect hope aim want set prepare threaten vow promise agree decide"
    " pledge propose order call urge ask invite"
)
_SAME_PAST = _words(
    "hurt cut put set hit let shut cost quit spread cast beat bid broadcast burst read"
)


def _verb_tense(tok: Token, depth: int = 0) -> Tense:
    """Tense of a verb from its tag, lemma and auxiliaries; a news present looks ahead."""
    if depth > 8:  # a chain of infinitives (or a malformed parse): stop, undecided
        return "unknown"
    lowers = [c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")]
    if any(a in _FUT_AUX for a in lowers):
        return "future"
    if "going" in lowers or any(a in _MODAL_FUT for a in lowers):
        return "future"
    if "would" in lowers:
        return "future"
    if any(a in ("could", "might") for a in lowers):
        return "unknown"
    if any(a in ("has", "have", "'ve") for a in lowers) and tok.tag_ == "VBN":
        return "past"
    if any(a in _PAST_AUX for a in lowers) or tok.tag_ == "VBD":
        return "past"
    if "to" in lowers and tok.tag_ == "VB":
        head = tok.head
        if _pluperfect(head) or (head.pos_ == "ADJ" and _pluperfect(head.head)):
            return "past"  # "had been due to expire Friday": a plan that has lapsed
        if head is not tok and head.pos_ in ("VERB", "AUX", "ADJ"):
            if head.lemma_ in _PLAN_VERBS or head.lower_ in ("due", "able", "likely", "set"):
                return "future"
            if _verb_tense(head, depth + 1) == "past":
                return "unknown"
        return "future"
    if tok.tag_ == "VBG" and any(a in ("is", "are", "am", "'s", "'re") for a in lowers):
        return "future"
    if (
        tok.tag_ in ("VBZ", "VBP")
        and tok.pos_ == "VERB"
        and tok.lemma_ not in ("say", "tell", "be", "have")
        and tok.lower_ not in _SAME_PAST
    ):
        return "future"  # news present with a day name: "The council meets Monday"
    return "unknown"


def _pluperfect(verb: Token) -> bool:
    return verb.pos_ in ("VERB", "AUX") and any(
        c.lower_ in ("had", "'d") and c.dep_ in ("aux", "auxpass") for c in verb.children
    )


def _tense_parse(doc: Doc, start: int, end: int) -> Tense:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return "unknown"
    tok = span.root
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") and not span.start <= tok.i < span.end:
            break
        if tok.head is tok:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return "unknown"
    if _before_reported_clause(tok, span.start):
        tok = tok.head  # "said on Friday he would go": the date is the cue's, not the clause's
    if abs(tok.i - span.start) > _reach(span, tok):
        return "unknown"  # far away: a parse error is likelier than not; let cue words decide
    if tok.lemma_ in ("plan", "schedule") and tok.i < span.start and tok.dep_ not in ("acl",):
        return "future"  # "planned a rally on Saturday", "has scheduled a vote Thursday"
    return _verb_tense(tok)


def _reach(span: Span_, verb: Token) -> int:
    """How far (in tokens) a verb may be from the expression and still be trusted: a
    fronted phrase ("In January, ... a bombing killed") reaches the main verb; a phrase
    hung directly on the verb ("agreed to purchase the line for $22 million in
    February") reaches it across the object; other paths only nearby verbs."""
    root = span.root
    doc = span.doc
    sent = root.sent
    if (
        span.start - sent.start <= 1
        and span.end < len(doc)
        and doc[span.end].text == ","
        and verb.dep_ == "ROOT"
    ):
        return 60
    head = root.head
    if head.i == verb.i or (head.dep_ == "prep" and head.head.i == verb.i):
        return 16
    return 8


def _before_reported_clause(clause_verb: Token, first: int) -> bool:
    """Whether token ``first`` sits between a reporting verb and the start of the clause
    the parser hung it on ("told reporters on Thursday Russia wanted": the date is the
    telling's, though the parser attaches it to "wanted")."""
    head = clause_verb.head
    if clause_verb.dep_ != "ccomp" or not head.i < first < clause_verb.i:
        return False
    starts = [c.left_edge.i for c in clause_verb.children if c.dep_ in _CLAUSE_START]
    return bool(starts) and first < min(starts)


def _tense_at(text: str, start: int, end: int, doc: Doc | None, options: DateOptions) -> Tense:
    tense: Tense = "unknown"
    if doc is not None:
        tense = _tense_parse(doc, start, end)
    if tense == "unknown":
        tense = _tense_cues(text, start, end)
    return tense


# --------------------------------------------------------------------------- resolution


def _resolve_weekday(ref: dt.date | None, wd: int, rel: str, tense: Tense, default: str) -> str:
    """The date of a weekday name: 'last'/'next' force the direction, tense decides otherwise."""
    if ref is None:
        return f"XXXX-WXX-{wd + 1}"
    rel = rel.lower()
    if rel in ("previous", "following"):
        # anaphoric: "the previous Friday" (resolved against the last date mentioned)
        return f"{_ANAPH_PREFIX}WD{wd}:{_ANAPH_STEP[rel]:+d}"
    if rel in ("last", "past"):
        back = (ref.weekday() - wd) % 7 or 7
        return _iso(ref - dt.timedelta(days=back))
    if rel in ("next", "coming", "this coming"):
        fwd = (wd - ref.weekday()) % 7 or 7
        return _iso(ref + dt.timedelta(days=fwd))
    direction = tense if tense in ("past", "future") else default
    if tense == "present":
        direction = "future"
    if rel == "this":
        # "this Friday": the one of the current week
        return _iso(ref + dt.timedelta(days=wd - ref.weekday()))
    if direction == "future":
        return _iso(ref + dt.timedelta(days=(wd - ref.weekday()) % 7))
    return _iso(ref - dt.timedelta(days=(ref.weekday() - wd) % 7))


def _resolve_month_year(ref: dt.date | None, month: int, day: int | None, tense: Tense) -> str:
    """Year for a month (and day) given without one: the nearest to the reference date,
    dates after it weighing more for past tense and dates before it for future tense."""
    if ref is None:
        return "XXXX"
    best: tuple[float, int] | None = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            when = dt.date(year, month, day or 15)
        except ValueError:
            when = dt.date(year, month, 28)
        dist = (when - ref).days
        if day is None and abs(dist) <= 16:
            dist = 0
        weight = 1.0
        if dist > 0 and tense in ("past", "unknown"):
            weight = 4.0 if tense == "past" else 1.5
        elif dist < 0 and tense == "future":
            weight = 4.0
        cost = abs(dist) * weight
        if best is None or cost < best[0]:
            best = (cost, year)
    assert best is not None
    return str(best[1])


# --------------------------------------------------------------------------- handlers


def _mod_of(raw: str | None) -> str | None:
    if not raw:
        return None
    s = raw.lower().strip()
    return _MODS_BEFORE.get(s) or _POS_MODS.get(s) or _POS_MODS.get(s.rstrip("-"))


def _h_full_date(m: re.Match[str], ctx: _Ctx) -> Result:
    mon = m.group("mon")
    if not _cap(mon):
        return None
    month = _MONTHS[mon.lower().rstrip(".")]
    day = int(re.sub(r"\D", "", m.group("day")))
    year = int(m.group("year"))
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return None
    return TimexType.DATE, _iso(d), None


def _h_month_day(m: re.Match[str], ctx: _Ctx) -> Result:
    mon = m.group("mon")
    if not _cap(mon):
        return None
    month = _MONTHS[mon.lower().rstrip(".")]
    day = int(re.sub(r"\D", "", m.group("day")))
    if mon.lower() == "may" and ctx.text[m.end() : m.end() + 1] == "%":
        return None
    y = _resolve_month_year(ctx.ref, month, day, _month_tense(ctx, m.start("t")))
    try:
        dt.date(2000 if y == "XXXX" else int(y), month, day)
    except ValueError:
        return None
    return TimexType.DATE, f"{y}-{month:02d}-{day:02d}", None


_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]+")
_BARE_MONTH_CTX = re.compile(
    r"(?:\b(?:in|since|by|until|till|through|from|of|during|before|after|throughout|last|next"
    r"|this|early|late|mid|end of|beginning of|start of|middle of|and|or|to|between|for|on|as of"
    r"|each|every|the)\s+|mid-)$",
    re.IGNORECASE,
)


def _h_month(m: re.Match[str], ctx: _Ctx) -> Result:
    mon = m.group("mon")
    if not _cap(mon) or mon.endswith("."):
        return None
    low = mon.lower()
    if low not in _MONTHS or (len(low) < 5 and low not in ("may", "june", "july")):
        return None
    before = ctx.text[max(0, m.start("t") - 25) : m.start("t")]
    has_ctx = bool(_BARE_MONTH_CTX.search(before) or m.group("pos") or m.group("rel"))
    if low in ("may", "march") and not has_ctx:
        return None
    if not has_ctx and _NAME_AFTER.match(ctx.text, m.end("t")):
        return None  # "April Smith", "June Carter"
    if re.search(r"\b(?:Mrs?|Ms|Miss|Dr)\.?\s+$", before):
        return None
    month = _MONTHS[low]
    rel = (m.group("rel") or "").lower()
    if ctx.ref is None:
        y = "XXXX"
    elif rel == "last":
        y = str(ctx.ref.year - 1 if month >= ctx.ref.month else ctx.ref.year)
    elif rel == "next":
        y = str(ctx.ref.year + 1 if month <= ctx.ref.month else ctx.ref.year)
    elif rel == "this":
        y = str(ctx.ref.year)
    else:
        y = _resolve_month_year(ctx.ref, month, None, _month_tense(ctx, m.start("t")))
    return TimexType.DATE, f"{y}-{month:02d}", _mod_of(m.group("pos"))


def _h_month_year(m: re.Match[str], ctx: _Ctx) -> Result:
    mon = m.group("mon")
    if not _cap(mon):
        return None
    month = _MONTHS[mon.lower().rstrip(".")]
    year = _year_value(m.group("year"))
    if year is None:
        return None
    return TimexType.DATE, f"{year}-{month:02d}", _mod_of(m.group("pos"))


def _h_season_year(m: re.Match[str], ctx: _Ctx) -> Result:
    """'the winter of 1994', 'summer 2025', 'the fall of nineteen ninety-four'."""
    year = _year_value(m.group("year"))
    if year is None:
        return None
    code = _SEASONS[m.group("unit").lower()]
    return TimexType.DATE, f"{year}-{code}", _mod_of(m.group("pos"))


def _h_half_year(m: re.Match[str], ctx: _Ctx) -> Result:
    """'the second half of 1989', 'the first two quarters of next year' (TimeML H1/H2)."""
    half = "H1" if m.group("ord").lower() == "first" else "H2"
    if m.group("year"):
        return TimexType.DATE, f"{int(m.group('year'))}-{half}", None
    if ctx.ref is None:
        return TimexType.DATE, f"XXXX-{half}", None
    rel = m.group("rel").lower()
    year = ctx.ref.year + {"last": -1, "next": 1}.get(rel, 0)
    return TimexType.DATE, f"{year}-{half}", None


def _h_week_of(m: re.Match[str], ctx: _Ctx) -> Result:
    """'the week of March 6': the calendar week that holds the day."""
    res = _h_full_date(m, ctx) if m.group("year") else _h_month_day(m, ctx)
    if res is None:
        return None
    if not _FULL_DAY_VALUE.match(res[1]):
        return TimexType.DATE, res[1][:4] + "-WXX", None
    return TimexType.DATE, _week(dt.date.fromisoformat(res[1])), None


def _h_iso(m: re.Match[str], ctx: _Ctx) -> Result:
    try:
        d = dt.date(int(m.group("y")), int(m.group("mo")), int(m.group("d")))
    except ValueError:
        return None
    return TimexType.DATE, _iso(d), None


_YEAR_BAD_BEFORE = re.compile(r"(?:[$€£#¥]|\d[.,]?|No\.\s?|\bpage\s|\bnumber\s|[A-Za-z]-?)$")
_YEAR_BAD_AFTER = re.compile(
    r"^(?:[.,]\d|\d|%|\s?percent|\s?(?:people|troops|soldiers|men|women|children|residents"
    r"|dollars|euros|rubles|tons|tonnes|km|kilometres|kilometers|miles|metres|meters|feet|units"
    r"|vehicles|cases|deaths|votes|points|shares|jobs|members|workers|employees|hectares|acres"
    r"|barrels|calories|pounds|kg|tanks|drones|missiles|rockets|shells|aircraft|planes|jets"
    r"|homes|houses|buildings|civilians|refugees|prisoners|sites|villages|ships|guns|rounds"
    r"|seats|companies|firms|students|patients|households|families|cars|trucks|acres)\b"
    r"|-(?!era\b|style\b|present\b|\d)[A-Za-z]|-\d+-|-\d{1,2}\b(?!-)|\s\d{3,4}\b)",
    re.IGNORECASE,
)
# "Room 2001", "Flight 1549", "Resolution 2118": a number that names something
_YEAR_NAMED_BY = re.compile(
    r"\b(?:Room|Rooms|Flight|Route|Highway|Suite|Apartment|Apt\.|Page|Chapter|Article|Section"
    r"|Item|Bus|Train|Gate|Platform|Unit|Box|Resolution|Exit|Channel|Code|Form|Model|Order)\s+$"
)


def _h_year(m: re.Match[str], ctx: _Ctx) -> Result:
    start = m.start("t")
    if _YEAR_BAD_BEFORE.search(ctx.text[max(0, start - 4) : start]):
        return None
    if _YEAR_BAD_AFTER.match(ctx.text[m.end("year") : m.end("year") + 12]):
        return None
    if not m.group("pos") and _YEAR_NAMED_BY.search(ctx.text[max(0, start - 12) : start]):
        return None
    year = int(m.group("year"))
    side = (m.group("side") or "").lower()
    if side:
        # "the post-1959 politics", "pre-1914 borders"
        return TimexType.DATE, str(year), "AFTER" if side == "post" else "BEFORE"
    return TimexType.DATE, str(year), _mod_of(m.group("pos"))


def _h_decade(m: re.Match[str], ctx: _Ctx) -> Result:
    raw = m.group("dec")
    if (
        re.search(
            r"\b(?:his|her|their|its|my|your|our|early|mid|late)\s+$",
            ctx.text[max(0, m.start("t") - 8) : m.start("t")],
        )
        and len(re.sub(r"\D", "", raw)) == 2
    ):
        return None  # an age: "in his 30s", "in their early 20s"
    digits = re.sub(r"\D", "", raw)
    if len(digits) == 4:
        value = digits[:3]
    elif len(digits) == 2:
        if ctx.ref is None:
            return None
        century = ctx.ref.year // 100
        if int(digits) > ctx.ref.year % 100:
            century -= 1
        value = f"{century}{digits[0]}"
    else:
        return None
    return TimexType.DATE, value, _mod_of(m.group("pos"))


_CENTURY_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
}


def _h_century(m: re.Match[str], ctx: _Ctx) -> Result:
    raw = m.group("cent").lower()
    if raw in ("this", "the current", "last", "the last", "next", "the next", "the past"):
        if ctx.ref is None:
            return None
        c = ctx.ref.year // 100
        if raw.endswith("last") or raw.endswith("past"):
            c -= 1
        elif raw.endswith("next"):
            c += 1
        return TimexType.DATE, f"{c:02d}", _mod_of(m.group("pos"))
    n = _CENTURY_WORDS.get(raw)
    if n is None:
        digits = re.sub(r"\D", "", raw)
        if not digits:
            return None
        n = int(digits)
    if not 1 <= n <= 30:
        return None
    return TimexType.DATE, f"{n - 1:02d}", _mod_of(m.group("pos"))


# "today's youth", "in today's world": today as the present age, not the day (PRESENT_REF)
_GENERIC_TODAY = re.compile(
    r"['’]s\s+(?:[a-z]+\s+)?(?:world|youth|young|society|generation|children|kids|teenagers"
    r"|culture|standards|terms|dollars|technology|economy|computers|cars|families|media"
    r"|politics|consumers|students|workers|workplace|schools)\b"
)


# "VOA Today", "USA Today": a capitalised "Today" right after a name is part of the name
_NAME_BEFORE_TODAY = re.compile(r"(?:\b[A-Z][A-Za-z]*|[A-Z]{2,})[ \t]+$")
# "the people of tomorrow", "the cars of tomorrow": the generic future, not a day
_GENERIC_OF = re.compile(
    r"\b(?!as\b|end\b|rest\b|start\b|beginning\b|morning\b|evening\b|afternoon\b|night\b"
    r"|course\b|part\b|noon\b)[a-z]+\s+of\s+$"
)


def _h_today(m: re.Match[str], ctx: _Ctx) -> Result:
    word = m.group("w").lower()
    before = ctx.text[max(0, m.start("t") - 20) : m.start("t")]
    if m.group("t") in ("Today", "Tonight", "Tomorrow") and _NAME_BEFORE_TODAY.search(before):
        return None
    if (
        m.group("t") == "tomorrow"
        and _GENERIC_OF.search(before)
        and not re.match(r"['’]s\b", ctx.text[m.end("t") :])
    ):
        return None
    if word == "today" and not m.group("part") and _GENERIC_TODAY.match(ctx.text, m.end("t")):
        return TimexType.DATE, "PRESENT_REF", None
    shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}.get(word.split()[0], 0)
    if "day before yesterday" in word:
        shift = -2
    elif "day after tomorrow" in word:
        shift = 2
    part = (m.group("part") or m.group("part0") or "").lower()
    if word == "tonight":
        part = "night"
    if ctx.ref is None:
        if shift == 0 and not part:
            return TimexType.DATE, "PRESENT_REF", None
        return None
    d = ctx.ref + dt.timedelta(days=shift)
    mod = _mod_of(m.group("edge") or m.group("pedge"))  # "mid-afternoon yesterday": MID
    if part:
        if not ctx.options.times:
            return TimexType.DATE, _iso(d), mod
        return TimexType.TIME, f"{_iso(d)}T{_PARTS[part]}", mod
    return TimexType.DATE, _iso(d), mod


def _h_this_part(m: re.Match[str], ctx: _Ctx) -> Result:
    rel = m.group("rel").lower()
    part = m.group("part").lower()
    if ctx.ref is None or not ctx.options.times:
        return None
    d = ctx.ref
    if rel == "last" and part == "night":
        d = ctx.ref - dt.timedelta(days=1)
    elif rel == "last":
        return None
    return TimexType.TIME, f"{_iso(d)}T{_PARTS[part]}", _mod_of(m.group("pos"))


_PERFECT_NEAR = re.compile(r"\b(?:had|'d)\b", re.IGNORECASE)


def _clause(text: str, start: int, end: int) -> str:
    """The text of the sentence around [start, end) (a cheap, parse-free cut)."""
    lo = max(0, start - 150)
    left = text[lo:start]
    cut = max((m.end() for m in _SENT_END.finditer(left)), default=0)
    right = text[end : end + 100]
    stop = _SENT_END.search(right)
    return left[cut:] + text[start:end] + (right[: stop.start()] if stop else right)


_DEADLINE_BEFORE = re.compile(
    r"\b(?:through|until|till|by|before|as soon as|as early as|starting|from)\s+$", re.IGNORECASE
)


_DEADLINE_MONTH = re.compile(
    r"\b(through|until|till|by|before|starting|effective|as of)\s+(?:(?:early|mid|late)[\s-]+)?$",
    re.IGNORECASE,
)
_POSTPONED_TO = re.compile(
    r"\b(?:postponed?|postpones|delay(?:ed|s)?|moved?|pushed back|put off|reschedul(?:ed|es?)"
    r"|deferred|defers?)\b[^.;!?]{0,50}\b(?:to|until|till|for)\s+$",
    re.IGNORECASE,
)
_PLUPERFECT = re.compile(r"\b(?:had|'d)\b", re.IGNORECASE)


def _month_tense(ctx: _Ctx, start: int) -> Tense:
    """Tense for a month or a day of a month: a deadline ("by February", "effective June 1")
    looks ahead unless its clause is plainly past ("had repaid it by February").  A month
    that modifies a noun ("under a June agreement") takes no tense from the verb."""
    if ctx.doc is not None:
        tok = ctx.doc.char_span(start, ctx.end, alignment_mode="expand")
        if (
            tok is not None
            and tok.root.dep_ in ("compound", "nmod", "amod")
            and tok.root.head.pos_ == "NOUN"
            and tok.root.head.i > tok.root.i
        ):
            return "unknown"
    tense = ctx.tense()
    if _POSTPONED_TO.search(ctx.text, max(0, start - 70), start):
        return "future"  # "postponed the shows to July 31"
    before = ctx.text[max(0, start - 20) : start]
    dm = _DEADLINE_MONTH.search(before)
    if dm is None:
        return tense
    if tense != "past":
        return "future"
    if dm.group(1).lower() in ("through", "until", "till"):
        # "sales this year through August" (past) or "extended loans through January"
        # (ahead): the nearest such month decides, past or not
        return "unknown"
    if not _PLUPERFECT.search(_clause(ctx.text, start, ctx.end)):
        return "future"
    return tense


def _verb_is_modal(ctx: _Ctx) -> bool:
    """A will/shall/going-to cue right before the expression ("will follow Friday's vote")."""
    before = ctx.text[max(0, ctx.start - 60) : ctx.start]
    return bool(re.search(r"\b(?:will|'ll|shall|going to)\b[^.;]*$", before))


def _deadline_tense(ctx: _Ctx, start: int, end: int, tense: Tense) -> Tense:
    """'until Thursday', 'by 9 a.m. Friday' look ahead (not 'had filed by Wednesday')."""
    before = ctx.text[max(0, start - 20) : start]
    if _DEADLINE_BEFORE.search(before) and (
        tense != "past" or not _PERFECT_NEAR.search(_clause(ctx.text, start, end))
    ):
        return "future"
    return tense


_SHARED_PLURAL = re.compile(
    rf"\s+(?:and|or)\s+{_WD}(?:s\b|\s+(?P<part>mornings|afternoons|evenings|nights)\b)"
)


def _h_weekday(m: re.Match[str], ctx: _Ctx) -> Result:
    wd_raw = m.group("wd")
    if not _cap(wd_raw):
        return None
    wd = _WEEKDAYS[wd_raw.lower()]
    rel = (m.group("rel") or "").lower()
    before = ctx.text[max(0, m.start("t") - 20) : m.start("t")]
    if not rel and _NAMED_DAY_BEFORE.search(before):
        return None
    shared = _SHARED_PLURAL.match(ctx.text, m.end("t"))
    if shared and not rel and ctx.options.sets:
        # "on Monday and Tuesday nights", "Mondays and Fridays": every such day
        return _weekly(wd, shared.group("part"), ctx)
    tense = ctx.tense()
    if re.match(r"['’]s\b", ctx.text[m.end("t") : m.end("t") + 3]) and rel == "":
        # "Friday's vote", "before Friday's purchases": a past event unless plainly ahead
        tense = "future" if tense == "future" and _verb_is_modal(ctx) else "past"
    else:
        tense = _deadline_tense(ctx, m.start("t"), m.end("t"), tense)
    value = _resolve_weekday(ctx.ref, wd, rel, tense, ctx.options.default_tense)
    part = (m.group("part") or "").lower()
    mod = _mod_of(m.group("edge"))
    if part and ctx.options.times and not value.startswith(_ANAPH_PREFIX):
        return TimexType.TIME, f"{value}T{_PARTS[part]}", mod
    return TimexType.DATE, value, mod


def _h_weekday_date(m: re.Match[str], ctx: _Ctx) -> Result:
    """'Friday, Aug. 7' or 'Friday, August 7, 1998': the explicit date decides."""
    if not _cap(m.group("wd")):
        return None
    inner = _h_month_day(m, ctx) if m.group("year") is None else _h_full_date(m, ctx)
    return inner


_DISCOURSE_NOW = re.compile(r"(?:[.!?:;\n][\"”'’]*\s+|\n\s*|[\"“]\s*)$")
_SOON_SIGNAL = re.compile(r"\s+(?:after|before|afterwards?|thereafter)\b", re.IGNORECASE)


def _h_ref(m: re.Match[str], ctx: _Ctx) -> Result:
    if not ctx.options.refs:
        return None
    word = re.sub(r"\s+", " ", m.group("t").lower())
    if word.startswith("then"):
        return TimexType.DATE, "PAST_REF", None  # "the then-current chairman"
    if (
        word == "now"
        and ctx.text[m.end("t") : m.end("t") + 1] == ","
        and (
            m.start("t") == 0
            or _DISCOURSE_NOW.search(ctx.text[max(0, m.start("t") - 6) : m.start("t")])
        )
    ):
        return None  # "Now, he says, ...": a sentence-opening discourse marker
    if word in ("now", "right now", "currently", "current", "nowadays", "presently", "at present"):
        return TimexType.DATE, "PRESENT_REF", None
    if word in ("the present", "these days", "present-day", "today's"):
        return TimexType.DATE, "PRESENT_REF", None
    ahead = re.fullmatch(r"the (days|weeks|months|years) ahead", word)
    if ahead and ctx.options.durations:
        return TimexType.DURATION, _duration(None, _unit_key(ahead.group(1))), None
    if word in ("the future", "future", "soon", "the near future") or (
        word.endswith((" term", " ahead", "later date"))
    ):
        if word == "future" and not re.match(r"\s+[a-z]", ctx.text[m.end() :]):
            return None
        if word == "soon" and (_SOON_SIGNAL.match(ctx.text, m.end()) or ctx.tense() == "past"):
            return None  # "soon after the vote", "soon became a flood": not the future
        return TimexType.DATE, "FUTURE_REF", None
    return TimexType.DATE, "PAST_REF", None


def _signal_not_ago(m: re.Match[str]) -> bool:
    """'three days before' and, like 'three days later', 'a day earlier' are the duration
    with a TimeML signal after it, counted from a time in the story rather than from the
    publication date.  'a year earlier' stays a date: reports of results compare periods."""
    direction = m.group("dir").lower()
    if direction == "before":
        return True
    return direction == "earlier" and _unit_key(m.group("unit")) not in (
        "year",
        "quarter",
        "decade",
        "century",
    )


def _h_ago(m: re.Match[str], ctx: _Ctx) -> Result:
    raw_num = m.group("num")
    half = re.fullmatch(r"(\d+)(?:\s+1/2|½|\.5)", raw_num.strip())
    n = int(half.group(1)) if half else _number(raw_num)
    unit = _unit_key(m.group("unit"))
    direction = m.group("dir").lower()
    mod = _mod_of(m.group("mod"))
    sign = 1 if direction in ("from now", "hence", "after that") else -1
    if n is not None and direction == "after that" and unit in _ANAPH_UNITS:
        # "three days after that": after a time in the story, not after the publication date
        return TimexType.DATE, _anaphor(unit, n), mod
    if n is None or ctx.ref is None:
        return TimexType.DATE, "FUTURE_REF" if sign > 0 else "PAST_REF", None
    r = ctx.ref
    if unit in ("day", "night"):
        return TimexType.DATE, _iso(r + dt.timedelta(days=sign * n)), mod
    if unit in ("week", "fortnight"):
        return (
            TimexType.DATE,
            _week(r + dt.timedelta(weeks=sign * n * (2 if unit == "fortnight" else 1))),
            mod,
        )
    if unit == "month":
        y, mo = _add_months(r.year, r.month, sign * n)
        return TimexType.DATE, f"{y}-{mo:02d}", mod
    if unit == "quarter":
        y, mo = _add_months(r.year, r.month, sign * 3 * n)
        return TimexType.DATE, f"{y}-Q{_quarter(mo)}", mod
    if unit == "year":
        return TimexType.DATE, str(r.year + sign * n), mod
    if unit == "decade":
        return TimexType.DATE, str(r.year + sign * 10 * n)[:3], mod
    if unit == "century":
        return TimexType.DATE, f"{(r.year + sign * 100 * n) // 100:02d}", mod
    if unit in ("hour", "minute", "second"):
        if ctx.clock is None:
            return TimexType.DATE, "PAST_REF" if sign < 0 else "FUTURE_REF", None
        when = ctx.clock + dt.timedelta(**{unit + "s": sign * n})
        return TimexType.TIME, when.strftime("%Y-%m-%dT%H:%M"), mod
    return None


def _half_duration(n: int, unit: str) -> str | None:
    """'2 1/2 years' -> 'P2Y6M', 'an hour and a half' -> 'PT1H30M' (TimeML: no fractions)."""
    code = _UNITS.get(unit, "")
    return {
        "Y": f"P{n}Y6M",
        "M": f"P{n}M15D",
        "Q": f"P{3 * n + 1}M15D",
        "W": f"P{7 * n + 3}DT12H",
        "D": f"P{n}DT12H",
        "TH": f"PT{n}H30M",
        "TM": f"PT{n}M30S",
        "DE": f"P{10 * n + 5}Y",
        "CE": f"P{100 * n + 50}Y",
    }.get(code)


def _h_duration(m: re.Match[str], ctx: _Ctx) -> Result:
    if not ctx.options.durations:
        return None
    unit = _unit_key(m.group("unit"))
    raw_num = m.group("num")
    half = False
    if raw_num:
        num_m = re.fullmatch(r"(\d+)(?:\s+1/2|½|\.5)", raw_num.strip())
        if num_m or "and a half" in raw_num.lower().replace("-", " "):
            half = True
        if num_m:
            raw_num = num_m.group(1)
    if m.group("half"):
        half = True
    n = _number(raw_num) if raw_num else 1
    if raw_num and raw_num.lower().strip() in ("a", "an") and m.group("long") is None:
        n = 1
    if unit == "weekend":
        return None
    if raw_num and re.fullmatch(r"\d+\.\d+", raw_num.strip()):
        return None
    mod = _mod_of(m.group("mod"))
    if mod is None and (m.group("orso") or "couple" in (raw_num or "").lower()):
        mod = "APPROX"  # "two years or so", "a couple of years"
    value = _duration(n, unit)
    if half and n is not None:
        value = _half_duration(n, unit) or value
    if unit == "fortnight" and n is not None:
        value = f"P{2 * n}W"
    return TimexType.DURATION, value, mod


def _h_bare_plural(m: re.Match[str], ctx: _Ctx) -> Result:
    if not ctx.options.durations:
        return None
    unit = _unit_key(m.group("unit"))
    return TimexType.DURATION, _duration(None, unit), None


def _h_recent_units(m: re.Match[str], ctx: _Ctx) -> Result:
    """'recent years', 'the coming weeks': an unspecified stretch of the past or future.

    TimeML reads "recent" and "coming" with a unit as a duration of unknown length
    ("in recent months" PXM); "past years", "the last years" as the past (PAST_REF).
    """
    rel = m.group("rel").lower()
    if rel in ("recent", "coming") and ctx.options.durations:
        return TimexType.DURATION, _duration(None, _unit_key(m.group("unit"))), None
    if not ctx.options.refs:
        return None
    return TimexType.DATE, "FUTURE_REF" if rel in ("coming", "next") else "PAST_REF", None


_PAST_YEAR = re.compile(r"the\s+(?:past|last)\s+(?P<unit>year|month)$", re.IGNORECASE)
# "for the past year he has lived ...", "the last year and a half": a stretch of time
_PAST_YEAR_STRETCH_BEFORE = re.compile(r"\b(?:for|throughout)\s+$", re.IGNORECASE)
_PAST_YEAR_STRETCH_AFTER = re.compile(r"\s+(?:and\s+a\s+half|or\s+(?:so|two|more))\b")


def _h_the_past_unit(m: re.Match[str], ctx: _Ctx) -> Result:
    """'the past week', 'the next year': a duration of one unit.

    "the past year" and "the last month" are read like "last year" and "last month", the
    calendar unit before the reference (TimeBank's reading, and HeidelTime's).
    """
    past = _PAST_YEAR.match(m.group("t"))
    if (
        past
        and ctx.ref is not None
        and not _PAST_YEAR_STRETCH_BEFORE.search(ctx.text[max(0, m.start("t") - 12) : m.start("t")])
        and not _PAST_YEAR_STRETCH_AFTER.match(ctx.text, m.end("t"))
    ):
        if past.group("unit").lower() == "year":
            return TimexType.DATE, str(ctx.ref.year - 1), None
        y, mo = _add_months(ctx.ref.year, ctx.ref.month, -1)
        return TimexType.DATE, f"{y}-{mo:02d}", None
    if not ctx.options.durations:
        return None
    unit = _unit_key(m.group("unit"))
    return TimexType.DURATION, _duration(1, unit), _mod_of(m.group("mod"))


_UNANCHORED = {
    "week": "XXXX-WXX",
    "weekend": "XXXX-WXX-WE",
    "month": "XXXX-XX",
    "quarter": "XXXX-QX",
    "decade": "XXX",
    "century": "XX",
}


def _h_relative_unit(m: re.Match[str], ctx: _Ctx) -> Result:
    """'last week', 'this year', 'next month', 'earlier this month', 'the weekend'."""
    rel = re.sub(r"\s+", " ", (m.group("rel") or "").lower()).strip()
    unit = m.group("unit").lower()
    pos = _mod_of(m.group("pos"))
    r = ctx.ref
    if unit in _SEASONS:
        return _season(ctx, rel, _SEASONS[unit], pos)
    if rel in ("the previous", "the following", "previous", "following"):
        # anaphoric: relative to a time in the story, not to the publication date
        if unit in _ANAPH_UNITS:
            return TimexType.DATE, _anaphor(unit, _ANAPH_STEP[rel.split()[-1]]), pos
        return TimexType.DATE, _UNANCHORED.get(unit, "XXXX"), pos
    if r is None:
        return None
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}
    k = 0
    for word, val in step.items():
        if rel.endswith(word):
            k = val
    if rel in ("the full", "the whole", "the entire"):
        rel = "the"
    if rel in ("the", "") and unit != "weekend":
        if unit == "quarter":
            k = -1 if ctx.tense() != "future" else 0
        elif rel == "":
            return None
    if unit == "week":
        return TimexType.DATE, _week(r + dt.timedelta(weeks=k)), pos
    if unit == "weekend":
        if k == 0 and rel in ("the", ""):
            tense = ctx.tense()
            if tense == "future" or tense == "present":
                k = 0 if r.weekday() < 6 else 1
            else:
                k = -1 if r.weekday() < 5 else 0  # on a weekday the past weekend is last week's
        return TimexType.DATE, _week(r + dt.timedelta(weeks=k)) + "-WE", pos
    if unit == "month":
        y, mo = _add_months(r.year, r.month, k)
        return TimexType.DATE, f"{y}-{mo:02d}", pos
    if unit == "quarter":
        y, mo = _add_months(r.year, r.month, 3 * k)
        return TimexType.DATE, f"{y}-Q{_quarter(mo)}", pos
    if unit in ("year", "fiscal year", "calendar year"):
        if rel == "the" and re.match(r"\s+(?:ended|ending)\b", ctx.text[m.end("t") :]):
            return TimexType.DURATION, "P1Y", None  # "for the year ended Sept. 30"
        return TimexType.DATE, str(r.year + k), pos
    if unit == "decade":
        return TimexType.DATE, str(r.year + 10 * k)[:3], pos
    if unit == "century":
        return TimexType.DATE, f"{(r.year + 100 * k) // 100:02d}", pos
    return None


def _season(ctx: _Ctx, rel: str, code: str, pos: str | None) -> Result:
    r = ctx.ref
    if r is None:
        return TimexType.DATE, f"XXXX-{code}", pos
    cur_year, cur = _season_of(r)
    target = _SEASON_ORDER[code]
    now = _SEASON_ORDER[cur]
    if rel.endswith("last") or rel.endswith("past") or rel.endswith("previous"):
        year = cur_year if target < now else cur_year - 1
    elif rel.endswith("next") or rel.endswith("coming"):
        year = cur_year if target > now else cur_year + 1
    elif rel.endswith("this") or rel == "":
        if rel == "" and target != now:
            tense = ctx.tense()
            if tense == "past" and target > now:
                year = cur_year - 1
            elif tense == "future" and target < now:
                year = cur_year + 1
            else:
                year = cur_year
        else:
            year = cur_year
    else:
        year = cur_year
    return TimexType.DATE, f"{year}-{code}", pos


def _h_quarter(m: re.Match[str], ctx: _Ctx) -> Result:
    q = _ORDINALS.get(m.group("ord").lower())
    if q is None:
        return None
    year_raw = m.group("year")
    if year_raw:
        return TimexType.DATE, f"{int(year_raw)}-Q{q}", None
    if ctx.ref is None:
        return TimexType.DATE, f"XXXX-Q{q}", None
    y = ctx.ref.year
    rel = (m.group("rel") or "").lower()
    if rel in ("last year's", "year-earlier", "year-ago", "last year"):
        y -= 1
    elif rel in ("next year's", "next year"):
        y += 1
    elif q > _quarter(ctx.ref.month) and ctx.tense() != "future":
        y -= 1
    return TimexType.DATE, f"{y}-Q{q}", None


_Q_CONTEXT = re.compile(
    r"\b(?:in|for|during|the|its|their|this|last|next|by|from|since|until|of|through)\s+$",
    re.IGNORECASE,
)


def _h_q_quarter(m: re.Match[str], ctx: _Ctx) -> Result:
    """'Q3 2024', '2024 Q3', "Q3 '24", and a bare 'Q3' after a preposition or determiner
    (not "the Audi Q3": a name)."""
    q = int(m.group("q") or m.group("q_"))
    raw_year = m.group("year") or m.group("year_")
    if raw_year:
        year = int(raw_year) if len(raw_year) == 4 else 2000 + int(raw_year[-2:])
        if year > (ctx.ref.year + 10 if ctx.ref else 2030):
            year -= 100  # "Q4 '99"; without a reference '31 to '99 are the 1900s
        return TimexType.DATE, f"{year}-Q{q}", None
    if not _Q_CONTEXT.search(ctx.text[max(0, m.start("t") - 10) : m.start("t")]):
        return None
    if ctx.ref is None:
        return TimexType.DATE, f"XXXX-Q{q}", None
    y = ctx.ref.year
    if q > _quarter(ctx.ref.month) and ctx.tense() != "future":
        y -= 1
    return TimexType.DATE, f"{y}-Q{q}", None


def _h_fiscal_year_abbrev(m: re.Match[str], ctx: _Ctx) -> Result:
    """'FY2013', "FY '13", 'FY13': the fiscal year, named by its year (like "fiscal 2013")."""
    raw = m.group("year").lstrip("'’")
    year = int(raw) if len(raw) == 4 else 2000 + int(raw)
    if len(raw) == 2 and year > (ctx.ref.year + 10 if ctx.ref else 2030):
        year -= 100
    return TimexType.DATE, str(year), None


def _h_period_quarter(m: re.Match[str], ctx: _Ctx) -> Result:
    """'the latest quarter', 'the year-ago quarter', 'the current quarter'."""
    if ctx.ref is None:
        return None
    adj = m.group("adj").lower()
    y, mo = ctx.ref.year, ctx.ref.month
    if adj in ("current", "present"):
        k, dy = 0, 0
    elif adj in ("year-earlier", "year-ago", "year earlier", "year ago"):
        k, dy = -1, -1
    else:
        k, dy = -1, 0
    y, mo = _add_months(y, mo, 3 * k)
    return TimexType.DATE, f"{y + dy}-Q{_quarter(mo)}", None


def _h_year_earlier_stretch(m: re.Match[str], ctx: _Ctx) -> Result:
    """'the year-earlier nine months': the stretch a year back is still a duration."""
    n = _number(m.group("n"))
    if n is None or not ctx.options.durations:
        return None
    return TimexType.DURATION, _duration(n, _unit_key(m.group("unit"))), None


def _h_day_around(m: re.Match[str], ctx: _Ctx) -> Result:
    """'the day before last Tuesday's hearing', 'the day after May 3': one day from a day."""
    sub = _DAY_REF.match(m.group("d"))
    if sub is None or ctx.ref is None:
        return None
    day: str | None
    if sub.group("wd2") and m.group("rel"):
        wd = _WEEKDAYS[sub.group("wd2").lower()]
        day = _resolve_weekday(ctx.ref, wd, m.group("rel"), ctx.tense(), "past")
    else:
        day = _day_ref_value(sub, ctx)
    if day is None or not _FULL_DAY_VALUE.match(day):
        return None
    shift = -1 if m.group("dir").lower() == "before" else 1
    return TimexType.DATE, _iso(dt.date.fromisoformat(day) + dt.timedelta(days=shift)), None


def _h_period_year_back(m: re.Match[str], ctx: _Ctx) -> Result:
    """'the quarter a year ago', 'the corresponding period last year': the quarter just
    talked about (else the reference's), one year back."""
    return TimexType.DATE, _anaphor("quarter", -4), None


def _h_year_earlier(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.ref is None:
        return None
    return TimexType.DATE, str(ctx.ref.year - 1), None


def _h_time(m: re.Match[str], ctx: _Ctx) -> Result:
    if not ctx.options.times:
        return None
    hour_raw = m.group("h")
    ampm = (m.group("ampm") or "").lower()
    special = (m.group("special") or "").lower()
    if special == "noon" and re.search(
        r"\bhigh\s+$", ctx.text[max(0, m.start("t") - 6) : m.start("t")], re.I
    ):
        return None  # "High Noon"
    if special:
        hh, mm = {"noon": (12, 0), "midday": (12, 0), "midnight": (24, 0)}[special]
    else:
        hh = int(hour_raw)
        mm = int(m.group("mi") or 0)
        if hh > 24 or mm > 59:
            return None
        if ampm.startswith("p") and hh < 12:
            hh += 12
        elif ampm.startswith("a") and hh == 12:
            hh = 0
    day_value = None
    day = m.group("day")
    if day:
        sub = _DAY_REF.fullmatch(day)
        if sub is None:
            return None
        res = _day_ref_value(sub, ctx)
        if res is None:
            return None
        day_value = res
    elif ctx.ref is not None:
        day_value = _iso(ctx.ref)
        # "at 10:35 a.m. (0735 GMT) Friday": the day after a bracketed conversion
        after = _DAY_AFTER_BRACKET.match(ctx.text, m.end("t"))
        sub = _DAY_REF.fullmatch(after.group("day")) if after else None
        if sub is not None:
            day_value = _day_ref_value(sub, ctx) or day_value
    prefix = day_value or "XXXX-XX-XX"
    mod = _mod_of(m.group("mod"))
    return TimexType.TIME, f"{prefix}T{hh:02d}:{mm:02d}", mod


_DAY_AFTER_BRACKET = re.compile(r"\s*\([^()\n]{1,24}\)\s*,?\s*(?:on\s+)?(?P<day>\w+)\b")


def _h_clock_part(m: re.Match[str], ctx: _Ctx) -> Result:
    """'4 in the morning', '9 o'clock in the evening': a clock time on the day told about."""
    if not ctx.options.times:
        return None
    hh, mm = int(m.group("h")), int(m.group("mi") or 0)
    part = m.group("part").lower()
    if part == "morning" and hh == 12:
        hh = 0
    elif part in ("afternoon", "evening") or (part == "night" and hh >= 6):
        hh = hh + 12 if hh < 12 else hh
    return TimexType.TIME, f"{_anaphor('day', 0)}T{hh:02d}:{mm:02d}", None


def _day_ref_value(sub: re.Match[str], ctx: _Ctx) -> str | None:
    if sub.group("wd2"):
        if not _cap(sub.group("wd2")):
            return None
        tense = _deadline_tense(ctx, ctx.start, ctx.end, ctx.tense())
        return _resolve_weekday(
            ctx.ref, _WEEKDAYS[sub.group("wd2").lower()], "", tense, ctx.options.default_tense
        )
    if sub.group("mon2"):
        mon = sub.group("mon2")
        if not _cap(mon):
            return None
        month = _MONTHS[mon.lower().rstrip(".")]
        day = int(re.sub(r"\D", "", sub.group("day2")))
        y = _resolve_month_year(ctx.ref, month, day, ctx.tense())
        return f"{y}-{month:02d}-{day:02d}"
    word = (sub.group("rel2") or "").lower()
    if ctx.ref is None:
        return None
    shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
    return _iso(ctx.ref + dt.timedelta(days=shift))


_PAPER_AFTER = re.compile(
    r"\s+(?:[A-Z][\w-]+|newspaper|paper|magazine|tabloid|newsletter|publication|journal)\b"
)


def _h_set(m: re.Match[str], ctx: _Ctx) -> Result:
    if not ctx.options.sets:
        return None
    word = m.group("t").lower()
    simple = {
        "daily": "P1D",
        "nightly": "P1D",
        "weekly": "P1W",
        "biweekly": "P2W",
        "monthly": "P1M",
        "annually": "P1Y",
        "yearly": "P1Y",
        "hourly": "PT1H",
    }
    if word in simple:
        if word in ("daily", "weekly", "monthly") and _PAPER_AFTER.match(ctx.text, m.end("t")):
            return None  # "the daily Kommersant", "a weekly magazine": a publication
        return TimexType.SET, simple[word], None
    unit = (m.group("unit") or "").lower()
    if unit:
        key = _unit_key(unit)
        if key in _WEEKDAYS or unit.rstrip("s") in _WEEKDAYS:
            return TimexType.SET, f"XXXX-WXX-{_WEEKDAYS[unit.rstrip('s')] + 1}", None
        if key in _PARTS:
            return TimexType.SET, f"XXXX-XX-XXT{_PARTS[key]}", None
        if key in _SEASONS:
            return TimexType.SET, f"XXXX-{_SEASONS[key]}", None
        if key in _MONTHS and len(key) > 3:
            return TimexType.SET, f"XXXX-{_MONTHS[key]:02d}", None
        if key in _UNITS:
            return TimexType.SET, _duration(1, key), None
    return None


def _h_weekday_plural(m: re.Match[str], ctx: _Ctx) -> Result:
    if not ctx.options.sets or not _cap(m.group("wd")):
        return None
    return _weekly(_WEEKDAYS[m.group("wd").lower()], m.group("part"), ctx)


def _weekly(wd: int, parts: str | None, ctx: _Ctx) -> Result:
    """Every such weekday ("Mondays"), at a part of the day ("Tuesday nights") if given."""
    suffix = f"T{_PARTS[parts.lower()[:-1]]}" if parts and ctx.options.times else ""
    return TimexType.SET, f"XXXX-WXX-{wd + 1}{suffix}", None


# --------------------------------------------------------------------------- anaphoric references
# "that year", "the day before", "the following week", "three days later": relative to the
# last date the text mentioned (HeidelTime's anaphoric anchoring), not to the publication
# date.  The handlers return a placeholder "@UNIT:STEP" that ``_contextualise`` resolves in
# document order; with no earlier date the reference date is the anchor.

_ANAPH_PREFIX = "@"
_ANAPH_UNITS = {
    "day": "D",
    "week": "W",
    "weekend": "WE",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "morning": "PMO",
    "afternoon": "PAF",
    "evening": "PEV",
    "night": "PNI",
}
_ANAPH_STEP = {
    "next": 1,
    "following": 1,
    "after": 1,
    "later": 1,
    "previous": -1,
    "preceding": -1,
    "prior": -1,
    "before": -1,
    "earlier": -1,
}
_DURATION_PREP = re.compile(
    r"\b(?:over|for|during|throughout|within|in|through|across|all)\s+$", re.IGNORECASE
)
_THAT_AS_CONJ = re.compile(
    r"\b(?:said|says|say|saying|told|tells|believes?|believed|thinks?|thought|knows?|knew"
    r"|warned|noted|added|hoped?|hopes|expects?|expected|clear|so|such|now|is|was|means?|meant"
    r"|announced|reported|argued|insisted|stressed|claimed|show(?:s|ed)?|suggests?|suggested)"
    r"\s+$",
    re.IGNORECASE,
)


def _anaphor(unit: str, step: int) -> str:
    return f"{_ANAPH_PREFIX}{_ANAPH_UNITS[unit]}:{step:+d}"


def _h_anaphoric(m: re.Match[str], ctx: _Ctx) -> Result:
    """'that year', 'later that day', 'the same week', 'the day before', 'the next morning'."""
    unit = (m.group("unit") or m.group("unit2") or m.group("unit3") or "").lower()
    before = ctx.text[max(0, m.start("t") - 25) : m.start("t")]
    det = (m.group("det") or "").lower()
    rel = (m.group("rel") or "").lower()
    pos = _mod_of(m.group("pos"))
    if det.startswith("that") and not m.group("pos") and _THAT_AS_CONJ.search(before):
        return None  # "said that day traders ...": a conjunction
    if rel and not m.group("pos") and _DURATION_PREP.search(before) and unit in _UNITS:
        return None  # "over the next year": a duration (another rule)
    if not ctx.options.times and unit in _PARTS:
        return None
    step = _ANAPH_STEP.get(rel or (m.group("dir") or "").lower(), 0)
    typ = TimexType.TIME if unit in _PARTS else TimexType.DATE
    return typ, _anaphor(unit, step), pos


def _h_day_part(m: re.Match[str], ctx: _Ctx) -> Result:
    """'in the morning', 'by mid-afternoon', 'later in the day': the day being told about."""
    if m.group("day"):
        if not re.search(
            r"\b(?:later|earlier|early|late)\s+in\s+$", ctx.text[: m.start("t")][-15:], re.I
        ):
            return None
        return TimexType.DATE, _anaphor("day", 0), None
    if not ctx.options.times:
        return None
    return TimexType.TIME, _anaphor(m.group("part").lower(), 0), _mod_of(m.group("pos"))


def _anchor_parts(anchor: str) -> tuple[int, int | None, int | None]:
    y = int(anchor[:4])
    mo = int(anchor[5:7]) if len(anchor) >= 7 and anchor[5:7].isdigit() else None
    d = (
        int(anchor[8:10])
        if mo is not None and len(anchor) >= 10 and anchor[8:10].isdigit()
        else None
    )
    return y, mo, d


_ANCHOR = re.compile(r"^\d{4}(?:-(?:\d\d(?:-\d\d)?|Q[1-4]))?")


def _resolve_anaphor(value: str, anchor: str | None) -> str:
    """'@D:-1' with anchor '1998-10-23' -> '1998-10-22' (see the section comment)."""
    code, _, raw_step = value[1:].partition(":")
    if code.startswith("WD"):
        wd = int(code[2:])
        step = int(raw_step)
        if anchor is None or len(anchor) < 10 or not anchor[8:10].isdigit():
            return f"XXXX-WXX-{wd + 1}"
        a = dt.date.fromisoformat(anchor[:10])
        if step < 0:
            back = (a.weekday() - wd) % 7 or 7
            return _iso(a - dt.timedelta(days=back))
        return _iso(a + dt.timedelta(days=(wd - a.weekday()) % 7 or 7))
    step = int(raw_step)
    if anchor is None:
        return {
            "D": "XXXX-XX-XX",
            "W": "XXXX-WXX",
            "WE": "XXXX-WXX-WE",
            "M": "XXXX-XX",
            "Q": "XXXX-QX",
            "Y": "XXXX",
        }.get(code, "XXXX-XX-XXT" + code[1:])
    y, mo, d = _anchor_parts(anchor)
    if code == "Y":
        return str(y + step)
    if code == "Q":
        qm = re.match(r"^\d{4}-Q([1-4])", anchor)
        if qm:
            y2, m2 = _add_months(y, 3 * int(qm.group(1)) - 2, 3 * step)
        elif mo is not None:
            y2, m2 = _add_months(y, mo, 3 * step)
        else:
            return f"{y + (step if step else 0)}-QX" if step == 0 else "XXXX-QX"
        return f"{y2}-Q{_quarter(m2)}"
    if code == "M":
        if mo is None:
            return f"{y}-XX" if step == 0 else "XXXX-XX"
        y2, m2 = _add_months(y, mo, step)
        return f"{y2}-{m2:02d}"
    if d is None or mo is None:
        if step != 0:
            return {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE"}.get(
                code, "XXXX-XX-XXT" + code[1:]
            )
        prefix = f"{y}-{mo:02d}" if mo is not None else str(y)
        return {"W": f"{y}-WXX", "WE": f"{y}-WXX-WE"}.get(
            code, f"{prefix}-XX" if mo is not None else f"{prefix}-XX-XX"
        ) + ("T" + code[1:] if code.startswith("P") else "")
    a = dt.date(y, mo, d)
    if code == "W":
        return _week(a + dt.timedelta(weeks=step))
    if code == "WE":
        return _week(a + dt.timedelta(weeks=step)) + "-WE"
    day = _iso(a + dt.timedelta(days=step))
    return day if code == "D" else f"{day}T{code[1:]}"


# --------------------------------------------------------------------------- rules

_DAY_REF = _c(
    rf"(?:(?P<wd2>{_WD})|(?P<mon2>{_MON})\s+(?P<day2>{_DAY})|(?P<rel2>today|tonight|yesterday"
    r"|tomorrow))"
)
_DAY_REF_SRC = (
    rf"(?:{_WD}(?:,?\s+{_MON}\s+{_DAY})?|{_MON}\s+{_DAY}|today|tonight|yesterday|tomorrow)"
)

_POSG = rf"(?:(?P<pos>{_POSMOD})[\s-]*)?"

_RULES: tuple[_Rule, ...] = (
    _Rule(
        "weekday_date",
        _c(
            rf"\b(?P<t>(?P<wd>{_WD}),?\s+(?P<mon>{_MON})\s+(?P<day>{_DAY})\b\.?"
            rf"(?:,?\s+(?P<year>{_YEAR})\b)?)"
        ),
        _h_weekday_date,
    ),
    _Rule(
        "full_date",
        _c(
            rf"\b(?P<t>(?P<mon>{_MON})\s+(?P<day>{_DAY})(?:,\s*|\s+)(?P<year>{_YEAR_ANY})\b"
            rf"|(?P<day_>{_DAY})(?:\s+of)?\s+(?P<mon_>{_MON}),?\s+(?P<year_>{_YEAR_ANY})\b)"
        ),
        lambda m, ctx: _h_full_date_any(m, ctx),
    ),
    _Rule(
        "month_day_range_year",
        _c(
            rf"\b(?P<t>(?P<mon>{_MON})\s+(?P<day>{_DAY}))\s*(?:-|–|to|and|through)\s*{_DAY},?\s+"
            rf"(?P<year>{_YEAR_ANY})\b"
        ),
        _h_full_date,
    ),
    _Rule(
        "month_day_range_year2",
        _c(
            rf"\b(?P<mon>{_MON})\s+{_DAY}\s*(?:-|–|to|and|through)\s*"
            rf"(?P<t>(?P<day>{_DAY}),?\s+(?P<year>{_YEAR_ANY}))\b"
        ),
        _h_full_date,
    ),
    _Rule(
        "month_day",
        _c(
            rf"\b(?P<t>(?P<mon>{_MON})\s+(?P<day>{_DAY})\b(?![,.]?\d|:|\s*(?:%|percent|million))"
            rf"|(?P<day_>{_DAY})(?:\s+of)?\s+(?P<mon_>{_MON})\b)"
        ),
        lambda m, ctx: _h_month_day_any(m, ctx),
    ),
    _Rule(
        "month_day_range",
        _c(
            rf"\b(?P<mon>{_MON})\s+{_DAY}\s*(?:-|–|to|and|or|through|until)\s*"
            rf"(?P<t>(?P<day>{_DAY}))\b(?![,.]?\d|:|\s*(?:%|percent|million|billion))"
        ),
        lambda m, ctx: _h_range_end(m, ctx),
    ),
    _Rule(
        "month_year",
        _c(
            rf"\b(?P<t>{_POSG}(?P<mon>{_MON}),?\s+(?:of\s+)?(?P<year>{_YEAR_ANY}|{_SPOKEN_YEAR})"
            r"\b)"
        ),
        _h_month_year,
    ),
    _Rule(
        "season_year",
        _c(
            rf"\b(?P<t>(?:the\s+)?{_POSG}(?P<unit>spring|summer|fall|autumn|winter)\s+(?:of\s+)?"
            rf"(?P<year>{_YEAR}|{_SPOKEN_YEAR}))\b"
        ),
        _h_season_year,
    ),
    _Rule(
        "half_year",
        _c(
            r"\b(?P<t>(?:the\s+)?(?P<ord>first|second|last|latter|final)\s+(?:half|two\s+quarters)"
            rf"\s+of\s+(?:(?P<year>{_YEAR})|(?P<rel>this|last|next|the)\s+(?:fiscal\s+)?year))\b"
        ),
        _h_half_year,
    ),
    _Rule(
        "week_of",
        _c(
            rf"\b(?P<t>the\s+week\s+of\s+(?P<mon>{_MON})\s+(?P<day>{_DAY})"
            rf"(?:,?\s+(?P<year>{_YEAR_ANY}))?)\b"
        ),
        _h_week_of,
    ),
    _Rule(
        "month_rel_year",
        _c(
            rf"\b(?P<t>{_POSG}(?P<mon>January|February|March|April|May|June|July|August|September"
            r"|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
            r"(?:\s+(?P<day>(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?))?,?\s+(?:of\s+)?"
            r"(?P<rel>this|last|next)\s+year)\b"
        ),
        lambda m, ctx: _h_month_rel_year(m, ctx),
    ),
    _Rule(
        "spoken_year",
        _c(
            r"\b(?P<t>(?:the\s+year\s+)?(?:nineteen|two thousand(?:\s+and)?)[\s-]+"
            rf"(?P<rest>{_SPOKEN_REST})|the\s+year\s+two\s+thousand)\b"
        ),
        lambda m, ctx: _h_spoken_year(m, ctx),
    ),
    _Rule(
        "decade_word",
        _c(
            rf"\b(?P<t>the\s+{_POSG}(?P<dec>twenties|thirties|forties|fifties|sixties|seventies"
            r"|eighties|nineties))\b"
        ),
        lambda m, ctx: _h_decade_word(m, ctx),
    ),
    _Rule(
        "holiday",
        _c(
            r"\b(?P<t>(?:(?P<rel>last|next|this)\s+)?(?P<name>Christmas Eve|Christmas Day|Christmas"
            r"|New Year's Eve|New Year's Day|New Year’s Eve|New Year’s Day|Thanksgiving Day"
            r"|Thanksgiving|Halloween|Election Day|Valentine's Day|Valentine’s Day|Boxing Day"
            r"|Good Friday"
            r"|Easter Sunday|Easter Monday|Easter [Ww]eek|Holy Week|Easter))\b"
        ),
        lambda m, ctx: _h_holiday(m, ctx),
    ),
    _Rule(
        "year_quarter",
        _c(
            rf"\b(?P<t>(?:the\s+)?(?:(?P<year>{_YEAR})|(?P<rel>this|last|next)\s+year['’]s)\s+"
            r"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last|latest|same)[\s-]+)?"
            r"(?:fiscal\s+)?(?P<unit>quarter|period|half))\b"
        ),
        lambda m, ctx: _h_year_quarter(m, ctx),
    ),
    _Rule(
        "month",
        _c(
            rf"\b(?P<t>{_POSG}(?:(?P<rel>last|next|this)\s+)?(?P<mon>January|February|March"
            r"|April|May|June|July|August|September|October|November|December)\b)(?!-)"
        ),
        _h_month,
    ),
    _Rule(
        "iso",
        re.compile(r"(?<![\d-])(?P<t>(?P<y>(?:19|20)\d\d)-(?P<mo>[01]\d)-(?P<d>[0-3]\d))(?![\d:])"),
        _h_iso,
    ),
    _Rule(
        "us_numeric",
        re.compile(
            r"(?<![\d/.])(?P<t>(?P<mo>1[0-2]|0?[1-9])/(?P<d>[0-3]?\d)/(?P<y>(?:19|20)\d\d))\b"
        ),
        _h_iso,
    ),
    _Rule(
        "year",
        _c(
            rf"(?<![\w'’-])(?P<t>(?:(?P<side>[Pp]re|[Pp]ost)-)?{_POSG}"
            r"(?:(?:the\s+)?(?:fiscal|calendar|financial|model|school)"
            rf"\s+year\s+|(?:fiscal|calendar|financial|model|school)\s+)?(?P<year>{_YEAR}))"
            r"(?![\w'’])"
        ),
        _h_year,
    ),
    _Rule(
        "decade",
        _c(
            rf"(?<![\w-])(?P<t>(?:the\s+)?{_POSG}(?P<dec>(?:1[5-9]|20)\d0|'\d0|’\d0|"
            r"(?<=\s)\d0)'?’?s)\b"
        ),
        _h_decade,
    ),
    _Rule(
        "century",
        _c(
            rf"\b(?P<t>(?:the\s+)?{_POSG}(?P<cent>\d{{1,2}}(?:st|nd|rd|th)|first|second|third"
            r"|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth"
            r"|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth"
            r"|twenty-first|this|the current|last|the last|next|the next)[\s-]+century)\b"
        ),
        _h_century,
    ),
    _Rule(
        "today",
        _c(
            rf"\b(?P<t>(?:(?:(?P<pedge>early|late|mid)[\s-]*)?(?P<part0>{_PART})\s+|{_EDGE})?"
            r"(?P<w>the day before yesterday|the day after tomorrow|today|tonight"
            rf"|yesterday|tomorrow)(?:\s+(?P<part>{_PART}))?)\b"
        ),
        _h_today,
    ),
    _Rule(
        "anaphoric",
        _c(
            rf"\b(?P<t>{_POSG}(?:(?P<det>that|that same|the same|the very same)\s+(?P<unit>day"
            r"|morning|afternoon|evening|night|week|weekend|month|year|quarter)"
            r"|the\s+(?P<rel>next|following|previous|preceding|prior)\s+(?P<unit2>day|morning"
            r"|afternoon|evening|night|week|weekend|month|year|quarter)"
            r"|the\s+(?P<unit3>day|night|week|month|year)\s+(?P<dir>before|after|earlier|later)"
            r"(?=\s*[,.;:!?)'\"”]|\s+(?:and|but|when|as)\b|\s*$)))\b(?!-)"
        ),
        _h_anaphoric,
    ),
    _Rule(
        "day_part",
        _c(
            r"\b(?:in|during|by|until|through|for|early|late|later|earlier)\s+"
            r"(?P<t>(?:the\s+)?(?:(?P<pos>early|late|mid)[\s-]*)?(?P<part>morning|afternoon|evening)"
            r"|the\s+(?P<day>day))\b(?!-|\s+(?:of|news|shift|sessions?|editions?|papers?|prayers?"
            r"|shows?|stars?|rush|commute|flights?|trading|hours|before|after)\b)"
        ),
        lambda m, ctx: _h_day_part(m, ctx),
    ),
    _Rule(
        "this_part",
        _c(rf"\b(?P<t>{_POSG}(?P<rel>this|last)\s+(?P<part>{_PART}))\b"),
        _h_this_part,
    ),
    _Rule(
        "weekday",
        _c(
            r"\b(?P<t>(?:(?:the\s+(?=previous|following))?(?P<rel>last|next|this coming|this|past"
            rf"|previous|coming|following)\s+|{_EDGE})?"
            rf"(?P<wd>{_WD})(?:\s+(?P<part>{_PART}))?)\b(?!s\b)"
        ),
        _h_weekday,
    ),
    _Rule(
        "weekday_plural",
        _c(rf"\b(?P<t>(?P<wd>{_WD})(?:s|\s+(?P<part>mornings|afternoons|evenings|nights)))\b"),
        _h_weekday_plural,
    ),
    _Rule(
        "relative_unit",
        _c(
            rf"\b(?P<t>{_POSG}(?P<rel>this\s+past|this\s+coming|last|next|this|past|coming"
            r"|previous|current|the"
            r"|the (?:previous|following|coming|current|full|whole|entire))\s+(?P<unit>week|weekend"
            r"|month|quarter"
            r"|year|fiscal year|calendar year|decade|century|spring|summer|fall|autumn|winter))\b"
            r"(?!-)"
        ),
        _h_relative_unit,
    ),
    _Rule(
        "season_bare",
        _c(rf"\b(?P<t>{_POSG}(?P<unit>spring|summer|autumn|winter))\b(?!-)"),
        lambda m, ctx: (
            _h_relative_unit(_Swap(m), ctx)  # type: ignore[arg-type]
            if m.group("pos") or _in_prep(m, ctx)
            else None
        ),
    ),
    _Rule(
        "quarter",
        _c(
            r"\b(?P<t>(?:the\s+)?(?:(?P<rel>last year's|next year's|year-earlier|year-ago)\s+)?"
            r"(?:(?:fiscal|calendar)[\s-]+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
            r"[\s-]+quarters?"
            rf"(?:\s+of\s+(?:(?:fiscal|the\s+year|the\s+fiscal\s+year|calendar)\s+)?"
            rf"(?P<year>{_YEAR})|\s+(?P<year2>{_YEAR}))?)\b"
        ),
        lambda m, ctx: _h_quarter_any(m, ctx),
    ),
    _Rule(
        "q_quarter",
        re.compile(
            r"\b(?P<t>Q(?P<q>[1-4])(?:(?:\s+|[-/])(?P<year>(?:19|20)\d\d|['’]\d\d))?"
            r"|(?P<year_>(?:19|20)\d\d)\s*Q(?P<q_>[1-4]))(?![\w'’])"
        ),
        _h_q_quarter,
    ),
    _Rule(
        "fiscal_year_abbrev",
        _c(r"\b(?P<t>FY\s?(?P<year>(?:19|20)\d\d|['’]?\d\d))(?![\w'’])"),
        _h_fiscal_year_abbrev,
    ),
    _Rule(
        "period_quarter",
        _c(
            r"\b(?P<t>the\s+(?P<adj>latest|last|most recent|recent|past|previous|prior|current"
            r"|present|year-earlier|year-ago|year earlier|year ago|same)\s+(?:quarter|period))\b"
        ),
        _h_period_quarter,
    ),
    _Rule(
        "year_earlier_stretch",
        _c(
            rf"\b(?P<t>(?:the\s+)?year[- ](?:earlier|ago)\s+(?P<n>{_NUMW}|\d+)\s+"
            r"(?P<unit>months|weeks|quarters))\b"
        ),
        _h_year_earlier_stretch,
    ),
    _Rule(
        "day_around",
        _c(
            r"\b(?P<t>(?:the\s+)?day\s+(?P<dir>before|after)\s+(?:(?P<rel>last|next)\s+)?"
            rf"(?P<d>{_DAY_REF_SRC}))(?!\w)"
        ),
        _h_day_around,
    ),
    _Rule(
        "period_year_back",
        _c(
            r"\b(?P<t>the\s+(?:same\s+|corresponding\s+|comparable\s+)?(?:quarter|period)"
            r"\s+(?:of\s+)?(?:a\s+year\s+(?:ago|earlier|before)|last\s+year"
            r"|the\s+(?:previous|prior)\s+year))\b"
        ),
        _h_period_year_back,
    ),
    _Rule(
        "year_end",
        _c(r"\b(?P<t>year[- ]end|year['’]s end|the end of the year)\b"),
        lambda m, ctx: _h_year_end(m, ctx),
    ),
    _Rule(
        "year_earlier",
        _c(r"\b(?P<t>year-earlier|year-ago)\b"),
        _h_year_earlier,
    ),
    _Rule(
        "ago",
        _c(
            rf"\b(?P<t>(?:(?P<mod>{_PREMOD})\s+)?(?P<num>{_NUM})[\s-]+(?P<unit>{_UNIT})s?"
            r"(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|from now|hence|before|after that|previously))\b"
        ),
        lambda m, ctx: None if _signal_not_ago(m) else _h_ago(m, ctx),
    ),
    _Rule(
        "one_day",
        _c(
            r"\b(?:will|would|could|might|may|can|shall|should|must|to|hopes?|hoped|he|she|they"
            r"|we|I|you|it|who)\s+(?P<t>one\s+day)\b(?!\s+(?:ago|earlier|later|before|after|of)\b)"
        ),
        lambda m, ctx: (TimexType.DATE, "FUTURE_REF", None) if ctx.options.refs else None,
    ),
    _Rule(
        "duration",
        _c(
            rf"\b(?P<t>(?:(?P<mod>{_PREMOD})\s+(?!the\b|its\b|their\b|his\b|her\b))?"
            r"(?:(?:the|a)\s+)?"
            r"(?:(?:past|last|next|first|coming|previous|following|final|remaining|initial)\s+)?"
            rf"(?P<num>{_NUM})[\s-]+(?:(?:more|additional|straight|consecutive|full|long|trading"
            rf"|business|working|calendar)[\s-]+)?(?P<unit>{_UNIT})s?(?P<half>\s+and\s+a\s+half)?"
            r"(?P<long>[\s-]+long|-old)?(?P<orso>\s+or\s+so)?)\b"
        ),
        lambda m, ctx: _h_duration_any(m, ctx),
    ),
    _Rule(
        "the_past_unit",
        _c(
            rf"\b(?P<t>(?:(?!over\b|under\b|some\b)(?P<mod>{_PREMOD})\s+)?the\s+(?:past|last"
            r"|next|coming|previous"
            r"|following)\s+(?P<unit>hour|day|week|month|year|decade|century))\b"
        ),
        _h_the_past_unit,
    ),
    _Rule(
        "recent_units",
        _c(
            r"\b(?P<t>(?:the\s+)?(?P<rel>recent|past|coming|last|next|previous)\s+(?P<unit>days"
            r"|weeks|months|quarters|years|decades))\b"
        ),
        _h_recent_units,
    ),
    _Rule(
        "bare_plural",
        _c(
            r"\b(?:for|over|within|in|after|took|takes|take|lasted|last|lasting|spent|spend)\s+"
            r"(?P<t>(?P<unit>hours|days|weeks|months|years|decades|centuries))\b(?!\s+(?:of|ago|before"
            r"|after|earlier|later))"
        ),
        _h_bare_plural,
    ),
    _Rule(
        "the_plural",
        _c(
            r"\b(?:over|in|through|during|throughout|for)\s+(?P<t>the\s+(?:(?:early|later|following"
            r"|ensuing|intervening)\s+)?(?P<unit>hours|days|weeks|months|years|decades))\b"
            r"(?!\s+(?:of|ago|before|after|earlier|later|to come|ahead|since|when|in which)\b|-)"
        ),
        _h_bare_plural,
    ),
    _Rule(
        "decades_long",
        _c(r"\b(?P<t>(?P<unit>hours|days|weeks|months|years|decades)-long)\b"),
        _h_bare_plural,
    ),
    _Rule(
        "ref",
        _c(
            r"\b(?P<t>right now|now|currently|nowadays|presently|at present|these days"
            r"|recently|lately|the past|the present|the near future"
            r"|the future|(?<!as )soon(?! as\b)|recent|then[\s-]current|current"
            r"|the (?:near|short) term"
            r"|a later date|the (?:days|weeks|months|years) ahead)\b(?!-)"
        ),
        _h_ref,
    ),
    _Rule(
        "time",
        _c(
            rf"(?<![\d:.,])(?P<t>(?:(?P<mod>about|around|approximately|roughly)\s+)?"
            rf"(?:(?P<h>[012]?\d)(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ampm>{_AMPM})"
            rf"|(?P<h24>[01]?\d|2[0-3]):(?P<mi24>[0-5]\d)(?P<tz24>\s*(?:{_TZ}|hours|hrs|h\b))?"
            r"|(?P<special>noon|midday|midnight))"
            rf"(?:\s*\(?(?:{_TZ})\)?)?(?:,?\s+(?:on\s+)?(?P<day>{_DAY_REF_SRC}))?)"
            r"(?![\w:])"
        ),
        lambda m, ctx: _h_time_any(m, ctx),
    ),
    _Rule(
        "clock_part",
        _c(
            r"(?<![\d:.,$])(?P<t>(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?(?:\s+o['’]clock)?"
            r"\s+in\s+the\s+(?P<part>morning|afternoon|evening|night))\b"
        ),
        lambda m, ctx: _h_clock_part(m, ctx),
    ),
    _Rule(
        "set",
        _c(
            r"\b(?P<t>daily|nightly|weekly|biweekly|monthly|annually|yearly|hourly"
            rf"|(?:every|each)\s+(?:other\s+)?(?P<unit>{_UNIT}|{_WD}|{_PART}|spring|summer|fall"
            r"|autumn|winter|January|February|March|April|May|June|July|August|September"
            r"|October|November|December))\b"
        ),
        _h_set,
    ),
    _Rule(
        "per_unit",
        _c(
            r"(?:\b(?:times|twice|once|million|billion|thousand|percent)|%|\d)"
            r"\s+(?P<t>(?:a|an|per)\s+(?P<unit>day|week|month|year|hour))\b"
        ),
        lambda m, ctx: (
            (TimexType.SET, _duration(1, m.group("unit")), None) if ctx.options.sets else None
        ),
    ),
)


def _h_month_rel_year(m: re.Match[str], ctx: _Ctx) -> Result:
    mon = m.group("mon")
    if not _cap(mon) or ctx.ref is None:
        return None
    month = _MONTHS[mon.lower().rstrip(".")]
    year = ctx.ref.year + {"this": 0, "last": -1, "next": 1}[m.group("rel").lower()]
    if m.group("day"):
        day = int(re.sub(r"\D", "", m.group("day")))
        try:
            return TimexType.DATE, _iso(dt.date(year, month, day)), None
        except ValueError:
            return None
    return TimexType.DATE, f"{year}-{month:02d}", _mod_of(m.group("pos"))


def _h_spoken_year(m: re.Match[str], ctx: _Ctx) -> Result:
    text = m.group("t").lower()
    if text.replace(" ", "") == "theyeartwothousand":
        return TimexType.DATE, "2000", None
    year = _year_value(re.sub(r"^the\s+year\s+", "", text))
    return None if year is None else (TimexType.DATE, str(year), None)


def _year_value(raw: str) -> int | None:
    """'1994' -> 1994, 'nineteen ninety-four' -> 1994, 'two thousand and one' -> 2001."""
    raw = raw.strip().lower()
    if raw.isdigit():
        return int(raw)
    m = re.fullmatch(rf"(nineteen|two thousand(?:\s+and)?)[\s-]+({_SPOKEN_REST})", raw)
    if m is None:
        return None
    rest = m.group(2)
    n = 0 if rest == "hundred" else _number(rest)
    if n is None or n > 99:
        return None
    return (1900 if m.group(1) == "nineteen" else 2000) + n


_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


def _h_decade_word(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.ref is None:
        return None
    d = _DECADE_WORDS[m.group("dec").lower()]
    century = ctx.ref.year // 100
    if d * 10 > ctx.ref.year % 100:
        century -= 1
    return TimexType.DATE, f"{century}{d}", _mod_of(m.group("pos"))


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> dt.date:
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


_HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "christmas eve": lambda y: dt.date(y, 12, 24),
    "christmas day": lambda y: dt.date(y, 12, 25),
    "christmas": lambda y: dt.date(y, 12, 25),
    "new year's eve": lambda y: dt.date(y, 12, 31),
    "new year's day": lambda y: dt.date(y, 1, 1),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "halloween": lambda y: dt.date(y, 10, 31),
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + dt.timedelta(days=1),
    "valentine's day": lambda y: dt.date(y, 2, 14),
    "boxing day": lambda y: dt.date(y, 12, 26),
    "good friday": lambda y: _easter(y) - dt.timedelta(days=2),
    "easter sunday": lambda y: _easter(y),
    "easter": lambda y: _easter(y),
    "easter monday": lambda y: _easter(y) + dt.timedelta(days=1),
    # Holy Week, Monday to Easter Sunday: the ISO week of Easter (value YYYY-Www)
    "easter week": lambda y: _easter(y) - dt.timedelta(days=6),
    "holy week": lambda y: _easter(y) - dt.timedelta(days=6),
}


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


# "the Good Friday Agreement", "Easter Island", "Black Monday": names, not dates
_NAMED_DAY_BEFORE = re.compile(
    r"\b(?:Good|Black|Bloody|Super|Ash|Holy|Maundy|Cyber|Easter|Palm)\s+$"
)
_NAME_WORD_AFTER = re.compile(r"\s+(?:[A-Z][a-z]+|Day)\b")


def _h_holiday(m: re.Match[str], ctx: _Ctx) -> Result:
    name = m.group("name").lower().replace("’", "'")
    if not _cap(m.group("name")):
        return None
    if name in ("good friday", "easter", "easter sunday", "easter monday") and (
        _NAME_WORD_AFTER.match(ctx.text, m.end("t"))
    ):
        return None  # "the Good Friday Agreement", "Easter Island", "the Easter Rising"
    make = _HOLIDAYS[name]
    week = name.endswith(" week")
    if ctx.ref is None:
        if week:
            return TimexType.DATE, "XXXX-WXX", None
        d = make(2001)
        return TimexType.DATE, f"XXXX-{d.month:02d}-{d.day:02d}", None
    rel = (m.group("rel") or "").lower()
    r = ctx.ref
    if rel == "last":
        d = make(r.year)
        if d >= r:
            d = make(r.year - 1)
    elif rel == "next":
        d = make(r.year)
        if d <= r:
            d = make(r.year + 1)
    elif rel == "this":
        d = make(r.year)
    else:
        tense = ctx.tense()
        options = [make(y) for y in (r.year - 1, r.year, r.year + 1)]
        past = [d for d in options if d <= r]
        future = [d for d in options if d >= r]
        if tense == "future" or tense == "present":
            d = min(future, key=lambda x: x - r)
        else:
            d = max(past)
            nearest_future = min(future, key=lambda x: x - r)
            if (nearest_future - r).days < 20 and (r - d).days > 180 and tense == "unknown":
                d = nearest_future
    return TimexType.DATE, _week(d) if week else _iso(d), None


def _h_year_quarter(m: re.Match[str], ctx: _Ctx) -> Result:
    """'the 1988 second quarter', 'this year's third quarter', 'the 1988 period'."""
    if m.group("year"):
        year = int(m.group("year"))
    elif ctx.ref is not None:
        year = ctx.ref.year + {"this": 0, "last": -1, "next": 1}[m.group("rel").lower()]
    else:
        return None
    unit = m.group("unit").lower()
    ord_raw = (m.group("ord") or "").lower()
    if unit == "half":
        if ord_raw in ("first", "1st"):
            return TimexType.DATE, f"{year}-H1", None
        if ord_raw in ("second", "2nd", "last", "final"):
            return TimexType.DATE, f"{year}-H2", None
        return None
    q = _ORDINALS.get(ord_raw)
    if q is None and ord_raw in ("final", "last") and unit == "quarter":
        q = 4
    if q is None:
        if ctx.ref is None:
            return None
        _, mo = _add_months(ctx.ref.year, ctx.ref.month, -3)
        q = _quarter(mo)
    return TimexType.DATE, f"{year}-Q{q}", None


def _h_year_end(m: re.Match[str], ctx: _Ctx) -> Result:
    """'by year-end' (this year's end), 'since year-end' (last year's)."""
    if ctx.ref is None:
        return TimexType.DATE, "XXXX", "END"
    before = ctx.text[max(0, m.start("t") - 12) : m.start("t")].lower()
    past = re.search(r"\bsince\s+$", before) is not None
    return TimexType.DATE, str(ctx.ref.year - (1 if past else 0)), "END"


def _in_prep(m: re.Match[str], ctx: _Ctx) -> bool:
    before = ctx.text[max(0, m.start("t") - 12) : m.start("t")].lower()
    return bool(
        re.search(r"\b(?:in|this|last|next|since|until|by|during|the|early|late)\s+$", before)
    )


def _h_range_end(m: re.Match[str], ctx: _Ctx) -> Result:
    """'25' of 'April 24 and 25': the year is decided where the range starts."""
    ctx.start = m.start()
    return _h_month_day(m, ctx)


def _h_full_date_any(m: re.Match[str], ctx: _Ctx) -> Result:
    if m.group("mon"):
        return _h_full_date(m, ctx)
    return _h_full_date(_Swap(m), ctx)  # type: ignore[arg-type]


def _h_month_day_any(m: re.Match[str], ctx: _Ctx) -> Result:
    if m.group("mon"):
        return _h_month_day(m, ctx)
    return _h_month_day(_Swap(m), ctx)  # type: ignore[arg-type]


def _h_quarter_any(m: re.Match[str], ctx: _Ctx) -> Result:
    if m.group("year2"):
        return _h_quarter(_Swap(m, {"year": "year2"}), ctx)  # type: ignore[arg-type]
    return _h_quarter(m, ctx)


_AGE_AFTER = re.compile(r"[\s-]+old\b|[\s-]+of\s+age\b", re.IGNORECASE)


_RATE_BEFORE = re.compile(
    r"(?:\d|%|\b(?:times|twice|once|million|billion|thousand|percent|hundred|dollars|euros"
    r"|pounds))\s+$",
    re.IGNORECASE,
)


def _h_duration_any(m: re.Match[str], ctx: _Ctx) -> Result:
    if (m.group("long") or "").lower() == "-old" or _AGE_AFTER.match(ctx.text, m.end("t")):
        return None  # an age ("52 years old"), not a duration
    num = (m.group("num") or "").lower()
    text = m.group("t").lower()
    unit = _unit_key(m.group("unit"))
    if num in ("a", "an") and unit in ("quarter",):
        return None
    if unit == "quarter" and re.match(
        r"\w+-quarters?\s+of\b", text.split()[-1] + ctx.text[m.end("t") : m.end("t") + 4]
    ):
        return None  # "three-quarters of its grain": a fraction
    if num in ("a", "an") and re.search(r"\bthe\b", text):
        return None
    if num.strip() == "second" or (unit == "second" and num in ("a",)):
        return None
    if num in ("a", "an") and _RATE_BEFORE.search(
        ctx.text[max(0, m.start("t") - 15) : m.start("t")]
    ):
        return None  # "10,000 a week", "twice a year": a rate (SET), not a duration
    return _h_duration(m, ctx)


_CLOCK_PREP = re.compile(
    r"\b(?:at|from|until|till|by|around|before|after|since|to)\s+$", re.IGNORECASE
)


def _h_time_any(m: re.Match[str], ctx: _Ctx) -> Result:
    if m.group("h24"):
        before = ctx.text[max(0, m.start("t") - 8) : m.start("t")]
        if not m.group("tz24") and not _CLOCK_PREP.search(before):
            return None  # "3:1" scores, "10:30" without "at" or a time zone
        return _h_time(_Swap(m, {"h": "h24", "mi": "mi24"}), ctx)  # type: ignore[arg-type]
    return _h_time(m, ctx)


class _Swap:
    """A match view that reads the alternative ('_'-suffixed or renamed) groups."""

    __slots__ = ("_m", "_names")

    def __init__(self, m: re.Match[str], names: dict[str, str] | None = None) -> None:
        self._m = m
        self._names = names or {}

    def group(self, name: str) -> str | None:
        alt = self._names.get(name, name + "_")
        for key in (alt, name):
            try:
                got = self._m.group(key)
            except IndexError:
                continue
            if got is not None:
                return got
        return None

    def start(self, name: str = "t") -> int:
        return self._m.start(name)

    def end(self, name: str = "t") -> int:
        return self._m.end(name)


# --------------------------------------------------------------------------- triggers
# Each rule runs only in small windows around the words that can anchor it: one
# pass of a simple word regex and set look-ups replace a full scan per rule.

_WORD = re.compile(r"\w+")


_CATEGORY_WORDS: dict[str, frozenset[str]] = {
    "month": frozenset(_MONTHS),
    "weekday": frozenset(list(_WEEKDAYS) + [w + "s" for w in _WEEKDAYS]),
    "unit": frozenset(
        u + s
        for u in (
            "second",
            "minute",
            "hour",
            "day",
            "night",
            "week",
            "weekend",
            "fortnight",
            "month",
            "quarter",
            "year",
            "decade",
            "century",
            "millennium",
            "period",
            "half",
        )
        for s in ("", "s")
    )
    | {"centuries", "millennia"},
    "time": frozenset(
        {"am", "pm", "m", "noon", "midday", "midnight", "hours", "hrs", "h"}
        | {
            tz.lower()
            for tz in _words(
                "EST EDT CST CDT MST MDT PST PDT ET PT GMT UTC BST CET CEST EET EEST MSK local"
            )
        }
    ),
    "ref": _words(
        "now currently nowadays presently present days recently lately past future soon"
        " recent current term ahead date"
    ),
    "today": frozenset({"today", "tonight", "yesterday", "tomorrow"}),
    "part": frozenset({"morning", "afternoon", "evening", "night"}),
    "season": frozenset(_SEASONS),
    "set": _words("daily nightly weekly biweekly monthly annually yearly hourly every each"),
    "spoken": frozenset({"nineteen", "thousand"}),
    "qtr": frozenset({"q1", "q2", "q3", "q4"}),
    "decadew": frozenset(_DECADE_WORDS),
    "holiday": _words(
        "christmas thanksgiving halloween valentine boxing year easter election holy"
    ),
}
_WORD_CATS: dict[str, tuple[str, ...]] = {}
for _cat, _cat_words in _CATEGORY_WORDS.items():
    for _w in _cat_words:
        _WORD_CATS[_w] = (*_WORD_CATS.get(_w, ()), _cat)

# rule name -> (categories that anchor it, chars to look back, chars to look ahead)
_TRIGGERS: dict[str, tuple[frozenset[str], int, int]] = {
    "weekday_date": (frozenset({"weekday"}), 5, 40),
    "full_date": (frozenset({"month"}), 20, 25),
    "month_day": (frozenset({"month"}), 20, 25),
    "month_day_range": (frozenset({"month"}), 5, 25),
    "month_day_range_year": (frozenset({"month"}), 5, 35),
    "month_day_range_year2": (frozenset({"month"}), 5, 35),
    "month_year": (frozenset({"month"}), 30, 25),
    "month_rel_year": (frozenset({"month"}), 30, 35),
    "season_year": (frozenset({"season"}), 20, 40),
    "half_year": (frozenset({"unit"}), 30, 35),
    "week_of": (frozenset({"unit"}), 10, 35),
    "one_day": (frozenset({"unit"}), 20, 5),
    "spoken_year": (frozenset({"spoken"}), 15, 40),
    "decade_word": (frozenset({"decadew"}), 30, 5),
    "holiday": (frozenset({"holiday", "weekday"}), 20, 20),
    "year_quarter": (frozenset({"year", "unit"}), 45, 40),
    "month": (frozenset({"month"}), 30, 15),
    "iso": (frozenset({"year"}), 5, 10),
    "us_numeric": (frozenset({"year"}), 10, 5),
    "year": (frozenset({"year"}), 40, 15),
    "decade": (frozenset({"decade"}), 30, 5),
    "century": (frozenset({"unit"}), 45, 5),
    "today": (frozenset({"today"}), 30, 15),
    "this_part": (frozenset({"part"}), 30, 5),
    "day_part": (frozenset({"part", "unit"}), 30, 20),
    "anaphoric": (frozenset({"unit", "part"}), 45, 20),
    "weekday": (frozenset({"weekday"}), 25, 15),
    "weekday_plural": (frozenset({"weekday"}), 5, 5),
    "relative_unit": (frozenset({"unit", "season"}), 45, 5),
    "season_bare": (frozenset({"season"}), 30, 5),
    "quarter": (frozenset({"unit"}), 45, 30),
    "period_quarter": (frozenset({"unit"}), 30, 5),
    "period_year_back": (frozenset({"unit"}), 40, 45),
    "day_around": (frozenset({"unit"}), 10, 45),
    "year_earlier_stretch": (frozenset({"unit"}), 40, 10),
    "q_quarter": (frozenset({"qtr"}), 10, 10),
    "fiscal_year_abbrev": (frozenset({"fy"}), 2, 12),
    "year_earlier": (frozenset({"unit"}), 10, 15),
    "year_end": (frozenset({"unit"}), 15, 10),
    "ago": (frozenset({"unit"}), 60, 20),
    "duration": (frozenset({"unit"}), 60, 15),
    "the_past_unit": (frozenset({"unit"}), 40, 5),
    "recent_units": (frozenset({"unit"}), 25, 5),
    "bare_plural": (frozenset({"unit"}), 15, 30),
    "decades_long": (frozenset({"unit"}), 5, 10),
    "the_plural": (frozenset({"unit"}), 40, 30),
    "ref": (frozenset({"ref"}), 15, 15),
    "time": (frozenset({"time"}), 30, 45),
    "clock_part": (frozenset({"part"}), 30, 5),
    "set": (frozenset({"set"}), 5, 25),
    "per_unit": (frozenset({"unit"}), 25, 5),
}


def _hits(text: str) -> dict[str, list[tuple[int, int]]]:
    """Positions of the anchor words of each category."""
    out: dict[str, list[tuple[int, int]]] = {}
    get = _WORD_CATS.get
    for m in _WORD.finditer(text):
        w = m.group()
        cats = get(w.lower())
        if cats is None:
            if w.isdigit() and len(w) == 4 and 1500 <= int(w) <= 2099:
                cats = ("year",)
            elif len(w) in (3, 5) and w.endswith("0s") and w[:-1].isdigit():
                cats = ("decade",)
            elif len(w) <= 2 and w.isdigit() and text[m.end() : m.end() + 1] == ":":
                cats = ("time",)
            elif w[:2] == "FY" and (len(w) == 2 or w[2:].isdigit()):
                cats = ("fy",)
            else:
                continue
        for cat in cats:
            out.setdefault(cat, []).append(m.span())
    return out


def _windows(
    text: str, hits: dict[str, list[tuple[int, int]]], cats: frozenset[str], back: int, fwd: int
) -> list[tuple[int, int]]:
    spans = sorted(span for cat in cats for span in hits.get(cat, ()))
    out: list[tuple[int, int]] = []
    n = len(text)
    for s, e in spans:
        lo = max(0, s - back)
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        hi = min(n, e + fwd)
        while hi < n and not text[hi].isspace():
            hi += 1
        hi = min(n, hi + 12)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


# --------------------------------------------------------------------------- tagger


_TITLE_WORD = re.compile(r"[A-Z][a-z]+|\d+")
_ALWAYS_CAPITALISED = re.compile(
    rf"^(?:{_MON}|{_WD})$|^(?:Christmas|Thanksgiving|Halloween|Easter|Election|Good|New|Year's|Eve|Day)$"
)


def _title_case_name(text: str, start: int, end: int) -> bool:
    """'This Week', '60 Minutes': a title-cased phrase inside a sentence is a name."""
    words = text[start:end].split()
    if len(words) < 2 or not all(_TITLE_WORD.fullmatch(w) for w in words):
        return False
    if all(_ALWAYS_CAPITALISED.match(w) or w.isdigit() for w in words):
        return False
    if not any(w[0].isupper() and not _ALWAYS_CAPITALISED.match(w) for w in words):
        return False
    if (
        text[start - 1 : start] in ('"', "“")
        and re.match(r"[,.]?[\"”]", text[end : end + 2])
        and any(w[0].isupper() and not _ALWAYS_CAPITALISED.match(w) for w in words[1:])
    ):
        return True  # a quoted title: ABC's "This Week," said ...
    prev = re.search(r"([A-Za-z]+)[\s\"“'‘(,]*$", text[max(0, start - 30) : start])
    # a name inside running text; in a title-cased headline the words around are capitalised
    return prev is not None and prev.group(1)[0].islower()


def _as_date(reference: Reference) -> dt.date | None:
    if reference is None:
        return None
    if isinstance(reference, dt.datetime):
        return reference.date()
    return reference


def find_timexes(
    text: str,
    *,
    reference: Reference,
    doc: Doc | None = None,
    options: DateOptions = DEFAULTS,
) -> tuple[Timex, ...]:
    """Find the temporal expressions of ``text`` with TIMEX3 values relative to ``reference``.

    ``reference`` is the document creation time (the publication date); without
    it relative expressions stay unanchored ("XXXX-WXX-5") or are left out.
    ``doc`` (a spaCy parse of exactly ``text``) lets the tense of the governing
    verb decide between last and next; without it nearby cue words decide.
    """
    if doc is not None and doc.text != text:
        raise ValueError("doc must be the parse of exactly this text")
    ref = _as_date(reference)
    clock = reference if isinstance(reference, dt.datetime) else None
    ctx = _Ctx(text=text, ref=ref, doc=doc, options=options, clock=clock)
    candidates: list[tuple[int, int, int, re.Match[str], _Rule]] = []
    hits = _hits(text)
    cache: dict[tuple[frozenset[str], int, int], list[tuple[int, int]]] = {}
    seen: set[tuple[int, int, int]] = set()
    for prio, rule in enumerate(_RULES):
        key = _TRIGGERS[rule.name]
        windows = cache.get(key)
        if windows is None:
            windows = cache[key] = _windows(text, hits, *key)
        for lo, hi in windows:
            for m in rule.pattern.finditer(text, lo, hi):
                s, e = m.start(rule.group), m.end(rule.group)
                if e > s and (s, e, prio) not in seen:
                    seen.add((s, e, prio))
                    candidates.append((s, e, prio, m, rule))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int]] = []
    found: list[Timex] = []
    for s, e, _prio, m, rule in candidates:
        if any(s < te and ts < e for ts, te in taken):
            continue
        ctx.start, ctx.end = s, e
        if rule.name != "holiday" and _title_case_name(text, s, e):
            continue  # holidays are names by nature ("Easter Week", "Election Day")
        res = rule.handler(m, ctx)
        if res is None:
            continue
        typ, value, mod = res
        # keep trailing periods of abbreviations ("Aug.") out unless part of the token
        end = e
        start, mod = _trim_start(text, s, e, typ, mod)
        surface = text[start:end]
        if surface.endswith(".") and not re.search(
            r"(?:\b[A-Za-z]\.){2}$|\b(?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.$", surface
        ):
            end -= 1
            surface = surface[:-1]
        bound = _OPEN_END.match(text, end) if typ == TimexType.DATE and mod is None else None
        if (
            bound
            and value[:1].isdigit()
            and not any(end < te and ts < bound.end() for ts, te in taken)
        ):
            # "1994 or later", "1990 and beyond": the date is a bound (TimeML ON_OR_AFTER)
            mod = (
                "ON_OR_BEFORE" if bound.group(1).lower() in ("earlier", "before") else "ON_OR_AFTER"
            )
            end = e = bound.end()
            surface = text[start:end]
        taken.append((s, e))
        found.append(Timex(span=Span(start, end), text=surface, type=typ, value=value, mod=mod))
    found.sort(key=lambda t: (t.span.start, t.span.end))
    return tuple(_contextualise(text, found, ref))


_OPEN_END = re.compile(
    r"\s+(?:or|and)\s+(later|beyond|after|earlier|before)"
    r"(?=\s*[,.;:!?)\"”']|\s*$|\s+(?:and|but|or|when|if|as|were|was|is|are|will)\b)",
    re.IGNORECASE,
)
_QUARTER_VALUE = re.compile(r"^(\d{4})-Q([1-4])$")
# "a two-year contract", "the third-quarter loss", "a five year plan": the article belongs to
# the noun the expression modifies, not to the expression (TimeML)
_COMPOUND_DET = re.compile(r"(?:a|an|the)\s+", re.IGNORECASE)
# "over" means "more than" after these ("lasted over a week", "for over a year") or before
# "later"/"ago"; elsewhere it is the preposition ("evolved over several years")
_OVER = re.compile(r"over\s+", re.IGNORECASE)
_OVER_MORE_BEFORE = re.compile(
    r"\b(?:for|last|lasts|lasted|lasting|take|takes|took|taken|taking|just|of|within|in|after"
    r"|than|spend|spends|spent|spending|be|is|are|was|were|been|at|to)\s+$",
    re.IGNORECASE,
)
_OVER_MORE_AFTER = re.compile(r"\s+(?:later|ago|earlier|before|after)\b", re.IGNORECASE)
_COMPOUND_REST = re.compile(
    rf"(?:(?:{_NUMW}|\d+|several|first|second|third|fourth|\d(?:st|nd|rd|th))"
    r"-(?:day|week|month|year|hour|minute|quarter|decade|century)"
    rf"|(?!one\b)(?:{_NUMW}|\d+)\s+(?:day|week|month|year|hour|minute|decade))(?:-long)?"
)


_CLOCK_GAP = re.compile(r"[\s,]*(?:at|by|around|about|from|before|after)?\s*", re.IGNORECASE)
_FULL_DAY_VALUE = re.compile(r"^\d{4}-\d\d-\d\d$")


def _trim_start(
    text: str, s: int, e: int, typ: TimexType, mod: str | None
) -> tuple[int, str | None]:
    """Where the expression starts, and its mod, once a leading word that belongs to the
    sentence rather than to the expression is left out."""
    over = _OVER.match(text, s, e)
    if (
        over
        and typ == TimexType.DURATION
        and not _OVER_MORE_BEFORE.search(text[max(0, s - 12) : s])
        and not _OVER_MORE_AFTER.match(text, e)
    ):
        s, mod = over.end(), None
    det = _COMPOUND_DET.match(text, s, e)
    if det and det.end() < e and _COMPOUND_REST.fullmatch(text, det.end(), e):
        s = det.end()
    return s, mod


_GENERIC_THAT_DAY = re.compile(r"that day", re.IGNORECASE)


def _contextualise(text: str, found: list[Timex], ref: dt.date | None) -> list[Timex]:
    """Values that depend on the expression before.

    A clock time right after a day ("Friday, March 3 at noon") is on that day;
    earnings-report convention: "a year earlier" after a quarter is that
    quarter a year back.
    """
    out: list[Timex] = []
    last_quarter: re.Match[str] | None = None
    # the last date mentioned at each granularity ("that day" wants a day, "that year" any)
    start = ref.isoformat() if ref is not None else None
    anchors: dict[str, str | None] = {"Y": start, "Q": start, "M": start, "D": start}
    named_day = False
    for t in found:
        if t.value.startswith(_ANAPH_PREFIX):
            code = t.value[1:].split(":")[0]
            if code == "D" and not named_day and _GENERIC_THAT_DAY.fullmatch(t.text):
                continue  # "trades made that day": no day was named for "that" to point to
            need = code if code in ("Y", "Q", "M") else "D"
            head, clock_sep, clock = t.value.partition("T")
            value = _resolve_anaphor(head, anchors[need]) + clock_sep + clock
            t = Timex(t.span, t.text, t.type, value, t.mod)
        am = _ANCHOR.match(t.value)
        if am and t.type in (TimexType.DATE, TimexType.TIME):
            got = am.group(0)
            anchors["Y"] = got
            if "Q" in got:
                anchors["Q"] = got  # "that quarter": the last quarter named
            if len(got) >= 7 and "Q" not in got:
                anchors["M"] = got
            if len(got) >= 10:
                anchors["D"] = got
                named_day = True
        if ref is None:
            out.append(t)
            continue
        low = t.text.lower()
        prev = out[-1] if out else None
        if (
            prev is not None
            and t.type == TimexType.TIME
            and _FULL_DAY_VALUE.match(prev.value)
            and t.value.startswith(ref.isoformat() + "T")
            and not _DAY_REF.search(t.text)
            and _CLOCK_GAP.fullmatch(text, prev.span.end, t.span.start)
        ):
            t = Timex(t.span, t.text, t.type, prev.value + t.value[10:], t.mod)
        if (
            last_quarter
            and t.type == TimexType.DATE
            and low in ("a year earlier", "a year ago", "year-earlier", "year-ago")
            and int(last_quarter.group(1)) >= ref.year - (1 if ref.month <= 3 else 0)
        ):
            y, q = int(last_quarter.group(1)), last_quarter.group(2)
            t = Timex(span=t.span, text=t.text, type=t.type, value=f"{y - 1}-Q{q}", mod=t.mod)
        elif (
            last_quarter
            and low == "the quarter"
            and t.value == f"{ref.year}-Q{_quarter(ref.month)}"
        ):
            t = Timex(t.span, t.text, t.type, last_quarter.group(0), t.mod)
        qm = _QUARTER_VALUE.match(t.value)
        if qm and "year" not in low:
            last_quarter = qm
        out.append(t)
    return out


def timexes_to_json(timexes: Sequence[Timex]) -> list[dict[str, object]]:
    """The `storyline dates` contract: ``[{start, end, text, type, value, mod}, ...]``."""
    return [
        {
            "start": t.span.start,
            "end": t.span.end,
            "text": t.text,
            "type": str(t.type),
            "value": t.value,
            "mod": t.mod,
        }
        for t in timexes
    ]


# --------------------------------------------------------------------------- date_of

_CONCRETE = re.compile(r"^\d{4}(?:-(?:\d\d(?:-\d\d)?|W\d\d(?:-WE)?|Q[1-4]|H[12]|SP|SU|FA|WI))?")


def _day_level(value: str) -> str | None:
    m = _CONCRETE.match(value)
    if not m:
        return None
    return m.group(0)


def date_of(span: Span, *, timexes: Sequence[Timex], doc: Doc | None) -> DatedBy | None:
    """The date a statement or action at ``span`` (its cue or trigger verb) is tied to.

    With a parse: a DATE (or TIME) expression attached to the verb, to its
    subject or object ("Zelenskyj on Friday called"), or to a participle
    clause of it ("speaking on Monday, announced"), without passing through
    another verb.  Without a parse: an expression right next to the verb
    ("said on Friday", "on Friday said").  Day level or coarser; never the
    publication date; None when the text does not tie the verb to a date.
    """
    dated = [
        (t, v)
        for t in timexes
        if t.type in (TimexType.DATE, TimexType.TIME)
        for v in [_day_level(t.value)]
        if v is not None
    ]
    if not dated:
        return None
    if doc is None:
        return _date_of_plain(span, dated)
    target = doc.char_span(span.start, span.end, alignment_mode="expand")
    if target is None or len(target) == 0:
        return None
    verb = target.root
    sent = verb.sent
    best: tuple[int, Timex, str] | None = None
    for t, value in dated:
        if not (sent.start_char <= t.span.start < sent.end_char):
            continue
        tspan = doc.char_span(t.span.start, t.span.end, alignment_mode="expand")
        if tspan is None or _governs(verb, tspan.root) is False:
            continue
        dist = abs(t.span.start - span.start)
        if best is None or dist < best[0]:
            best = (dist, t, value)
    if best is None:
        return None
    return DatedBy(value=best[2], evidence=best[1].span)


_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr"})
_CLAUSE_START = frozenset({"nsubj", "nsubjpass", "mark", "expl"})


def _governs(verb: Token, tok: Token) -> bool:
    """Whether the expression headed by ``tok`` modifies ``verb`` (see ``date_of``)."""
    first = tok.left_edge.i
    for _ in range(8):
        if tok.head is tok:
            return False
        child, tok = tok, tok.head
        if tok.i == verb.i:
            return True
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
            if tok.dep_ == "ccomp" and tok.head.i == verb.i and verb.i < first:
                # the date sits before the reported clause (its subject and any "that")
                return _before_reported_clause(tok, first)
            # a participle clause of the verb: "Trump, speaking on Monday, announced"
            return (
                tok.head.i == verb.i and tok.dep_ in ("advcl", "acl") and tok.tag_ in ("VBG", "VBN")
            )
        if tok.head.i == verb.i and tok.dep_ in _ARGUMENT_DEPS and child.dep_ == "prep":
            return True  # "Zelenskyj on Friday called", "told reporters on Thursday"
    return False


def _date_of_plain(span: Span, dated: list[tuple[Timex, str]]) -> DatedBy | None:
    """Parse-free: only an expression right next to the verb counts ("said on Friday",
    "on Friday said", "Friday again called"); the gap is measured in characters."""
    for t, value in dated:
        if t.span.start >= span.end:
            if t.span.start - span.end <= 4:
                return DatedBy(value=value, evidence=t.span)
        elif span.start - t.span.end <= 8:
            return DatedBy(value=value, evidence=t.span)
    return None


# --------------------------------------------------------------------------- published dates


@dataclass(frozen=True, slots=True)
class PublishedDate:
    """A publication date as ISO 8601 at the precision the input gives.

    ``precision`` is one of "year", "month", "day", "minute", "second".
    """

    value: str
    precision: str


_RELATIVE = re.compile(
    r"\b(?:ago|today|yesterday|tomorrow|now|last|next|this|hours?|minutes?|secs?|seconds?"
    r"|mins?|days?|weeks?)\b",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"^(?:(?:first\s+|last\s+)?(?:published|updated|posted|modified)|date)(?:\s+on)?\s*[:\s]\s*",
    re.IGNORECASE,
)
_HAS_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2}\b")
_EPOCH = re.compile(r"^\d{9,10}(?:\.\d+)?$|^\d{12,13}$")
_TIME_IN = re.compile(r"\d{1,2}:\d{2}(?::(\d{2}))?")


@functools.lru_cache(maxsize=1)
def _dateparser() -> DateDataParser:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={"PREFER_DATES_FROM": "current_period", "PREFER_DAY_OF_MONTH": "first"},
    )


def _from_datetime(d: dt.datetime, *, seconds: bool) -> PublishedDate:
    spec = "seconds" if seconds else "minutes"
    return PublishedDate(d.isoformat(timespec=spec), "second" if seconds else "minute")


@functools.lru_cache(maxsize=4096)
def parse_published(value: str) -> PublishedDate | None:
    """Read a metadata date ("2022-02-24", "Feb 24, 2022", RFC 2822, epoch...) as ISO 8601.

    Relative dates ("Updated 3 hours ago") and text that is not a date give None.
    """
    s = _LABEL.sub("", " ".join(value.split()))
    if not s or len(s) > 80:
        return None
    if _EPOCH.match(s):
        secs = float(s) / (1000 if len(s) >= 12 else 1)
        if not 0 < secs < 4102444800:
            return None
        d = dt.datetime.fromtimestamp(secs, tz=dt.UTC)
        return _from_datetime(d, seconds=True)
    m = re.fullmatch(r"(\d{4})(?:-(\d\d))?", s)
    if m:
        year = int(m.group(1))
        if not 1800 <= year <= 2100:
            return None
        if m.group(2):
            if not 1 <= int(m.group(2)) <= 12:
                return None
            return PublishedDate(f"{year}-{m.group(2)}", "month")
        return PublishedDate(str(year), "year")
    iso = s.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", s) else s
    iso = re.sub(r"(?<=\d)\s*(?:UTC|GMT)$", "+00:00", iso)
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", iso):
            return PublishedDate(dt.date.fromisoformat(iso).isoformat(), "day")
        if re.match(r"\d{4}-\d\d-\d\dT\d", iso):
            d = dt.datetime.fromisoformat(iso)
            tm = _TIME_IN.search(iso)
            return _from_datetime(d, seconds=bool(tm and tm.group(1)))
    except ValueError:
        return None
    if re.match(r"^[A-Za-z]{3},\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", s):
        try:
            return _from_datetime(email.utils.parsedate_to_datetime(s), seconds=True)
        except (TypeError, ValueError):
            pass
    if _RELATIVE.search(s) or not _HAS_YEAR.search(s):
        return None
    data = _dateparser().get_date_data(s)
    found = data.date_obj
    if found is None or not 1800 <= found.year <= 2100:
        return None
    tm = _TIME_IN.search(s)
    if tm:
        return _from_datetime(found, seconds=bool(tm.group(1)))
    period = data.period
    if period == "year":
        return PublishedDate(str(found.year), "year")
    if period == "month":
        return PublishedDate(f"{found.year}-{found.month:02d}", "month")
    return PublishedDate(found.date().isoformat(), "day")


# --------------------------------------------------------------------------- estimate

_PUBLISHED_CUE = re.compile(
    r"\b(?:published|updated|posted|last\s+(?:updated|modified)|first\s+published)"
    r"(?:\s+(?:on|at))?\s*[:\-–—|]?\s*(?:[A-Z][a-z]+,?\s+)?$",
    re.IGNORECASE,
)
_FULL_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
# the day a person was born or died, a founding day, an anniversary: a date the
# text is about, never the day it was published ("born April 22, 1923", "(b.
# 1923)", "ten years ago on", "since June 2, 2001"); the cue is right before the
# date (two words at most between), so a masthead's "since 1901 | March 3,
# 2025" keeps its date
_NOT_PUBLISHED_CUE = re.compile(
    r"\b(?:born|birth|died|dies|death|deceased|passed\s+away|funeral|buried|anniversary"
    r"|ago|since|founded|established)\b(?:\s+[A-Za-z]+){0,2}?[\s:,(]*$|(?<![\w.])[bd]\.\s*$",
    re.IGNORECASE,
)
# what joins the two ends of a range ("April 22, 1923 - December 11, 2008"): a life, a period
_RANGE_JOIN = re.compile(r"^\s*(?:[-–—]+|to|until|through)\s*$", re.IGNORECASE)
# lowercase words a date line carries besides the date ("Last updated on", "9:15 am")
_DATE_LINE_WORDS = frozenset(
    [
        "on",
        "at",
        "by",
        "in",
        "of",
        "the",
        "and",
        "updated",
        "published",
        "posted",
        "last",
        "first",
        "modified",
        "created",
        "edited",
        "time",
        "am",
        "pm",
        "hrs",
        "hr",
    ]
)
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’]*[a-z](?![\w'’-])")
_DECADE_GAP = 10  # years: dates more than this after the candidate are decades later


def _prose(text: str) -> bool:
    """Two or more lowercase words that no date line carries: a sentence about something."""
    return sum(1 for w in _LOWER_WORD.findall(text) if w not in _DATE_LINE_WORDS) >= 2


def _year_of(value: str) -> int | None:
    """The year of a TIMEX3 DATE value ("1951", "1992-06", "199" for the 1990s -> 1990)."""
    m = re.match(r"^(\d{3,4})(?!\d)", value)
    if m is None:
        return None
    return int(m.group(1)) * (10 if len(m.group(1)) == 3 else 1)


def _year(t: Timex) -> int | None:
    return _year_of(t.value) if t.type == TimexType.DATE else None


def _decades_before(year: int, others: Sequence[int]) -> bool:
    """Most of a text's other years (two or more) fall more than a decade after ``year``.

    A text cannot report what happened after it was published, so a day long
    before most of the years it names (a birth date above a life story) is not
    its publication day.  A minority of later years (plans "by 2050") is normal.
    """
    later = sum(1 for y in others if y > year + _DECADE_GAP)
    return later >= 2 and 2 * later > len(others)


def _in_range(chunk: str, found: Sequence[Timex], k: int) -> bool:
    """``found[k]`` opens or closes a range of dates ("1939 - June 2, 2024": a life, a period)."""
    return any(
        a >= 0
        and b < len(found)
        and _year(found[a]) is not None
        and _year(found[b]) is not None
        and _RANGE_JOIN.match(chunk[found[a].span.end : found[b].span.start]) is not None
        for a, b in ((k, k + 1), (k - 1, k))
    )


def estimate_published(text: str, *, doc: Doc | None = None) -> tuple[str, Span] | None:
    """A publication date the text states about itself, with the span it came from.

    Looks for a full date (day, month and year) on a "Published/Updated/Posted"
    line, on a short line of its own, or in a dateline at the start of a line
    ("KYIV, March 3, 2025 -").  A date is not taken when it cannot be the
    publication day: on a short line that is a sentence ("Page was born on
    April 22, 1923, in Nashville."), after a birth, death or founding cue or
    an anniversary ("born", "died", "b.", "years ago"), at either end of a
    range ("April 22, 1923 - December 11, 2008"), or, without a Published
    cue, decades before most of the other years the text names.  None when
    the text gives no such date: unknown rather than a guess.  ``doc`` is
    accepted for symmetry with the other stages and not needed.
    """
    head = text[:3000]
    tail_start = max(len(head), len(text) - 1000)
    windows = [(0, head), (tail_start, text[tail_start:])]
    found_in: list[tuple[Timex, ...]] = []

    def timexes(w: int) -> tuple[Timex, ...]:
        while len(found_in) <= w:
            chunk = windows[len(found_in)][1]
            found_in.append(find_timexes(chunk, reference=None, options=_ESTIMATE_OPTIONS))
        return found_in[w]

    for w, (base, chunk) in enumerate(windows):
        found = timexes(w)
        for k, t in enumerate(found):
            if t.type != TimexType.DATE or not _FULL_DAY.match(t.value):
                continue
            s, e = t.span.start, t.span.end
            line_start = chunk.rfind("\n", 0, s) + 1
            line_end = chunk.find("\n", e)
            line_end = len(chunk) if line_end < 0 else line_end
            line = chunk[line_start:line_end]
            before = chunk[line_start:s]
            if _NOT_PUBLISHED_CUE.search(before[-60:]) or _in_range(chunk, found, k):
                continue
            cue = _PUBLISHED_CUE.search(before[-40:])
            short_line = (
                len(line.strip()) <= len(t.text) + 40
                and len(line.split()) <= 10
                and not _prose(before + " " + chunk[e:line_end])
            )
            dateline = (
                s - line_start <= 40
                and re.match(r"^[\s(|-]*[\w ,.]*$", before) is not None
                and not _prose(before)
                and re.match(r"^[\s,)]*(?:\([A-Za-z ]+\)\s*)?[-—–:|]", chunk[e:line_end])
                is not None
            )
            if not (cue or short_line or dateline):
                continue
            if not cue:
                others = [
                    y
                    for j in range(len(windows))
                    for x in timexes(j)
                    if x is not t and (y := _year(x)) is not None
                ]
                if _decades_before(int(t.value[:4]), others):
                    continue
            return t.value, Span(base + s, base + e)
    return None


_ESTIMATE_OPTIONS = DateOptions(durations=False, sets=False, refs=False, times=False)
