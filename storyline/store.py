"""The store: one SQLite file behind one interface.

* Named, transactional migrations (``MIGRATIONS``): each runs inside one
  transaction together with its row in ``schema_migrations``; a database made
  by an older storyline is upgraded on open, one made by a newer one is refused.
* WAL journal, foreign keys on, SQL only with parameters.
* One transaction per article: the article row and every per-article analysis
  (sentences, mentions, timexes, quotes, actions, LSH keys) are written, or
  replaced, together, so a crash at any point leaves either the old state or
  the new one.

PostgreSQL comes later behind the same interface.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from . import dedup, errors
from .entities import Identities, NameStat
from .model import Analysis, Entity, EntityType, Event, Story
from .nlp import EMBEDDING_MODEL
from .outlets import NamedSpan, mention_credits, outlet_credits
from .statements import Statement

Hook = Callable[[str], None]


def _no_hook(point: str) -> None:
    return None


@dataclass(frozen=True, slots=True)
class Migration:
    name: str
    sql: str


MIGRATIONS: Final[tuple[Migration, ...]] = (
    Migration(
        "0001_initial",
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            origin TEXT NOT NULL,
            external_id TEXT NOT NULL DEFAULT '',
            record_hash TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            source TEXT,
            url TEXT,
            title TEXT,
            published TEXT,
            published_estimated INTEGER NOT NULL DEFAULT 0,
            language TEXT,
            text TEXT NOT NULL,
            raw TEXT NOT NULL,
            segments TEXT NOT NULL,
            removed TEXT NOT NULL,
            dateline TEXT,
            grp TEXT NOT NULL DEFAULT '',
            duplicate_of TEXT REFERENCES articles(id) ON DELETE SET NULL,
            minhash BLOB,
            seq INTEGER NOT NULL,
            UNIQUE (origin, external_id)
        );
        CREATE INDEX articles_content_hash ON articles(content_hash);
        CREATE TABLE sentences (
            article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            PRIMARY KEY (article, idx)
        );
        CREATE TABLE mentions (
            article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            label TEXT NOT NULL,
            name TEXT NOT NULL,
            PRIMARY KEY (article, idx)
        );
        CREATE INDEX mentions_name ON mentions(name, label);
        CREATE TABLE timexes (
            article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            type TEXT NOT NULL,
            value TEXT NOT NULL,
            mod TEXT,
            PRIMARY KEY (article, idx)
        );
        CREATE TABLE quotes (
            id TEXT PRIMARY KEY,
            article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            kind TEXT NOT NULL,
            cue_start INTEGER,
            cue_end INTEGER,
            speaker_start INTEGER,
            speaker_end INTEGER,
            speaker_name TEXT,
            via TEXT NOT NULL,
            date TEXT,
            date_start INTEGER,
            date_end INTEGER
        );
        CREATE INDEX quotes_article ON quotes(article);
        CREATE TABLE actions (
            id TEXT PRIMARY KEY,
            article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            trigger_start INTEGER NOT NULL,
            trigger_end INTEGER NOT NULL,
            type TEXT NOT NULL,
            actor TEXT,
            target TEXT,
            place TEXT,
            date TEXT,
            date_start INTEGER,
            date_end INTEGER
        );
        CREATE INDEX actions_article ON actions(article);
        CREATE TABLE lsh (
            article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            band INTEGER NOT NULL,
            key INTEGER NOT NULL,
            PRIMARY KEY (article, band)
        );
        CREATE INDEX lsh_key ON lsh(band, key);
        CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            aliases TEXT NOT NULL
        );
        CREATE TABLE entity_names (
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            entity TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            PRIMARY KEY (name, type)
        );
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL
        );
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            date TEXT,
            title TEXT NOT NULL,
            story TEXT REFERENCES stories(id) ON DELETE SET NULL
        );
        CREATE TABLE event_articles (
            article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            event TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE
        );
        CREATE INDEX event_articles_event ON event_articles(event);
        """,
    ),
    Migration(
        "0002_fulltext_search",
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid'
        );
        INSERT INTO articles_fts(rowid, title, text) SELECT rowid, title, text FROM articles;
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
                VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
                VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        """,
    ),
    Migration(
        "0003_article_warnings",
        """
        ALTER TABLE articles ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
        CREATE INDEX articles_published ON articles(published);
        """,
    ),
    Migration(
        # One utterance carried by several articles (translated or trimmed differently):
        # each quote points to its statement; the statement keeps the earliest wording.
        "0004_statements",
        """
        CREATE TABLE statements (
            id TEXT PRIMARY KEY,
            speaker_entity TEXT,
            text TEXT NOT NULL,
            first_article TEXT,
            date TEXT
        );
        ALTER TABLE quotes ADD COLUMN statement TEXT;
        CREATE INDEX quotes_statement ON quotes(statement);
        """,
    ),
    Migration(
        # Per speaker entity, a fingerprint of the quotes its statements were linked from, so
        # that the incremental pass relinks only the speakers whose quotes changed.
        "0005_statement_speakers",
        """
        CREATE TABLE statement_speakers (
            speaker_entity TEXT PRIMARY KEY,
            fingerprint TEXT NOT NULL
        );
        CREATE INDEX statements_speaker ON statements(speaker_entity);
        """,
    ),
    Migration(
        # Per-article sentence embedding (title + lead) and why each article joined its event.
        "0006_embeddings_cluster_evidence",
        """
        CREATE TABLE article_vectors (
            article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            vector BLOB NOT NULL
        );
        CREATE TABLE cluster_evidence (
            article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            event TEXT NOT NULL,
            evidence TEXT NOT NULL
        );
        """,
    ),
    Migration(
        # The workbench (HTTP API and web UI): a sort key and full-text index for quotes,
        # indexes for the API's filters, a version counter bumped whenever articles or
        # clusters change, and the precomputed story timelines keyed by that version.
        "0007_workbench",
        """
        -- sort_date: the day said when the text gives a calendar date, else the day published
        ALTER TABLE quotes ADD COLUMN sort_date TEXT NOT NULL DEFAULT '';
        UPDATE quotes SET sort_date = COALESCE(CASE WHEN date GLOB '[0-9][0-9][0-9][0-9]'
            OR date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' THEN substr(date, 1, 10) END,
            (SELECT substr(COALESCE(a.published, ''), 1, 10) FROM articles a
            WHERE a.id = quotes.article), '');
        CREATE INDEX quotes_sort ON quotes(sort_date);
        CREATE INDEX quotes_speaker ON quotes(speaker_name, sort_date);
        CREATE INDEX events_story ON events(story, date);
        CREATE INDEX articles_source ON articles(source);
        CREATE INDEX articles_duplicate ON articles(duplicate_of);
        CREATE VIRTUAL TABLE quotes_fts USING fts5(text, speaker);
        INSERT INTO quotes_fts(rowid, text, speaker)
            SELECT q.rowid, substr(a.text, q.start + 1, q.end - q.start),
                COALESCE(q.speaker_name, '') FROM quotes q JOIN articles a ON a.id = q.article;
        CREATE TRIGGER quotes_workbench_insert AFTER INSERT ON quotes BEGIN
            UPDATE quotes SET sort_date = COALESCE(CASE WHEN new.date GLOB '[0-9][0-9][0-9][0-9]'
                OR new.date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' THEN substr(new.date, 1, 10)
                END, (SELECT substr(COALESCE(a.published, ''), 1, 10) FROM articles a
                WHERE a.id = new.article), '') WHERE rowid = new.rowid;
            INSERT INTO quotes_fts(rowid, text, speaker)
                SELECT new.rowid, substr(a.text, new.start + 1, new.end - new.start),
                    COALESCE(new.speaker_name, '') FROM articles a WHERE a.id = new.article;
        END;
        CREATE TRIGGER quotes_workbench_delete AFTER DELETE ON quotes BEGIN
            DELETE FROM quotes_fts WHERE rowid = old.rowid;
        END;
        CREATE TABLE workbench_version (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            n INTEGER NOT NULL,
            facets INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO workbench_version (id, n) VALUES (1, 1);
        -- quotes by story and by outlet in date order (rebuilt when the version moves on)
        CREATE TABLE quote_facets (
            facet TEXT NOT NULL,
            value TEXT NOT NULL,
            sort_date TEXT NOT NULL,
            qrow INTEGER NOT NULL,
            PRIMARY KEY (facet, value, sort_date, qrow)
        ) WITHOUT ROWID;
        -- filled by storyline.views.sync_outlets (source, else URL site, else file name)
        CREATE TABLE article_outlets (
            article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            outlet TEXT NOT NULL
        );
        CREATE INDEX article_outlets_outlet ON article_outlets(outlet);
        CREATE TABLE story_timelines (
            story TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            body TEXT NOT NULL
        );
        """
        + "".join(
            f"CREATE TRIGGER workbench_{table}_{change.split()[0].lower()} AFTER {change}"
            f" ON {table} BEGIN\n    UPDATE workbench_version SET n = n + 1;\nEND;\n"
            for table, change in (
                ("articles", "INSERT"),
                ("articles", "DELETE"),
                ("events", "INSERT"),
                ("events", "UPDATE"),
                ("events", "DELETE"),
                ("event_articles", "INSERT"),
                ("event_articles", "UPDATE"),
                ("event_articles", "DELETE"),
                ("entity_names", "INSERT"),
                ("entity_names", "DELETE"),
                ("quotes", "UPDATE OF statement"),
            )
        ),
    ),
    Migration(
        # Sentence vectors of quote texts, keyed by the text's SHA-1 and the model: a cache for
        # linking translated statements (pipeline.update_statements), so a relink embeds only
        # texts it has not seen.  Content-addressed: re-analysing an article keeps it valid.
        "0008_text_vectors",
        """
        CREATE TABLE text_vectors (
            model TEXT NOT NULL,
            text_sha1 TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (model, text_sha1)
        ) WITHOUT ROWID;
        """,
    ),
    Migration(
        # Whether a mention is an outlet credit (storyline.outlets: "(CNN) --", "told Reuters",
        # a quote's relay, the article's own source): 1 or 0, written with the article; NULL on
        # rows written before this migration, filled by Store.fill_mention_credits (run when the
        # store opens; the partial index finds them at once).
        "0009_mention_credits",
        """
        ALTER TABLE mentions ADD COLUMN credit INTEGER;
        CREATE INDEX mentions_credit_unknown ON mentions(article) WHERE credit IS NULL;
        """,
    ),
)


@dataclass(frozen=True, slots=True)
class StoredState:
    """What the store already holds for one input record."""

    id: str
    record_hash: str


class Store:
    """One SQLite database. Use :meth:`open` (a context manager) to get one."""

    def __init__(self, conn: sqlite3.Connection, *, hook: Hook = _no_hook) -> None:
        self._conn = conn
        self._hook = hook

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    @contextmanager
    def open(
        cls,
        path: str | Path,
        *,
        migrations: Sequence[Migration] = MIGRATIONS,
        hook: Hook = _no_hook,
    ) -> Iterator[Store]:
        """Open (creating or upgrading) the database at ``path`` (``:memory:`` works)."""
        try:
            conn = sqlite3.connect(str(path), isolation_level=None, timeout=30.0)
        except sqlite3.Error as exc:
            raise errors.StoreError(f"cannot open database: {exc}", where=str(path)) from exc
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            if str(path) != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            store = cls(conn, hook=hook)
            store.migrate(migrations)
            if "0009_mention_credits" in store.applied_migrations():
                store.fill_mention_credits()
            yield store
        except sqlite3.DatabaseError as exc:
            raise errors.StoreError(f"not a storyline database: {exc}", where=str(path)) from exc
        finally:
            conn.close()

    def set_hook(self, hook: Hook) -> None:
        """Call ``hook(point)`` at fault-injection points ("inside_write", "before_commit")."""
        self._hook = hook

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._hook("before_commit")
        self._conn.execute("COMMIT")

    def migrate(self, migrations: Sequence[Migration] = MIGRATIONS) -> list[str]:
        """Apply the migrations not yet applied, each in its own transaction."""
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations"
            " (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        applied = {r[0] for r in self._conn.execute("SELECT name FROM schema_migrations")}
        known = {m.name for m in MIGRATIONS}
        for name in sorted(applied - known):
            raise errors.StoreError(errors.E014.format(name=name))
        done: list[str] = []
        for migration in migrations:
            if migration.name in applied:
                continue
            with self.transaction() as conn:
                for statement in _split_sql(migration.sql):
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                    (migration.name, _now()),
                )
            done.append(migration.name)
        return done

    def applied_migrations(self) -> list[str]:
        return [
            r[0] for r in self._conn.execute("SELECT name FROM schema_migrations ORDER BY name")
        ]

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Run one parameterised read query (for views and tests)."""
        return list(self._conn.execute(sql, params))

    # ------------------------------------------------------------------ articles

    def state_of(self, origin: str, external_id: str | None) -> StoredState | None:
        row = self._conn.execute(
            "SELECT id, record_hash FROM articles WHERE origin = ? AND external_id = ?",
            (origin, external_id or ""),
        ).fetchone()
        return StoredState(id=row["id"], record_hash=row["record_hash"]) if row else None

    def find_duplicate(
        self,
        *,
        article_id: str,
        content_hash: str,
        signature: tuple[int, ...],
        threshold: float,
    ) -> str | None:
        """The first stored original this text copies exactly or nearly, if any."""
        row = self._conn.execute(
            "SELECT id FROM articles WHERE content_hash = ? AND id != ? AND duplicate_of IS NULL"
            " ORDER BY seq LIMIT 1",
            (content_hash, article_id),
        ).fetchone()
        if row:
            return str(row["id"])
        keys = dedup.band_keys(signature)
        if not keys:
            return None
        clauses = " OR ".join("(band = ? AND key = ?)" for _ in keys)
        params: list[Any] = [v for band, key in enumerate(keys) for v in (band, key)]
        candidates = self._conn.execute(
            f"SELECT DISTINCT a.id, a.minhash, a.seq FROM lsh JOIN articles a ON a.id = lsh.article"
            f" WHERE ({clauses}) AND a.id != ? AND a.duplicate_of IS NULL ORDER BY a.seq",
            [*params, article_id],
        ).fetchall()
        for cand in candidates:
            if dedup.similarity(signature, dedup.unpack(cand["minhash"])) >= threshold:
                return str(cand["id"])
        return None

    def save_analysis(
        self, analysis: Analysis, *, record_hash: str, duplicate_of: str | None
    ) -> None:
        """Write (or replace) one article and all its analyses in one transaction."""
        meta = analysis.meta
        cleaned = analysis.cleaned
        with self.transaction() as conn:
            old = conn.execute("SELECT seq FROM articles WHERE id = ?", (meta.id,)).fetchone()
            if old is not None:
                seq = int(old["seq"])
                for table in (
                    "sentences",
                    "mentions",
                    "timexes",
                    "quotes",
                    "actions",
                    "lsh",
                    "article_vectors",
                    "cluster_evidence",
                ):
                    conn.execute(f"DELETE FROM {table} WHERE article = ?", (meta.id,))
                conn.execute("DELETE FROM event_articles WHERE article = ?", (meta.id,))
                conn.execute("DELETE FROM articles WHERE id = ?", (meta.id,))
            else:
                seq = int(
                    conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM articles").fetchone()[0]
                )
            conn.execute(
                "INSERT INTO articles (id, origin, external_id, record_hash, content_hash, source,"
                " url, title, published, published_estimated, language, text, raw, segments,"
                " removed, dateline, grp, duplicate_of, minhash, seq, warnings)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    meta.id,
                    meta.origin,
                    meta.external_id or "",
                    record_hash,
                    meta.content_hash,
                    meta.source,
                    meta.url,
                    meta.title,
                    meta.published,
                    int(meta.published_estimated),
                    meta.language,
                    cleaned.text,
                    cleaned.raw,
                    json.dumps([[s.start, s.raw_start, s.length] for s in cleaned.segments]),
                    json.dumps([[r.raw.start, r.raw.end, r.reason] for r in cleaned.removed]),
                    cleaned.dateline,
                    meta.group,
                    duplicate_of,
                    dedup.pack(analysis.minhash) if analysis.minhash else None,
                    seq,
                    json.dumps(list(analysis.warnings)),
                ),
            )
            self._hook("inside_write")
            conn.executemany(
                "INSERT INTO sentences VALUES (?,?,?,?)",
                [(meta.id, i, s.span.start, s.span.end) for i, s in enumerate(analysis.sentences)],
            )
            credits = mention_credits(
                cleaned.text, analysis.mentions, source=meta.source, quotes=analysis.quotes
            )
            conn.executemany(
                "INSERT INTO mentions (article, idx, start, end, text, label, name, credit)"
                " VALUES (?,?,?,?,?,?,?,?)",
                [
                    (meta.id, i, m.span.start, m.span.end, m.text, m.label, m.name, i in credits)
                    for i, m in enumerate(analysis.mentions)
                ],
            )
            conn.executemany(
                "INSERT INTO timexes VALUES (?,?,?,?,?,?,?,?)",
                [
                    (meta.id, i, t.span.start, t.span.end, t.text, str(t.type), t.value, t.mod)
                    for i, t in enumerate(analysis.timexes)
                ],
            )
            conn.executemany(
                "INSERT INTO quotes (id, article, idx, start, end, kind, cue_start, cue_end,"
                " speaker_start, speaker_end, speaker_name, via, date, date_start, date_end)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        f"{meta.id}-q{i}",
                        meta.id,
                        i,
                        q.content.start,
                        q.content.end,
                        str(q.kind),
                        q.cue.start if q.cue else None,
                        q.cue.end if q.cue else None,
                        q.speaker_mention.start if q.speaker_mention else None,
                        q.speaker_mention.end if q.speaker_mention else None,
                        q.speaker_name,
                        json.dumps([list(step) for step in q.via]),
                        q.said_on.value if q.said_on else None,
                        q.said_on.evidence.start if q.said_on else None,
                        q.said_on.evidence.end if q.said_on else None,
                    )
                    for i, q in enumerate(analysis.quotes)
                ],
            )
            conn.executemany(
                "INSERT INTO actions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        f"{meta.id}-a{i}",
                        meta.id,
                        i,
                        a.span.start,
                        a.span.end,
                        a.trigger.start,
                        a.trigger.end,
                        str(a.type),
                        a.actor,
                        a.target,
                        a.place,
                        a.done_on.value if a.done_on else None,
                        a.done_on.evidence.start if a.done_on else None,
                        a.done_on.evidence.end if a.done_on else None,
                    )
                    for i, a in enumerate(analysis.actions)
                ],
            )
            if analysis.embedding:
                conn.execute(
                    "INSERT INTO article_vectors (article, model, vector) VALUES (?,?,?)",
                    (meta.id, EMBEDDING_MODEL, analysis.embedding),
                )
            conn.executemany(
                "INSERT INTO lsh VALUES (?,?,?)",
                [
                    (meta.id, band, key)
                    for band, key in enumerate(dedup.band_keys(analysis.minhash))
                ],
            )

    def fill_mention_credits(self, *, every: bool = False, batch: int = 200) -> int:
        """Store the outlet-credit flag of the mentions that have none (rows written before
        migration ``0009_mention_credits``), or with ``every`` of all mentions (after the
        credit rules changed); one transaction per ``batch`` articles, so an interrupted
        fill resumes where it stopped.  Returns the number of articles updated."""
        where = "" if every else " WHERE credit IS NULL"
        ids = [r[0] for r in self._conn.execute(f"SELECT DISTINCT article FROM mentions{where}")]
        for lo in range(0, len(ids), batch):
            with self.transaction() as conn:
                for article in ids[lo : lo + batch]:
                    conn.executemany(
                        "UPDATE mentions SET credit = ? WHERE article = ? AND idx = ?",
                        self._credit_rows(conn, article),
                    )
        return len(ids)

    @staticmethod
    def _credit_rows(conn: sqlite3.Connection, article: str) -> list[tuple[bool, str, int]]:
        row = conn.execute("SELECT text, source FROM articles WHERE id = ?", (article,)).fetchone()
        rows = conn.execute(
            "SELECT idx, start, end, text, label FROM mentions WHERE article = ? ORDER BY idx",
            (article,),
        ).fetchall()
        via = [
            str(name)
            for q in conn.execute("SELECT via FROM quotes WHERE article = ?", (article,))
            for step in json.loads(q["via"])
            for name in step
        ]
        credits = outlet_credits(
            row["text"] if row else "",
            [NamedSpan(r["start"], r["end"], r["text"], r["label"]) for r in rows],
            source=row["source"] if row else None,
            via=via,
        )
        return [(k in credits, article, int(r["idx"])) for k, r in enumerate(rows)]

    def entity_mention_counts(
        self, entities: Sequence[str] | None = None
    ) -> dict[str, tuple[int, int]]:
        """Per entity id: (mentions that are not outlet credits, outlet-credit mentions);
        only ``entities`` when given."""
        sql = (
            "SELECT n.entity AS entity, SUM(COALESCE(m.credit, 0) = 0) AS actor,"
            " SUM(COALESCE(m.credit, 0) = 1) AS credit"
            " FROM entity_names n JOIN mentions m ON m.name = n.name AND m.label = n.type"
        )
        params: list[str] = []
        if entities is not None:
            if not entities:
                return {}
            sql += f" WHERE n.entity IN ({','.join('?' * len(entities))})"
            params = list(entities)
        sql += " GROUP BY n.entity"
        return {
            r["entity"]: (int(r["actor"]), int(r["credit"]))
            for r in self._conn.execute(sql, params)
        }

    def article_count(self) -> int:
        return int(self._conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def articles(self) -> Iterator[sqlite3.Row]:
        """All articles in ingest order, with their event and story."""
        yield from self._conn.execute(
            "SELECT a.*, ea.event AS event, e.story AS story FROM articles a"
            " LEFT JOIN event_articles ea ON ea.article = a.id"
            " LEFT JOIN events e ON e.id = ea.event ORDER BY a.seq"
        )

    def search(self, query: str, *, limit: int = 20) -> list[sqlite3.Row]:
        """Full-text search over titles and texts (FTS5 query syntax)."""
        return list(
            self._conn.execute(
                "SELECT a.id, a.title, a.origin, snippet(articles_fts, 1, '[', ']', '…', 12)"
                " AS snippet FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
                " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
                (query, limit),
            )
        )

    # ------------------------------------------------------------------ workbench

    def version(self) -> int:
        """A counter bumped whenever articles, clusters or identities change (0007)."""
        return int(self._conn.execute("SELECT n FROM workbench_version").fetchone()[0])

    def sync_outlets(self, outlet_of: Callable[[str | None, str | None, str], str]) -> int:
        """Give every article without one its outlet row (``article_outlets``)."""
        missing = self._conn.execute(
            "SELECT a.id, a.source, a.url, a.origin FROM articles a"
            " LEFT JOIN article_outlets o ON o.article = a.id WHERE o.article IS NULL"
        ).fetchall()
        if missing:
            with self.transaction() as conn:
                conn.executemany(
                    "INSERT OR REPLACE INTO article_outlets (article, outlet) VALUES (?, ?)",
                    [(r["id"], outlet_of(r["source"], r["url"], r["origin"])) for r in missing],
                )
        return len(missing)

    def refresh_facets(self) -> bool:
        """Rebuild ``quote_facets`` (quotes by story and by outlet) if the store changed."""
        row = self._conn.execute("SELECT n, facets FROM workbench_version").fetchone()
        if row["n"] == row["facets"]:
            return False
        with self.transaction() as conn:
            conn.execute("DELETE FROM quote_facets")
            conn.execute(
                "INSERT OR IGNORE INTO quote_facets (facet, value, sort_date, qrow)"
                " SELECT 'story', e.story, q.sort_date, q.rowid FROM quotes q"
                " JOIN event_articles ea ON ea.article = q.article"
                " JOIN events e ON e.id = ea.event WHERE e.story IS NOT NULL"
            )
            conn.execute(
                "INSERT OR IGNORE INTO quote_facets (facet, value, sort_date, qrow)"
                " SELECT 'outlet', o.outlet, q.sort_date, q.rowid FROM quotes q"
                " JOIN article_outlets o ON o.article = q.article"
            )
            conn.execute("UPDATE workbench_version SET facets = ?", (row["n"],))
        return True

    def cached_timeline(self, story: str, version: int) -> str | None:
        row = self._conn.execute(
            "SELECT body FROM story_timelines WHERE story = ? AND version = ?", (story, version)
        ).fetchone()
        return str(row[0]) if row else None

    def cache_timeline(self, story: str, version: int, body: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO story_timelines (story, version, body) VALUES (?, ?, ?)"
                " ON CONFLICT(story) DO UPDATE SET version = excluded.version,"
                " body = excluded.body",
                (story, version, body),
            )

    # ------------------------------------------------------------------ per-article rows

    def rows(self, table: str) -> Iterator[sqlite3.Row]:
        if table not in {"sentences", "mentions", "timexes", "quotes", "actions"}:
            raise ValueError(f"unknown table {table!r}")
        order = "a.seq, t.idx"
        yield from self._conn.execute(
            f"SELECT t.*, a.text AS article_text FROM {table} t JOIN articles a"
            f" ON a.id = t.article ORDER BY {order}"
        )

    # ------------------------------------------------------------------ identities

    def name_stats(self) -> list[NameStat]:
        return [
            NameStat(name=r["name"], label=r["label"], surface=r["text"], count=r["n"])
            for r in self._conn.execute(
                "SELECT name, label, text, COUNT(*) AS n FROM mentions"
                " GROUP BY name, label, text ORDER BY name, label, text"
            )
        ]

    def quote_speaker_names(self) -> list[str]:
        return [
            r[0]
            for r in self._conn.execute(
                "SELECT DISTINCT speaker_name FROM quotes WHERE speaker_name IS NOT NULL"
            )
        ]

    def save_identities(self, identities: Identities) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM entity_names")
            conn.execute("DELETE FROM entities")
            conn.executemany(
                "INSERT INTO entities VALUES (?,?,?,?)",
                [
                    (e.id, e.name, str(e.type), json.dumps(list(e.aliases), ensure_ascii=False))
                    for e in identities.entities
                ],
            )
            conn.executemany(
                "INSERT INTO entity_names VALUES (?,?,?)",
                [(name, etype, eid) for (name, etype), eid in sorted(identities.by_name.items())],
            )

    def entities(self) -> list[Entity]:
        return [
            Entity(
                id=r["id"],
                name=r["name"],
                type=EntityType(r["type"]),
                aliases=tuple(json.loads(r["aliases"])),
            )
            for r in self._conn.execute("SELECT * FROM entities ORDER BY type, name, id")
        ]

    def entity_for_name(self, name: str | None) -> sqlite3.Row | None:
        """The entity a speaker/actor name resolves to (people first, then others)."""
        if not name:
            return None
        row: sqlite3.Row | None = self._conn.execute(
            "SELECT e.* FROM entity_names n JOIN entities e ON e.id = n.entity WHERE n.name = ?"
            " ORDER BY CASE n.type WHEN 'PERSON' THEN 0 WHEN 'ORG' THEN 1 WHEN 'GPE' THEN 2"
            " ELSE 3 END LIMIT 1",
            (name,),
        ).fetchone()
        return row

    # ------------------------------------------------------------------ statements

    def statement_quotes(self) -> Iterator[sqlite3.Row]:
        """Every quote with a speaker name: id, article, speaker_name, text, date,
        published, seq and its current statement, in ingest order."""
        yield from self._conn.execute(
            "SELECT q.id, q.article, q.speaker_name, q.date, q.statement, a.published, a.seq,"
            " substr(a.text, q.start + 1, q.end - q.start) AS text FROM quotes q"
            " JOIN articles a ON a.id = q.article WHERE q.speaker_name IS NOT NULL"
            " ORDER BY a.seq, q.idx"
        )

    def text_vectors(self, model: str, keys: Sequence[str]) -> dict[str, bytes]:
        """The cached vectors of ``keys`` (text SHA-1s) for ``model`` that exist."""
        out: dict[str, bytes] = {}
        unique = sorted(set(keys))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._conn.execute(
                "SELECT text_sha1, vector FROM text_vectors"
                f" WHERE model = ? AND text_sha1 IN ({marks})",
                [model, *chunk],
            ):
                out[row[0]] = bytes(row[1])
        return out

    def save_text_vectors(self, model: str, vectors: dict[str, bytes]) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO text_vectors (model, text_sha1, vector) VALUES (?, ?, ?)",
                [(model, k, v) for k, v in sorted(vectors.items())],
            )

    def statement_fingerprints(self) -> dict[str, str]:
        return {
            r["speaker_entity"]: r["fingerprint"]
            for r in self._conn.execute("SELECT * FROM statement_speakers")
        }

    def save_statements(
        self,
        statements: Sequence[Statement],
        *,
        fingerprints: dict[str, str],
        drop: Sequence[str],
        replace: bool,
    ) -> None:
        """Replace the statements of the speakers in ``drop`` (all when ``replace``) by
        ``statements`` and record each relinked speaker's fingerprint, in one transaction."""
        with self.transaction() as conn:
            if replace:
                conn.execute("UPDATE quotes SET statement = NULL WHERE statement IS NOT NULL")
                conn.execute("DELETE FROM statements")
                conn.execute("DELETE FROM statement_speakers")
            else:
                gone = [(s,) for s in drop]
                conn.executemany(
                    "UPDATE quotes SET statement = NULL WHERE statement IN"
                    " (SELECT id FROM statements WHERE speaker_entity = ?)",
                    gone,
                )
                conn.executemany("DELETE FROM statements WHERE speaker_entity = ?", gone)
                conn.executemany("DELETE FROM statement_speakers WHERE speaker_entity = ?", gone)
            self._hook("inside_statements")
            conn.executemany(
                "INSERT INTO statements (id, speaker_entity, text, first_article, date)"
                " VALUES (?,?,?,?,?)",
                [(s.id, s.speaker_entity, s.text, s.first_article, s.date) for s in statements],
            )
            conn.executemany(
                "UPDATE quotes SET statement = ? WHERE id = ?",
                [(s.id, q) for s in statements for q in s.quotes],
            )
            conn.executemany(
                "INSERT INTO statement_speakers (speaker_entity, fingerprint) VALUES (?, ?)",
                sorted(fingerprints.items()),
            )

    def statements(self) -> list[sqlite3.Row]:
        """Statements, earliest first, with their quotes' ids, articles and wordings."""
        return list(
            self._conn.execute(
                "SELECT s.*, MIN(a.seq) AS first_seq FROM statements s"
                " JOIN quotes q ON q.statement = s.id JOIN articles a ON a.id = q.article"
                " GROUP BY s.id ORDER BY s.date IS NULL, s.date, first_seq, s.id"
            )
        )

    def statement_members(self) -> Iterator[sqlite3.Row]:
        """(statement, quote id, article, text) of every linked quote, in ingest order."""
        yield from self._conn.execute(
            "SELECT q.statement, q.id, q.article,"
            " substr(a.text, q.start + 1, q.end - q.start) AS text FROM quotes q"
            " JOIN articles a ON a.id = q.article WHERE q.statement IS NOT NULL"
            " ORDER BY a.seq, q.idx"
        )

    # ------------------------------------------------------------------ clusters

    def unclustered(self) -> list[sqlite3.Row]:
        return list(
            self._conn.execute(
                "SELECT a.* FROM articles a LEFT JOIN event_articles ea ON ea.article = a.id"
                " WHERE ea.article IS NULL ORDER BY a.seq"
            )
        )

    def save_clusters(
        self, events: Sequence[Event], stories: Sequence[Story], *, replace: bool
    ) -> None:
        """Write events and stories; ``replace`` drops every earlier cluster first."""
        with self.transaction() as conn:
            if replace:
                conn.execute("DELETE FROM event_articles")
                conn.execute("DELETE FROM events")
                conn.execute("DELETE FROM stories")
            for story in stories:
                conn.execute(
                    "INSERT INTO stories (id, title) VALUES (?, ?) ON CONFLICT(id) DO UPDATE"
                    " SET title = excluded.title",
                    (story.id, story.title),
                )
            story_of = {eid: s.id for s in stories for eid in s.events}
            for event in events:
                conn.execute(
                    "INSERT INTO events (id, date, title, story) VALUES (?,?,?,?)"
                    " ON CONFLICT(id) DO UPDATE SET date = excluded.date, title = excluded.title,"
                    " story = excluded.story",
                    (event.id, event.date, event.title, story_of.get(event.id)),
                )
                for article in event.articles:
                    conn.execute(
                        "INSERT INTO event_articles (article, event) VALUES (?, ?)"
                        " ON CONFLICT(article) DO UPDATE SET event = excluded.event",
                        (article, event.id),
                    )
            conn.execute(
                "DELETE FROM events WHERE id NOT IN (SELECT DISTINCT event FROM event_articles)"
            )
            conn.execute(
                "DELETE FROM stories WHERE id NOT IN"
                " (SELECT DISTINCT story FROM events WHERE story IS NOT NULL)"
            )

    def article_vectors(self) -> dict[str, bytes]:
        """Each article's stored sentence embedding (float32 bytes), by article id."""
        return {
            r["article"]: bytes(r["vector"])
            for r in self._conn.execute("SELECT article, vector FROM article_vectors")
        }

    def save_evidence(self, evidence: Mapping[str, tuple[str, str]], *, replace: bool) -> None:
        """Store, per article, its event and the JSON evidence of why it joined it."""
        with self.transaction() as conn:
            if replace:
                conn.execute("DELETE FROM cluster_evidence")
            conn.executemany(
                "INSERT INTO cluster_evidence (article, event, evidence) VALUES (?,?,?)"
                " ON CONFLICT(article) DO UPDATE SET event = excluded.event,"
                " evidence = excluded.evidence",
                [(article, event, text) for article, (event, text) in evidence.items()],
            )

    def evidence_of(self, article: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._conn.execute(
            "SELECT * FROM cluster_evidence WHERE article = ?", (article,)
        ).fetchone()
        return row

    def find_article(self, key: str) -> sqlite3.Row | None:
        """An article by id, else by external id or origin (the first stored), else None."""
        row: sqlite3.Row | None = self._conn.execute(
            "SELECT a.*, ea.event AS event FROM articles a"
            " LEFT JOIN event_articles ea ON ea.article = a.id"
            " WHERE a.id = ? OR (a.external_id != '' AND a.external_id = ?) OR a.origin = ?"
            " ORDER BY a.id != ?, a.seq LIMIT 1",
            (key, key, key, key),
        ).fetchone()
        return row

    def events(self) -> list[Event]:
        members: dict[str, list[str]] = {}
        for r in self._conn.execute(
            "SELECT ea.event, ea.article FROM event_articles ea"
            " JOIN articles a ON a.id = ea.article ORDER BY a.seq"
        ):
            members.setdefault(r["event"], []).append(r["article"])
        return [
            Event(
                id=r["id"],
                date=r["date"],
                title=r["title"],
                articles=tuple(members.get(r["id"], ())),
            )
            for r in self._conn.execute("SELECT * FROM events ORDER BY date IS NULL, date, id")
        ]

    def stories(self) -> list[Story]:
        events_of: dict[str, list[str]] = {}
        articles_of: dict[str, list[str]] = {}
        story_of = self.event_story()
        for event in self.events():
            story = story_of.get(event.id)
            if story:
                events_of.setdefault(story, []).append(event.id)
                articles_of.setdefault(story, []).extend(event.articles)
        return [
            Story(
                id=r["id"],
                title=r["title"],
                events=tuple(events_of.get(r["id"], ())),
                articles=tuple(articles_of.get(r["id"], ())),
            )
            for r in self._conn.execute("SELECT * FROM stories ORDER BY id")
        ]

    def event_story(self) -> dict[str, str | None]:
        return {r["id"]: r["story"] for r in self._conn.execute("SELECT id, story FROM events")}


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements (triggers keep their inner semicolons)."""
    statements: list[str] = []
    buffer: list[str] = []
    for line in script.strip().splitlines():
        buffer.append(line)
        candidate = "\n".join(buffer).strip()
        if candidate.endswith(";") and sqlite3.complete_statement(candidate):
            statements.append(candidate)
            buffer = []
    rest = "\n".join(buffer).strip()
    if rest:
        statements.append(rest)
    return statements


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
