"""Tests for storyline.ingest: every reader, every per-input problem, real data when present."""

from __future__ import annotations

import csv
import gzip
import io
import json
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline import errors
from storyline.ingest import IngestOptions, Problem, parse_field_mapping, read_inputs
from storyline.model import ContentKind, RawRecord

SHARED = Path(__file__).resolve().parents[2] / "shared"
EVAL = SHARED / "eval"

ARTICLE = (
    "KHARKIV, Ukraine (Wire) — Emergency crews worked through the night on Tuesday after a "
    "missile struck a five-storey apartment block in the city's Saltivka district, regional "
    "governor Oleh Petrenko said.\n\n"
    "“We pulled eleven people from the rubble,” Petrenko told reporters. “Three of them are "
    "children.” The city council said heating would be restored by Friday.\n"
)
SECOND = (
    "BRUSSELS — European Union energy ministers agreed late on Monday to extend the cap on "
    "wholesale gas prices for another twelve months, according to a statement from the Czech "
    "presidency.\n\nThe decision follows weeks of talks in which Hungary and the Netherlands "
    "raised objections over the mechanism's trigger price.\n"
)
THIRD = (
    "Opposition lawmakers walked out of parliament on Wednesday, saying the government had "
    'ignored their proposals on the budget. "This is not a debate, it is a monologue," said '
    "Maria Lindqvist, who leads the party's finance group.\n"
)


def records(items: Iterable[RawRecord | Problem]) -> list[RawRecord]:
    return [item for item in items if isinstance(item, RawRecord)]


def problems(items: Iterable[RawRecord | Problem]) -> list[Problem]:
    return [item for item in items if isinstance(item, Problem)]


def run(*paths: Path | str, options: IngestOptions | None = None) -> list[RawRecord | Problem]:
    if options is None:
        return list(read_inputs(list(paths)))
    return list(read_inputs(list(paths), options=options))


def err(where: Path | str, message: str) -> Problem:
    return Problem(str(where), message, "error")


def warn(where: Path | str, message: str) -> Problem:
    return Problem(str(where), message, "warning")


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


# --------------------------------------------------------------------------- field mapping


def test_parse_field_mapping() -> None:
    assert parse_field_mapping(["published=time", " Text = Body ", "url=URL"]) == (
        ("published", "time"),
        ("text", "Body"),
        ("url", "URL"),
    )
    assert parse_field_mapping([]) == ()


@pytest.mark.parametrize("pair", ["published", "date=time", "text=", "=Text", ""])
def test_parse_field_mapping_refuses(pair: str) -> None:
    with pytest.raises(errors.UsageError, match=r"\[E019\]"):
        parse_field_mapping([pair])


def test_options_validate() -> None:
    with pytest.raises(ValueError, match="max_article_bytes"):
        IngestOptions(max_article_bytes=0)
    with pytest.raises(ValueError, match="invalid field mapping"):
        IngestOptions(fields=(("date", "time"),))


# --------------------------------------------------------------------------- text and folders


