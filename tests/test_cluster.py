from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from storyline.cluster import (
    DEFAULT_CLUSTER_OPTIONS,
    ClusterDoc,
    Clustering,
    ClusterOptions,
    cluster,
    cluster_with_evidence,
    occasion_date,
)

FLOOD_A = (
    "Floodwater breached the Dorren dam on Monday night, forcing 3,000 residents of the valley "
    "to leave their homes, the regional governor said. Rescue boats worked through the night."
)
FLOOD_B = (
    "Thousands fled as the Dorren dam gave way overnight on Monday and floodwater poured into "
    "the valley villages; rescue boats ferried residents to schools on higher ground."
)
FLOOD_LATER = (
    "Engineers began repairs on the breached Dorren dam on Friday as floodwater receded from the "
    "valley and the first residents returned to their homes."
)
ELECTION = (
    "Voters in Halden chose a new mayor on Sunday after a campaign dominated by the cost of "
    "housing and the future of the old harbour district."
)


def docs() -> list[ClusterDoc]:
    return [
        ClusterDoc("a1", FLOOD_A, "Dam breach forces evacuation", date(2025, 3, 3), ("Dorren",)),
        ClusterDoc("a2", FLOOD_B, "Thousands flee dam collapse", date(2025, 3, 3), ("Dorren",)),
        ClusterDoc(
            "a3", FLOOD_A, "Dam breach forces evacuation", date(2025, 3, 3), ("Dorren",), "a1"
        ),
        ClusterDoc("a4", FLOOD_LATER, "Dam repairs begin", date(2025, 3, 7), ("Dorren",)),
        ClusterDoc("a5", ELECTION, "Halden elects a mayor", date(2025, 3, 2), ("Halden",)),
    ]


def partition(events: list) -> set[frozenset[str]]:  # type: ignore[type-arg]
    return {frozenset(e.articles) for e in events}


def test_reports_of_one_happening_are_one_event_and_copies_join() -> None:
    events, stories = cluster(docs(), full=True)
    parts = partition(events)
    assert frozenset({"a1", "a2", "a3"}) in parts
    assert frozenset({"a4"}) in parts  # same story, four days later: another event
    assert frozenset({"a5"}) in parts
    flood_story = next(s for s in stories if "a1" in s.articles)
    assert set(flood_story.articles) == {"a1", "a2", "a3", "a4"}
    assert "a5" not in flood_story.articles


def test_full_pass_does_not_depend_on_arrival_order() -> None:
    reference = partition(cluster(docs(), full=True)[0])
    for seed in range(5):
        shuffled = docs()
        random.Random(seed).shuffle(shuffled)
        assert partition(cluster(shuffled, full=True)[0]) == reference


def test_occasion_date_is_the_earliest_recent_lead_date() -> None:
    published = date(2025, 3, 4)
    assert occasion_date(published, ["2025-03-03", "2025-03-04"]) == date(2025, 3, 3)
    assert occasion_date(published, ["2014", "2025-02-01", "XXXX-03-03"]) == published
    assert occasion_date(published, ["2025-03-03T23:40"]) == date(2025, 3, 3)
    assert occasion_date(None, []) is None


def test_an_undated_article_has_no_occasion_date() -> None:
    # without a publication date a day the lead names is not known to be the report's own
    # (the crime of a sentencing report, the ceremony a host is named for, a birth day)
    assert occasion_date(None, ["2005-03-11"]) is None
    assert occasion_date(None, ["1923-04-22", "2008-12-11"]) is None
    # with one, the lead day within the week before it is
    assert occasion_date(date(2005, 3, 12), ["2005-03-11"]) == date(2005, 3, 11)


QUAKE = (
    "A strong earthquake shook the coastal town of Marvel Bay on Tuesday, toppling old houses "
    "and cutting power to the harbour; two people were injured, the fire service said."
)
QUAKE_B = (
    "Old houses collapsed and the harbour lost power when an earthquake struck Marvel Bay on "
    "Tuesday; the fire service reported two people injured."
)
QUAKE_ELSEWHERE = (
    "A strong earthquake shook the mountain town of Oskaville on Tuesday, toppling old houses "
    "and cutting power to the valley; two people were injured, the fire service said."
)


def incremental(existing: list[ClusterDoc], new: list[ClusterDoc]) -> list:  # type: ignore[type-arg]
    """Place ``new`` against the clusters of ``existing`` (as ``analyze`` does)."""
    events, stories = cluster(existing, full=True)
    event_of = {a: e.id for e in events for a in e.articles}
    story_of = {e: s.id for s in stories for e in s.events}
    placed = [replace(d, event=event_of[d.id], story=story_of[event_of[d.id]]) for d in existing]
    return cluster(placed + new, full=False)[0]


def test_an_unrelated_article_does_not_reshuffle_existing_events() -> None:
    before = partition(cluster(docs(), full=True)[0])
    unrelated = ClusterDoc(
        "z1",
        "The city orchestra opened its winter season with a programme of new works by young "
        "composers, and the concert hall was full.",
        "Orchestra opens season",
        date(2025, 3, 3),
        ("Halden Philharmonic",),
    )
    after = partition(incremental(docs(), [unrelated]))
    assert after == before | {frozenset({"z1"})}


def test_a_new_report_joins_its_existing_event_incrementally() -> None:
    late = ClusterDoc(
        "a6",
        FLOOD_B + " The governor visited the shelters.",
        "Dam collapse",
        date(2025, 3, 3),
        ("Dorren",),
    )
    parts = partition(incremental(docs(), [late]))
    assert frozenset({"a1", "a2", "a3", "a6"}) in parts


