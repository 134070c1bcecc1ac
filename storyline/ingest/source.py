"""Bytes from files: plain or gzip, whole documents or line by line, checked as UTF-8.

Every function here raises InputError (with ``where`` set) for a problem that
stops one input; the folder walker turns it into a Problem and goes on.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import E002, E003, E004, E005, E015, InputError
from .options import E017

BOM = b"\xef\xbb\xbf"
SNIFF_BYTES = 8192
_CHUNK = 1 << 20
_GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)


def line_cap(limit: int) -> int:
    """The longest line read into memory: room for a ``limit``-byte text, JSON-escaped."""
    return 6 * limit + _CHUNK


@contextmanager
def reading(origin: str) -> Iterator[None]:
    """Turn read errors (OSError, corrupt gzip data) into InputError for ``origin``."""
    try:
        yield
    except _GZIP_ERRORS as exc:
        raise InputError(E015.format(detail=exc), where=origin) from exc
    except OSError as exc:
        raise InputError(E017.format(detail=exc.strerror or exc), where=origin) from exc


def open_binary(path: Path, *, gz: bool) -> io.BufferedIOBase:
    """The file's bytes, decompressed on the fly when ``gz``."""
    if gz:
        return gzip.GzipFile(filename=path, mode="rb")
    return open(path, "rb")  # the caller closes it


def sniff(path: Path, origin: str, *, gz: bool) -> bytes:
    """The first bytes of a file; E002 when there are none, E003 when they hold NUL."""
    with reading(origin), open_binary(path, gz=gz) as stream:
        head = stream.read(SNIFF_BYTES)
    check_head(head, origin)
    return head


def check_head(head: bytes, origin: str) -> None:
    """E002 for a file with nothing but whitespace, E003 for NUL bytes in ``head``."""
    if len(head) < SNIFF_BYTES and not head.removeprefix(BOM).strip():
        raise InputError(E002, where=origin)
    if b"\0" in head:
        raise InputError(E003, where=origin)


def read_document(path: Path, origin: str, *, gz: bool, limit: int) -> bytes:
    """A whole (article-sized) file, refused with E005 when above ``limit`` bytes.

    A plain file's size is checked with stat before it is read; a gzip file is
    decompressed up to ``limit`` bytes and the rest only counted for the message.
    """
    with reading(origin):
        if not gz:
            size = path.stat().st_size
            if size > limit:
                raise InputError(E005.format(size=size, limit=limit), where=origin)
        with open_binary(path, gz=gz) as stream:
            data = stream.read(limit + 1)
            if len(data) > limit:
                size = len(data)
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                raise InputError(E005.format(size=size, limit=limit), where=origin)
    return data


def decode_document(data: bytes, origin: str) -> str:
    """UTF-8 text of a document, BOM removed, newlines as they are.

    E002 when empty or only whitespace, E003 with NUL bytes, E004 (naming the
    0-based byte offset in the file) when it is not UTF-8.
    """
    body = data.removeprefix(BOM)
    if not body.strip():
        raise InputError(E002, where=origin)
    if b"\0" in body:
        raise InputError(E003, where=origin)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        pos = exc.start + len(data) - len(body)
        raise InputError(E004.format(pos=pos), where=origin) from None
    if not text.strip():
        raise InputError(E002, where=origin)
    return text


@dataclass(frozen=True, slots=True)
class Line:
    """One physical line (with its line end) of a line-based file.

    ``bad`` is the message (E003, E004 or E005) when the bytes could not be read
    as text; ``text`` is then a stand-in that must not be used as data.
    """

    number: int  # 1-based
    offset: int  # byte offset of its start in the (decompressed) file
    size: int  # its length in bytes
    text: str
    bad: str | None = None


def iter_lines(path: Path, origin: str, *, gz: bool, line_cap: int, limit: int) -> Iterator[Line]:
    """The lines of a file, split at ``\\n`` only, each decoded as UTF-8 on its own.

    A line longer than ``line_cap`` bytes is not kept in memory: it is counted and
    given as a bad line (E005, naming ``limit``).  Raises InputError for an empty
    or binary file (judged on its first bytes) and for unreadable or corrupt data.
    """
    sniff(path, origin, gz=gz)
    with reading(origin), open_binary(path, gz=gz) as stream:
        number = 0
        offset = 0
        while raw := stream.readline(line_cap):
            number += 1
            size = len(raw)
            if size >= line_cap and not raw.endswith(b"\n"):
                while chunk := stream.readline(_CHUNK):
                    size += len(chunk)
                    if chunk.endswith(b"\n"):
                        break
                yield Line(number, offset, size, "\n", E005.format(size=size, limit=limit))
                offset += size
                continue
            start = len(BOM) if number == 1 and raw.startswith(BOM) else 0
            body = raw[start:]
            bad: str | None = None
            if b"\0" in body:
                bad = E003
                body = body.replace(b"\0", b"")
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad = bad or E004.format(pos=offset + start + exc.start)
                text = body.decode("utf-8", "replace")
            yield Line(number, offset, size, text, bad)
            offset += size
