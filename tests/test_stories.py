"""Stories (storyline.stories) and outlet credits (storyline.outlets), on invented text."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date

from storyline.cluster import ClusterDoc, cluster
from storyline.model import Story
from storyline.outlets import NamedSpan, is_outlet_name, outlet_credits


def _spans(text: str, *names: str, label: str = "ORG") -> list[NamedSpan]:
    out = []
    for name in names:
        start = text.index(name)
        out.append(NamedSpan(start, start + len(name), name, label))
    return out


def test_datelines_and_reporting_phrases_are_credits() -> None:
    text = "Tripoli, Libya (CNN) -- Rebels held the port, a commander told Reuters on Monday."
    assert outlet_credits(text, _spans(text, "CNN", "Reuters")) == {0, 1}
    text = "According to AFP and DPA reports, TASR reports that the talks ended."
    spans = _spans(text, "AFP", "DPA", "TASR")
    assert outlet_credits(text, spans, via=["AFP", "DPA", "TASR"]) == {0, 1, 2}
    text = "Flood waters rose overnight. Ann Lee contributed. Harbour Times staff said more."
    assert outlet_credits(text, _spans(text, "Harbour Times")) == {0}
    text = "The Harbour Gazette has learned that the mayor resigned."
    assert outlet_credits(text, _spans(text, "Harbour Gazette")) == {0}


def test_an_article_about_an_outlet_keeps_its_name() -> None:
    text = "CNN fired its evening anchor on Friday after a row over his remarks."
    assert outlet_credits(text, _spans(text, "CNN")) == frozenset()
    text = "Two Reuters journalists were detained in the capital and later released."
    assert outlet_credits(text, _spans(text, "Reuters")) == frozenset()
    # a government agency is not an outlet, whatever the phrase around it
    text = "The levels were safe, according to the Environmental Protection Agency."
    assert not is_outlet_name("Environmental Protection Agency")
    assert outlet_credits(text, _spans(text, "Environmental Protection Agency")) == frozenset()
    # places are never outlet credits
    text = "Officials told Paris that the summit would go ahead."
    assert outlet_credits(text, _spans(text, "Paris", label="GPE")) == frozenset()


def test_the_articles_own_source_is_a_credit_anywhere() -> None:
    text = "The Valley Courier obtained the documents from the city hall archive."
    spans = _spans(text, "Valley Courier")
    assert outlet_credits(text, spans, source="Valley Courier") == {0}
    assert outlet_credits(text, spans, source="Other Paper") == frozenset()


# ----------------------------------------------------------------------------- stories

_TOPICS = {
    "quake": (
        "The earthquake in Sorvania destroyed houses in Velmar; rescuers searched the rubble"
        " for survivors after the quake and aftershocks hit the mountain villages",
        ("Sorvania", "Velmar", "Ilse Marr"),
    ),
    "strike": (
        "Dock workers in Portavia extended their strike over wages; the harbour union said"
        " container ships waited outside the port while talks with employers stalled",
        ("Portavia", "Karl Benning", "Harbour Union"),
    ),
}


def _doc(i: int, topic: str, day: date, extra: str) -> ClusterDoc:
    text, names = _TOPICS[topic]
    kinds = tuple("PERSON" if " " in n and n[0] in "IK" else "GPE" for n in names)
    return ClusterDoc(
        id=f"d{i:03d}",
        text=f"{text}. {extra}",
        title=None,
        date=day,
        names=(*names, "United Nations"),
        kinds=(*kinds, "ORG"),
    )


def _corpus() -> list[ClusterDoc]:
    docs = []
    extras = [
        "Officials counted the damage on the first day",
        "Engineers inspected bridges and roads the next morning",
        "Aid convoys arrived with tents and water on Friday",
        "Schools reopened in tents as families returned home",
    ]
    for k, extra in enumerate(extras):
        docs.append(_doc(2 * k, "quake", date(2021, 3, 1 + 7 * k), extra))
        docs.append(_doc(2 * k + 1, "strike", date(2021, 3, 5 + 7 * k), extra))
    return docs


def _partition(stories: list[Story], key: dict[str, str]) -> set[frozenset[str]]:
    return {frozenset(key[a] for a in st.articles) for st in stories}


def test_stories_do_not_depend_on_ids_or_order() -> None:
    docs = _corpus()
    _, stories = cluster(docs, full=True)
    base = _partition(stories, {d.id: d.text for d in docs})
    assert len(base) == 2  # the quake and the strike, each one story
    renamed = [replace(d, id=hashlib.sha1(d.id.encode()).hexdigest()[:10]) for d in reversed(docs)]
    _, again = cluster(renamed, full=True)
    assert _partition(again, {d.id: d.text for d in renamed}) == base


def test_generic_overlap_years_apart_does_not_make_a_story() -> None:
    docs = _corpus()
    # the quake's story again, and a strike report seven years later: the strike shares only
    # the generic name (United Nations) and some words with the 2021 quake reports
    late = replace(
        _doc(50, "strike", date(2028, 3, 2), "Officials counted the damage on the first day"),
        names=("United Nations",),
        kinds=("ORG",),
    )
    events, stories = cluster([*docs, late], full=True)
    story_of = {a: st.id for st in stories for a in st.articles}
    assert story_of["d050"] != story_of["d000"]
    # the same report in the strike's own year joins the strike's story
    near = replace(late, id="d051", date=date(2021, 3, 20), names=_TOPICS["strike"][1])
    _, stories = cluster([*docs, near], full=True)
    story_of = {a: st.id for st in stories for a in st.articles}
    assert story_of["d051"] == story_of["d001"]
    assert len(events) == 9


def test_a_shared_focus_links_across_years() -> None:
    docs = _corpus()
    later = _doc(60, "quake", date(2024, 3, 5), "Families rebuilt houses with new funds")
    _, stories = cluster([*docs, later], full=True)
    story_of = {a: st.id for st in stories for a in st.articles}
    assert story_of["d060"] == story_of["d000"]


def test_incremental_story_placement_keeps_existing_stories() -> None:
    docs = _corpus()
    events, stories = cluster(docs, full=True)
    event_of = {a: ev.id for ev in events for a in ev.articles}
    story_of = {e: st.id for st in stories for e in st.events}
    placed = [replace(d, event=event_of[d.id], story=story_of[event_of[d.id]]) for d in docs]
    unrelated = ClusterDoc(
        id="z999",
        text="A violin maker in Cremora restored an old cello for the city orchestra",
        title=None,
        date=date(2021, 3, 15),
        names=("Cremora",),
        kinds=("GPE",),
    )
    _, after = cluster([*placed, unrelated], full=False)
    before = {st.id: set(st.articles) for st in stories}
    now = {st.id: set(st.articles) for st in after}
    for sid, articles in before.items():
        assert now[sid] == articles
    assert any(now[sid] == {"z999"} for sid in now)