def test_same_kind_of_happening_in_two_places_stays_apart() -> None:
    quakes = [
        ClusterDoc(
            "q1", QUAKE, "Quake hits Marvel Bay", date(2025, 5, 6), ("Marvel Bay",), kinds=("GPE",)
        ),
        ClusterDoc(
            "q2",
            QUAKE_B,
            "Marvel Bay earthquake",
            date(2025, 5, 6),
            ("Marvel Bay",),
            kinds=("GPE",),
        ),
        ClusterDoc(
            "q3",
            QUAKE_ELSEWHERE,
            "Quake hits Oskaville",
            date(2025, 5, 6),
            ("Oskaville",),
            kinds=("GPE",),
        ),
    ]
    # a larger focus conflict (the default is 0.05, places only) separates them at the first
    # part's thresholds
    with_conflict = ClusterOptions(
        conflict_penalty=0.15, event_threshold=0.25, merge_threshold=0.22
    )
    parts = partition(cluster(quakes + docs(), full=True, options=with_conflict)[0])
    assert frozenset({"q1", "q2"}) in parts
    assert frozenset({"q3"}) in parts
    result = cluster_with_evidence(quakes + docs(), full=True, options=with_conflict)
    assert result.evidence["q3"].conflict


def test_dated_far_apart_is_never_one_event() -> None:
    twin = [
        ClusterDoc("t1", FLOOD_A, "Dam breach", date(2025, 3, 3), ("Dorren",)),
        ClusterDoc("t2", FLOOD_B, "Dam breach", date(2026, 3, 3), ("Dorren",)),
    ]
    parts = partition(cluster(twin + docs(), full=True)[0])
    assert not any({"t1", "t2"} <= p for p in parts)


def test_evidence_says_why_an_article_joined() -> None:
    result = cluster_with_evidence(docs(), full=True)
    joined = result.evidence["a2"]
    assert joined.rule == "joined"
    assert joined.event == result.evidence["a1"].event
    assert joined.score >= DEFAULT_CLUSTER_OPTIONS.event_threshold
    assert "dorren" in joined.shared_entities
    assert joined.shared_terms
    assert result.evidence["a3"].rule == "copy"
    assert result.evidence["a3"].copy_of == "a1"
    assert result.evidence["a5"].rule == "new event"
    assert set(result.evidence) == {d.id for d in docs()}


def test_candidates_are_capped() -> None:
    many = [
        ClusterDoc(
            f"m{i:03d}",
            FLOOD_A + f" Report number {i}.",
            "Dam",
            date(2025, 3, 3 + i % 20),
            ("Dorren",),
        )
        for i in range(60)
    ]
    options = ClusterOptions(max_candidates=3)
    events, _ = cluster(many, full=True, options=options)
    assert sum(len(e.articles) for e in events) == 60


# two earthquakes on one day in two towns: reports of each share their own details (harbour and
# ferry, mine and mountain road) and the common vocabulary of any earthquake
HARBOUR_QUAKE = (
    "An earthquake shook Marvel Bay on Tuesday morning, collapsing old houses near the harbour "
    "and cutting power; the ferry to the lighthouse island stopped and the fire service said two "
    "people were injured.",
    "Old houses near the Marvel Bay harbour collapsed when the earthquake struck on Tuesday; the "
    "lighthouse ferry was halted, power was cut and two people were injured, according to the "
    "fire service.",
    "The fire service in Marvel Bay reported two injured after Tuesday's earthquake brought down "
    "old harbour houses, cut power and stopped the ferry to the lighthouse island.",
    "Ferry crews at the Marvel Bay harbour checked the lighthouse pier on Tuesday after the "
    "earthquake; two people were injured as old houses fell and power failed, the fire service "
    "said.",
)
MINE_QUAKE = (
    "An earthquake shook Oskaville on Tuesday, trapping miners in the copper mine above the "
    "valley and blocking the mountain road; houses collapsed and power was cut, rescuers said.",
    "Rescuers worked to free miners trapped in the Oskaville copper mine after Tuesday's "
    "earthquake blocked the mountain road to the valley; several houses collapsed and power was "
    "cut.",
    "The mountain road to Oskaville stayed blocked on Tuesday after the earthquake, as rescuers "
    "reached miners trapped in the copper mine and valley houses collapsed without power.",
    "Miners were still trapped in the Oskaville copper mine on Tuesday night after the "
    "earthquake; the mountain road to the valley stayed blocked and collapsed houses had no "
    "power.",
)
AFTERMATH = (
    " Residents slept outdoors as aftershocks continued, schools were closed and the governor "
    "promised emergency aid.",
    " Schools stayed closed and residents spent the night outdoors during aftershocks; the "
    "governor promised aid.",
    " As aftershocks went on, residents slept outside, schools closed and the governor pledged "
    "emergency aid.",
)
NO_COHESION = ClusterOptions(cohesion_ratio=0.0, cohesion_join=0.0, min_terms=0.0)


def quake_reports(prefix: str, texts: tuple[str, ...], place: str) -> list[ClusterDoc]:
    return [
        ClusterDoc(
            f"{prefix}{i}",
            text + AFTERMATH[i % 3],
            None,
            date(2025, 5, 6),
            (place,),
            kinds=("GPE",),
        )
        for i, text in enumerate(texts)
    ]