def test_folder_with_metadata(tmp_path: Path) -> None:
    folder = tmp_path / "kyiv"
    (folder / "older").mkdir(parents=True)
    (folder / "b.txt").write_text(SECOND, encoding="utf-8")
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "older" / "c.txt").write_text(THIRD, encoding="utf-8")
    (folder / "page.html").write_text(f"<html><body><p>{SECOND}</p></body></html>", "utf-8")
    (folder / ".draft.txt").write_text(THIRD, encoding="utf-8")  # hidden: skipped
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not read")  # unknown suffix: skipped
    write_csv(
        folder / "metadata.csv",
        [
            ["file", "published", "source", "url", "title"],
            ["a.txt", "2025-11-18", "Wire", "https://wire.example/kharkiv", "Missile hits Kharkiv"],
            ["older/c.txt", "18 Nov 2025", "", "", "Walkout"],
            ["page.html", "", "Ledger", "", ""],
        ],
    )
    items = run(folder)
    assert problems(items) == []
    got = records(items)
    assert [r.origin for r in got] == [
        f"{folder.as_posix()}/a.txt",
        f"{folder.as_posix()}/b.txt",
        f"{folder.as_posix()}/older/c.txt",
        f"{folder.as_posix()}/page.html",
    ]
    a, b, c, page = got
    assert a == RawRecord(
        origin=f"{folder.as_posix()}/a.txt",
        content=ARTICLE,
        published="2025-11-18",
        source="Wire",
        url="https://wire.example/kharkiv",
        title="Missile hits Kharkiv",
        group="Wire",
    )
    assert (b.published, b.source, b.group) == (None, None, folder.as_posix())
    assert (c.published, c.title, c.source) == ("18 Nov 2025", "Walkout", None)
    assert c.group == f"{folder.as_posix()}/older"
    assert page.kind is ContentKind.HTML
    assert page.content.startswith("<html><body><p>BRUSSELS")
    assert (page.source, page.group) == ("Ledger", "Ledger")


def test_origin_is_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    [record] = records(run("in/"))
    assert record.origin == "in/sub/x.txt"
    assert record.group == "in/sub"
    [record] = records(run("in/sub/x.txt"))
    assert (record.origin, record.group) == ("in/sub/x.txt", "in/sub")


