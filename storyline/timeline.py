"""The dated timeline of a story: events in date order with their outlets and dated quotes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .export import quote_records
from .store import Store


@dataclass(frozen=True, slots=True)
class TimelineQuote:
    speaker: str | None
    text: str
    date: str | None
    article: str


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: str | None
    event: str
    title: str
    story: str | None
    articles: tuple[str, ...]
    outlets: tuple[str, ...]  # source, or the origin when the source is unknown
    copies: int  # articles that are copies of another (syndication folded in)
    quotes: tuple[TimelineQuote, ...]


def build_timeline(store: Store, *, story: str | None = None) -> list[TimelineEntry]:
    """Events in date order (undated last); ``story`` restricts to one story id."""
    outlet: dict[str, str] = {}
    copies: set[str] = set()
    for row in store.articles():
        outlet[row["id"]] = row["source"] or row["origin"]
        if row["duplicate_of"]:
            copies.add(row["id"])
    quotes_of: dict[str, list[TimelineQuote]] = defaultdict(list)
    for q in quote_records(store):
        if q["kind"] == "direct" and q["speaker"]:
            quotes_of[q["article"]].append(
                TimelineQuote(
                    speaker=q["speaker"], text=q["text"], date=q["date"], article=q["article"]
                )
            )
    event_story = store.event_story()
    entries: list[TimelineEntry] = []
    for event in store.events():
        if story is not None and event_story.get(event.id) != story:
            continue
        originals = [a for a in event.articles if a not in copies]
        entries.append(
            TimelineEntry(
                date=event.date,
                event=event.id,
                title=event.title,
                story=event_story.get(event.id),
                articles=event.articles,
                outlets=tuple(sorted({outlet[a] for a in event.articles})),
                copies=len(event.articles) - len(originals),
                quotes=tuple(q for a in originals for q in quotes_of.get(a, [])),
            )
        )
    entries.sort(key=lambda e: (e.date is None, e.date or "", e.event))
    return entries