def test_two_incidents_of_one_kind_stay_apart_when_new_reports_arrive() -> None:
    harbour = quake_reports("h", HARBOUR_QUAKE, "Marvel Bay")
    mine = quake_reports("m", MINE_QUAKE, "Oskaville")
    existing = [replace(d, event="ev-harbour", story="st") for d in harbour[:3]] + [
        replace(d, event="ev-mine", story="st") for d in mine[:3]
    ]
    new = [harbour[3], mine[3]]
    result = cluster_with_evidence(existing + new, full=False)
    parts = partition(result.events)
    assert frozenset({"h0", "h1", "h2", "h3"}) in parts  # a new report of a quake joins it
    assert frozenset({"m0", "m1", "m2", "m3"}) in parts
    joined = result.evidence["h3"]
    assert joined.rule == "joined"
    assert joined.event == "ev-harbour"
    assert joined.cohesion is not None
    assert joined.terms >= 0.4 * joined.cohesion
    assert not joined.weak_link
    # without the cohesion gate the common earthquake vocabulary fuses the two events
    fused = partition(cluster(existing + new, full=False, options=NO_COHESION)[0])
    assert frozenset({"h0", "h1", "h2", "h3", "m0", "m1", "m2", "m3"}) in fused


def test_same_place_and_day_but_another_happening_is_not_joined() -> None:
    harbour = quake_reports("h", HARBOUR_QUAKE[:3], "Marvel Bay")
    match = ClusterDoc(
        "z1",
        "Marvel Bay beat the visitors 3-1 on Tuesday evening in front of a full stadium, with two "
        "late goals from the captain sealing the league win.",
        None,
        date(2025, 5, 6),
        ("Marvel Bay",),
        kinds=("GPE",),
    )
    result = cluster_with_evidence([*harbour, match], full=True)
    assert frozenset({"z1"}) in partition(result.events)
    why = result.evidence["z1"]
    assert why.rule == "new event"
    assert why.weak_link  # place and day agree, the words do not
    assert why.cohesion is not None
    assert why.terms < 0.4 * why.cohesion
    assert why.score >= DEFAULT_CLUSTER_OPTIONS.event_threshold
    assert why.as_dict()["weak_link"] is True
    # first in (date, id) order, it still does not draw the quake reports in
    first = replace(match, id="a0")
    assert frozenset({"a0"}) in partition(cluster([*harbour, first], full=True)[0])
    # place and date alone would have joined it
    for doc in (match, first):
        joined = partition(cluster([*harbour, doc], full=True, options=NO_COHESION)[0])
        assert frozenset({"h0", "h1", "h2", doc.id}) in joined


def test_a_batch_gives_the_same_events_whatever_its_arrival_order() -> None:
    existing = [replace(d, event="ev-harbour", story="st") for d in docs()[:1]]
    batch = [d for d in docs()[1:] if d.duplicate_of is None]
    reference = partition(cluster(existing + batch, full=False)[0])
    for seed in range(4):
        shuffled = list(batch)
        random.Random(seed).shuffle(shuffled)
        assert partition(cluster(existing + shuffled, full=False)[0]) == reference


def test_events_do_not_depend_on_article_ids() -> None:
    """Ids hash the input path: the same articles under other ids make the same events."""
    articles = (
        quake_reports("h", HARBOUR_QUAKE, "Marvel Bay")
        + quake_reports("m", MINE_QUAKE, "Oskaville")
        + docs()
    )
    reference = partition(cluster(articles, full=True)[0])
    for seed in range(3):
        ids = [d.id for d in articles]
        random.Random(seed).shuffle(ids)
        new_id = {d.id: f"x{ids.index(d.id):02d}" for d in articles}
        old_id = {v: k for k, v in new_id.items()}
        relabelled = [
            replace(d, id=new_id[d.id], duplicate_of=new_id.get(d.duplicate_of or ""))
            for d in articles
        ]
        events = cluster(relabelled, full=True)[0]
        assert {frozenset(old_id[a] for a in e.articles) for e in events} == reference
    # and the two quakes are two events in a full pass, whatever the order
    assert frozenset({"h0", "h1", "h2", "h3"}) in reference
    assert frozenset({"m0", "m1", "m2", "m3"}) in reference


# --------------------------------------------------------------------------- follow-ups
# invented reports: a shooting at a bakery in 2023, the trial of its suspect two years later, an
# earlier shooting at the same bakery by someone else, and a senator's two speeches months apart

