"""Saved web pages (.html, .htm): one file, one HTML record holding the page source."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import InputError
from ..model import ContentKind, RawRecord
from .metadata import FileMeta
from .options import IngestOptions
from .source import decode_document, read_document
from .text import with_meta

_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEAD_BYTES = 4096


def declared_charset(data: bytes) -> str | None:
    """The codec a page declares in a ``<meta>`` near its start, if Python knows it."""
    match = _CHARSET.search(data[:_HEAD_BYTES])
    if match is None:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def read_html_file(
    path: Path, origin: str, *, gz: bool, meta: FileMeta | None, group: str, options: IngestOptions
) -> RawRecord:
    """The page as one HTML record (content = the HTML source, not extracted).

    The page is read as UTF-8; a page that is not UTF-8 but declares another
    charset in a ``<meta>`` tag (windows-1252, latin-1, ...) is decoded with that
    charset instead.  Raises InputError (E002-E005, E015, E017) otherwise.
    """
    data = read_document(path, origin, gz=gz, limit=options.max_article_bytes)
    try:
        text = decode_document(data, origin)
    except InputError as exc:
        charset = declared_charset(data) if exc.message.startswith("[E004]") else None
        if charset is None or charset.replace("_", "-") in {"utf-8", "utf-8-sig"}:
            raise
        try:
            text = data.decode(charset)
        except UnicodeDecodeError:
            raise exc from None
    record = RawRecord(origin=origin, content=text, kind=ContentKind.HTML)
    return with_meta(record, meta, group)
