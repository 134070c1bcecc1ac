"""Shared fixtures of the workbench tests: the bundled sample corpus plus one hostile
article (markup in its text), analysed once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import SAMPLES

HOSTILE = (
    "Officials in the harbour town of Tesliv said on Monday that a forged press release "
    "carrying the code <script>alert('owned')</script> had been sent to local newsrooms. "
    "\u201cSomeone pasted <img src=x onerror=alert(1)> into our feed,\u201d the town "
    "spokesman, Ivo Marek, told reporters on Monday. He said the police were investigating "
    "the forgery and that no data had been lost.\n"
)
_built: dict[str, Path] = {}


def build_sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database of samples/ plus the hostile article (built once, copied per use)."""
    if "db" not in _built:
        from storyline.pipeline import analyze
        from storyline.store import Store

        folder = tmp_path_factory.mktemp("workbench")
        hostile = folder / "hostile"
        hostile.mkdir()
        (hostile / "tesliv_forgery.txt").write_text(HOSTILE, encoding="utf-8")
        db = folder / "sample.db"
        with Store.open(db) as store:
            analyze(
                [
                    SAMPLES / "articles",
                    SAMPLES / "html",
                    SAMPLES / "wire.jsonl",
                    hostile,
                ],
                store=store,
            )
        _built["db"] = db
    return _built["db"]


def fresh_copy(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A private copy of the sample database (tests that write get their own)."""
    source = build_sample_db(tmp_path_factory)
    target = tmp_path_factory.mktemp(name) / "sample.db"
    shutil.copy(source, target)
    return target
