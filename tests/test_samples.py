"""Regression tests on the bundled, invented sample corpus (samples/expected.json).

They pin behaviour on realistic text; they prove nothing about accuracy (docs/evaluation.md does).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from .conftest import SAMPLES, analyze_and_export

EXPECTED: dict[str, Any] = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))


def norm(text: str) -> str:
    for a, b in (
        ("\u201c", '"'),
        ("\u201d", '"'),
        ("\u2018", "'"),
        ("\u2019", "'"),
        ("\u00a0", " "),
    ):
        text = text.replace(a, b)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("samples") / "s.db"
    inputs = [str(SAMPLES / "articles"), str(SAMPLES / "html"), str(SAMPLES / "wire.jsonl")]
    return analyze_and_export(inputs, db)


def key_of(article: dict[str, Any]) -> str:
    rel = Path(article["origin"]).relative_to(SAMPLES).as_posix()
    return f"{rel}#{article['external_id']}" if article["external_id"] else rel


@pytest.fixture(scope="module")
def articles(export: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {key_of(a): a for a in export["articles"]}


def test_every_record_is_one_article(articles: dict[str, dict[str, Any]]) -> None:
    assert len(articles) == 24
    for key in EXPECTED["story_articles"] + EXPECTED["off_story"]:
        assert key in articles, key


def test_published_and_titles(articles: dict[str, dict[str, Any]]) -> None:
    for key, value in EXPECTED["published"].items():
        assert str(articles[key]["published"]).startswith(value), key
    for key, title in EXPECTED["titles"].items():
        assert articles[key]["title"] == title, key


def test_chrome_removed_and_content_kept(articles: dict[str, dict[str, Any]]) -> None:
    for key, strings in EXPECTED["chrome"].items():
        text = articles[key]["text"] + "\n"
        for chrome in strings:
            if chrome.endswith("\n"):
                assert not any(line.strip() == chrome.strip() for line in text.splitlines()), (
                    key,
                    chrome,
                )
            else:
                assert chrome not in text, (key, chrome)
    for key, strings in EXPECTED["keep"].items():
        text = norm(articles[key]["text"])
        for kept in strings:
            assert norm(kept) in text, (key, kept)


def test_copies_fold_into_one_original(articles: dict[str, dict[str, Any]]) -> None:
    by_id = {a["id"]: key for key, a in articles.items()}

    def root(key: str) -> str:
        while articles[key]["duplicate_of"]:
            key = by_id[articles[key]["duplicate_of"]]
        return key

    for copy, original in EXPECTED["duplicates"]:
        assert root(copy) == root(original), (copy, original)
        assert articles[copy]["duplicate_of"] or articles[original]["duplicate_of"]
    for a, b in EXPECTED["not_duplicates"]:
        assert root(a) != root(b), (a, b)
    copies = sum(1 for a in articles.values() if a["duplicate_of"])
    assert copies == len(EXPECTED["duplicates"])


def test_story_and_off_story(articles: dict[str, dict[str, Any]]) -> None:
    stories = {articles[k]["story"] for k in EXPECTED["story_articles"]}
    assert len(stories) == 1
    for key in EXPECTED["off_story"]:
        assert articles[key]["story"] not in stories


def test_events_group_reports_of_one_happening(articles: dict[str, dict[str, Any]]) -> None:
    for group in EXPECTED["events"]:
        assert len({articles[k]["event"] for k in group}) == 1, group
    firm = [set(g) for g in EXPECTED["events"]]
    events_of: dict[str, set[str]] = defaultdict(set)
    for key, article in articles.items():
        if key not in EXPECTED["event_ambiguous"]:
            events_of[article["event"]].add(key)
    for members in events_of.values():
        # no event mixes articles of two different expected events
        touched = [g for g in firm if g & members]
        assert len(touched) <= 1, members


def test_timeline_dates_in_order(export: dict[str, Any]) -> None:
    dates = [e["date"] for e in export["events"]]
    assert dates == sorted(dates)
    for day in EXPECTED["timeline_order"]:
        assert day in dates


def test_expected_quotes_and_speakers(
    export: dict[str, Any], articles: dict[str, dict[str, Any]]
) -> None:
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in export["quotes"]:
        by_article[q["article"]].append(q)
    missing = []
    for want in EXPECTED["quotes"]:
        quotes = by_article[articles[want["file"]]["id"]]
        start = norm(want["text_startswith"])
        found = [q for q in quotes if norm(q["text"]).startswith(start)]
        if not found or not any(q["speaker"] == want["speaker"] for q in found):
            missing.append(
                (want["file"], start[:40], want["speaker"], [q["speaker"] for q in found])
            )
    # v0.1 floor; the known misses are role-only speakers named in another article, a bare
    # surname shared by two people, and organisations as speakers of partial quotes (issue 4)
    right = len(EXPECTED["quotes"]) - len(missing)
    assert right / len(EXPECTED["quotes"]) >= 0.8, "\n".join(map(str, missing))


def test_not_quotes(export: dict[str, Any], articles: dict[str, dict[str, Any]]) -> None:
    # Titles (songs, books, concerts) are never quotes. A scare-quoted label used by an
    # unnamed group ("some dismissed it as a 'talking shop'") may stand as a partial quote of
    # that group, but never with a named speaker and never as a direct quote.
    taken = []
    for item in EXPECTED["not_quotes"]:
        article = articles[item["file"]]["id"]
        for q in export["quotes"]:
            if q["article"] != article or norm(q["text"]) != norm(item["text"]):
                continue
            if "title" in item["kind"] or q["kind"] == "direct" or q["speaker"]:
                taken.append((item, q["kind"], q["speaker"]))
    assert taken == []


def test_name_variants_merge_and_namesakes_stay_apart(export: dict[str, Any]) -> None:
    entity_of: dict[str, set[str]] = defaultdict(set)
    for e in export["entities"]:
        for alias in e["aliases"]:
            entity_of[alias].add(e["id"])
    titles = {"Mr", "Ms", "Mrs", "Dr", "President", "Minister"}

    def words(name: str) -> list[str]:
        return [w for w in name.split() if w.rstrip(".") not in titles]

    surnames = [words(n)[-1] for n in EXPECTED["name_variants"]]
    shared = {s for s in surnames if surnames.count(s) > 1}
    for name, variants in EXPECTED["name_variants"].items():
        # full-name spellings are one person; a bare surname is one of its aliases, unless two
        # people share it (then "Ms Velichko" alone is not resolved: never a guess)
        full = [v for v in [name, *variants] if len(words(v)) > 1]
        ids = set().union(*(entity_of[v] for v in full if v in entity_of))
        people = [e for e in export["entities"] if e["id"] in ids and e["type"] == "PERSON"]
        assert len(people) == 1, (name, [p["aliases"] for p in people])
        seen_single = [
            v
            for v in variants
            if len(words(v)) == 1 and v in entity_of and words(v)[0] not in shared
        ]
        assert set(seen_single) <= set(people[0]["aliases"]), (name, seen_single)
    for a, b in EXPECTED["not_same"]:
        named_a = {e["id"] for e in export["entities"] if e["name"] == a}
        named_b = {e["id"] for e in export["entities"] if e["name"] == b}
        assert not (named_a & named_b), (a, b)