SHOOTING = (
    "A worker opened fire at the Harlow Mills bakery in Brenton on March 14, 2023, killing two "
    "co-workers and wounding a third before police arrested her. Police named the suspect as "
    "Dana Whitcombe, 43, who had been suspended from the night shift that morning.",
    "Two people were killed at the Harlow Mills bakery in Brenton when a suspended employee, Dana "
    "Whitcombe, returned with a handgun on March 14, 2023, police said; a third worker was "
    "wounded and Whitcombe was arrested in the parking lot.",
    "Dana Whitcombe was charged with two counts of murder after the shooting at the Harlow Mills "
    "bakery on March 14, 2023, in which two co-workers died and one was wounded.",
)
TRIAL = (
    "The murder trial of Dana Whitcombe, accused of killing two co-workers in the March 14, 2023 "
    "shooting at the Harlow Mills bakery in Brenton, opened on Monday with the jury shown video "
    "of the night shift. Whitcombe had been suspended that morning, prosecutors said.",
    "Jurors in Brenton heard on Monday how Dana Whitcombe returned to the Harlow Mills bakery "
    "with a handgun on March 14, 2023, after being suspended, and shot three co-workers; her "
    "murder trial is expected to last two weeks.",
)
EARLIER_SHOOTING = (
    "A delivery driver, Orrin Vasquez, shot and wounded a supervisor at the Harlow Mills bakery "
    "in Brenton on Thursday after a dispute over pay, police said; Vasquez fled and was caught "
    "on the highway.",
    "Police caught Orrin Vasquez on the highway hours after he shot a supervisor at the Harlow "
    "Mills bakery in Brenton on Thursday in a dispute over unpaid wages.",
)
SPEECH_WATER = (
    "Senator Ilsa Marchetti told farmers in Tollbridge on Tuesday that the reservoir levy would "
    "be cut and river water shared more fairly between the valley farms and the city.",
    "Speaking in Tollbridge on Tuesday, Senator Ilsa Marchetti promised valley farmers a lower "
    "reservoir levy and a fairer share of river water.",
)
SPEECH_SCHOOLS = (
    "Senator Ilsa Marchetti said on Wednesday that rural schools would get new buses and more "
    "teachers, in a speech to parents in Kellam; she first spoke about the valley in March 2024.",
    "Parents in Kellam heard Senator Ilsa Marchetti pledge new school buses and teacher pay "
    "rises on Wednesday; her March 2024 speech had been about water.",
)


def filler(n: int = 110) -> list[ClusterDoc]:
    """Unrelated articles, so that the names of a story are rare in the corpus (as in news)."""
    topics = ("library", "ferry timetable", "harvest fair", "bridge paint", "choir concert")
    return [
        ClusterDoc(
            f"f{i:03d}",
            f"The town of Mereton{i} discussed its {topics[i % 5]} plans on a quiet evening "
            f"meeting number {i}, and councillor Person{i} Testname spoke about item {i * 7}.",
            None,
            date(2020 + i % 6, 1 + i % 12, 1 + i % 27),
            (f"Person{i} Testname", f"Mereton{i}"),
            kinds=("PERSON", "GPE"),
        )
        for i in range(n)
    ]


def reports(
    prefix: str, texts: tuple[str, ...], day: date, names: tuple[str, ...], refs: tuple[str, ...]
) -> list[ClusterDoc]:
    kinds = tuple("GPE" if n in ("Brenton", "Tollbridge", "Kellam") else "PERSON" for n in names)
    return [
        ClusterDoc(f"{prefix}{i}", text, None, day, names, kinds=kinds, refs=refs)
        for i, text in enumerate(texts)
    ]


def shooting_and_trial() -> list[ClusterDoc]:
    return reports(
        "s", SHOOTING, date(2023, 3, 14), ("Dana Whitcombe", "Brenton"), ("2023-03-14",)
    ) + reports(
        "t",
        TRIAL,
        date(2025, 2, 10),
        ("Dana Whitcombe", "Dana Whitcombe", "Brenton"),
        ("2025-02-10", "2023-03-14"),
    )


def test_follow_up_participants_by_surname_when_asked() -> None:
    # the trial reports name the suspect by surname only; with follow_surnames the surname meets
    # the full name of the shooting reports, without it the identity stage must have joined them
    docs = shooting_and_trial()
    docs = [
        replace(d, names=tuple("Whitcombe" if n == "Dana Whitcombe" else n for n in d.names))
        if d.id.startswith("t")
        else d
        for d in docs
    ]
    options = replace(DEFAULT_CLUSTER_OPTIONS, follow_surnames=True)
    result = cluster_with_evidence(docs + filler(), full=True, options=options)
    assert frozenset({"s0", "s1", "s2", "t0", "t1"}) in partition(result.events)
    assert result.evidence["t0"].rule == "follow-up"
    assert "whitcombe" in result.evidence["t0"].participants
    plain = cluster_with_evidence(docs + filler(), full=True)
    assert frozenset({"s0", "s1", "s2", "t0", "t1"}) not in partition(plain.events)


def test_the_trial_of_a_shooting_suspect_years_later_joins_the_shooting() -> None:
    result = cluster_with_evidence(shooting_and_trial() + filler(), full=True)
    parts = partition(result.events)
    assert frozenset({"s0", "s1", "s2", "t0", "t1"}) in parts
    why = result.evidence["t0"]
    assert why.rule == "follow-up"
    assert why.date_gap is not None
    assert why.date_gap > 600
    assert any("whitcombe" in name for name in why.participants)
    assert why.back_reference == "2023-03-14"
    assert why.as_dict()["participants"] == list(why.participants)
    # the rule is what joins them: without follow-ups the window keeps them apart
    apart = partition(
        cluster(
            shooting_and_trial() + filler(),
            full=True,
            options=replace(DEFAULT_CLUSTER_OPTIONS, follow_ups=False),
        )[0]
    )
    assert frozenset({"s0", "s1", "s2"}) in apart
    assert frozenset({"t0", "t1"}) in apart


def test_a_follow_up_joins_incrementally_and_in_any_order() -> None:
    shooting = [d for d in shooting_and_trial() if d.id.startswith("s")]
    trial = [d for d in shooting_and_trial() if d.id.startswith("t")]
    parts = partition(incremental(shooting + filler(), trial))
    assert frozenset({"s0", "s1", "s2", "t0", "t1"}) in parts
    reference = partition(cluster(shooting_and_trial() + filler(), full=True)[0])
    for seed in range(3):
        shuffled = shooting_and_trial() + filler()
        random.Random(seed).shuffle(shuffled)
        assert partition(cluster(shuffled, full=True)[0]) == reference


