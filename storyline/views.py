"""Read-side queries for the workbench (HTTP API, web UI, reports).

Every listing is bounded (``limit`` at most :data:`MAX_LIMIT`) and paged with an
opaque keyset cursor, so no request sorts an unbounded set; story timelines are
computed once per store version and kept in ``story_timelines`` (migration
0007). Results are plain JSON-ready dicts.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import sqlite3
import weakref
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Final
from urllib.parse import urlsplit

from . import errors
from .store import Store

Record = dict[str, Any]
DEFAULT_LIMIT: Final = 50
MAX_LIMIT: Final = 200
TIMELINE_QUOTES: Final = 3  # quotes kept per event on a timeline
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class NotFound(errors.StorylineError):
    """The id names nothing in the store (HTTP 404)."""


class BadParameter(errors.StorylineError):
    """A parameter is malformed (HTTP 400)."""


# ---------------------------------------------------------------------- parameters


def check_limit(value: int | None, *, name: str = "limit") -> int:
    if value is None:
        return DEFAULT_LIMIT
    if not 1 <= value <= MAX_LIMIT:
        raise BadParameter(errors.E050.format(name=name, low=1, high=MAX_LIMIT, value=value))
    return value


def check_date(value: str | None, *, name: str) -> str | None:
    if value is None or value == "":
        return None
    found = _DATE.match(value)
    month = int(value[5:7]) if found and len(value) >= 7 else 1
    day = int(value[8:10]) if found and len(value) >= 10 else 1
    if not found or not (1 <= month <= 12 and 1 <= day <= 31):
        raise BadParameter(errors.E052.format(name=name, value=value))
    return value


def _cursor(value: str | None, parts: int, *, numeric: bool = True) -> list[str] | None:
    if value is None or value == "":
        return None
    fields = value.split("~", parts - 1)
    if len(fields) != parts or (numeric and not fields[-1].isdigit()):
        raise BadParameter(errors.E051.format(value=value))
    return fields


# ---------------------------------------------------------------------- helpers


@functools.lru_cache(maxsize=1 << 16)
def outlet_of(source: str | None, url: str | None, origin: str) -> str:
    """The outlet: the source when known, else the URL's site, else the file's name."""
    if source:
        return source
    for candidate in (url, origin):
        if candidate and "://" in candidate:
            host = urlsplit(candidate).hostname
            if host:
                return host.removeprefix("www.")
    return PurePath(origin).name or origin


@dataclass(slots=True)
class _Names:
    """Per store version: speaker/actor name -> entity (id, canonical name); any spelling
    (canonical name or alias, casefolded) -> entity ids; entity id -> its stored names."""

    version: int
    entity_of: dict[str, tuple[str, str]]
    ids_of_spelling: dict[str, set[str]]
    names_of_entity: dict[str, set[str]]


_names_cache: weakref.WeakKeyDictionary[Store, _Names] = weakref.WeakKeyDictionary()


def _lookups(store: Store) -> _Names:
    version = store.version()
    cached = _names_cache.get(store)
    if cached is None or cached.version != version:
        store.sync_outlets(outlet_of)
        store.refresh_facets()
        rank = {"PERSON": 0, "ORG": 1, "GPE": 2}
        best: dict[str, tuple[int, str, str]] = {}
        names_of_entity: dict[str, set[str]] = defaultdict(set)
        for r in store.execute(
            "SELECT n.name, n.type, e.id, e.name AS canonical FROM entity_names n"
            " JOIN entities e ON e.id = n.entity"
        ):
            key = (rank.get(r["type"], 3), r["id"], r["canonical"])
            if r["name"] not in best or key < best[r["name"]]:
                best[r["name"]] = key
            names_of_entity[r["id"]].add(r["name"])
        ids_of_spelling: dict[str, set[str]] = defaultdict(set)
        for r in store.execute("SELECT id, name, aliases FROM entities"):
            for spelling in (r["name"], *json.loads(r["aliases"])):
                ids_of_spelling[spelling.casefold()].add(r["id"])
        cached = _Names(
            version,
            {k: (v[1], v[2]) for k, v in best.items()},
            dict(ids_of_spelling),
            dict(names_of_entity),
        )
        _names_cache[store] = cached
    return cached


def names(store: Store) -> dict[str, tuple[str, str]]:
    """Speaker/actor name -> (entity id, canonical name), for the current store version."""
    return _lookups(store).entity_of


def quote_record(row: sqlite3.Row, entity_of: dict[str, tuple[str, str]]) -> Record:
    entity = entity_of.get(row["speaker_name"] or "")
    return {
        "id": row["id"],
        "article": row["article"],
        "text": row["qtext"],
        "kind": row["kind"],
        "speaker": entity[1] if entity else row["speaker_name"],
        "speaker_entity": entity[0] if entity else None,
        "date": row["date"],
        "sort_date": row["sort_date"],
        "statement": row["statement"],
        "start": row["start"],
        "end": row["end"],
        "via": [] if row["via"] == "[]" else json.loads(row["via"]),
        "outlet": outlet_of(row["source"], row["url"], row["origin"]),
        "published": row["published"],
    }


QUOTE_COLUMNS = (
    "q.id, q.article, q.kind, q.speaker_name, q.date, q.sort_date, q.statement, q.start, q.end,"
    " q.via, q.rowid AS rid, substr(a.text, q.start + 1, q.end - q.start) AS qtext, a.source,"
    " a.url, a.origin, a.published"
)


# ---------------------------------------------------------------------- stories and events


def stories(store: Store, *, limit: int | None = None, cursor: str | None = None) -> Record:
    """Stories, biggest first (articles), with their date span; keyset paged."""
    size = check_limit(limit)
    after = _cursor(cursor, 2, numeric=False)
    rows = store.execute(
        "SELECT s.id, s.title, COUNT(DISTINCT e.id) AS events, COUNT(ea.article) AS articles,"
        " MIN(e.date) AS first, MAX(e.date) AS last FROM stories s"
        " JOIN events e ON e.story = s.id LEFT JOIN event_articles ea ON ea.event = e.id"
        " GROUP BY s.id ORDER BY articles DESC, s.id"
    )
    items = [dict(r) for r in rows]
    if after is not None:
        if not after[0].isdigit():
            raise BadParameter(errors.E051.format(value=cursor))
        n, sid = int(after[0]), after[1]
        items = [i for i in items if (-i["articles"], i["id"]) > (-n, sid)]
    page = items[:size]
    more = len(items) > size
    return {
        "items": page,
        "next": f"{page[-1]['articles']}~{page[-1]['id']}" if more and page else None,
    }


def story(store: Store, story_id: str) -> Record:
    row = store.execute("SELECT id, title FROM stories WHERE id = ?", (story_id,))
    if not row:
        raise NotFound(errors.E053.format(id=story_id))
    return dict(row[0])


def _compute_timeline(store: Store, story_id: str) -> list[Record]:
    events = store.execute(
        "SELECT id, date, title FROM events WHERE story = ? ORDER BY date IS NULL, date, id",
        (story_id,),
    )
    members = store.execute(
        "SELECT ea.event, a.id, a.source, a.url, a.origin, a.duplicate_of, a.published"
        " FROM events e JOIN event_articles ea ON ea.event = e.id"
        " JOIN articles a ON a.id = ea.article WHERE e.story = ? ORDER BY a.seq",
        (story_id,),
    )
    by_event: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for m in members:
        by_event[m["event"]].append(m)
    # the first TIMELINE_QUOTES attributed direct quotes of each event's originals; the
    # quote text is cut out of the article only for those
    quotes = store.execute(
        f"SELECT k.event, {QUOTE_COLUMNS} FROM (SELECT ea.event, q.rowid AS qrow,"
        " ROW_NUMBER() OVER (PARTITION BY ea.event ORDER BY a.seq, q.idx) AS n, a.seq, q.idx"
        " FROM events e JOIN event_articles ea ON ea.event = e.id"
        " JOIN articles a ON a.id = ea.article JOIN quotes q ON q.article = a.id"
        " WHERE e.story = ? AND a.duplicate_of IS NULL AND q.kind = 'direct'"
        " AND q.speaker_name IS NOT NULL) k JOIN quotes q ON q.rowid = k.qrow"
        " JOIN articles a ON a.id = q.article WHERE k.n <= ? ORDER BY k.seq, k.idx",
        (story_id, TIMELINE_QUOTES),
    )
    entity_of = names(store)
    quotes_of: dict[str, list[Record]] = defaultdict(list)
    for q in quotes:
        if len(quotes_of[q["event"]]) < TIMELINE_QUOTES:
            quotes_of[q["event"]].append(quote_record(q, entity_of))
    entries: list[Record] = []
    for e in events:
        arts = by_event.get(e["id"], [])
        entries.append(
            {
                "event": e["id"],
                "date": e["date"],
                "title": e["title"],
                "articles": len(arts),
                "copies": sum(1 for a in arts if a["duplicate_of"]),
                "outlets": sorted({outlet_of(a["source"], a["url"], a["origin"]) for a in arts}),
                "quotes": quotes_of.get(e["id"], []),
            }
        )
    return entries


_timeline_memo: weakref.WeakKeyDictionary[Store, dict[str, tuple[int, list[Record]]]] = (
    weakref.WeakKeyDictionary()
)


def timeline(
    store: Store, story_id: str, *, limit: int | None = None, cursor: str | None = None
) -> Record:
    """The story's events in date order (undated last), precomputed per store version."""
    size = check_limit(limit)
    after = _cursor(cursor, 1)
    version = store.version()
    memos = _timeline_memo.setdefault(store, {})
    memo = memos.get(story_id)
    if memo is not None and memo[0] == version:
        entries = memo[1]
    else:
        body = store.cached_timeline(story_id, version)
        if body is None:
            story(store, story_id)  # 404 when unknown
            entries = _compute_timeline(store, story_id)
            store.cache_timeline(story_id, version, json.dumps(entries, ensure_ascii=False))
        else:
            entries = json.loads(body)
        memos[story_id] = (version, entries)
    start = int(after[0]) if after else 0
    page = entries[start : start + size]
    more = start + size < len(entries)
    return {
        "story": story_id,
        "total": len(entries),
        "items": page,
        "next": str(start + size) if more else None,
    }


