"""read_inputs: files and folders in, RawRecords and Problems out, streaming.

Folders are walked depth first in sorted name order (files and subfolders
together), skipping hidden entries (names starting with ``.``), metadata.csv
itself and, silently, files of a type we do not read.  A file named explicitly
with a type we do not read is E010.  Suffixes (any case): .txt .text (text),
.html .htm (HTML), .jsonl .ndjson (JSON Lines), .csv (table), each also with
``.gz`` (decompressed while reading).

Identity: a record's origin is the path as given, joined with the path inside a
folder using ``/``.  Groups: a text or HTML file's group is its source (from
metadata.csv) when known, else its folder (``.`` for a bare file name); a JSONL
or CSV record's group is its source when it has one, else the file.
"""

from __future__ import annotations

import enum
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePath, PurePosixPath

from ..errors import E001, E010, InputError
from ..model import RawRecord
from .html import read_html_file
from .jsonl import read_jsonl
from .metadata import METADATA_NAME, FileMeta, load_metadata
from .options import DEFAULTS, E017, IngestOptions, Problem, error
from .table import read_table
from .text import read_text_file


class Format(enum.Enum):
    TEXT = "text"
    HTML = "html"
    JSONL = "jsonl"
    TABLE = "csv"


SUFFIXES: dict[str, Format] = {
    ".txt": Format.TEXT,
    ".text": Format.TEXT,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".jsonl": Format.JSONL,
    ".ndjson": Format.JSONL,
    ".csv": Format.TABLE,
}

# Metadata tables in force while walking: (rows by path, path from there to here).
_MetaStack = tuple[tuple[dict[str, FileMeta], str], ...]


def file_suffix(name: str) -> str:
    """The suffix that decides the format: ``.csv``, ``.jsonl.gz``, ``.gz``, or ``""``."""
    lower = name.lower()
    if lower.endswith(".gz"):
        inner = PurePosixPath(lower[: -len(".gz")]).suffix
        return inner + ".gz"
    return PurePosixPath(lower).suffix


def classify(name: str) -> tuple[Format, bool] | None:
    """The format of a file name and whether it is gzip-compressed, or None."""
    suffix = file_suffix(name)
    gz = suffix.endswith(".gz")
    fmt = SUFFIXES.get(suffix.removesuffix(".gz") if gz else suffix)
    return None if fmt is None else (fmt, gz)


def _join(origin: str, name: str) -> str:
    return str(PurePosixPath(origin) / name)


def _read_file(
    path: Path,
    origin: str,
    fmt: Format,
    *,
    gz: bool,
    meta: FileMeta | None,
    options: IngestOptions,
) -> Iterator[RawRecord | Problem]:
    group = str(PurePosixPath(origin).parent)
    try:
        if fmt is Format.TEXT:
            yield read_text_file(path, origin, gz=gz, meta=meta, group=group, options=options)
        elif fmt is Format.HTML:
            yield read_html_file(path, origin, gz=gz, meta=meta, group=group, options=options)
        elif fmt is Format.JSONL:
            yield from read_jsonl(path, origin, gz=gz, options=options)
        else:
            yield from read_table(path, origin, gz=gz, options=options)
    except InputError as exc:
        yield error(exc.where or origin, exc.message)


def _lookup(stack: _MetaStack, name: str) -> FileMeta | None:
    for rows, prefix in reversed(stack):
        meta = rows.get(prefix + name)
        if meta is not None:
            return meta
    return None


def _walk(
    folder: Path, origin: str, stack: _MetaStack, visited: set[Path], options: IngestOptions
) -> Iterator[RawRecord | Problem]:
    try:
        real = folder.resolve()
        if real in visited:  # a symlink back up the tree
            return
        visited.add(real)
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        yield error(origin, E017.format(detail=exc.strerror or exc))
        return
    if any(entry.name == METADATA_NAME and entry.is_file() for entry in entries):
        rows, problems = load_metadata(folder, _join(origin, METADATA_NAME))
        yield from problems
        stack = (*stack, (rows, ""))
    for entry in entries:
        name = entry.name
        if name.startswith(".") or name == METADATA_NAME:
            continue
        child = _join(origin, name)
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError as exc:
            yield error(child, E017.format(detail=exc.strerror or exc))
            continue
        if is_dir:
            inner = tuple((rows, f"{prefix}{name}/") for rows, prefix in stack)
            yield from _walk(Path(entry.path), child, inner, visited, options)
        elif is_file and (kind := classify(name)) is not None:
            fmt, gz = kind
            meta = _lookup(stack, name) if fmt in {Format.TEXT, Format.HTML} else None
            yield from _read_file(Path(entry.path), child, fmt, gz=gz, meta=meta, options=options)


def read_inputs(
    paths: Sequence[str | Path], *, options: IngestOptions = DEFAULTS
) -> Iterator[RawRecord | Problem]:
    """Read files and folders, yielding a RawRecord per article and a Problem per bad input.

    Never raises for bad input: each problem names its input (and line) and the
    other inputs are still read.  Streams: one article (or one JSONL/CSV record)
    is in memory at a time, plus the metadata.csv tables of the folders being
    walked.  A single path (not in a list) is read as a list of one.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    explicit_meta: dict[str, dict[str, FileMeta]] = {}
    for given in paths:
        path = Path(given)
        origin = PurePath(given).as_posix()
        try:
            info = path.stat()
        except (FileNotFoundError, NotADirectoryError):
            yield error(origin, E001)
            continue
        except OSError as exc:
            yield error(origin, E017.format(detail=exc.strerror or exc))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, origin, (), set(), options)
            continue
        if not stat.S_ISREG(info.st_mode):
            yield error(origin, E017.format(detail="not a regular file"))
            continue
        kind = classify(path.name)
        if kind is None:
            yield error(origin, E010.format(suffix=file_suffix(path.name)))
            continue
        fmt, gz = kind
        meta: FileMeta | None = None
        if fmt in {Format.TEXT, Format.HTML}:
            folder = str(PurePosixPath(origin).parent)
            if folder not in explicit_meta:
                explicit_meta[folder] = {}
                if (path.parent / METADATA_NAME).is_file():
                    rows, problems = load_metadata(path.parent, _join(folder, METADATA_NAME))
                    explicit_meta[folder] = rows
                    yield from problems
            meta = explicit_meta[folder].get(path.name)
        yield from _read_file(path, origin, fmt, gz=gz, meta=meta, options=options)