def test_a_common_name_is_not_a_specific_participant() -> None:
    # the same corpus where the suspect's name is in most articles: not a specific participant
    common = [
        replace(d, names=(*d.names, "Dana Whitcombe"), kinds=(*d.kinds, "PERSON"))
        for d in filler(30)
    ]
    parts = partition(cluster(shooting_and_trial() + common, full=True)[0])
    assert frozenset({"s0", "s1", "s2"}) in parts
    assert frozenset({"t0", "t1"}) in parts


def test_two_shootings_at_one_factory_years_apart_stay_apart() -> None:
    earlier = reports(
        "e", EARLIER_SHOOTING, date(2021, 6, 6), ("Orrin Vasquez", "Brenton"), ("2021-06-06",)
    )
    # every report of the 2023 shooting recalls the 2021 one, its day and its shooter
    recall = " In June 2021 Orrin Vasquez shot a supervisor at the same bakery."
    later = [
        replace(d, text=d.text + recall)
        for d in reports(
            "s",
            SHOOTING,
            date(2023, 3, 14),
            ("Dana Whitcombe", "Dana Whitcombe", "Brenton", "Orrin Vasquez"),
            ("2023-03-14", "2021-06-06"),
        )
    ]
    corpus = earlier + later + filler()
    parts = partition(cluster(corpus, full=True)[0])
    assert frozenset({"e0", "e1"}) in parts
    assert frozenset({"s0", "s1", "s2"}) in parts
    # the later reports are about their own shooter (named most): even without the cohesion
    # gate no follow-up; counting any participant both sides name, they fuse
    assert frozenset({"e0", "e1"}) in partition(cluster(corpus, full=True, options=NO_COHESION)[0])
    any_name = replace(NO_COHESION, follow_lead=False)
    fused = partition(cluster(corpus, full=True, options=any_name)[0])
    assert frozenset({"e0", "e1", "s0", "s1", "s2"}) in fused


def two_speeches(later: date, refs: tuple[str, ...]) -> list[ClusterDoc]:
    """A senator's speech on 2024-03-05 and another one on ``later`` (``refs``: its dates)."""
    name = ("Ilsa Marchetti",)
    water = reports("w", SPEECH_WATER, date(2024, 3, 5), (*name, "Tollbridge"), ("2024-03-05",))
    return water + reports("k", SPEECH_SCHOOLS, later, (*name, "Kellam"), refs) + filler()


def speeches_apart(corpus: list[ClusterDoc]) -> Clustering:
    result = cluster_with_evidence(corpus, full=True)
    parts = partition(result.events)
    assert frozenset({"w0", "w1"}) in parts
    assert frozenset({"k0", "k1"}) in parts
    return result


def test_a_politicians_two_speeches_months_apart_stay_apart() -> None:
    # the later speech names the month of the first: a back-reference, a shared participant,
    # but its words are another subject's
    speeches = two_speeches(date(2024, 9, 11), ("2024-09-11", "2024-03"))
    speeches_apart(speeches)
    # participant and back-reference are there, but a speech reports no proceedings (no
    # arrest, charge, trial, sentence, inquest): even without the cohesion gate, no follow-up
    loose = cluster_with_evidence(speeches, full=True, options=NO_COHESION)
    assert frozenset({"w0", "w1", "k0", "k1"}) not in partition(loose.events)
    assert all(ev.rule != "follow-up" for ev in loose.evidence.values())


def test_a_follow_up_reports_proceedings_about_the_participant_in_its_lead() -> None:
    """The trial joins the shooting only as a report of proceedings naming the suspect up
    front; the same later reports without the court words, or about someone else in their
    lead, stay apart."""
    shooting = shooting_and_trial()[:3]
    trial = shooting_and_trial()[3:]
    plain = [
        replace(d, text=d.text.replace("murder trial", "story").replace("Jurors", "Visitors"))
        for d in trial
    ]
    for words in ("prosecutors", "jury", "accused"):
        plain = [replace(d, text=d.text.replace(words, "people")) for d in plain]
    parts = partition(cluster(shooting + plain + filler(), full=True)[0])
    assert frozenset({"s0", "s1", "s2", "t0", "t1"}) not in parts
    # a lead about another person: the suspect is named only after the first 50 words
    pad = "Brenton's mayor Corvin Adair opened the new library wing on Monday. " * 6
    late_name = [replace(d, text=pad + d.text) for d in trial]
    parts = partition(cluster(shooting + late_name + filler(), full=True)[0])
    assert frozenset({"s0", "s1", "s2", "t0", "t1"}) not in parts
    # the original trial reports do join (the positive case of the same corpus)
    parts = partition(cluster(shooting + trial + filler(), full=True)[0])
    assert frozenset({"s0", "s1", "s2", "t0", "t1"}) in parts


# --------------------------------------------------------------------------- consolidation
# invented reports: a depot shooting on Monday, the "charged with murder" reports two days
# later (other words: the cohesion gate keeps them apart), a second shooting at the same depot
# two days later by someone else, and two quakes of one kind, one undated

