"""Options and the per-input problem report shared by every reader."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..errors import E016, E017, E018, E019

__all__ = ["E016", "E017", "E018", "E019", "FIELD_NAMES", "IngestOptions", "Problem"]

#: Our field names; JSONL keys and CSV columns with these names (any case) are used
#: unless a mapping says otherwise.
FIELD_NAMES: tuple[str, ...] = ("id", "text", "published", "source", "url", "title")


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How to read inputs.

    ``fields`` maps our field names to input columns, e.g.
    ``(("published", "time"), ("text", "Text"))``; a field may be mapped more than
    once (the first column a file has wins), which lets one run read files that
    name the same thing differently.  ``max_article_bytes`` is the largest article
    (file, or a record's text in UTF-8) that is read; larger ones are refused (E005).
    """

    fields: tuple[tuple[str, str], ...] = ()
    max_article_bytes: int = 5_000_000

    def __post_init__(self) -> None:
        if self.max_article_bytes < 1:
            raise ValueError(f"max_article_bytes must be positive, not {self.max_article_bytes}")
        for pair in self.fields:
            if len(pair) != 2 or pair[0] not in FIELD_NAMES or not pair[1]:
                raise ValueError(f"invalid field mapping {pair!r}")


DEFAULTS = IngestOptions()


@dataclass(frozen=True, slots=True)
class Problem:
    """An error or warning about one input.

    ``where`` is the input as the user named it (joined with the path inside a
    folder), with ``:LINE`` when the problem is one line or record of it;
    ``message`` is a numbered message (``[E0xx]``/``[W0xx]``).
    """

    where: str
    message: str
    severity: Literal["error", "warning"]

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def error(where: str, message: str) -> Problem:
    return Problem(where, message, "error")


def warning(where: str, message: str) -> Problem:
    return Problem(where, message, "warning")


def at(origin: str, line: int | None) -> str:
    """``origin`` or ``origin:line``."""
    return origin if line is None else f"{origin}:{line}"
