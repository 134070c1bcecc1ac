"""Generate docs/cli.md from the command definitions (kept in sync by a test)."""

from __future__ import annotations

from typing import Any

import typer.main

from .cli import app

HEADER = """# Command line reference

Generated from the command definitions by `python -m storyline.clidoc > docs/cli.md`;
`tests/test_docs.py` fails when this file and the commands disagree.

Errors are printed on stderr as `storyline: error: FILE[:LINE]: message` (warnings as
`storyline: warning: ...`). Exit codes: 0 every input done (warnings allowed), 1 some inputs
failed (the rest stored), 2 usage error or nothing could be done.
"""


def _kind(annotation: Any) -> str:
    """A reader's name for a parameter's type ("PATH", "INT", "json | jsonl | csv")."""
    import enum
    import typing

    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if args and typing.get_origin(annotation) is not None:
        inner = args[0]
        repeat = typing.get_origin(annotation) is list
        base = _kind(inner)
        return base + (", repeatable" if repeat else "")
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return " \\| ".join(str(m.value) for m in annotation)
    return getattr(annotation, "__name__", str(annotation)).upper()


def _param_row(param: Any) -> str:
    annotation = param.type_descriptor.annotation
    help_text = str(param.help or "")
    if not hasattr(param, "is_flag"):  # an argument
        name = f"`{str(param.name).upper()}`"
        kind = "argument: " + _kind(annotation)
    else:
        name = ", ".join(f"`{opt}`" for opt in [*param.opts, *param.secondary_opts])
        kind = "flag" if param.is_flag else _kind(annotation)
        if param.required:
            help_text += " Required."
        elif not param.is_flag and param.default not in (None, (), []):
            help_text += f" Default: `{_default(param.default)}`."
    return f"| {name} | {kind} | {help_text.strip()} |"


def _default(value: object) -> str:
    return str(getattr(value, "value", value))


def render() -> str:
    group: Any = typer.main.get_command(app)
    parts = [HEADER]
    parts.append("## Commands\n")
    ctx = typer.main.get_command(app).make_context("storyline", [], resilient_parsing=True)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        parts.append(f"### `storyline {name}`\n")
        parts.append((command.help or "").strip().split("\n")[0] + "\n")
        params = [p for p in command.params if p.name != "help"]
        if params:
            parts.append("| parameter | kind | meaning |")
            parts.append("|---|---|---|")
            parts.extend(_param_row(p) for p in params)
            parts.append("")
    return "\n".join(parts).rstrip() + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(render())
