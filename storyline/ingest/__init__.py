"""Readers: files and folders in, RawRecords (one per article) and Problems out.

Formats: plain text (.txt .text), HTML (.html .htm), JSON Lines (.jsonl
.ndjson), CSV (.csv), each also gzip-compressed (``.gz``).  Text and HTML files
take dates, sources, URLs and titles from a metadata.csv beside them.  Nothing
here parses dates or cleans text: ``published`` is kept exactly as given.
"""

from __future__ import annotations

from .fields import parse_field_mapping
from .folder import read_inputs
from .options import DEFAULTS, FIELD_NAMES, IngestOptions, Problem

__all__ = [
    "DEFAULTS",
    "FIELD_NAMES",
    "IngestOptions",
    "Problem",
    "parse_field_mapping",
    "read_inputs",
]
