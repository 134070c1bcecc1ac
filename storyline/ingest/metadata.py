"""metadata.csv: dates, sources, URLs and titles for the text and HTML files of a folder.

Columns: ``file`` (the file's path relative to the folder holding metadata.csv)
and any of ``published``, ``source``, ``url``, ``title`` (names matched ignoring
case and surrounding spaces).  Other columns are ignored with W002; without a
``file`` column the whole table is ignored (E008); a row naming a file that is not
there gives W003.  The first row naming a file wins.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import E007, E008, W002, W003, InputError
from .options import Problem, at, error, warning
from .source import decode_document, read_document

METADATA_NAME = "metadata.csv"
META_COLUMNS = ("published", "source", "url", "title")
_MAX_METADATA_BYTES = 200_000_000


@dataclass(frozen=True, slots=True)
class FileMeta:
    published: str | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None


def normalize_name(name: str) -> str | None:
    """A ``file`` cell as a relative POSIX path, or None if it leaves the folder."""
    path = PurePosixPath(name.strip().replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or str(path) in {"", "."}:
        return None
    return str(path)


def _cell(row: list[str], index: int | None) -> str | None:
    if index is None or index >= len(row):
        return None
    value = row[index]
    return value if value.strip() else None


def load_metadata(folder: Path, origin: str) -> tuple[dict[str, FileMeta], list[Problem]]:
    """Read ``folder/metadata.csv`` (named ``origin`` in problems).

    Returns the rows by file name and the problems found; never raises for bad
    content (an unreadable table gives its problem and no rows).
    """
    problems: list[Problem] = []
    try:
        data = read_document(folder / METADATA_NAME, origin, gz=False, limit=_MAX_METADATA_BYTES)
        text = decode_document(data, origin)
    except InputError as exc:
        return {}, [error(exc.where or origin, exc.message)]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: dict[str, FileMeta] = {}
    index: dict[str, int] = {}
    header: list[str] | None = None
    start = 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not row:
                continue
            if header is None:
                header = row
                for i, name in enumerate(row):
                    index.setdefault(name.strip().casefold(), i)
                if "file" not in index:
                    columns = ", ".join(repr(c) for c in header)
                    return {}, [error(origin, E008.format(columns=columns))]
                unknown = [c for c in header if c.strip().casefold() not in {"file", *META_COLUMNS}]
                if unknown:
                    columns = ", ".join(repr(c) for c in unknown)
                    problems.append(warning(origin, W002.format(columns=columns)))
                continue
            cell = _cell(row, index["file"])
            if cell is None:
                continue
            key = normalize_name(cell)
            if key is None or not (folder / key).is_file():
                problems.append(warning(at(origin, line), W003.format(file=cell.strip())))
                continue
            rows.setdefault(
                key,
                FileMeta(*(_cell(row, index.get(column)) for column in META_COLUMNS)),
            )
    except csv.Error as exc:
        problems.append(error(at(origin, start), E007.format(detail=exc)))
    return rows, problems
