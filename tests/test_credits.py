"""Outlet credits stored on mentions (migration 0009_mention_credits) and shown by export,
API and the clustering input."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from typer.testing import CliRunner

from storyline import export, pipeline, views
from storyline.cli import app
from storyline.model import Mention, Span
from storyline.outlets import NamedSpan, outlet_credits
from storyline.store import MIGRATIONS, Store
from tests.test_store import make_analysis

# invented: outlets named after reporting verbs (credits), and an outlet that acts
CREDITED = (
    "The port of Tarnov reopened on Monday, a harbour official told Reuters. Mayor Ana Ilic "
    "told CNN that the cranes were back at work."
)
ABOUT = (
    "CNN fired the anchor Tom Brack on Friday after a review of his reporting from Tarnov. "
    "Brack said he would appeal the decision."
)


def _mention(text: str, word: str, label: str = "ORG", nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Mention(Span(start, start + len(word)), word, label, word)


def _flags(store: Store, article: str) -> dict[str, int | None]:
    return {
        r["text"]: r["credit"]
        for r in store.execute(
            "SELECT text, credit FROM mentions WHERE article = ? ORDER BY idx", (article,)
        )
    }


def test_saved_mentions_carry_the_credit_flag_and_a_resave_keeps_them() -> None:
    mentions = (
        _mention(CREDITED, "CNN"),
        _mention(CREDITED, "Reuters"),
        _mention(CREDITED, "Ana Ilic", "PERSON"),
    )
    analysis = replace(make_analysis("a1", CREDITED), mentions=mentions, quotes=(), sentences=())
    about = replace(
        make_analysis("a2", ABOUT, origin="y.txt"),
        mentions=(_mention(ABOUT, "CNN"), _mention(ABOUT, "Tom Brack", "PERSON")),
        quotes=(),
        sentences=(),
    )
    with Store.open(":memory:") as store:
        for _ in range(2):  # re-analysis replaces, never duplicates
            store.save_analysis(analysis, record_hash="r1", duplicate_of=None)
            store.save_analysis(about, record_hash="r2", duplicate_of=None)
        assert _flags(store, "a1") == {"CNN": 1, "Reuters": 1, "Ana Ilic": 0}
        assert _flags(store, "a2") == {"CNN": 0, "Tom Brack": 0}  # the article is about CNN
        assert store.execute("SELECT COUNT(*) FROM mentions")[0][0] == 5


def test_an_older_database_gets_the_column_and_is_filled_on_open(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    assert MIGRATIONS[7].name == "0008_text_vectors"
    with Store.open(db, migrations=MIGRATIONS[:8]) as old:
        old._conn.execute(
            "INSERT INTO articles (id, origin, external_id, record_hash, content_hash, text, raw,"
            " segments, removed, seq, source) VALUES ('a1', 'old.txt', '', 'r', 'c', ?, 'raw',"
            " '[]', '[]', 1, NULL)",
            (CREDITED,),
        )
        for i, m in enumerate(
            (_mention(CREDITED, "CNN"), _mention(CREDITED, "Ana Ilic", "PERSON"))
        ):
            old._conn.execute(
                "INSERT INTO mentions VALUES (?,?,?,?,?,?,?)",
                ("a1", i, m.span.start, m.span.end, m.text, m.label, m.name),
            )
    with Store.open(db) as store:
        assert "0009_mention_credits" in store.applied_migrations()
        assert _flags(store, "a1") == {"CNN": 1, "Ana Ilic": 0}
        # the flags can be recomputed for every mention (after the credit rules change)
        store._conn.execute("UPDATE mentions SET credit = 0")
        assert store.fill_mention_credits() == 0  # nothing unknown
        assert store.fill_mention_credits(every=True) == 1
        assert _flags(store, "a1") == {"CNN": 1, "Ana Ilic": 0}


def test_the_clustering_input_reads_the_stored_flag() -> None:
    analysis = replace(
        make_analysis("a1", CREDITED),
        mentions=(_mention(CREDITED, "CNN"), _mention(CREDITED, "Tarnov", "GPE")),
        quotes=(),
    )
    with Store.open(":memory:") as store:
        store.save_analysis(analysis, record_hash="r1", duplicate_of=None)
        (doc,) = pipeline._cluster_docs(store)
        assert doc.credits == ("CNN",)
        # the stored flag decides, not a recomputation
        store._conn.execute("UPDATE mentions SET credit = 0 WHERE text = 'CNN'")
        assert pipeline._cluster_docs(store)[0].credits == ()
        # unknown flags (a database not filled yet): filled by the store's rule, then read
        store._conn.execute("UPDATE mentions SET credit = NULL")
        assert pipeline._cluster_docs(store)[0].credits == ("CNN",)
        spans = [NamedSpan(m.span.start, m.span.end, m.text, m.label) for m in analysis.mentions]
        assert outlet_credits(CREDITED, spans, source=None) == frozenset({0})


def test_export_api_and_extract_mark_credits(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(CREDITED + "\n", encoding="utf-8")
    (folder / "b.txt").write_text(ABOUT + "\n", encoding="utf-8")
    with Store.open(tmp_path / "s.db") as store:
        pipeline.analyze([folder], store=store)
        pipeline.analyze([folder], store=store)  # a re-run changes nothing
        rows = store.execute("SELECT COUNT(*), SUM(credit) FROM mentions")[0]
        entities = {e["name"]: e for e in export.entity_records(store)}
        reuters = entities["Reuters"]
        assert (reuters["mentions"], reuters["credit_mentions"]) == (0, 1)
        cnn = entities["CNN"]
        assert cnn["credit_mentions"] == 1  # "told CNN"
        assert cnn["mentions"] >= 1  # the article about CNN keeps it as an actor
        assert entities["Ana Ilic"]["credit_mentions"] == 0
        page = views.entities(store, name="Reuters")["items"]
        assert [(e["mentions"], e["credit_mentions"]) for e in page] == [(0, 1)]
        article = next(r["id"] for r in store.articles() if "harbour" in r["text"])
        marked = {m["text"]: m["credit"] for m in views.article(store, article)["mentions"]}
        assert marked["Reuters"] is True
        assert marked.get("Ana Ilic") is False
        detail = views.entity(store, reuters["id"])
        assert detail["mentions_by_month"] == []  # credits are not counted as mentions
    with Store.open(tmp_path / "s.db") as store:  # reopening fills nothing, loses nothing
        assert tuple(store.execute("SELECT COUNT(*), SUM(credit) FROM mentions")[0]) == tuple(rows)
    # `storyline credits` recomputes every flag (after the credit rules change)
    with Store.open(tmp_path / "s.db") as store:
        store._conn.execute("UPDATE mentions SET credit = 0")
    result = CliRunner().invoke(app, ["credits", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.output
    assert "recomputed for 2 articles" in result.stderr
    with Store.open(tmp_path / "s.db") as store:
        assert tuple(store.execute("SELECT COUNT(*), SUM(credit) FROM mentions")[0]) == tuple(rows)
    missing = CliRunner().invoke(app, ["credits", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2
    result = CliRunner().invoke(app, ["extract", str(folder / "a.txt"), "--format", "json"])
    assert result.exit_code == 0, result.output
    flags = {m["text"]: m["credit"] for m in json.loads(result.stdout)["mentions"]}
    assert flags["Reuters"] is True
    assert flags["Ana Ilic"] is False
