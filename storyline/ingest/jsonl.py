"""JSON Lines (.jsonl, .ndjson): one JSON object per line, one record per object.

Blank lines are skipped.  A line that is not JSON (E006), not an object (E011),
not UTF-8 (E004) or has NUL bytes (E003) is reported with its line number and the
other lines are still read.  Fields are resolved per object (see fields.py); an
object without an ``id`` gets its 1-based line number as id.  W004 is given once,
after the file's records, for a mapping none of the file's objects matched.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..errors import E002, E006, E011, W004
from ..model import RawRecord
from .fields import Columns, make_record, resolve_columns
from .options import IngestOptions, Problem, at, error, warning
from .source import iter_lines, line_cap

_MAX_CACHED_KEY_SETS = 256


def read_jsonl(
    path: Path, origin: str, *, gz: bool, options: IngestOptions
) -> Iterator[RawRecord | Problem]:
    """Records and per-line problems of a JSONL file; raises InputError for the whole file."""
    limit = options.max_article_bytes
    cache: dict[tuple[str, ...], Columns] = {}
    never_matched: set[str] | None = None
    lines = 0
    for line in iter_lines(path, origin, gz=gz, line_cap=line_cap(limit), limit=limit):
        where = at(origin, line.number)
        if line.bad is not None:
            lines += 1
            yield error(where, line.bad)
            continue
        if not line.text.strip():
            continue
        lines += 1
        try:
            value = json.loads(line.text)
        except json.JSONDecodeError as exc:
            yield error(where, E006.format(detail=f"{exc.msg} at column {exc.pos + 1}"))
            continue
        except RecursionError:
            yield error(where, E006.format(detail="nested too deeply"))
            continue
        if not isinstance(value, dict):
            yield error(where, E011)
            continue
        keys = tuple(value)
        columns = cache.get(keys)
        if columns is None:
            if len(cache) >= _MAX_CACHED_KEY_SETS:
                cache.clear()
            columns = cache[keys] = resolve_columns(value.keys(), options)
        unmatched = set(columns.unmatched)
        never_matched = unmatched if never_matched is None else never_matched & unmatched
        yield make_record(
            value,
            columns,
            origin=origin,
            line=line.number,
            fallback_id=str(line.number),
            options=options,
        )
    if not lines:
        yield error(origin, E002)
    for field in sorted(never_matched or ()):
        yield warning(origin, W004.format(field=field))
