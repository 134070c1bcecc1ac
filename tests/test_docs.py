"""Documentation stays true: every command and option is in docs/cli.md."""

from __future__ import annotations

import re
import subprocess
import sys

from storyline.clidoc import render

from .conftest import ROOT

CLI_MD = ROOT / "docs" / "cli.md"


def test_cli_md_is_generated_from_the_commands() -> None:
    assert CLI_MD.read_text(encoding="utf-8") == render(), (
        "docs/cli.md is stale: run `python -m storyline.clidoc > docs/cli.md`"
    )


def test_every_option_in_help_is_documented() -> None:
    doc = CLI_MD.read_text(encoding="utf-8")
    commands = re.findall(r"^### `storyline (\w+)`", doc, flags=re.M)
    assert set(commands) >= {
        "analyze", "export", "extract", "dates", "timeline", "quotes", "entities", "recluster",
        "why",
    }  # fmt: skip
    for command in commands:
        result = subprocess.run(
            [sys.executable, "-m", "storyline", command, "--help"],
            capture_output=True,
            text=True,
            env={"COLUMNS": "200", "TERM": "dumb", "PATH": "/usr/bin:/bin"},
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        section = doc.split(f"### `storyline {command}`", 1)[1].split("\n### ", 1)[0]
        for option in set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", result.stdout)) - {"--help"}:
            assert f"`{option}`" in section, f"{command} {option} is not in docs/cli.md"


def test_readme_quick_start_has_exactly_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = quick.split("```bash", 1)[1].split("```", 1)[0]
    commands = [line for line in block.strip().splitlines() if line.strip()]
    assert [c.split()[0] for c in commands] == ["scripts/demo", "scripts/test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/test" in ci


def test_changelog_follows_keep_a_changelog() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.startswith("# Changelog")
    assert "## [Unreleased]" in changelog
