"""Field mapping: which JSONL key or CSV column holds each of our fields."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from ..errors import E005, E009, UsageError
from ..model import RawRecord
from .options import E016, E018, E019, FIELD_NAMES, IngestOptions, Problem, at, error


def parse_field_mapping(pairs: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """Parse ``["published=time", "text=Text"]`` into ``IngestOptions.fields``.

    The field name is one of ``id text published source url title`` (any case);
    the column is kept as written (it is matched exactly first, then ignoring case).
    Raises UsageError on a pair without ``=``, an empty column or an unknown field.
    """
    out: list[tuple[str, str]] = []
    for pair in pairs:
        name, sep, column = pair.partition("=")
        name = name.strip().lower()
        column = column.strip()
        if not sep or name not in FIELD_NAMES or not column:
            raise UsageError(E019.format(pair=pair, fields=", ".join(FIELD_NAMES)))
        out.append((name, column))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Columns:
    """The input column used for each of our fields, resolved for one set of columns."""

    used: tuple[tuple[str, str], ...]  # (field, column) for every field found
    text_name: str  # the column expected to hold the text (named in E009)
    unmatched: tuple[str, ...]  # fields whose mapped columns are all absent ("published=time")

    def column(self, name: str) -> str | None:
        for field_name, column in self.used:
            if field_name == name:
                return column
        return None


def resolve_columns(available: Collection[str], options: IngestOptions) -> Columns:
    """Resolve our fields against ``available`` column names.

    For each field the candidates are its mapped columns, in the order given, then
    the field's own name; each candidate matches a column of the same name, else one
    that differs only in case and surrounding spaces.  The first candidate that matches wins.
    """
    folded: dict[str, str] = {}
    for column in available:
        folded.setdefault(column.strip().casefold(), column)
    used: list[tuple[str, str]] = []
    unmatched: list[str] = []
    for name in FIELD_NAMES:
        mapped = [column for field_name, column in options.fields if field_name == name]
        found: str | None = None
        for candidate in [*mapped, name]:
            found = candidate if candidate in available else folded.get(candidate.casefold())
            if found is not None:
                break
        if found is not None:
            used.append((name, found))
        if mapped and not any(
            column in available or column.casefold() in folded for column in mapped
        ):
            unmatched.append(", ".join(f"{name}={column}" for column in mapped))
    text_name = next((c for f, c in options.fields if f == "text"), "text")
    return Columns(tuple(used), text_name, tuple(unmatched))


def _scalar(value: object) -> str | None:
    """A metadata value as a string; empty strings, null and nested values give None."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return None


def make_record(
    values: Mapping[str, object],
    columns: Columns,
    *,
    origin: str,
    line: int,
    fallback_id: str,
    options: IngestOptions,
) -> RawRecord | Problem:
    """A RawRecord from one JSONL object or CSV row, or the Problem that refuses it.

    The record is refused when the text field is missing (E009), not a string
    (E018), empty or only whitespace (E016), or above ``max_article_bytes`` in UTF-8
    (E005).  Without an ``id`` the record's id is ``fallback_id``.
    """
    where = at(origin, line)
    text_column = columns.column("text")
    if text_column is None or text_column not in values:
        return error(where, E009.format(field=columns.text_name))
    text = values[text_column]
    if text is None:
        text = ""
    if not isinstance(text, str):
        return error(where, E018.format(field=text_column))
    if not text.strip():
        return error(where, E016)
    limit = options.max_article_bytes
    if len(text) * 4 > limit:  # a code point is at most 4 bytes: encode only when needed
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > limit:
            return error(where, E005.format(size=size, limit=limit))
    meta = {name: _scalar(values.get(column)) for name, column in columns.used}
    source = meta.get("source")
    return RawRecord(
        origin=origin,
        content=text,
        external_id=meta.get("id") or fallback_id,
        published=meta.get("published"),
        source=source,
        url=meta.get("url"),
        title=meta.get("title"),
        line=line,
        group=source or origin,
    )