DEPOT_SHOOTING = (
    "A gunman opened fire at the Calder Freight depot in Wexley on Monday, killing a dispatcher "
    "and wounding two loaders before fleeing in a van, police said. Officers sealed the yard.",
    "Shots rang out at the Calder Freight depot in Wexley on Monday as a gunman killed a "
    "dispatcher and wounded two loaders in the yard; witnesses saw him drive off in a white van.",
    "One dispatcher died and two loaders were wounded when a gunman fired across the yard of the "
    "Calder Freight depot in Wexley on Monday morning, police said.",
)
DEPOT_CHARGE = (
    "Prosecutors charged Ambrose Kettering, 51, with murder on Wednesday over the shooting at the "
    "Calder Freight depot in Wexley, where a gunman killed a dispatcher and wounded two loaders in "
    "the yard; he appeared in court in a grey jumpsuit.",
    "Ambrose Kettering was charged with murder on Wednesday and held without bail after the "
    "Calder Freight depot shooting in Wexley; his lawyer told the court he would plead not "
    "guilty.",
)
DEPOT_SECOND = (
    "A second gunman, Ludo Farrant, shot a night guard at the Calder Freight depot in Wexley on "
    "Wednesday, two days after Ambrose Kettering killed a dispatcher there; the guard survived.",
    "Ludo Farrant opened fire at the Calder Freight depot in Wexley on Wednesday and wounded a "
    "night guard, police said, two days after the shooting by Ambrose Kettering.",
)


def depot(later: tuple[str, ...], names: tuple[str, ...]) -> list[ClusterDoc]:
    monday = date(2024, 5, 6)
    shooting = reports("s", DEPOT_SHOOTING, monday, ("Ambrose Kettering", "Wexley"), ())
    return shooting + reports("c", later, date(2024, 5, 8), names, ("2024-05-06",))


def test_the_charge_reports_of_a_shooting_are_consolidated_into_its_event() -> None:
    charge = depot(DEPOT_CHARGE, ("Ambrose Kettering", "Ambrose Kettering"))
    result = cluster_with_evidence(charge + filler(), full=True)
    assert frozenset({"s0", "s1", "s2", "c0", "c1"}) in partition(result.events)
    why = result.evidence["c0"]
    assert why.rule == "consolidated"
    assert why.participants == ("kettering",)
    assert why.date_gap == 2
    # without the pass the cohesion gate keeps them apart: the charge reports' words differ
    off = replace(DEFAULT_CLUSTER_OPTIONS, consolidate=False)
    apart = partition(cluster(charge + filler(), full=True, options=off)[0])
    assert frozenset({"s0", "s1", "s2"}) in apart
    assert frozenset({"c0", "c1"}) in apart
    # incrementally (the charge reports arriving later) and in any order: the same event
    assert frozenset({"s0", "s1", "s2", "c0", "c1"}) in partition(
        incremental(charge[:3] + filler(), charge[3:])
    )
    for seed in range(3):
        shuffled = charge + filler()
        random.Random(seed).shuffle(shuffled)
        assert frozenset({"s0", "s1", "s2", "c0", "c1"}) in partition(
            cluster(shuffled, full=True)[0]
        )


def test_a_second_shooting_at_one_depot_two_days_later_stays_apart() -> None:
    # its reports name the first shooter too, but they are about their own (named most)
    names = ("Ludo Farrant", "Ludo Farrant", "Ambrose Kettering", "Wexley")
    parts = partition(cluster(depot(DEPOT_SECOND, names) + filler(), full=True)[0])
    assert frozenset({"s0", "s1", "s2"}) in parts
    assert frozenset({"c0", "c1"}) in parts
    # counting any participant both sides name (not the one each is about), they fuse
    any_name = replace(DEFAULT_CLUSTER_OPTIONS, consolidate_lead=False)
    fused = partition(
        cluster(depot(DEPOT_SECOND, names) + filler(), full=True, options=any_name)[0]
    )
    assert frozenset({"s0", "s1", "s2", "c0", "c1"}) in fused


def test_a_politicians_statements_on_two_days_are_not_consolidated() -> None:
    # eight days later, naming the first speech's day: same person, another subject's words
    result = speeches_apart(two_speeches(date(2024, 3, 13), ("2024-03-13", "2024-03-05")))
    assert all(ev.rule != "consolidated" for ev in result.evidence.values())


BAY_QUAKE = (
    "A magnitude 5.9 earthquake struck Sorrel Bay on March 4, cracking the harbour wall and "
    "injuring eleven people, the coastguard said.",
    "Eleven people were hurt when a 5.9 magnitude quake hit Sorrel Bay on March 4 and cracked "
    "the harbour wall, the coastguard said.",
)
BAY_QUAKE_UNDATED = (
    "The ferry pier of Sorrel Bay collapsed when a magnitude 6.2 earthquake struck on December 9; "
    "four fishermen on the pier were rescued from the water, the coastguard said.",
    "A 6.2 magnitude earthquake brought down the Sorrel Bay ferry pier on December 9 and four "
    "fishermen were pulled from the water by the coastguard.",
)