def precompute_timelines(store: Store) -> int:
    """Compute every story's timeline for the current version (``storyline serve`` start)."""
    names(store)
    version = store.version()
    ids = [r["id"] for r in store.execute("SELECT id FROM stories")]
    for sid in ids:
        if store.cached_timeline(sid, version) is None:
            entries = _compute_timeline(store, sid)
            store.cache_timeline(sid, version, json.dumps(entries, ensure_ascii=False))
    return len(ids)


def event(store: Store, event_id: str) -> Record:
    rows = store.execute("SELECT id, date, title, story FROM events WHERE id = ?", (event_id,))
    if not rows:
        raise NotFound(errors.E054.format(id=event_id))
    record = dict(rows[0])
    record["articles"] = [
        {
            "id": a["id"],
            "title": a["title"],
            "published": a["published"],
            "outlet": outlet_of(a["source"], a["url"], a["origin"]),
            "duplicate_of": a["duplicate_of"],
        }
        for a in store.execute(
            "SELECT a.id, a.title, a.published, a.source, a.url, a.origin, a.duplicate_of"
            " FROM event_articles ea JOIN articles a ON a.id = ea.article WHERE ea.event = ?"
            " ORDER BY a.seq",
            (event_id,),
        )
    ]
    return record


def events(
    store: Store,
    *,
    story_id: str | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Record:
    size = check_limit(limit)
    after = _cursor(cursor, 2, numeric=False)
    where, params = [], []
    if story_id:
        where.append("story = ?")
        params.append(story_id)
    if after is not None:
        where.append("(COALESCE(date, '~'), id) > (?, ?)")
        params += [after[0], after[1]]
    sql = "SELECT id, date, title, story FROM events"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY COALESCE(date, '~'), id LIMIT ?"
    rows = [dict(r) for r in store.execute(sql, [*params, size + 1])]
    return _page(rows, size, lambda r: f"{r['date'] or '~'}~{r['id']}")


def _page(rows: list[Record], size: int, key: Any) -> Record:
    more = len(rows) > size
    page = rows[:size]
    return {"items": page, "next": key(page[-1]) if more and page else None}


# ---------------------------------------------------------------------- articles


def article(store: Store, article_id: str) -> Record:
    rows = store.execute(
        "SELECT a.*, ea.event AS event, e.story AS story FROM articles a"
        " LEFT JOIN event_articles ea ON ea.article = a.id LEFT JOIN events e ON e.id = ea.event"
        " WHERE a.id = ?",
        (article_id,),
    )
    if not rows:
        raise NotFound(errors.E055.format(id=article_id))
    a = rows[0]
    entity_of = names(store)
    text: str = a["text"]
    quotes = [
        quote_record(q, entity_of)
        for q in store.execute(
            f"SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article"
            " WHERE q.article = ? ORDER BY q.idx",
            (article_id,),
        )
    ]
    mentions = [
        {
            "start": m["start"],
            "end": m["end"],
            "text": m["text"],
            "label": m["label"],
            "entity": entity_of.get(m["name"], (None, None))[0],
            "credit": bool(m["credit"]),  # an outlet credited for the report ("(CNN) --")
        }
        for m in store.execute(
            "SELECT start, end, text, label, name, credit FROM mentions WHERE article = ?"
            " ORDER BY idx",
            (article_id,),
        )
    ]
    timexes = [
        dict(t)
        for t in store.execute(
            "SELECT start, end, text, type, value FROM timexes WHERE article = ? ORDER BY idx",
            (article_id,),
        )
    ]
    actions = [
        dict(x)
        for x in store.execute(
            "SELECT id, start, end, type, actor, target, date FROM actions WHERE article = ?"
            " ORDER BY idx",
            (article_id,),
        )
    ]
    sentences = [
        {"start": s["start"], "end": s["end"]}
        for s in store.execute(
            "SELECT start, end FROM sentences WHERE article = ? ORDER BY idx", (article_id,)
        )
    ]
    return {
        "id": a["id"],
        "title": a["title"],
        "origin": a["origin"],
        "source": a["source"],
        "url": a["url"],
        "outlet": outlet_of(a["source"], a["url"], a["origin"]),
        "published": a["published"],
        "published_estimated": bool(a["published_estimated"]),
        "duplicate_of": a["duplicate_of"],
        "event": a["event"],
        "story": a["story"],
        "text": text,
        "sentences": sentences,
        "mentions": mentions,
        "timexes": timexes,
        "quotes": quotes,
        "actions": actions,
    }


@dataclass(frozen=True, slots=True)
class Piece:
    """One run of article text and the extracted items covering it (for highlighting)."""

    text: str
    kinds: tuple[str, ...]  # "quote", "mention", "timex", "action"
    anchors: tuple[str, ...]  # ids of items starting here ("q-...", "s-3", ...)
    title: str


def highlight(record: Record) -> list[Piece]:
    """Cut the article text at every item boundary; each piece knows what covers it."""
    text: str = record["text"]
    spans: list[tuple[int, int, str, str, str]] = []
    for i, s in enumerate(record["sentences"]):
        spans.append((s["start"], s["end"], "sentence", f"s-{i}", ""))
    for q in record["quotes"]:
        who = q["speaker"] or "unknown speaker"
        spans.append((q["start"], q["end"], "quote", f"q-{q['id']}", f"quote: {who}"))
    for m in record["mentions"]:
        label = f"{m['label']} (outlet credit)" if m.get("credit") else m["label"]
        spans.append((m["start"], m["end"], "mention", "", label))
    for t in record["timexes"]:
        spans.append((t["start"], t["end"], "timex", "", f"{t['type']} {t['value']}"))
    for x in record["actions"]:
        spans.append((x["start"], x["end"], "action", f"a-{x['id']}", f"action: {x['type']}"))
    cuts = sorted({0, len(text), *(s[0] for s in spans), *(s[1] for s in spans)})
    pieces: list[Piece] = []
    for lo, hi in itertools.pairwise(cuts):
        if lo >= hi or hi > len(text):
            continue
        covering = [s for s in spans if s[0] <= lo and hi <= s[1] and s[2] != "sentence"]
        anchors = tuple(s[3] for s in spans if s[0] == lo and s[3])
        pieces.append(
            Piece(
                text=text[lo:hi],
                kinds=tuple(sorted({s[2] for s in covering})),
                anchors=anchors,
                title="; ".join(s[4] for s in covering if s[4]),
            )
        )
    return pieces


# ---------------------------------------------------------------------- quotes


def speaker_names(store: Store, speaker: str) -> list[str]:
    """Every stored speaker name that denotes ``speaker`` (canonical name or any alias)."""
    lookups = _lookups(store)
    found = {speaker}
    for entity in lookups.ids_of_spelling.get(speaker.casefold(), ()):
        found |= lookups.names_of_entity.get(entity, set())
    return sorted(found)


def quotes(
    store: Store,
    *,
    speaker: str | None = None,
    story_id: str | None = None,
    source: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    text: str | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Record:
    """Quotes, newest first (the day said, else the article's day), with filters."""
    size = check_limit(limit)
    entity_of = names(store)  # also brings article_outlets up to date
    start = check_date(date_from, name="from")
    end = check_date(date_to, name="to")
    if start and end and start > end[: len(start)]:
        raise BadParameter(errors.E069.format(start=start, end=end))
    after = _cursor(cursor, 2)
    # Story and outlet filters walk quote_facets, kept in date order per story and per
    # outlet; otherwise the speaker index, or the sort index for broad text filters.
    facet = ("story", story_id) if story_id else ("outlet", source) if source else None
    if facet is not None:
        table, day, row = (
            "quote_facets f JOIN quotes q ON q.rowid = f.qrow",
            "f.sort_date",
            "f.qrow",
        )
        where: list[str] = ["f.facet = ?", "f.value = ?"]
        params: list[Any] = list(facet)
    else:
        broad = not speaker and _broad(store, text=text)
        table = "quotes q INDEXED BY quotes_sort" if broad else "quotes q"
        day, row = "q.sort_date", "q.rowid"
        where, params = [], []
    if speaker:
        wanted = speaker_names(store, speaker)
        where.append(f"q.speaker_name IN ({','.join('?' * len(wanted))})")
        params += wanted
    if story_id:
        story(store, story_id)
    if story_id and source:
        where.append("q.article IN (SELECT article FROM article_outlets WHERE outlet = ?)")
        params.append(source)
    if start:
        where.append(f"{day} >= ?")
        params.append(start)
    if end:
        where.append(f"{day} < ?")
        params.append(end + "~")
    if text:
        where.append("q.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        params.append(text)
    if after is not None:
        where.append(f"({day}, {row}) < (?, ?)")
        params += [after[0], int(after[1])]
    # the page's rowids first (sort keys only), then the columns of those rows alone
    inner = f"SELECT {row} AS qrow FROM {table}"
    if where:
        inner += " WHERE " + " AND ".join(where)
    inner += f" ORDER BY {day} DESC, {row} DESC LIMIT ?"
    sql = (
        f"SELECT {QUOTE_COLUMNS} FROM ({inner}) p JOIN quotes q ON q.rowid = p.qrow"
        " JOIN articles a ON a.id = q.article ORDER BY q.sort_date DESC, q.rowid DESC"
    )
    rows = _fts(store, sql, [*params, size + 1])
    items = [quote_record(r, entity_of) for r in rows[:size]]
    more = len(rows) > size
    last = rows[size - 1] if more else None
    return {
        "items": items,
        "next": f"{last['sort_date']}~{last['rid']}" if last is not None else None,
    }


BROAD: Final = 0.01  # a text filter passing this share of the quotes or more counts as broad


def _broad(store: Store, *, text: str | None) -> bool:
    """Whether the text filter (if any) passes at least :data:`BROAD` of the quotes."""
    if not text:
        return True
    total = store.execute("SELECT MAX(rowid) FROM quotes")[0][0] or 0
    n = _fts(store, "SELECT COUNT(*) FROM quotes_fts WHERE quotes_fts MATCH ?", (text,))[0][0]
    return bool(n >= BROAD * total)


def quote(store: Store, quote_id: str) -> Record:
    rows = store.execute(
        f"SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article WHERE q.id = ?",
        (quote_id,),
    )
    if not rows:
        raise NotFound(errors.E057.format(id=quote_id))
    record = quote_record(rows[0], names(store))
    sentence = store.execute(
        "SELECT idx, start, end FROM sentences WHERE article = ? AND start <= ? AND end > ?"
        " ORDER BY idx LIMIT 1",
        (record["article"], record["start"], record["start"]),
    )
    record["sentence"] = sentence[0]["idx"] if sentence else None
    return record


def _fts(store: Store, sql: str, params: Sequence[Any]) -> list[sqlite3.Row]:
    try:
        return store.execute(sql, params)
    except sqlite3.OperationalError as exc:
        message = str(exc)
        if "locked" in message or "busy" in message or "no such table" in message:
            raise
        raise BadParameter(errors.E058.format(detail=message)) from exc


# ---------------------------------------------------------------------- entities


def entities(
    store: Store,
    *,
    type: str | None = None,
    name: str | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> Record:
    size = check_limit(limit)
    after = _cursor(cursor, 2, numeric=False)
    where, params = [], []
    if type:
        where.append("type = ?")
        params.append(type.upper())
    if name:
        where.append("(name LIKE ? ESCAPE '\\' OR aliases LIKE ? ESCAPE '\\')")
        pattern = "%" + re.sub(r"([%_\\])", r"\\\1", name) + "%"
        params += [pattern, pattern]
    if after is not None:
        where.append("(name, id) > (?, ?)")
        params += [after[0], after[1]]
    sql = "SELECT id, name, type, aliases FROM entities"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY name, id LIMIT ?"
    rows = [
        {"id": r["id"], "name": r["name"], "type": r["type"], "aliases": json.loads(r["aliases"])}
        for r in store.execute(sql, [*params, size + 1])
    ]
    counts = store.entity_mention_counts([r["id"] for r in rows])
    for r in rows:  # outlet credits ("(CNN) --") are counted apart from the participants
        r["mentions"], r["credit_mentions"] = counts.get(r["id"], (0, 0))
    return _page(rows, size, lambda r: f"{r['name']}~{r['id']}")


def entity(store: Store, entity_id: str) -> Record:
    rows = store.execute("SELECT id, name, type, aliases FROM entities WHERE id = ?", (entity_id,))
    if not rows:
        raise NotFound(errors.E056.format(id=entity_id))
    r = rows[0]
    over_time: Counter[str] = Counter()
    for m in store.execute(
        "SELECT substr(COALESCE(a.published, ''), 1, 7) AS month, COUNT(*) AS n"
        " FROM entity_names n JOIN mentions m ON m.name = n.name AND m.label = n.type"
        " JOIN articles a ON a.id = m.article WHERE n.entity = ? AND COALESCE(m.credit, 0) = 0"
        " GROUP BY month",
        (entity_id,),
    ):
        over_time[m["month"] or "undated"] += m["n"]
    actor, credit = store.entity_mention_counts([entity_id]).get(entity_id, (0, 0))
    return {
        "id": r["id"],
        "name": r["name"],
        "type": r["type"],
        "aliases": json.loads(r["aliases"]),
        "mentions": actor,
        "credit_mentions": credit,
        "mentions_by_month": [{"month": k, "mentions": v} for k, v in sorted(over_time.items())],
    }


# ---------------------------------------------------------------------- search


_QUERY_WORD = re.compile(r"(\w+)(\*?)")
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


def query_terms(query: str) -> re.Pattern[str] | None:
    """A pattern for the words of an FTS5 query (operators left out, prefix* kept)."""
    parts = [
        re.escape(word) + (r"\w*" if star else r"\b")
        for word, star in _QUERY_WORD.findall(query)
        if word not in _OPERATORS
    ]
    return re.compile(r"\b(?:" + "|".join(parts) + ")", re.IGNORECASE) if parts else None


def snippet(text: str, terms: re.Pattern[str] | None, *, words: int = 12) -> str:
    """About ``words`` words around the first match, matches between \\x02 and \\x03."""
    found = terms.search(text) if terms is not None else None
    at = found.start() if found else 0
    reach = 30 * words  # characters: enough for ``words`` words, so no split of a long text
    lead = text[max(0, at - reach) : at].split()
    trail = text[at : at + reach].split()
    before = lead[-(words // 3) :] if at else []
    after = trail[: words - len(before)]
    window = " ".join([*before, *after])
    if terms is not None:
        window = terms.sub(lambda m: "\x02" + m.group(0) + "\x03", window)
    head = "…" if len(before) < len(lead) or at > reach else ""
    tail = "…" if len(trail) > len(after) or at + reach < len(text) else ""
    return head + window + tail


SEARCH_LIMIT: Final = 10  # results of each kind by default (at most MAX_SEARCH)
MAX_SEARCH: Final = 50
CANDIDATES: Final = 200  # matches ranked per kind: the most recently stored ones


def search(store: Store, query: str, *, limit: int | None = None) -> Record:
    """FTS5 search over article titles and texts and over quotes.

    Each kind is ranked by BM25 among its :data:`CANDIDATES` most recently stored matches
    (so a query matching most of a large corpus costs the same as a rare one); ``total``
    counts every match.
    """
    if limit is None:
        size = SEARCH_LIMIT
    elif not 1 <= limit <= MAX_SEARCH:
        raise BadParameter(errors.E050.format(name="limit", low=1, high=MAX_SEARCH, value=limit))
    else:
        size = limit
    if not query.strip():
        raise BadParameter(errors.E059.format(name="q"))
    entity_of = names(store)
    result: Record = {"query": query}
    for table in ("articles_fts", "quotes_fts"):
        total = _fts(store, f"SELECT COUNT(*) FROM {table} WHERE {table} MATCH ?", (query,))
        best = [
            r[0]
            for r in _fts(
                store,
                f"SELECT rowid FROM (SELECT rowid, bm25({table}) AS score FROM {table}"
                f" WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT ?) ORDER BY score, rowid"
                " LIMIT ?",
                (query, CANDIDATES, size),
            )
        ]
        result[f"{table[:-4]}_total"] = total[0][0]
        order = {rowid: i for i, rowid in enumerate(best)}
        marks = ",".join("?" * len(best))
        if table == "articles_fts":
            rows = store.execute(
                "SELECT a.rowid AS rid, a.id, a.title, a.published, a.source, a.url, a.origin,"
                f" a.text FROM articles a WHERE a.rowid IN ({marks})",
                best,
            )
            terms = query_terms(query)
            result["articles"] = [
                {
                    "id": a["id"],
                    "title": a["title"],
                    "published": a["published"],
                    "outlet": outlet_of(a["source"], a["url"], a["origin"]),
                    "snippet": snippet(a["text"], terms),
                }
                for a in sorted(rows, key=lambda r: order[r["rid"]])
            ]
        else:
            rows = store.execute(
                f"SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article"
                f" WHERE q.rowid IN ({marks})",
                best,
            )
            result["quotes"] = [
                quote_record(q, entity_of) for q in sorted(rows, key=lambda r: order[r["rid"]])
            ]
    return result


def outlets(store: Store) -> list[str]:
    """Every outlet (source, else URL site, else file name), for the quotes explorer."""
    names(store)
    return [r[0] for r in store.execute("SELECT DISTINCT outlet FROM article_outlets ORDER BY 1")]


def speakers(store: Store, *, limit: int = 200) -> list[Record]:
    """The most quoted speakers (canonical names), for the quotes explorer."""
    entity_of = names(store)
    counts: Counter[str] = Counter()
    for r in store.execute(
        "SELECT speaker_name, COUNT(*) AS n FROM quotes WHERE speaker_name IS NOT NULL"
        " GROUP BY speaker_name"
    ):
        entity = entity_of.get(r["speaker_name"])
        counts[entity[1] if entity else r["speaker_name"]] += r["n"]
    return [{"speaker": s, "quotes": n} for s, n in counts.most_common(limit)]
