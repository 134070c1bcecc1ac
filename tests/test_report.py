"""`storyline report`: a self-contained cited brief (HTML with inline SVG, or Markdown)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline import report
from storyline.cli import app
from storyline.store import Store
from storyline.summarize import summarize

from .workbench import fresh_copy


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fresh_copy(tmp_path_factory, "report")


def test_summary_sentences_each_cite_articles_of_the_story(db: Path) -> None:
    with Store.open(db) as store:
        data = report.gather(store)
        story = data["story"]["id"]
        members = {
            r["article"]
            for r in store.execute(
                "SELECT ea.article FROM event_articles ea JOIN events e ON e.id = ea.event"
                " WHERE e.story = ?",
                (story,),
            )
        }
        sentences = summarize(store, story)
        assert 1 <= len(sentences) <= 5
        for s in sentences:
            assert s.citations
            for c in s.citations:
                assert c.article in members
                text = store.execute("SELECT text FROM articles WHERE id = ?", (c.article,))[0][0]
                assert c.start < c.end <= len(text)
            own = s.citations[0]
            assert any(
                " ".join(
                    store.execute("SELECT text FROM articles WHERE id = ?", (c.article,))[0][0][
                        c.start : c.end
                    ].split()
                )
                == s.text
                for c in s.citations
            ), own
        dates = [s.date or "~" for s in sentences]
        assert dates == sorted(dates)
        texts = [s.text for s in sentences]
        assert len(set(texts)) == len(texts)


def test_markdown_brief_has_every_part_and_resolvable_citations(db: Path) -> None:
    with Store.open(db) as store:
        text = report.build_report(store, format="md")
    for heading in ("## Summary", "## Timeline", "## Key quotes by speaker", "## Outlets"):
        assert heading in text
    sources = re.findall(r"^(\d+)\. ", text.split("## Sources", 1)[1], flags=re.M)
    summary = text.split("## Summary", 1)[1].split("## Timeline", 1)[0]
    bullets = [line for line in summary.splitlines() if line.startswith("- ")]
    assert bullets
    for line in bullets:
        refs = re.findall(r"\[(\d+)\]", line)
        assert refs, line
        assert set(refs) <= set(sources)


def test_html_brief_is_self_contained_escaped_and_plots_the_timeline(db: Path) -> None:
    with Store.open(db) as store:
        html = report.build_report(store, format="html")
        data = report.gather(store)
    assert "<svg" in html
    assert html.count("<circle") == sum(1 for e in data["timeline"] if e["date"])
    assert not re.search(r"""(?:src|href)=["']?https?://""", html)
    assert "<script" not in html.lower()
    for n in range(1, len(data["sources"]) + 1):
        assert f'id="src-{n}"' in html


def test_report_of_the_hostile_story_escapes_its_text(db: Path) -> None:
    with Store.open(db) as store:
        story = store.execute(
            "SELECT e.story FROM articles a JOIN event_articles ea ON ea.article = a.id"
            " JOIN events e ON e.id = ea.event WHERE a.text LIKE '%forged%'"
        )[0][0]
        html = report.build_report(store, story_id=story, format="html")
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;" in html


def test_cli_report_writes_html_and_md_and_refuses_unknown_stories(
    db: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    out = tmp_path / "brief.html"
    result = runner.invoke(app, ["report", "--db", str(db), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    result = runner.invoke(app, ["report", "--db", str(db), "--format", "md"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# ")
    result = runner.invoke(app, ["report", "--db", str(db), "--story", "nope"])
    assert result.exit_code == 2
    assert "E053" in result.output


def test_report_of_an_empty_database_says_so(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    with Store.open(db):
        pass
    result = CliRunner().invoke(app, ["report", "--db", str(db)])
    assert result.exit_code == 2
    assert "E067" in result.output


def test_timeline_svg_without_dates() -> None:
    svg = report.timeline_svg([{"date": None, "title": "x", "articles": 1, "event": "e"}])
    assert "no dated events" in svg
    assert "<circle" not in svg
