"""The command line contracts of docs/schema.md, end to end, on the seeds and on bad input."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

ARTICLE = (
    "Officials in the river town of Halden said on Monday that the damaged bridge would reopen "
    "before the summer. \u201cWe expect traffic to resume in May,\u201d the mayor, Ana Ilic, told "
    "reporters. She added that engineers had found no further cracks.\n"
)


def run(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "storyline", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
    )


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    db = tmp_path_factory.mktemp("seeds") / "x.db"
    result = run("analyze", str(seeds_dir), "--db", str(db))
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture(scope="module")
def seeds_export(seeds_db: Path) -> dict[str, list[dict[str, object]]]:
    result = run("export", "--db", str(seeds_db), "--format", "json")
    assert result.returncode == 0, result.stderr
    data: dict[str, list[dict[str, object]]] = json.loads(result.stdout)
    return data


def test_export_has_the_six_lists(seeds_export: dict[str, list[dict[str, object]]]) -> None:
    assert list(seeds_export) == [
        "articles", "entities", "quotes", "actions", "events", "stories", "statements",
    ]  # fmt: skip


def test_seed_articles_with_metadata(
    seeds_export: dict[str, list[dict[str, object]]], seeds_dir: Path
) -> None:
    articles = {Path(str(a["origin"])).name: a for a in seeds_export["articles"]}
    assert len(articles) == 5
    assert articles["004_264dc0b945102a82.txt"]["source"] == "Zamin"
    published = {name: a["published"] for name, a in articles.items()}
    assert published == {
        "000_7e9a3290eea546c4.txt": "2025-08-01",
        "001_4f9c8b46d4a4a7d2.txt": "2025-07-20",
        "002_d8227443fd9b5b39.txt": "2025-08-01",
        "003_b13dfa463b2822f3.txt": "2022-12-22",
        "004_264dc0b945102a82.txt": "2025-04-22",
    }
    assert all(a["published_estimated"] is False for a in articles.values())
    assert str(articles["001_4f9c8b46d4a4a7d2.txt"]["title"]).startswith(
        "Russia-Ukraine War: Putin Open To Negotiations"
    )
    assert "Putin Open to Peace Talks" in str(articles["002_d8227443fd9b5b39.txt"]["title"])
    for name, article in articles.items():
        assert str(article["origin"]).endswith(name)
        assert article["language"] == "en"
        assert article["duplicate_of"] is None


CHROME = {
    "001_4f9c8b46d4a4a7d2.txt": ["Source link", "| World News"],
    "002_d8227443fd9b5b39.txt": ["Connect with us", "\nWorld\n", "\nPublished\n", "\non\n"],
    "003_b13dfa463b2822f3.txt": ["Comments", "Add new comment"],
    "004_264dc0b945102a82.txt": [
        "Ctrl",
        "Did you find a Mistake?",
        "Read 'Zamin' on Telegram!",
        "Related News",
        "\nEnter",
    ],
}
KEPT = ["TASR reports", "Orešnik", "Chasiv Yar", "Donbas", "Marco Rubio"]


def test_chrome_gone_and_every_sentence_kept(
    seeds_export: dict[str, list[dict[str, object]]], seeds_dir: Path
) -> None:
    articles = {Path(str(a["origin"])).name: a for a in seeds_export["articles"]}
    for name, strings in CHROME.items():
        text = "\n" + str(articles[name]["text"]) + "\n"
        for chrome in strings:
            assert chrome not in text, (name, chrome)
        # the title is not repeated in the body
        title = articles[name]["title"]
        if title:
            assert str(title) not in text, name
    everything = "\n".join(str(a["text"]) for a in articles.values())
    for kept in KEPT:
        assert kept in everything
    for name in articles:
        assert "\u00a0" not in str(articles[name]["text"])
        assert "\r" not in str(articles[name]["text"])


def test_seed_timeline_events_and_story(seeds_export: dict[str, list[dict[str, object]]]) -> None:
    articles = {Path(str(a["origin"])).name[:3]: a for a in seeds_export["articles"]}
    assert articles["000"]["event"] == articles["002"]["event"]
    assert len({a["event"] for a in articles.values()}) == 4
    assert len({a["story"] for a in articles.values()}) == 1
    dates = [e["date"] for e in seeds_export["events"]]
    assert dates == sorted(dates)
    assert dates == ["2022-12-22", "2025-04-22", "2025-07-20", "2025-08-01"]


def test_seed_quotes_have_speakers_and_chain(
    seeds_export: dict[str, list[dict[str, object]]],
) -> None:
    direct = [q for q in seeds_export["quotes"] if q["kind"] == "direct"]
    assert len(direct) >= 20
    unresolved = [q["text"] for q in direct if not q["speaker"]]
    assert unresolved == []
    by_text = {str(q["text"])[:30]: q for q in direct}
    we_need = next(q for t, q in by_text.items() if t.startswith("We need a permanent"))
    assert we_need["speaker"] == "Vladimir Putin"
    assert we_need["date"] == "2025-08-01"
    assert we_need["via"] == [["AFP", "DPA"], ["TASR"]]
    speakers = {q["speaker"] for q in direct}
    assert {"Vladimir Putin", "Dmitry Peskov"} <= speakers
    assert any(str(s).startswith("Volodymyr Zelensk") for s in speakers)


def test_entities_merge_spelling_variants(
    seeds_export: dict[str, list[dict[str, object]]],
) -> None:
    people = [e for e in seeds_export["entities"] if e["type"] == "PERSON"]
    zelensky = [e for e in people if str(e["name"]).startswith("Volodymyr Zelensk")]
    assert len(zelensky) == 1
    aliases = set(zelensky[0]["aliases"])  # type: ignore[arg-type]
    assert {"Zelenskyj", "Zelensky", "Zelenskiy"} <= aliases
    kyiv = [e for e in seeds_export["entities"] if "Kyiv" in e["aliases"]]  # type: ignore[operator]
    assert len(kyiv) == 1
    assert "Kiev" in kyiv[0]["aliases"]
    assert not any(e["name"] == "Kiev" and e["type"] == "PERSON" for e in people)


def test_rerun_changes_nothing(seeds_db: Path, seeds_dir: Path) -> None:
    before = run("export", "--db", str(seeds_db), "--format", "jsonl").stdout
    again = run("analyze", str(seeds_dir), "--db", str(seeds_db))
    assert again.returncode == 0
    assert "0 stored, 0 updated, 5 unchanged" in again.stderr
    after = run("export", "--db", str(seeds_db), "--format", "jsonl").stdout
    assert before == after


def test_export_jsonl_and_csv(seeds_db: Path, tmp_path: Path) -> None:
    lines = run("export", "--db", str(seeds_db), "--format", "jsonl").stdout.splitlines()
    types = {json.loads(line)["type"] for line in lines}
    assert types == {"article", "entity", "quote", "action", "event", "story", "statement"}
    out = tmp_path / "csv"
    result = run("export", "--db", str(seeds_db), "--format", "csv", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "actions.csv", "articles.csv", "entities.csv", "events.csv", "quotes.csv",
        "statements.csv", "stories.csv",
    ]  # fmt: skip
    header = (out / "quotes.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id,article,text,kind,speaker,speaker_entity,speaker_mention,cue,date")


def test_quotes_speaker_filter_accepts_an_alias(seeds_db: Path) -> None:
    result = run("quotes", "--db", str(seeds_db), "--speaker", "Zelensky", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows
    assert all(str(r["speaker"]).startswith("Volodymyr Zelensk") for r in rows)


def test_timeline_and_entities_views(seeds_db: Path) -> None:
    result = run("timeline", "--db", str(seeds_db), "--format", "json")
    entries = json.loads(result.stdout)
    assert [e["date"] for e in entries] == ["2022-12-22", "2025-04-22", "2025-07-20", "2025-08-01"]
    assert len(entries[-1]["articles"]) == 2
    people = json.loads(
        run("entities", "--db", str(seeds_db), "--type", "person", "--format", "json").stdout
    )
    assert any(p["name"] == "Marco Rubio" for p in people)


def test_extract_one_file(tmp_path: Path) -> None:
    path = tmp_path / "bridge.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run("extract", str(path), "--published", "2025-03-05", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"text", "title", "mentions", "dates", "quotes"}
    monday = next(d for d in data["dates"] if d["text"].endswith("Monday"))
    assert monday["value"] == "2025-03-03"
    quote = next(q for q in data["quotes"] if q["kind"] == "direct")
    assert quote["text"] == "We expect traffic to resume in May,"[:-1] or quote["text"].startswith(
        "We expect traffic"
    )
    assert quote["speaker"] == "Ana Ilic"
    text = data["text"]
    for m in data["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]


def test_dates_command_contract() -> None:
    result = run(
        "dates",
        "--reference",
        "2025-07-20",
        stdin="Trump, speaking on Monday, gave Moscow 50 days.",
    )
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert items
    assert set(items[0]) == {"start", "end", "text", "type", "value", "mod"}
    monday = next(i for i in items if "Monday" in i["text"])
    assert monday["value"] == "2025-07-14"
    assert "Trump, speaking on Monday"[monday["start"] - 0 : monday["end"]].endswith("Monday")


def test_dates_bad_reference_is_a_usage_error() -> None:
    result = run("dates", "--reference", "yesterday-ish", stdin="on Friday")
    assert result.returncode == 2
    assert result.stderr.startswith("storyline: error: ")


def test_read_commands_do_not_create_a_database(tmp_path: Path) -> None:
    db = tmp_path / "missing.db"
    result = run("export", "--db", str(db))
    assert result.returncode == 2
    assert f"storyline: error: {db}: no such database" in result.stderr
    assert not db.exists()


def test_unknown_option_is_a_usage_error() -> None:
    result = run("analyze", "--no-such-option", "x")
    assert result.returncode == 2
    assert "storyline: error:" in result.stderr


# --------------------------------------------------------------------------- bad input


def test_bad_inputs_each_reported_once_and_the_rest_stored(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes("Caf\xe9 owners in Halden protested.".encode("latin-1"))
    big = folder / "huge.txt"
    with big.open("wb") as handle:
        sentence = ("The council met again on Tuesday to discuss the bridge. " * 1000).encode()
        for _ in range(50 * 1024 * 1024 // len(sentence) + 1):
            handle.write(sentence)
    jsonl = folder / "wire.jsonl"
    jsonl.write_text(
        json.dumps({"id": "w1", "text": ARTICLE, "published": "2025-03-04"})
        + "\n{not json\n"
        + json.dumps(
            {"id": "w3", "text": ARTICLE.replace("Monday", "Tuesday"), "published": "the day after"}
        )
        + "\n",
        encoding="utf-8",
    )
    table = folder / "feed.csv"
    table.write_text(
        'id,text,published\nc1,"'
        + ARTICLE.replace('"', '""')
        + '",2025-03-04\nc2,"broken quote,2025-03-04\n',
        encoding="utf-8",
    )
    (folder / "gz.jsonl.gz").write_bytes(gzip.compress(b"this is not really gzip")[:20])
    missing = tmp_path / "does-not-exist.txt"
    db = tmp_path / "bad.db"
    result = run(
        "analyze", str(folder), str(missing), "--db", str(db), "--max-article-bytes", "10000000"
    )
    assert result.returncode == 1, result.stderr
    err = result.stderr
    assert f"storyline: error: {folder}/binary.txt: [E003]" in err
    assert f"storyline: error: {folder}/empty.txt: [E002]" in err
    assert f"storyline: error: {folder}/latin1.txt: [E004]" in err
    assert f"storyline: error: {folder}/huge.txt: [E005]" in err
    assert f"storyline: error: {folder}/wire.jsonl:2: [E006]" in err
    assert f"storyline: warning: {folder}/wire.jsonl:3: [W001]" in err
    assert f"{folder}/feed.csv:" in err
    assert "[E007]" in err
    assert f"storyline: error: {missing}: [E001]" in err
    for line in err.splitlines():
        if line.startswith("storyline: error:") or line.startswith("storyline: warning:"):
            assert err.count(line) == 1, line
    exported = json.loads(run("export", "--db", str(db)).stdout)
    origins = sorted((Path(a["origin"]).name, a["external_id"]) for a in exported["articles"])
    assert ("good.txt", None) in origins
    assert ("wire.jsonl", "w1") in origins
    assert ("wire.jsonl", "w3") in origins
    assert ("feed.csv", "c1") in origins
    w3 = next(a for a in exported["articles"] if a["external_id"] == "w3")
    assert w3["published"] is None


def test_only_warnings_exit_zero(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "metadata.csv").write_text(
        "file,published,colour\na.txt,2025-03-04,blue\n", encoding="utf-8"
    )
    result = run("analyze", str(folder), "--db", str(tmp_path / "w.db"))
    assert result.returncode == 0, result.stderr
    assert "[W002]" in result.stderr
    assert "colour" in result.stderr


def test_metadata_without_file_column_is_an_error_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "metadata.csv").write_text("name,published\na.txt,2025-03-04\n", encoding="utf-8")
    result = run("analyze", str(folder), "--db", str(tmp_path / "m.db"))
    assert result.returncode == 1
    assert f"storyline: error: {folder}/metadata.csv: [E008]" in result.stderr
    exported = json.loads(run("export", "--db", str(tmp_path / "m.db")).stdout)
    assert len(exported["articles"]) == 1


def test_nothing_could_be_done_exits_two(tmp_path: Path) -> None:
    result = run("analyze", str(tmp_path / "nope"), "--db", str(tmp_path / "n.db"))
    assert result.returncode == 2
    assert "[E001]" in result.stderr


def test_cli_module_runs_as_script() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("storyline ")
    assert ROOT.exists()


def test_unknown_publication_date_is_estimated_from_the_text(tmp_path: Path) -> None:
    path = tmp_path / "nodate.txt"
    path.write_text("Published: March 5, 2025\n" + ARTICLE, encoding="utf-8")
    data = json.loads(run("extract", str(path)).stdout)
    assert data["published"] == "2025-03-05"
    assert data["published_estimated"] is True
    assert not data["text"].startswith("Published")
    bare = tmp_path / "bare.txt"
    bare.write_text(ARTICLE, encoding="utf-8")
    data = json.loads(run("extract", str(bare)).stdout)
    assert data["published"] is None  # never the ingest time
    assert data["published_estimated"] is False


def test_changed_record_replaces_the_stored_one(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "u.db")
    assert run("analyze", str(folder), "--db", db).returncode == 0
    path.write_text(ARTICLE.replace("before the summer", "by the end of April"), encoding="utf-8")
    again = run("analyze", str(folder), "--db", db)
    assert "0 stored, 1 updated" in again.stderr
    articles = json.loads(run("export", "--db", db).stdout)["articles"]
    assert len(articles) == 1
    assert "by the end of April" in articles[0]["text"]
