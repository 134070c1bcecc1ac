from __future__ import annotations

import random
from datetime import date

from storyline.cluster import ClusterDoc, cluster, occasion_date

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
