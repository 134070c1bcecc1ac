from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

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


def analyze_and_export(inputs: list[str], db: Path) -> dict[str, Any]:
    """Run `storyline analyze` on ``inputs`` into ``db``, then `export`; the parsed JSON."""
    run = subprocess.run(
        [sys.executable, "-m", "storyline", "analyze", *inputs, "--db", str(db), "-q"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr
    out = subprocess.run(
        [sys.executable, "-m", "storyline", "export", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    data: dict[str, Any] = json.loads(out.stdout)
    return data
