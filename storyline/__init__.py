"""storyline: a sourced, dated account of a developing story from many outlets."""

from __future__ import annotations

__version__ = "0.1.0"
