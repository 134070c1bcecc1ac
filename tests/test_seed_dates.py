"""The seed checks of issue 3 (dates): analyze ../shared/seeds, export, and read the dates.

Quote dates come from the export; temporal expressions are tagged on the exported text with
the exported publication date, as the pipeline does.  Skipped without ../shared.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from storyline.dates import find_timexes
from storyline.model import Timex

from .conftest import analyze_and_export


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    return analyze_and_export([str(seeds_dir)], db)


def article(seeds: dict[str, Any], prefix: str) -> dict[str, Any]:
    (found,) = [a for a in seeds["articles"] if Path(a["origin"]).name.startswith(prefix + "_")]
    return found


def speaks(quote: dict[str, Any], surname: str) -> bool:
    """The quote's canonical speaker carries ``surname`` (spelling variants of the canonical
    name are another issue's business: "Zelensk" matches Zelenskyj, Zelenskiy, Zelensky)."""
    return surname in (quote["speaker"] or "")


def quote_dates(seeds: dict[str, Any], prefix: str, surname: str) -> list[str | None]:
    art = article(seeds, prefix)["id"]
    return [q["date"] for q in seeds["quotes"] if q["article"] == art and speaks(q, surname)]


def timexes(seeds: dict[str, Any], prefix: str, nlp: Any) -> dict[str, Timex]:
    art = article(seeds, prefix)
    ref = dt.date.fromisoformat(art["published"])
    return {t.text: t for t in find_timexes(art["text"], reference=ref, doc=nlp(art["text"]))}


def test_publication_dates_are_the_metadata_dates(seeds: dict[str, Any]) -> None:
    published = {p: article(seeds, p)["published"] for p in ("000", "001", "002", "003", "004")}
    assert published == {
        "000": "2025-08-01",
        "001": "2025-07-20",
        "002": "2025-08-01",
        "003": "2022-12-22",
        "004": "2025-04-22",
    }
    assert not any(a["published_estimated"] for a in seeds["articles"])


def test_000_putin_and_zelenskyj_quotes_on_friday(seeds: dict[str, Any]) -> None:
    for speaker in ("Putin", "Zelensk"):
        dates = quote_dates(seeds, "000", speaker)
        assert dates, speaker
        assert set(dates) == {"2025-08-01"}, (speaker, dates)


def test_001_peskov_on_sunday_and_trump_speaking_on_monday(seeds: dict[str, Any]) -> None:
    dates = quote_dates(seeds, "001", "Peskov")
    assert dates
    assert set(dates) == {"2025-07-20"}
    art = article(seeds, "001")
    trump = [
        a["date"]
        for a in seeds["actions"]
        if a["article"] == art["id"]
        and "Trump" in (a["actor"] or "")
        and "speaking on Monday" in art["text"][a["start"] : a["end"]]
    ]
    assert trump
    assert set(trump) == {"2025-07-14"}


def test_002_aug_8_and_putin_on_friday(seeds: dict[str, Any], nlp: Any) -> None:
    assert timexes(seeds, "002", nlp)["Aug. 8"].value == "2025-08-08"
    dates = quote_dates(seeds, "002", "Putin")
    assert dates
    assert set(dates) == {"2025-08-01"}


def test_003_putin_on_thursday_and_zelensky_on_wednesday(seeds: dict[str, Any]) -> None:
    dates = quote_dates(seeds, "003", "Putin")
    assert dates
    assert set(dates) == {"2022-12-22"}
    art = article(seeds, "003")["id"]
    (weapons,) = [q for q in seeds["quotes"] if q["article"] == art and q["text"] == "more weapons"]
    assert weapons["date"] == "2022-12-21"


def test_relative_expressions(seeds: dict[str, Any], nlp: Any) -> None:
    last_year = timexes(seeds, "000", nlp)["last year"]
    assert (last_year.value, last_year.mod) == ("2024", None)
    early_june = timexes(seeds, "001", nlp)["early June"]
    assert (early_june.value, early_june.mod) == ("2025-06", "START")


def test_undated_quotes_are_null_not_the_publication_date(seeds: dict[str, Any]) -> None:
    # 004: Putin's and Peskov's words are not tied to a day; the export says so
    art = article(seeds, "004")["id"]
    for speaker in ("Putin", "Peskov"):
        dates = [q["date"] for q in seeds["quotes"] if q["article"] == art and speaks(q, speaker)]
        assert dates, speaker
        assert all(d is None for d in dates), (speaker, dates)
