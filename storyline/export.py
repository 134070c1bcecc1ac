"""Export the store as the records of the contract (docs/schema.md): JSON, JSONL, CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .store import Store

LISTS = ("articles", "entities", "quotes", "actions", "events", "stories", "statements")
FIELDS: dict[str, tuple[str, ...]] = {
    "articles": (
        "id", "origin", "external_id", "source", "url", "title", "published",
        "published_estimated", "language", "text", "duplicate_of", "event", "story",
    ),
    "entities": ("id", "name", "type", "aliases", "mentions", "credit_mentions"),
    "quotes": (
        "id", "article", "text", "kind", "speaker", "speaker_entity", "speaker_mention", "cue",
        "date", "start", "end", "via", "statement",
    ),
    "actions": ("id", "article", "type", "actor", "target", "date", "place", "start", "end"),
    "events": ("id", "date", "title", "articles"),
    "stories": ("id", "title", "events", "articles"),
    "statements": (
        "id", "speaker", "speaker_entity", "text", "first_article", "date", "quotes", "articles",
        "variants",
    ),
}  # fmt: skip
Record = dict[str, Any]


def article_records(store: Store) -> Iterator[Record]:
    for row in store.articles():
        yield {
            "id": row["id"],
            "origin": row["origin"],
            "external_id": row["external_id"] or None,
            "source": row["source"],
            "url": row["url"],
            "title": row["title"],
            "published": row["published"],
            "published_estimated": bool(row["published_estimated"]),
            "language": row["language"],
            "text": row["text"],
            "duplicate_of": row["duplicate_of"],
            "event": row["event"],
            "story": row["story"],
        }


def entity_records(store: Store) -> Iterator[Record]:
    """Entities with their mentions as a participant (``mentions``) and as an outlet credited
    for a report (``credit_mentions``: "(CNN) --", "told Reuters"): an outlet only ever
    credited has ``mentions`` 0 and is no actor of the story."""
    counts = store.entity_mention_counts()
    for entity in store.entities():
        actor, credit = counts.get(entity.id, (0, 0))
        yield {
            "id": entity.id,
            "name": entity.name,
            "type": str(entity.type),
            "aliases": list(entity.aliases),
            "mentions": actor,
            "credit_mentions": credit,
        }


def quote_records(store: Store, *, speaker: str | None = None) -> Iterator[Record]:
    """Quotes in article order; ``speaker`` filters by canonical name or any alias."""
    wanted: set[str] | None = None
    if speaker is not None:
        key = speaker.casefold()
        wanted = {
            e.id
            for e in store.entities()
            if key == e.name.casefold() or key in (a.casefold() for a in e.aliases)
        }
    for row in store.rows("quotes"):
        text: str = row["article_text"]
        entity = store.entity_for_name(row["speaker_name"])
        if wanted is not None and (entity is None or entity["id"] not in wanted):
            continue
        yield {
            "id": row["id"],
            "article": row["article"],
            "text": text[row["start"] : row["end"]],
            "kind": row["kind"],
            "speaker": entity["name"] if entity is not None else row["speaker_name"],
            "speaker_entity": entity["id"] if entity is not None else None,
            "speaker_mention": _slice(text, row["speaker_start"], row["speaker_end"]),
            "cue": _slice(text, row["cue_start"], row["cue_end"]),
            "date": row["date"],
            "start": row["start"],
            "end": row["end"],
            "via": json.loads(row["via"]),
            "statement": row["statement"],
        }


def action_records(store: Store) -> Iterator[Record]:
    for row in store.rows("actions"):
        yield {
            "id": row["id"],
            "article": row["article"],
            "type": row["type"],
            "actor": _canonical(store, row["actor"]),
            "target": _canonical(store, row["target"]),
            "date": row["date"],
            "place": _canonical(store, row["place"]),
            "start": row["start"],
            "end": row["end"],
        }


def event_records(store: Store) -> Iterator[Record]:
    for event in store.events():
        yield {
            "id": event.id,
            "date": event.date,
            "title": event.title,
            "articles": list(event.articles),
        }


def story_records(store: Store) -> Iterator[Record]:
    for story in store.stories():
        yield {
            "id": story.id,
            "title": story.title,
            "events": list(story.events),
            "articles": list(story.articles),
        }


def statement_records(store: Store) -> Iterator[Record]:
    """One utterance carried by one or more articles, with every wording (its variants)."""
    members: dict[str, list[Record]] = {}
    for row in store.statement_members():
        members.setdefault(row["statement"], []).append(
            {"quote": row["id"], "article": row["article"], "text": row["text"]}
        )
    names = {e.id: e.name for e in store.entities()}
    for row in store.statements():
        variants = members.get(row["id"], [])
        yield {
            "id": row["id"],
            "speaker": names.get(row["speaker_entity"]),
            "speaker_entity": row["speaker_entity"],
            "text": row["text"],
            "first_article": row["first_article"],
            "date": row["date"],
            "quotes": [v["quote"] for v in variants],
            "articles": list(dict.fromkeys(v["article"] for v in variants)),
            "variants": variants,
        }


def records(store: Store, name: str) -> Iterator[Record]:
    makers = {
        "articles": article_records,
        "entities": entity_records,
        "quotes": quote_records,
        "actions": action_records,
        "events": event_records,
        "stories": story_records,
        "statements": statement_records,
    }
    return makers[name](store)


def _slice(text: str, start: int | None, end: int | None) -> str | None:
    return text[start:end] if start is not None and end is not None else None


def _canonical(store: Store, name: str | None) -> str | None:
    entity = store.entity_for_name(name)
    return str(entity["name"]) if entity is not None else name


def write_json(store: Store, out: IO[str]) -> None:
    """One JSON object with the seven lists, streamed list by list."""
    out.write("{")
    for i, name in enumerate(LISTS):
        out.write(("," if i else "") + f"\n  {json.dumps(name)}: [")
        for j, record in enumerate(records(store, name)):
            out.write(("," if j else "") + "\n    " + json.dumps(record, ensure_ascii=False))
        out.write("\n  ]")
    out.write("\n}\n")


_SINGULAR = {
    "articles": "article",
    "entities": "entity",
    "quotes": "quote",
    "actions": "action",
    "events": "event",
    "stories": "story",
    "statements": "statement",
}


def write_jsonl(store: Store, out: IO[str]) -> None:
    """One record per line, each with a ``type`` field (article, entity, quote, ...).

    Entities and actions have a ``type`` of their own; in JSONL it moves to
    ``entity_type`` and ``action_type`` so that ``type`` always names the record.
    """
    for name in LISTS:
        kind = _SINGULAR[name]
        for record in records(store, name):
            if "type" in record:
                record[f"{kind}_type"] = record.pop("type")
            out.write(json.dumps({"type": kind, **record}, ensure_ascii=False) + "\n")


def write_csv(store: Store, directory: Path) -> list[Path]:
    """One CSV per list in ``directory``; list-valued fields are JSON-encoded."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name in LISTS:
        path = directory / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(FIELDS[name]))
            writer.writeheader()
            for record in records(store, name):
                writer.writerow(
                    {
                        k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
                        for k, v in record.items()
                    }
                )
        written.append(path)
    return written
