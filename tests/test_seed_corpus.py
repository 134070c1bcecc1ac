"""Issue 5 on the five seeds: events, story, identities and dated actions after analyze + export.

Reads ../shared/seeds (skipped with a reason when absent); nothing of them is copied here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SEEDS, need

Export = dict[str, list[dict[str, object]]]


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Export:
    seeds = need(SEEDS, "the five seed articles")
    db = tmp_path_factory.mktemp("seedcorpus") / "s.db"
    for args in (("analyze", str(seeds), "--db", str(db), "-q"),):
        done = subprocess.run(
            [sys.executable, "-m", "storyline", *args], capture_output=True, text=True, timeout=900
        )
        assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "storyline", "export", "--db", str(db), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    data: Export = json.loads(done.stdout)
    return data


def _by_seed(export: Export) -> dict[str, dict[str, object]]:
    return {Path(str(a["origin"])).name[:3]: a for a in export["articles"]}


def test_000_and_002_one_event_every_other_pair_apart_all_one_story(export: Export) -> None:
    seeds = _by_seed(export)
    assert seeds["000"]["event"] == seeds["002"]["event"]
    others = ["000", "001", "003", "004"]
    assert len({seeds[s]["event"] for s in others}) == 4
    assert len({a["story"] for a in seeds.values()}) == 1


def _entity(export: Export, alias: str) -> dict[str, object]:
    found = [e for e in export["entities"] if alias in e["aliases"]]  # type: ignore[operator]
    assert len(found) == 1, (alias, found)
    return found[0]


def test_zelensky_spellings_are_one_person_with_those_aliases(export: Export) -> None:
    zelensky = _entity(export, "Zelenskyj")
    assert zelensky["type"] == "PERSON"
    aliases = " ".join(str(a) for a in zelensky["aliases"])  # type: ignore[attr-defined]
    for spelling in ("Zelenskyj", "Zelenskyy", "Zelensky", "Zelenskiy"):
        assert spelling in aliases.split(), spelling
    for spelling in ("Zelenskyy", "Zelensky", "Zelenskiy"):
        holders = [
            e for e in export["entities"]
            if any(spelling in str(a).split() for a in e["aliases"])  # type: ignore[attr-defined]
        ]  # fmt: skip
        assert [e["id"] for e in holders] == [zelensky["id"]], spelling


def test_kiev_and_kyiv_are_one_place(export: Export) -> None:
    assert _entity(export, "Kiev")["id"] == _entity(export, "Kyiv")["id"]
    assert _entity(export, "Kyiv")["type"] in {"GPE", "LOC"}


@pytest.mark.parametrize(
    ("a", "b"), [("Putin", "Zelensky"), ("Russia", "Ukraine"), ("Trump", "Biden")]
)
def test_different_people_and_countries_stay_apart(export: Export, a: str, b: str) -> None:
    assert _entity(export, a)["id"] != _entity(export, b)["id"]


def _actions(export: Export, ptype: str) -> list[dict[str, object]]:
    return [x for x in export["actions"] if x["type"] == ptype]


def test_oreshnik_production_is_a_dated_action(export: Export) -> None:
    seeds = _by_seed(export)
    texts = {a["id"]: str(a["text"]) for a in export["articles"]}
    found = [
        x
        for x in _actions(export, "MOBILIZE")
        if x["article"] == seeds["000"]["id"]
        and "Ore" in texts[str(x["article"])][int(str(x["start"])) : int(str(x["end"]))]
    ]
    assert found
    assert found[0]["date"] == "2025-08-01"


def test_prisoner_exchanges_are_dated_actions(export: Export) -> None:
    seeds = _by_seed(export)
    found = [x for x in _actions(export, "CONCEDE") if x["article"] == seeds["000"]["id"]]
    assert found
    assert str(found[0]["date"]).startswith("2025-05")
    assert {found[0]["actor"], found[0]["target"]} == {"Moscow", "Kyiv"}


def test_us_sanctions_deadline_is_a_dated_threat(export: Export) -> None:
    seeds = _by_seed(export)
    found = [
        x
        for x in _actions(export, "THREATEN")
        if x["article"] == seeds["001"]["id"] and x["actor"] == "Donald Trump"
    ]
    assert found
    assert found[0]["date"] == "2025-07-14"
