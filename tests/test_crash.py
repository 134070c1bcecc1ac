"""Crash safety: SIGKILL `analyze` at several points, re-run, and get what one clean run gives."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SAMPLES

pytestmark = pytest.mark.slow

KILL_POINTS = [
    "after_article:2",  # between two article transactions
    "inside_write:4",  # in the middle of an article's transaction
    "before_commit:6",  # everything written, COMMIT not yet issued
    "before_identities:1",  # all articles stored, corpus stages not run
    "before_statements:1",  # identities stored, statements not linked
    "inside_statements:1",  # in the middle of the statements transaction
    "before_clusters:1",  # identities stored, clustering not run
]


def analyze(inputs: Path, db: Path, kill_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("STORYLINE_KILL_AT", None)
    if kill_at:
        env["STORYLINE_KILL_AT"] = kill_at
    return subprocess.run(
        [sys.executable, "-m", "storyline", "analyze", str(inputs), "--db", str(db), "-q"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def command(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "storyline", *args], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def snapshot(db: Path) -> tuple[object, ...]:
    """Everything stored except cluster ids; clusters as a partition of origins, after recluster."""
    command("recluster", "--db", str(db))
    data = json.loads(command("export", "--db", str(db), "--format", "json"))
    origin = {a["id"]: a["origin"] for a in data["articles"]}
    articles = [
        {k: v for k, v in a.items() if k not in {"event", "story"}} for a in data["articles"]
    ]
    events = sorted(sorted(origin[i] for i in e["articles"]) for e in data["events"])
    stories = sorted(sorted(origin[i] for i in s["articles"]) for s in data["stories"])
    statements = data["statements"]
    return (
        articles,
        data["entities"],
        data["quotes"],
        data["actions"],
        events,
        stories,
        statements,
    )


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inputs") / "articles"
    folder.mkdir()
    chosen = sorted((SAMPLES / "articles").glob("*.txt"))[:8]
    for path in chosen:
        shutil.copy(path, folder / path.name)
    meta = (SAMPLES / "articles" / "metadata.csv").read_text(encoding="utf-8").splitlines()
    names = {p.name for p in chosen}
    keep = [meta[0]] + [line for line in meta[1:] if line.split(",", 1)[0] in names]
    (folder / "metadata.csv").write_text("\n".join(keep) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reference(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[object, ...]:
    db = tmp_path_factory.mktemp("ref") / "ref.db"
    result = analyze(inputs, db)
    assert result.returncode == 0, result.stderr
    return snapshot(db)


@pytest.mark.parametrize("kill_at", KILL_POINTS)
def test_killed_run_then_rerun_equals_clean_run(
    kill_at: str, inputs: Path, reference: tuple[object, ...], tmp_path: Path
) -> None:
    db = tmp_path / "crash.db"
    killed = analyze(inputs, db, kill_at=kill_at)
    assert killed.returncode == -signal.SIGKILL, (kill_at, killed.returncode, killed.stderr)
    rerun = analyze(inputs, db)
    assert rerun.returncode == 0, rerun.stderr
    assert snapshot(db) == reference