def test_undated_reports_naming_another_month_do_not_join_a_dated_event() -> None:
    dated = reports("q", BAY_QUAKE, date(2025, 3, 4), ("Sorrel Bay",), ("2025-03-04",))
    undated = [
        replace(d, date=None, refs=("XXXX-12-09",))
        for d in reports("u", BAY_QUAKE_UNDATED, date(2025, 3, 4), ("Sorrel Bay",), ())
    ]
    parts = partition(cluster(dated + undated + filler(), full=True)[0])
    assert frozenset({"q0", "q1"}) in parts
    assert frozenset({"u0", "u1"}) in parts
    # the months keep them apart even without the cohesion gate; without both, one event
    loose = partition(cluster(dated + undated + filler(), full=True, options=NO_COHESION)[0])
    assert frozenset({"u0", "u1"}) in loose
    off = replace(NO_COHESION, undated_months=0)
    joined = partition(cluster(dated + undated + filler(), full=True, options=off)[0])
    assert frozenset({"q0", "q1", "u0", "u1"}) in joined
    # undated reports naming the dated event's month are not held apart by it
    same = [replace(d, refs=("XXXX-03-04",)) for d in undated]
    assert frozenset({"q0", "q1", "u0", "u1"}) in partition(
        cluster(dated + same + filler(), full=True, options=NO_COHESION)[0]
    )


def test_undated_reports_naming_another_weekday_do_not_join_a_dated_event() -> None:
    tuesday = date(2025, 3, 4)
    dated = reports("q", BAY_QUAKE, tuesday, ("Sorrel Bay",), ("2025-03-04",))

    def undated(*weekdays: int) -> list[ClusterDoc]:
        return [
            replace(d, date=None, refs=tuple(f"XXXX-WXX-{w}" for w in weekdays))
            for d in reports("u", BAY_QUAKE_UNDATED, tuesday, ("Sorrel Bay",), ())
        ]

    def parts(docs: list[ClusterDoc], undated_weekdays: int = 2) -> set[frozenset[str]]:
        options = replace(NO_COHESION, undated_weekdays=undated_weekdays)
        return partition(cluster(docs + filler(), full=True, options=options)[0])

    # "on Saturday": not the dated reports' Tuesday (nor the Monday before), even without the
    # cohesion gate
    assert frozenset({"u0", "u1"}) in parts(dated + undated(6))
    assert frozenset({"q0", "q1", "u0", "u1"}) in parts(dated + undated(6), undated_weekdays=0)
    # the dated side's weekday, or the day before it (a report dated the day after), is theirs
    assert frozenset({"q0", "q1", "u0", "u1"}) in parts(dated + undated(2))
    assert frozenset({"q0", "q1", "u0", "u1"}) in parts(dated + undated(1, 5))
    # one report naming a weekday is not enough evidence (two are asked)
    one = undated(6)
    one[1] = replace(one[1], refs=())
    assert frozenset({"q0", "q1", "u0", "u1"}) in parts(dated + one)


MATCH_RESULT = (
    "The Harrow Kites beat the Selby Larks 27-13 at Fenwick Park, with Tobin Ashgrove kicking "
    "four goals and the Larks held scoreless after half-time.",
    "Tobin Ashgrove kicked four goals as the Kites beat the Larks 27-13 at Fenwick Park; the "
    "Larks did not score after half-time.",
)
MATCH_REACTION = (
    "Selby Larks coach Mirela Voss said her side lost its nerve after half-time in the 27-13 "
    "defeat by the Harrow Kites at Fenwick Park, and promised changes before the cup tie.",
    "The Larks' coach Mirela Voss said her players lost their nerve after half-time in the 27-13 "
    "loss to the Kites at Fenwick Park; changes would come before the cup tie, she said.",
)


def match_reports(score: str) -> list[ClusterDoc]:
    names = ("Harrow Kites", "Selby Larks")
    result = [
        ClusterDoc(
            f"m{i}", t, None, None, (*names, "Tobin Ashgrove"), kinds=("ORG", "ORG", "PERSON")
        )
        for i, t in enumerate(MATCH_RESULT)
    ]
    reaction = [
        ClusterDoc(
            f"r{i}",
            t.replace("27-13", score),
            None,
            None,
            (*names, "Mirela Voss"),
            kinds=("ORG", "ORG", "PERSON"),
        )
        for i, t in enumerate(MATCH_REACTION)
    ]
    return result + reaction


def test_two_undated_events_consolidate_on_shared_names_and_a_number() -> None:
    undated_filler = [replace(d, date=None) for d in filler()]
    result = cluster_with_evidence(match_reports("27-13") + undated_filler, full=True)
    assert frozenset({"m0", "m1", "r0", "r1"}) in partition(result.events)
    why = next(
        result.evidence[k] for k in ("m0", "r0") if result.evidence[k].rule == "consolidated"
    )
    assert "27-13" in why.participants
    # another match of the same two teams (another score): names alone do not consolidate
    parts = partition(cluster(match_reports("30-6") + undated_filler, full=True)[0])
    assert frozenset({"m0", "m1"}) in parts
    assert frozenset({"r0", "r1"}) in parts