def test_explicit_file_uses_metadata_beside_it(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    write_csv(tmp_path / "metadata.csv", [["File", "Published"], ["a.txt", "2025-11-18"]])
    [record] = run(tmp_path / "a.txt")
    assert isinstance(record, RawRecord)
    assert record.published == "2025-11-18"


def test_streams_lazily_in_order(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    items = read_inputs([tmp_path / "a.txt", tmp_path / "b.txt"])
    first = next(items)
    assert isinstance(first, RawRecord)
    (tmp_path / "b.txt").write_text(SECOND, encoding="utf-8")  # only now read
    [second] = list(items)
    assert isinstance(second, RawRecord)
    assert second.content == SECOND
    [single] = read_inputs(str(tmp_path / "a.txt"))
    assert isinstance(single, RawRecord)


def test_symlink_loop_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "again").symlink_to(tmp_path, target_is_directory=True)
    assert [r.content for r in records(run(tmp_path))] == [ARTICLE]


def test_text_keeps_newlines_and_strips_bom(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    body = ARTICLE.replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    [record] = run(path)
    assert isinstance(record, RawRecord)
    assert record.content == body
    assert (record.external_id, record.line, record.kind) == (None, None, ContentKind.TEXT)


def test_gzip_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(ARTICLE.encode("utf-8")))
    [record] = run(path)
    assert isinstance(record, RawRecord)
    assert (record.content, record.origin) == (ARTICLE, path.as_posix())


def test_html_declared_charset(tmp_path: Path) -> None:
    path = tmp_path / "old.htm"
    page = '<html><head><meta charset="windows-1252"></head><body>Caf\xe9 “open”</body></html>'
    path.write_bytes(page.encode("cp1252"))
    [record] = run(path)
    assert isinstance(record, RawRecord)
    assert record.kind is ContentKind.HTML
    assert "Café “open”" in record.content


# --------------------------------------------------------------------------- bad files


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "gone.txt"
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    items = run(missing, tmp_path / "a.txt")
    assert items[0] == err(missing.as_posix(), errors.E001)
    assert records(items)[0].content == ARTICLE


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert run(path) == [err(path, errors.E003)]


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"  \n\n \t\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert run(path) == [err(path, errors.E002)]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_empty_table(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"\n\n")
    assert run(path) == [err(path, errors.E002)]


def test_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    data = "Zürich police said".encode("latin-1")
    path.write_bytes(data)
    assert run(path) == [err(path, errors.E004.format(pos=1))]
    with_bom = tmp_path / "bom.txt"
    with_bom.write_bytes(b"\xef\xbb\xbf" + data)
    assert run(with_bom) == [err(with_bom, errors.E004.format(pos=4))]


def test_text_above_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(ARTICLE * 10, encoding="utf-8")
    size = path.stat().st_size
    options = IngestOptions(max_article_bytes=1000)
    assert run(path, options=options) == [err(path, errors.E005.format(size=size, limit=1000))]
    packed = tmp_path / "long.txt.gz"
    packed.write_bytes(gzip.compress(path.read_bytes()))
    assert run(packed, options=options) == [err(packed, errors.E005.format(size=size, limit=1000))]


def test_unsupported_suffix(tmp_path: Path) -> None:
    for name in ("report.pdf", "archive.tar.gz", "README"):
        (tmp_path / name).write_bytes(b"%PDF-1.7")
    assert run(tmp_path) == []  # in a folder: skipped silently
    assert run(tmp_path / "report.pdf", tmp_path / "archive.tar.gz", tmp_path / "README") == [
        err(tmp_path / "report.pdf", errors.E010.format(suffix=".pdf")),
        err(tmp_path / "archive.tar.gz", errors.E010.format(suffix=".tar.gz")),
        err(tmp_path / "README", errors.E010.format(suffix="")),
    ]


def test_corrupt_gzip(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(b"this is not gzip data at all")
    [problem] = run(path)
    assert problem == err(path, errors.E015.format(detail="Not a gzipped file (b'th')"))
    truncated = tmp_path / "cut.jsonl.gz"
    lines = "".join(json.dumps({"id": str(i), "text": ARTICLE}) + "\n" for i in range(200))
    truncated.write_bytes(gzip.compress(lines.encode("utf-8"))[:-40])
    items = run(truncated)
    assert len(records(items)) > 100
    assert items[-1] == err(
        truncated,
        errors.E015.format(
            detail="Compressed file ended before the end-of-stream marker was reached"
        ),
    )


# --------------------------------------------------------------------------- metadata.csv


def test_metadata_unknown_columns_and_missing_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    write_csv(
        tmp_path / "metadata.csv",
        [
            ["file", "published", "author", "lang"],
            ["a.txt", "2025-11-18", "O. Petrenko", "en"],
            ["b.txt", "2025-11-19", "", "en"],
        ],
    )
    meta = f"{tmp_path.as_posix()}/metadata.csv"
    items = run(tmp_path)
    assert problems(items) == [
        warn(meta, errors.W002.format(columns="'author', 'lang'")),
        warn(f"{meta}:3", errors.W003.format(file="b.txt")),
    ]
    assert records(items)[0].published == "2025-11-18"


def test_metadata_without_file_column(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    write_csv(tmp_path / "metadata.csv", [["name", "published"], ["a.txt", "2025-11-18"]])
    items = run(tmp_path)
    assert items[0] == err(
        f"{tmp_path.as_posix()}/metadata.csv", errors.E008.format(columns="'name', 'published'")
    )
    [record] = records(items)
    assert (record.content, record.published) == (ARTICLE, None)


# --------------------------------------------------------------------------- JSONL


def test_jsonl_records_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    lines = [
        json.dumps(
            {
                "id": "w-1",
                "text": ARTICLE,
                "published": "2025-11-18T06:40:00+02:00",
                "Source": "Wire",
                "title": "Missile hits Kharkiv",
            }
        ),
        '{"id": "w-2", "text": "Ministers met in Brussels."',
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": SECOND, "url": "https://ledger.example/gas"}),
        json.dumps({"id": 7, "body": THIRD}),
        json.dumps({"id": "w-5", "text": "  \n"}),
        json.dumps({"id": "w-6", "text": None}),
        json.dumps({"id": "w-7", "text": ["a", "list"]}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = run(path)
    where = path.as_posix()
    assert problems(items) == [
        err(f"{where}:2", errors.E006.format(detail="Expecting ',' delimiter at column 52")),
        err(f"{where}:4", errors.E011),
        err(f"{where}:6", errors.E009.format(field="text")),
        err(f"{where}:7", "[E016] record text is empty"),
        err(f"{where}:8", "[E016] record text is empty"),
        err(f"{where}:9", "[E018] record field 'text' is not a string"),
    ]
    first, second = records(items)
    assert first == RawRecord(
        origin=where,
        content=ARTICLE,
        external_id="w-1",
        published="2025-11-18T06:40:00+02:00",
        source="Wire",
        title="Missile hits Kharkiv",
        line=1,
        group="Wire",
    )
    assert (second.external_id, second.line, second.group) == ("5", 5, where)
    assert second.url == "https://ledger.example/gas"


def test_jsonl_mapping_and_w004(tmp_path: Path) -> None:
    path = tmp_path / "feed.ndjson.gz"
    rows = [{"id": 1, "time": "2011-02-11", "Body": ARTICLE}, {"id": 2, "time": "2011-02-12"}]
    path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode()))
    options = IngestOptions(fields=parse_field_mapping(["published=time", "text=body", "url=link"]))
    items = run(path, options=options)
    where = path.as_posix()
    assert items == [
        RawRecord(
            origin=where,
            content=ARTICLE,
            external_id="1",
            published="2011-02-11",
            line=1,
            group=where,
        ),
        err(f"{where}:2", errors.E009.format(field="body")),
        warn(where, errors.W004.format(field="url=link")),
    ]


def test_jsonl_record_above_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    text = "Заява міністра. " * 100  # Cyrillic: two bytes a letter
    path.write_text(
        json.dumps({"id": "a", "text": text})
        + "\n"
        + json.dumps({"id": "b", "text": THIRD})
        + "\n",
        encoding="utf-8",
    )
    size = len(text.encode("utf-8"))
    items = run(path, options=IngestOptions(max_article_bytes=1000))
    assert items[0] == err(f"{path.as_posix()}:1", errors.E005.format(size=size, limit=1000))
    assert records(items)[0].external_id == "b"


def test_jsonl_bad_bytes_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = (json.dumps({"id": "a", "text": ARTICLE}) + "\n").encode()
    bad = b'{"id": "b", "text": "caf\xe9"}\n'
    path.write_bytes(good + bad + good)
    items = run(path)
    assert [type(i).__name__ for i in items] == ["RawRecord", "Problem", "RawRecord"]
    assert items[1] == err(f"{path.as_posix()}:2", errors.E004.format(pos=len(good) + 24))


# --------------------------------------------------------------------------- CSV


def test_csv_multiline_fields_mapping_and_ids(tmp_path: Path) -> None:
    path = tmp_path / "outlet.csv"
    write_csv(
        path,
        [
            ["", "URL", "Date", "Title", "Text"],
            ["0", "https://a.example/1", "2022-04-05T10:00:00", "Kharkiv struck", ARTICLE],
            ["1", "https://a.example/2", "2022-04-06T08:30:00", "Gas cap, again", SECOND],
        ],
    )
    options = IngestOptions(
        fields=parse_field_mapping(["published=Date", "title=Title", "url=URL", "text=Text"])
    )
    items = run(path, options=options)
    where = path.as_posix()
    first_lines = 1 + ARTICLE.count("\n")
    assert items == [
        RawRecord(
            origin=where,
            content=ARTICLE,
            external_id="1",
            published="2022-04-05T10:00:00",
            url="https://a.example/1",
            title="Kharkiv struck",
            line=2,
            group=where,
        ),
        RawRecord(
            origin=where,
            content=SECOND,
            external_id="2",
            published="2022-04-06T08:30:00",
            url="https://a.example/2",
            title="Gas cap, again",
            line=2 + first_lines,
            group=where,
        ),
    ]


def test_csv_broken_quote_recovers(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text(
        "id,published,text\n"
        'a1,2025-11-18,"Crews worked through the night, officials said.\n'
        'a2,2025-11-19,"Ministers agreed on a gas price cap."\n'
        'a3,2025-11-20,"Lawmakers ""walked out"" on Wednesday."\n'
        'a4,2025-11-21,"A closing quote, then "text after it"\n'
        "a5,2025-11-22,Talks resume on Monday.\n"
        "a6,2025-11-23\n",
        encoding="utf-8",
    )
    items = run(path)
    where = path.as_posix()
    assert problems(items) == [
        err(f"{where}:2", errors.E007.format(detail="',' expected after '\"'")),
        err(f"{where}:5", errors.E007.format(detail="',' expected after '\"'")),
        err(f"{where}:7", errors.E007.format(detail="row has 2 fields, the header has 3")),
    ]
    assert [(r.external_id, r.line, r.content) for r in records(items)] == [
        ("a2", 3, "Ministers agreed on a gas price cap."),
        ("a3", 4, 'Lawmakers "walked out" on Wednesday.'),
        ("a5", 6, "Talks resume on Monday."),
    ]


def test_csv_unclosed_quote_at_end(tmp_path: Path) -> None:
    path = tmp_path / "cut.csv"
    path.write_text(
        'id,text\nb1,"Crews worked through the night.\nb2,Ministers met.\n', encoding="utf-8"
    )
    items = run(path)
    assert items[0] == err(
        f"{path.as_posix()}:2", errors.E007.format(detail="unexpected end of data")
    )
    assert [(r.external_id, r.line) for r in records(items)] == [("b2", 3)]


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "headlines.csv"
    write_csv(path, [["Date", "Title"], ["2022-03-01", "Convoy stalls north of Kyiv"]])
    options = IngestOptions(fields=(("published", "Date"),))
    assert run(path, options=options) == [
        err(f"{path.as_posix()}:1", errors.E009.format(field="text"))
    ]


def test_csv_w004_once_and_empty_text(tmp_path: Path) -> None:
    path = tmp_path / "outlet.csv.gz"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [["id", "Date", "Text"], ["x", "2022-07-01", ""], ["y", "2022-07-02", THIRD]]
    )
    path.write_bytes(gzip.compress(buffer.getvalue().encode("utf-8")))
    options = IngestOptions(fields=parse_field_mapping(["published=time", "published=Time"]))
    items = run(path, options=options)
    where = path.as_posix()
    assert items == [
        warn(where, errors.W004.format(field="published=time, published=Time")),
        err(f"{where}:2", "[E016] record text is empty"),
        RawRecord(origin=where, content=THIRD, external_id="y", line=3, group=where),
    ]


def test_csv_record_above_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    write_csv(path, [["id", "text"], ["long", ARTICLE * 10], ["short", THIRD]])
    items = run(path, options=IngestOptions(max_article_bytes=2000))
    size = len((ARTICLE * 10).encode("utf-8"))
    assert items[0] == err(f"{path.as_posix()}:2", errors.E005.format(size=size, limit=2000))
    assert [r.external_id for r in records(items)] == ["short"]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_huge_line_is_not_kept(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"dump{suffix}"
    huge = ARTICLE.replace("\n", " ") * 4000  # ~1.4 MB on one line
    if suffix == ".csv":
        head, line, tail = "id,text\n", f"big,{huge}\n", "small,Talks resume on Monday.\n"
    else:
        head = ""
        line = json.dumps({"id": "big", "text": huge}, ensure_ascii=False) + "\n"
        tail = json.dumps({"id": "small", "text": "Talks resume on Monday."}) + "\n"
    path.write_text(head + line + tail, encoding="utf-8")
    size = len(line.encode("utf-8"))
    items = run(path, options=IngestOptions(max_article_bytes=1000))
    number = 2 if suffix == ".csv" else 1
    assert items[0] == err(f"{path.as_posix()}:{number}", errors.E005.format(size=size, limit=1000))
    assert [r.external_id for r in records(items)] == ["small"]


def test_csv_binary(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(b"id,text\n1,\x00\x00\x00\x01\x02")
    assert run(path) == [err(path, errors.E003)]


# --------------------------------------------------------------------------- round trips

_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1).filter(
    str.strip
)
_META = st.one_of(st.none(), st.text(st.characters(codec="utf-8", exclude_characters="\x00")))
_RECORD = st.fixed_dictionaries(
    {"id": _TEXT, "text": _TEXT, "published": _META, "source": _META, "url": _META, "title": _META}
)


def _expected(row: dict[str, str | None], origin: str, line: int) -> RawRecord:
    def keep(value: str | None) -> str | None:
        return value if value is not None and value.strip() else None

    source = keep(row["source"])
    return RawRecord(
        origin=origin,
        content=str(row["text"]),
        external_id=row["id"],
        published=keep(row["published"]),
        source=source,
        url=keep(row["url"]),
        title=keep(row["title"]),
        line=line,
        group=source or origin,
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(_RECORD, min_size=1, max_size=5))
def test_jsonl_round_trip(rows: list[dict[str, str | None]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        got = run(path)
    assert got == [_expected(r, path.as_posix(), i) for i, r in enumerate(rows, 1)]


@settings(max_examples=60, deadline=None)
@given(st.lists(_RECORD, min_size=1, max_size=5))
def test_csv_round_trip(rows: list[dict[str, str | None]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        got = records(run(path))
    assert [r.content for r in got] == [r["text"] for r in rows]
    lines = [r.line or 0 for r in got]
    expected = [
        _expected({k: v or "" for k, v in r.items()}, path.as_posix(), line)
        for r, line in zip(rows, lines, strict=True)
    ]
    assert got == expected
    assert lines == sorted(set(lines))
    assert lines[0] == 2


# --------------------------------------------------------------------------- real data


@pytest.mark.shared
def test_eval_corpora_load() -> None:
    ukraine = EVAL / "ukraine-media" / "data"
    timeline = EVAL / "timeline17" / "Timeline17" / "haiti_bbc" / "articles.tokenized.jsonl.gz"
    if not ukraine.is_dir() or not timeline.is_file():
        pytest.skip(f"evaluation data not found under {EVAL} (clone ../shared to run this)")
    table_options = IngestOptions(
        fields=parse_field_mapping(["published=Date", "text=Text", "title=Title", "url=URL"])
    )
    tables = [ukraine / "ABC.csv", ukraine / "BBC.csv", ukraine / "DailyMail_JulAug2022.csv"]
    items = [
        *read_inputs(tables, options=table_options),
        *read_inputs([timeline], options=IngestOptions(fields=(("published", "time"),))),
    ]
    counts: Counter[tuple[str, str]] = Counter()
    for item in items:
        where = item.origin if isinstance(item, RawRecord) else item.where.rpartition(":")[0]
        counts[Path(where).name, "record" if isinstance(item, RawRecord) else item.message] += 1
    empty = "[E016] record text is empty"
    assert counts == Counter(
        {
            ("ABC.csv", "record"): 289,
            ("BBC.csv", "record"): 849,
            ("DailyMail_JulAug2022.csv", "record"): 307,
            ("DailyMail_JulAug2022.csv", empty): 214,
            ("articles.tokenized.jsonl.gz", "record"): 286,
            ("articles.tokenized.jsonl.gz", empty): 10,
        }
    )
    first_bbc = next(
        r
        for r in read_inputs([ukraine / "BBC.csv"], options=table_options)
        if isinstance(r, RawRecord)
    )
    assert first_bbc.published is not None
    assert "T" in first_bbc.published
    assert first_bbc.title
    assert (first_bbc.url or "").startswith("https://www.bbc.")
    assert first_bbc.external_id == "1"
