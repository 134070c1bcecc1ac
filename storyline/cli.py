"""The command line: a thin layer over the library (typer + rich).

Errors go to stderr as ``storyline: error: FILE[:LINE]: message``; exit codes:
0 every input done (warnings allowed), 1 some inputs failed (the rest stored),
2 usage error or nothing could be done.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from . import __version__, errors
from .ingest import IngestOptions, Problem, parse_field_mapping, read_inputs

app = typer.Typer(
    name="storyline",
    help="Turn news articles from many outlets into a sourced, dated account of a story.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

DbOption = Annotated[Path, typer.Option("--db", help="SQLite database file.")]


class ExportFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class ViewFormat(StrEnum):
    text = "text"
    json = "json"


class ExtractFormat(StrEnum):
    json = "json"


def _fail(message: str, *, where: str | None = None, code: int = 2) -> NoReturn:
    prefix = f"{where}: " if where else ""
    err.print(f"storyline: error: {prefix}{message}", markup=False)
    raise typer.Exit(code)


def _report(problem: Problem) -> None:
    err.print(f"storyline: {problem.severity}: {problem.where}: {problem.message}", markup=False)


def _existing_db(db: Path) -> Path:
    if not db.is_file():
        _fail("no such database (run 'storyline analyze' first)", where=str(db))
    return db


def _version(value: bool) -> None:
    if value:
        out.print(f"storyline {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """storyline: who said what, when, reported by whom, and how outlets differ."""


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest.")],
    db: DbOption = Path("storyline.db"),
    field: Annotated[
        list[str] | None,
        typer.Option(
            "--field",
            help="Map a field to an input column, e.g. --field published=time --field text=Text.",
        ),
    ] = None,
    max_article_bytes: Annotated[
        int, typer.Option(help="Refuse articles larger than this many bytes.", min=1)
    ] = IngestOptions().max_article_bytes,
    workers: Annotated[int, typer.Option(help="Worker processes (0: one per core).", min=0)] = 0,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")
    ] = False,
) -> None:
    """Ingest and analyse articles into the database (re-runs skip what is stored)."""
    from .pipeline import DEFAULT_ANALYZE_OPTIONS
    from .pipeline import analyze as run_analyze
    from .store import Store

    try:
        mapping = parse_field_mapping(field or [])
    except errors.UsageError as exc:
        _fail(exc.message)
    options = replace(
        DEFAULT_ANALYZE_OPTIONS,
        workers=workers,
        ingest=IngestOptions(fields=mapping, max_article_bytes=max_article_bytes),
    )
    show_progress = not quiet and err.is_terminal
    try:
        with Store.open(db) as store:
            if show_progress:
                columns = (
                    TextColumn("analysing"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeRemainingColumn(),
                )
                with Progress(*columns, console=err, transient=True) as bar:
                    task = bar.add_task("analyse", total=None)
                    report = run_analyze(
                        paths,
                        store=store,
                        options=options,
                        progress=lambda done, total: bar.update(task, completed=done, total=total),
                    )
            else:
                report = run_analyze(paths, store=store, options=options)
            total = store.article_count()
    except errors.StorylineError as exc:
        _fail(exc.message, where=exc.where)
    for problem in report.problems:
        _report(problem)
    if not quiet:
        err.print(
            f"storyline: {report.stored} stored, {report.replaced} updated, {report.unchanged}"
            f" unchanged, {report.duplicates} copies, {len(report.errors)} failed,"
            f" {len(report.warnings)} warnings; {total} articles in {db}",
            markup=False,
        )
    if report.errors:
        nothing = report.stored + report.replaced + report.unchanged == 0 and report.seen == 0
        raise typer.Exit(2 if nothing else 1)


@app.command()
def export(
    db: DbOption,
    format: Annotated[ExportFormat, typer.Option("--format", help="Output format.")] = (
        ExportFormat.json
    ),
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Output file (json, jsonl) or folder (csv)."),
    ] = None,
) -> None:
    """Export articles, entities, quotes, actions, events and stories."""
    from . import export as exporter
    from .store import Store

    with Store.open(_existing_db(db)) as store:
        if format is ExportFormat.csv:
            if output is None:
                _fail("--format csv needs --output DIR")
            exporter.write_csv(store, output)
            return
        writer = exporter.write_json if format is ExportFormat.json else exporter.write_jsonl
        if output is None:
            writer(store, sys.stdout)
        else:
            with output.open("w", encoding="utf-8") as handle:
                writer(store, handle)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="One article file (.txt, .html, ...).")],
    published: Annotated[
        str | None, typer.Option(help="Publication date (overrides the file's metadata).")
    ] = None,
    format: Annotated[ExtractFormat, typer.Option("--format", help="Output format.")] = (
        ExtractFormat.json
    ),
) -> None:
    """Analyse one article without a database and print text, mentions, dates and quotes."""
    from .dates import timexes_to_json
    from .outlets import mention_credits
    from .pipeline import analyse_one

    record = None
    for item in read_inputs([file]):
        if isinstance(item, Problem):
            if item.severity == "error":
                _fail(item.message, where=item.where)
            _report(item)
            continue
        record = item
        break
    if record is None:
        _fail("no article in this file", where=str(file))
    if published is not None:
        record = replace(record, published=published)
    result = analyse_one(record)
    if isinstance(result, Problem):
        _fail(result.message, where=result.where)
    text = result.text
    credits = mention_credits(
        text, result.mentions, source=result.meta.source, quotes=result.quotes
    )
    payload = {
        "text": text,
        "title": result.meta.title,
        "published": result.meta.published,
        "published_estimated": result.meta.published_estimated,
        "language": result.meta.language,
        "mentions": [
            {
                "start": m.span.start,
                "end": m.span.end,
                "text": m.text,
                "label": m.label,
                "credit": i in credits,
            }
            for i, m in enumerate(result.mentions)
        ],
        "dates": timexes_to_json(result.timexes),
        "quotes": [
            {
                "id": f"q{i}",
                "article": None,
                "text": q.content.of(text),
                "kind": str(q.kind),
                "speaker": q.speaker_name,
                "speaker_entity": None,
                "speaker_mention": q.speaker_mention.of(text) if q.speaker_mention else None,
                "cue": q.cue.of(text) if q.cue else None,
                "date": q.said_on.value if q.said_on else None,
                "start": q.content.start,
                "end": q.content.end,
                "via": [list(step) for step in q.via],
                "statement": None,
            }
            for i, q in enumerate(result.quotes)
        ],
    }
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


@app.command()
def dates(
    reference: Annotated[
        str, typer.Option(help="Reference (document) date or datetime, ISO 8601.")
    ],
    parse: Annotated[
        bool,
        typer.Option(
            "--parse/--no-parse",
            help="Use the spaCy parse (tense of the governing verb); --no-parse uses cue words.",
        ),
    ] = True,
) -> None:
    """Tag temporal expressions in text read from stdin; print a JSON list."""
    from .dates import find_timexes, timexes_to_json

    ref: date | datetime
    try:
        ref = (
            datetime.fromisoformat(reference)
            if "T" in reference or " " in reference.strip()
            else (date.fromisoformat(reference))
        )
    except ValueError:
        _fail(f"--reference: not an ISO 8601 date or datetime: {reference!r}")
    text = sys.stdin.read()
    doc = None
    if parse and text.strip():
        from .nlp import get_nlp

        nlp = get_nlp()
        if len(text) < nlp.max_length:
            doc = nlp(text)
        else:  # beyond spaCy's length limit: the cue-word tagger still works
            sys.stderr.write("storyline: warning: input too long to parse; tagging without it\n")
    timexes = find_timexes(text, reference=ref, doc=doc)
    sys.stdout.write(json.dumps(timexes_to_json(timexes), ensure_ascii=False) + "\n")


@app.command()
def timeline(
    db: DbOption,
    story: Annotated[str | None, typer.Option(help="Only this story id.")] = None,
    format: Annotated[
        ViewFormat, typer.Option("--format", help="Output format.")
    ] = ViewFormat.text,
) -> None:
    """Events in date order, with their outlets and direct quotes."""
    from .store import Store
    from .timeline import build_timeline

    with Store.open(_existing_db(db)) as store:
        entries = build_timeline(store, story=story)
    if format is ViewFormat.json:
        payload = [
            {
                "date": e.date,
                "event": e.event,
                "title": e.title,
                "story": e.story,
                "articles": list(e.articles),
                "outlets": list(e.outlets),
                "copies": e.copies,
                "quotes": [
                    {"speaker": q.speaker, "text": q.text, "date": q.date, "article": q.article}
                    for q in e.quotes
                ],
            }
            for e in entries
        ]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    for e in entries:
        out.print(f"[bold]{e.date or 'undated'}[/bold]  {e.title}", highlight=False)
        copies = f" ({e.copies} copies folded in)" if e.copies else ""
        out.print(
            f"    {len(e.articles)} articles from {', '.join(e.outlets)}{copies}", markup=False
        )
        for q in e.quotes[:3]:
            said = f" on {q.date}" if q.date else ""
            out.print(f"    {q.speaker}{said}: “{_clip(q.text)}”", markup=False)


@app.command()
def quotes(
    db: DbOption,
    speaker: Annotated[
        str | None, typer.Option(help="Only quotes of this speaker (canonical name or alias).")
    ] = None,
    format: Annotated[
        ViewFormat, typer.Option("--format", help="Output format.")
    ] = ViewFormat.text,
) -> None:
    """Quotations with speaker, date and reporting chain."""
    from .export import quote_records
    from .store import Store

    with Store.open(_existing_db(db)) as store:
        rows = list(quote_records(store, speaker=speaker))
    if format is ViewFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table("speaker", "kind", "date", "quote", "via", box=None)
    for q in rows:
        via = " → ".join("+".join(step) for step in q["via"])
        table.add_row(
            q["speaker"] or "(unknown)", q["kind"], q["date"] or "", _clip(q["text"]), via
        )
    out.print(table)


@app.command()
def entities(
    db: DbOption,
    type: Annotated[
        str | None, typer.Option("--type", help="Only this type (PERSON, ORG, ...).")
    ] = None,
    format: Annotated[
        ViewFormat, typer.Option("--format", help="Output format.")
    ] = ViewFormat.text,
) -> None:
    """Canonical entities with every spelling seen."""
    from .export import entity_records
    from .store import Store

    with Store.open(_existing_db(db)) as store:
        rows = [r for r in entity_records(store) if type is None or r["type"] == type.upper()]
    if format is ViewFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table("type", "name", "aliases", box=None)
    for r in rows:
        table.add_row(r["type"], r["name"], ", ".join(a for a in r["aliases"] if a != r["name"]))
    out.print(table)


@app.command()
def recluster(db: DbOption) -> None:
    """Recompute identities and all events and stories in one order-independent pass."""
    from .pipeline import recluster as run_recluster
    from .store import Store

    with Store.open(_existing_db(db)) as store:
        run_recluster(store)
        n_events, n_stories = len(store.events()), len(store.stories())
    err.print(f"storyline: {n_events} events in {n_stories} stories", markup=False)


@app.command()
def credits(db: DbOption) -> None:
    """Recompute which mentions credit an outlet for the report ("(CNN) --", "told Reuters")."""
    from .store import Store

    with Store.open(_existing_db(db)) as store:
        n = store.fill_mention_credits(every=True)
    err.print(f"storyline: outlet credits recomputed for {n} articles", markup=False)


class ReportFormat(StrEnum):
    html = "html"
    md = "md"


@app.command()
def report(
    db: DbOption,
    format: Annotated[
        ReportFormat, typer.Option("--format", help="html (inline SVG timeline) or md.")
    ] = ReportFormat.html,
    story: Annotated[
        str | None, typer.Option(help="Story id (default: the story with the most articles).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """A self-contained cited brief of one story: summary, timeline, key quotes, outlets."""
    from .report import build_report
    from .store import Store

    try:
        with Store.open(_existing_db(db)) as store:
            text = build_report(store, story_id=story, format=format.value)
    except errors.StorylineError as exc:
        _fail(exc.message, where=exc.where)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


@app.command()
def serve(
    db: DbOption,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=0, max=65535)] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="STORYLINE_TOKEN",
            help="Bearer token that ingest (writes) needs; without it ingest is disabled.",
        ),
    ] = None,
    allow_private_urls: Annotated[
        bool,
        typer.Option(help="Let URL ingest fetch private, loopback and link-local addresses."),
    ] = False,
    max_upload_bytes: Annotated[
        int, typer.Option(help="Largest accepted upload body, in bytes.", min=1)
    ] = 10_000_000,
    workers: Annotated[
        int, typer.Option(help="Server processes (more serve more clients at once).", min=1)
    ] = 1,
) -> None:
    """Serve the web UI and the JSON API (OpenAPI docs at /docs) for a database."""
    import os

    import uvicorn

    from .server import ServerSettings, create_app
    from .server.app import SETTINGS_ENV, settings_to_env

    settings = ServerSettings(
        db=_existing_db(db),
        token=token,
        allow_private_urls=allow_private_urls,
        max_upload_bytes=max_upload_bytes,
    )
    try:
        application = create_app(settings)
    except errors.StorylineError as exc:
        _fail(exc.message, where=exc.where)
    err.print(f"storyline: serving {db} on http://{host}:{port}/ (Ctrl+C stops)", markup=False)
    if workers == 1:
        uvicorn.run(application, host=host, port=port, log_level="warning", access_log=False)
        return
    os.environ[SETTINGS_ENV] = settings_to_env(settings)
    uvicorn.run(
        "storyline.server.app:app_from_env",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
    )


@app.command()
def why(
    article: Annotated[str, typer.Argument(help="Article id, external id or origin path.")],
    db: DbOption,
    format: Annotated[
        ViewFormat, typer.Option("--format", help="Output format.")
    ] = ViewFormat.text,
) -> None:
    """Why an article is in its event: the score, its parts and what it shares."""
    from .store import Store

    with Store.open(_existing_db(db)) as store:
        row = store.find_article(article)
        if row is None:
            _fail(errors.E041.format(article=article))
        found = store.evidence_of(row["id"])
        evidence = json.loads(found["evidence"]) if found is not None else None
        titles = {e.id: e.title for e in store.events()}
    record = {
        "article": row["id"],
        "external_id": row["external_id"] or None,
        "title": row["title"],
        "event": row["event"],
        "event_title": titles.get(row["event"]) if row["event"] else None,
        "evidence": evidence,
    }
    if format is ViewFormat.json:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    out.print(f"{row['id']}  {_clip(row['title'] or '')}", markup=False)
    if not row["event"]:
        out.print("not in an event yet (run 'storyline recluster')", markup=False)
        return
    out.print(f"event {row['event']}: {_clip(record['event_title'] or '')}", markup=False)
    if evidence is None:
        out.print("no evidence stored (clustered before evidence was kept)", markup=False)
        return
    lines = [f"rule: {evidence['rule']}"]
    if evidence.get("copy_of"):
        lines.append(f"copy of {evidence['copy_of']}")
    else:
        lines.append(
            f"score {evidence['score']:.3f} = embedding {evidence['embedding']:.3f},"
            f" terms {evidence['terms']:.3f}, entities {evidence['entities']:.3f}"
            + (f", {evidence['date_gap']} days apart" if evidence["date_gap"] is not None else "")
            + (", focus conflict" if evidence["conflict"] else "")
        )
        if evidence.get("cohesion") is not None:
            lines.append(f"event cohesion (mean term cosine) {evidence['cohesion']:.3f}")
        if evidence.get("weak_link"):
            lines.append("term link too weak to join: below the event's cohesion or the minimum")
        if evidence.get("participants"):
            consolidated = evidence["rule"] == "consolidated"
            lines.append(
                (
                    "consolidated with an event of the same happening: both are about "
                    if consolidated
                    else "follow-up beyond the date window: shared participants "
                )
                + ", ".join(evidence["participants"])
                + (
                    f"; refers back to {evidence['back_reference']}"
                    if evidence.get("back_reference")
                    else ("" if consolidated else "; no date named, the words are the event's own")
                )
            )
        if evidence.get("runner_up") is not None:
            lines.append(f"next best event scored {evidence['runner_up']:.3f}")
        if evidence["shared_entities"]:
            lines.append("shared entities: " + ", ".join(evidence["shared_entities"]))
        if evidence["shared_terms"]:
            lines.append("shared terms: " + ", ".join(evidence["shared_terms"]))
    for line in lines:
        out.print(line, markup=False)


def _clip(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


def main() -> None:
    """Entry point: click's usage errors in our error format, exit code 2."""
    try:
        code = app(standalone_mode=False)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("storyline: error: interrupted", markup=False)
        sys.exit(2)
    except typer.TyperException as exc:  # usage errors of the (vendored) click parser
        format_message = getattr(exc, "format_message", None)
        message = format_message() if callable(format_message) else str(exc)
        err.print(f"storyline: error: {message}", markup=False)
        sys.exit(2)
    except errors.StorylineError as exc:
        _print_error(exc)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


def _print_error(exc: errors.StorylineError) -> None:
    prefix = f"{exc.where}: " if exc.where else ""
    err.print(f"storyline: error: {prefix}{exc.message}", markup=False)