def test_beyond_the_window_only_reports_of_proceedings_are_consolidated() -> None:
    shooting = depot((), ())
    later = reports(
        "c",
        DEPOT_CHARGE,
        date(2024, 5, 11),  # five days after the shooting, naming its day
        ("Ambrose Kettering", "Ambrose Kettering"),
        ("2024-05-11", "2024-05-06"),
    )
    result = cluster_with_evidence(shooting + later + filler(), full=True)
    assert frozenset({"s0", "s1", "s2", "c0", "c1"}) in partition(result.events)
    assert result.evidence["c0"].rule == "consolidated"
    assert result.evidence["c0"].date_gap == 5
    assert result.evidence["c0"].back_reference == "2024-05-06"
    # the same reports without the court's words: another happening about the same man
    plain = later
    for words, other in (
        ("Prosecutors charged", "Neighbours thanked"),
        ("was charged with murder", "was thanked"),
        ("with murder", "with flowers"),
        ("held without bail", "cheered"),
        ("his lawyer told the court he would plead not guilty", "he said he was grateful"),
        ("he appeared in court in a grey jumpsuit", "he wore a grey jumper"),
    ):
        plain = [replace(d, text=d.text.replace(words, other)) for d in plain]
    parts = partition(cluster(shooting + plain + filler(), full=True)[0])
    assert frozenset({"s0", "s1", "s2"}) in parts
    # ... which the pass would consolidate if it did not ask for proceedings
    anything = replace(DEFAULT_CLUSTER_OPTIONS, consolidate_proceedings=False)
    fused = partition(cluster(shooting + plain + filler(), full=True, options=anything)[0])
    assert frozenset({"s0", "s1", "s2", "c0", "c1"}) in fused


REHAB = (
    "Actress Carys Penhallow checked into the Marlow Springs rehab clinic in Kellam on Thursday "
    "for treatment of alcohol addiction, her publicist confirmed.",
    "Carys Penhallow has entered rehab: the actress checked into the Marlow Springs clinic in "
    "Kellam on Thursday for alcohol addiction treatment, her publicist said.",
    "The Marlow Springs clinic in Kellam admitted actress Carys Penhallow on Thursday; she is "
    "being treated for alcohol addiction, according to her publicist.",
)
REHAB_LATER = (
    "Carys Penhallow left rehab at the Marlow Springs clinic in Kellam, where she checked in on "
    "May 2, and moved to a quieter treatment centre by the sea to finish her alcohol treatment.",
    "Actress Carys Penhallow checked out of the Marlow Springs rehab clinic in Kellam, twelve "
    "days after she was admitted on May 2, and moved to another treatment centre.",
)
REHAB_SPEAKS = (
    "Carys Penhallow said her rehab stay at the Marlow Springs clinic in Kellam, where she checked "
    "in on May 2, had taught her patience, and she thanked the staff on Tuesday.",
    "Carys Penhallow told a radio show that rehab at the Marlow Springs clinic in Kellam, which "
    "she entered on May 2, had been hard, and she praised the staff on Tuesday.",
)


def rehab(later: tuple[str, ...]) -> list[ClusterDoc]:
    names = ("Carys Penhallow", "Kellam")
    first = reports("r", REHAB, date(2024, 5, 2), names, ("2024-05-02",))
    day = date(2024, 5, 14)
    return first + reports("l", later, day, names, ("2024-05-14", "2024-05-02")) + filler()


def test_reports_of_a_happening_to_the_participant_weeks_later_are_consolidated() -> None:
    # twelve days later (beyond the window), naming the check-in day, leading with a change
    # in her own state (left rehab, checked out): the same happening, no proceedings needed
    result = cluster_with_evidence(rehab(REHAB_LATER), full=True)
    assert frozenset({"r0", "r1", "r2", "l0", "l1"}) in partition(result.events)
    why = result.evidence["l0"]
    assert why.rule == "consolidated"
    assert why.participants == ("penhallow",)
    assert why.back_reference == "2024-05-02"
    # asking for proceedings (the law's steps) only, as before: apart
    strict = replace(DEFAULT_CLUSTER_OPTIONS, consolidate_happenings=False)
    parts = partition(cluster(rehab(REHAB_LATER), full=True, options=strict)[0])
    assert frozenset({"r0", "r1", "r2"}) in parts
    assert frozenset({"l0", "l1"}) in parts


def test_the_participant_speaking_about_an_earlier_happening_is_not_consolidated() -> None:
    # the same person, rehab words and the check-in day, but she is the speaker of the lead
    result = cluster_with_evidence(rehab(REHAB_SPEAKS), full=True)
    parts = partition(result.events)
    assert frozenset({"r0", "r1", "r2"}) in parts
    assert frozenset({"l0", "l1"}) in parts
    assert all(ev.rule != "consolidated" for ev in result.evidence.values())


DEPOT_MEMORIAL = (
    "Ambrose Kettering's victims were remembered at a memorial at the Calder Freight depot in "
    "Wexley, where a dispatcher was killed and two loaders were wounded on May 6; mourners laid "
    "flowers in the yard.",
    "Mourners gathered at the Calder Freight depot in Wexley for a memorial to the dispatcher "
    "Ambrose Kettering shot on May 6, laying flowers by the yard gate.",
)


def test_a_memorial_weeks_later_is_not_consolidated_into_the_happening() -> None:
    # ten days later, naming the day and the shooter: a commemoration is a gathering of its
    # own day, not a happening to the participant
    later = reports(
        "c",
        DEPOT_MEMORIAL,
        date(2024, 5, 16),
        ("Ambrose Kettering", "Ambrose Kettering", "Wexley"),
        ("2024-05-16", "2024-05-06"),
    )
    corpus = depot((), ()) + later + filler()
    parts = partition(cluster(corpus, full=True)[0])
    assert frozenset({"s0", "s1", "s2"}) in parts
    assert frozenset({"c0", "c1"}) in parts
    # the follow-ups' proceedings (memorials included) would consolidate them
    old = replace(DEFAULT_CLUSTER_OPTIONS, consolidate_happenings=False)
    assert frozenset({"s0", "s1", "s2", "c0", "c1"}) in partition(
        cluster(corpus, full=True, options=old)[0]
    )
