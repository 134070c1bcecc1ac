"""CSV tables (.csv): a header row, then one record per row.

Read with the csv module (RFC 4180 quoting, multi-line quoted fields, strict
quote checking) over lines split at ``\\n`` only, so line ends inside fields are
kept as written.  A record's ``line`` is the line its row starts on; a row without
an ``id`` gets its 1-based row number as id (data rows counted from 1 after the
header, blank lines not counted, rows refused with a problem counted).

Recovery: a quoting error (E007: a quote that is never closed, text after a
closing quote) is reported at the line its row starts on, and reading starts
again on the next line, so the rows after a broken one are still read; rows
whose field count differs from the header's are refused (E007) and skipped.  A
row above the size that fits an article (E005) is skipped with the lines read for
it.  After 100 such errors the rest of the file is skipped.  Bad bytes (E003,
E004) refuse the row they are in.  A header without the text column gives one
E009 for the file, which is then not read.
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import E002, E005, E007, E009, W004
from ..model import RawRecord
from .fields import make_record, resolve_columns
from .options import IngestOptions, Problem, at, error, warning
from .source import Line, iter_lines, line_cap

MAX_ROW_ERRORS = 100


class _RowTooLargeError(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


@dataclass(slots=True)
class _Feed:
    """Lines for csv.reader; keeps the lines of the current row for recovery."""

    source: Iterator[Line]
    cap: int
    pending: deque[Line] = field(default_factory=deque)
    row: list[Line] = field(default_factory=list)
    size: int = 0

    def start_row(self) -> None:
        self.row.clear()
        self.size = 0

    def replay_after_first(self) -> None:
        """Read the current row's lines again, from its second line on."""
        self.pending.extendleft(reversed(self.row[1:]))

    def lines(self) -> Iterator[str]:
        while True:
            if self.pending:
                line = self.pending.popleft()
            else:
                next_line = next(self.source, None)
                if next_line is None:
                    return
                line = next_line
            self.row.append(line)
            self.size += line.size
            if self.size >= self.cap:
                raise _RowTooLargeError(self.size)
            yield line.text


def _raise_field_size_limit(chars: int) -> None:
    # The limit is global to the csv module; only ever raise it.  Our own guard
    # (_Feed.cap) bounds memory per row.
    if csv.field_size_limit() < chars:
        csv.field_size_limit(chars)


def read_table(
    path: Path, origin: str, *, gz: bool, options: IngestOptions
) -> Iterator[RawRecord | Problem]:
    """Records and per-row problems of a CSV file; raises InputError for the whole file."""
    limit = options.max_article_bytes
    cap = line_cap(limit)
    _raise_field_size_limit(cap)
    feed = _Feed(iter_lines(path, origin, gz=gz, line_cap=cap, limit=limit), cap)
    reader = csv.reader(feed.lines(), strict=True)
    header: list[str] | None = None
    columns = None
    rows = 0
    errors = 0
    last_line = 1
    while True:
        feed.start_row()
        try:
            row = next(reader)
        except StopIteration:
            if header is None and errors == 0:
                yield error(origin, E002)
            return
        except (csv.Error, _RowTooLargeError) as exc:
            start = feed.row[0].number if feed.row else last_line
            if isinstance(exc, _RowTooLargeError):
                yield error(at(origin, start), E005.format(size=exc.size, limit=limit))
            else:
                yield error(at(origin, start), E007.format(detail=exc))
                feed.replay_after_first()
            rows += header is not None
            errors += 1
            if errors >= MAX_ROW_ERRORS:
                detail = f"{errors} bad rows; the rest of the file is skipped"
                yield error(origin, E007.format(detail=detail))
                return
            reader = csv.reader(feed.lines(), strict=True)
            continue
        if not row:
            continue
        start = feed.row[0].number
        last_line = feed.row[-1].number
        bad = next((line for line in feed.row if line.bad is not None), None)
        if header is None:
            if bad is not None and bad.bad is not None:
                yield error(at(origin, bad.number), bad.bad)
                return
            header = row
            columns = resolve_columns(header, options)
            for name in columns.unmatched:
                yield warning(origin, W004.format(field=name))
            if columns.column("text") is None:
                yield error(at(origin, start), E009.format(field=columns.text_name))
                return
            continue
        assert columns is not None
        rows += 1
        if bad is not None and bad.bad is not None:
            yield error(at(origin, bad.number), bad.bad)
            continue
        if len(row) != len(header):
            detail = f"row has {len(row)} fields, the header has {len(header)}"
            yield error(at(origin, start), E007.format(detail=detail))
            errors += 1
            if errors >= MAX_ROW_ERRORS:
                detail = f"{errors} bad rows; the rest of the file is skipped"
                yield error(origin, E007.format(detail=detail))
                return
            continue
        values: dict[str, str] = {}
        for name, value in zip(header, row, strict=True):
            values.setdefault(name, value)
        yield make_record(
            values, columns, origin=origin, line=start, fallback_id=str(rows), options=options
        )
