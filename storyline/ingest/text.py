"""Plain-text articles (.txt, .text): one file, one record."""

from __future__ import annotations

from pathlib import Path

from ..model import RawRecord
from .metadata import FileMeta
from .options import IngestOptions
from .source import decode_document, read_document


def read_text_file(
    path: Path, origin: str, *, gz: bool, meta: FileMeta | None, group: str, options: IngestOptions
) -> RawRecord:
    """The file as one TEXT record; raises InputError (E002-E005, E015, E017) otherwise.

    ``meta`` comes from a metadata.csv beside the file; the record's group is its
    source when known, else ``group`` (the folder).
    """
    data = read_document(path, origin, gz=gz, limit=options.max_article_bytes)
    text = decode_document(data, origin)
    return with_meta(RawRecord(origin=origin, content=text), meta, group)


def with_meta(record: RawRecord, meta: FileMeta | None, group: str) -> RawRecord:
    """``record`` with the fields a metadata.csv row gives, and its group."""
    if meta is None:
        return RawRecord(
            origin=record.origin, content=record.content, kind=record.kind, group=group
        )
    return RawRecord(
        origin=record.origin,
        content=record.content,
        kind=record.kind,
        published=meta.published,
        source=meta.source,
        url=meta.url,
        title=meta.title,
        group=meta.source or group,
    )
