from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storyline import errors
from storyline.model import (
    Analysis,
    ArticleMeta,
    Cleaned,
    Mention,
    Quote,
    QuoteKind,
    Segment,
    Sentence,
    Span,
)
from storyline.store import MIGRATIONS, Store

TEXT = "The mayor of Halden said on Monday that the bridge would reopen in May."


def make_analysis(article_id: str = "a1", text: str = TEXT, origin: str = "x.txt") -> Analysis:
    meta = ArticleMeta(
        id=article_id,
        origin=origin,
        external_id=None,
        source="Halden Post",
        url=None,
        title="Bridge to reopen",
        published="2025-03-03",
        published_estimated=False,
        language="en",
        content_hash="h-" + article_id,
    )
    cleaned = Cleaned(
        text=text, raw=text, title=None, dateline=None, segments=(Segment(0, 0, len(text)),)
    )
    return Analysis(
        meta=meta,
        cleaned=cleaned,
        sentences=(Sentence(Span(0, len(text))),),
        mentions=(Mention(Span(13, 19), "Halden", "GPE", "Halden"),),
        timexes=(),
        quotes=(
            Quote(
                content=Span(37, len(text) - 1),
                kind=QuoteKind.INDIRECT,
                cue=Span(20, 24),
                speaker_mention=Span(0, 19),
                speaker_name=None,
            ),
        ),
        actions=(),
    )


def test_fresh_database_has_every_migration(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        assert store.applied_migrations() == [m.name for m in MIGRATIONS]
        mode = store.execute("PRAGMA journal_mode")[0][0]
        assert mode == "wal"


def test_upgrade_from_first_migration_keeps_data(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store.open(db, migrations=MIGRATIONS[:1]) as old:
        assert old.applied_migrations() == ["0001_initial"]
        conn = old._conn
        conn.execute(
            "INSERT INTO articles (id, origin, external_id, record_hash, content_hash, text, raw,"
            " segments, removed, seq) VALUES ('a1', 'old.txt', '', 'r', 'c',"
            " 'Flood barriers held in Dorren overnight.', 'raw', '[]', '[]', 1)"
        )
    with Store.open(db) as store:
        assert store.applied_migrations() == [m.name for m in MIGRATIONS]
        rows = store.execute("SELECT id, text, warnings FROM articles")
        assert [(r["id"], r["warnings"]) for r in rows] == [("a1", "[]")]
        # the full-text index built by 0002 covers rows written before it
        assert [r["id"] for r in store.search("barriers")] == ["a1"]


def test_unknown_migration_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    with Store.open(db) as store:
        store._conn.execute(
            "INSERT INTO schema_migrations VALUES ('9999_from_the_future', '2030-01-01')"
        )
    with pytest.raises(errors.StoreError, match="9999_from_the_future"), Store.open(db):
        pass


def test_failed_migration_rolls_back(tmp_path: Path) -> None:
    from storyline.store import Migration

    broken = (*MIGRATIONS[:1], Migration("0002_fulltext_search", "CREATE TABLE t (x); SELEC oops;"))
    with pytest.raises(errors.StoreError), Store.open(tmp_path / "b.db", migrations=broken):
        pass
    conn = sqlite3.connect(tmp_path / "b.db")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "t" not in tables
    assert [r[0] for r in conn.execute("SELECT name FROM schema_migrations")] == ["0001_initial"]


def test_save_replaces_article_and_children_in_one_transaction() -> None:
    with Store.open(":memory:") as store:
        store.save_analysis(make_analysis(), record_hash="r1", duplicate_of=None)
        store.save_analysis(make_analysis(), record_hash="r2", duplicate_of=None)
        assert store.article_count() == 1
        assert len(store.execute("SELECT * FROM quotes")) == 1
        assert len(store.execute("SELECT * FROM mentions")) == 1
        assert store.state_of("x.txt", None).record_hash == "r2"  # type: ignore[union-attr]


def test_crash_inside_write_leaves_nothing_half_written(tmp_path: Path) -> None:
    class BoomError(Exception):
        pass

    def hook(point: str) -> None:
        if point == "inside_write":
            raise BoomError

    db = tmp_path / "c.db"
    with Store.open(db, hook=hook) as store, pytest.raises(BoomError):
        store.save_analysis(make_analysis(), record_hash="r", duplicate_of=None)
    with Store.open(db) as store:
        assert store.article_count() == 0
        assert store.execute("SELECT COUNT(*) FROM quotes")[0][0] == 0


def test_exact_duplicate_found_by_content_hash() -> None:
    with Store.open(":memory:") as store:
        first = make_analysis("a1")
        store.save_analysis(first, record_hash="r", duplicate_of=None)
        found = store.find_duplicate(
            article_id="a2", content_hash="h-a1", signature=(), threshold=0.8
        )
        assert found == "a1"
        assert (
            store.find_duplicate(article_id="a1", content_hash="h-a1", signature=(), threshold=0.8)
            is None
        )


def test_full_text_search_uses_parameters() -> None:
    with Store.open(":memory:") as store:
        store.save_analysis(make_analysis(), record_hash="r", duplicate_of=None)
        assert [r["id"] for r in store.search("bridge")] == ["a1"]
        assert store.search("nonexistentword") == []
