from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EVAL = SHARED / "eval"
SAMPLES = ROOT / "samples"


def need(path: Path, what: str) -> Path:
    """Skip the test with a clear reason when ../shared data is absent."""
    if not path.exists():
        pytest.skip(f"{path} not present ({what}); clone ../shared beside the project to run this")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return need(SEEDS, "the five seed articles")


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from storyline.nlp import get_nlp

    return get_nlp()
