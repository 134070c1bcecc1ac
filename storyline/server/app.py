"""The FastAPI application: JSON API under /api, web UI pages, offline OpenAPI docs."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import sqlite3
import tempfile
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Final
from urllib.parse import urlsplit

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__, compare, errors, report, views
from ..store import Store
from .fetch import FetchError, FetchOptions, fetch

HERE: Final = Path(__file__).parent
CSP: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# Swagger UI and ReDoc pages start themselves with an inline script.
DOCS_CSP: Final = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline';"
    " img-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; base-uri 'none';"
    " frame-ancestors 'none'"
)
FromDate = Annotated[str | None, Query(alias="from", description="ISO date, inclusive")]
ToDate = Annotated[str | None, Query(alias="to", description="ISO date, inclusive")]
UPLOAD_SUFFIXES: Final = (".txt", ".html", ".htm", ".jsonl", ".csv", ".gz")


@dataclass(frozen=True, slots=True)
class ServerSettings:
    db: Path
    token: str | None = None  # bearer token for writes; None: ingest disabled
    allow_private_urls: bool = False
    max_upload_bytes: int = 10_000_000
    fetch: FetchOptions = field(default_factory=FetchOptions)
    precompute: bool = True  # compute every story timeline at start


class ApiError(errors.StorylineError):
    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


class UrlIngest(BaseModel):
    url: str


class _Stores:
    """One read connection per thread (SQLite connections are not shared).

    The quick, index-backed reads (listings, timeline, quotes, search) run as ``async``
    endpoints on the event loop's own connection, sparing a thread hop per request; the
    heavier pages (compare, article, summary) run in the thread pool."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.local = threading.local()
        self.write_lock = threading.Lock()

    def get(self) -> Store:
        store: Store | None = getattr(self.local, "store", None)
        if store is None:
            conn = sqlite3.connect(
                str(self.path), isolation_level=None, timeout=30.0, check_same_thread=False
            )
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 30000")
            store = Store(conn)
            self.local.store = store
        return store


class _SecurityHeaders:
    """Pure ASGI middleware: CSP and friends on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        csp = DOCS_CSP if path.startswith(("/docs", "/redoc")) else CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", csp.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _json(payload: Any, status: int = 200) -> Response:
    return Response(
        json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode(),
        status_code=status,
        media_type="application/json",
    )


def _code(message: str) -> str:
    found = re.match(r"\[(E\d{3})\]", message)
    return found.group(1) if found else "E000"


def _int(value: str | None, *, name: str = "limit") -> int | None:
    if value is None or value == "":
        return None
    if not re.fullmatch(r"\d{1,6}", value):
        raise views.BadParameter(
            errors.E050.format(name=name, low=1, high=views.MAX_LIMIT, value=value)
        )
    return int(value)


def create_app(settings: ServerSettings) -> FastAPI:
    """The application for one database (migrated, and timelines precomputed, at start)."""
    with Store.open(settings.db) as store:
        if settings.precompute:
            views.precompute_timelines(store)
    stores = _Stores(settings.db)
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__

    app = FastAPIOffline(
        title="storyline",
        version=__version__,
        description="Stories, events, quotes, entities and outlets of a storyline database.",
        docs_url="/docs",
        redoc_url="/redoc",
        # FastAPI's built-in OpenTelemetry spans, metrics and logs cost several ms a request
        # on a loaded machine; storyline exports nothing, so they are off.
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )
    app.add_middleware(_SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(template).render(**context), status_code=status)

    @app.exception_handler(errors.StorylineError)
    async def _storyline_error(request: Request, exc: errors.StorylineError) -> Response:
        if isinstance(exc, views.NotFound):
            status = 404
        elif isinstance(exc, ApiError | FetchError):
            status = exc.status
        elif isinstance(exc, views.BadParameter):
            status = 400
        else:
            status = 500
        if request.url.path.startswith("/api/"):
            return _json({"error": {"code": _code(exc.message), "message": exc.message}}, status)
        return page("error.html", status=status, message=exc.message, status_code=status)

    # ------------------------------------------------------------------ JSON API

    @app.get("/api/stories", tags=["stories"])
    async def api_stories(limit: str | None = None, cursor: str | None = None) -> Response:
        """Stories, biggest first; `next` is the cursor of the following page."""
        return _json(views.stories(stores.get(), limit=_int(limit), cursor=cursor))

    @app.get("/api/stories/{story_id}", tags=["stories"])
    async def api_story(story_id: str) -> Response:
        return _json(views.story(stores.get(), story_id))

    @app.get("/api/stories/{story_id}/timeline", tags=["stories"])
    async def api_timeline(
        story_id: str, limit: str | None = None, cursor: str | None = None
    ) -> Response:
        """The story's events in date order with outlets and up to 3 direct quotes each."""
        return _json(views.timeline(stores.get(), story_id, limit=_int(limit), cursor=cursor))

    @app.get("/api/stories/{story_id}/summary", tags=["stories"])
    def api_summary(story_id: str) -> Response:
        """An extractive summary; every sentence cites the articles that carry it."""
        from ..summarize import summarize

        store = stores.get()
        views.story(store, story_id)
        return _json([s.as_record() for s in summarize(store, story_id)])

    @app.get("/api/events", tags=["events"])
    async def api_events(
        story: str | None = None, limit: str | None = None, cursor: str | None = None
    ) -> Response:
        return _json(views.events(stores.get(), story_id=story, limit=_int(limit), cursor=cursor))

    @app.get("/api/events/{event_id}", tags=["events"])
    def api_event(event_id: str) -> Response:
        return _json(views.event(stores.get(), event_id))

    @app.get("/api/events/{event_id}/compare", tags=["events"])
    def api_compare(event_id: str) -> Response:
        """Outlets side by side: facts and quotes each carries or omits, quote variants aligned."""
        return _json(compare.compare_event(stores.get(), event_id))

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def api_article(article_id: str) -> Response:
        """The cleaned text with every extracted item and its character offsets."""
        return _json(views.article(stores.get(), article_id))

    @app.get("/api/quotes", tags=["quotes"])
    async def api_quotes(
        speaker: str | None = None,
        story: str | None = None,
        source: str | None = None,
        text: str | None = None,
        limit: str | None = None,
        cursor: str | None = None,
        date_from: FromDate = None,
        date_to: ToDate = None,
    ) -> Response:
        """Quotes newest first; filters: speaker (name or alias), story, source, from/to
        (ISO dates, on the day said or else the day published), text (full-text syntax)."""
        return _json(
            views.quotes(
                stores.get(),
                speaker=speaker,
                story_id=story,
                source=source,
                text=text,
                date_from=date_from,
                date_to=date_to,
                limit=_int(limit),
                cursor=cursor,
            )
        )

    @app.get("/api/quotes/{quote_id}", tags=["quotes"])
    async def api_quote(quote_id: str) -> Response:
        return _json(views.quote(stores.get(), quote_id))

    @app.get("/api/entities", tags=["entities"])
    async def api_entities(
        type: str | None = None,
        name: str | None = None,
        limit: str | None = None,
        cursor: str | None = None,
    ) -> Response:
        return _json(
            views.entities(stores.get(), type=type, name=name, limit=_int(limit), cursor=cursor)
        )

    @app.get("/api/entities/{entity_id}", tags=["entities"])
    def api_entity(entity_id: str) -> Response:
        """An entity with its aliases, mentions per month and latest quotes."""
        store = stores.get()
        record = views.entity(store, entity_id)
        record["quotes"] = views.quotes(store, speaker=record["name"], limit=20)["items"]
        return _json(record)

    @app.get("/api/search", tags=["search"])
    async def api_search(q: str = "", limit: str | None = None) -> Response:
        """Full-text search (SQLite FTS5 syntax) over articles and quotes."""
        return _json(views.search(stores.get(), q, limit=_int(limit)))

    def authorise(request: Request) -> None:
        if settings.token is None:
            raise ApiError(errors.E061, status=403)
        given = request.headers.get("authorization", "")
        expected = f"Bearer {settings.token}"
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise ApiError(errors.E060, status=401)

    def analyse(paths: list[Path]) -> dict[str, Any]:
        from ..pipeline import DEFAULT_ANALYZE_OPTIONS, analyze

        with stores.write_lock, Store.open(settings.db) as store:
            options = replace(DEFAULT_ANALYZE_OPTIONS, workers=1)
            run = analyze(paths, store=store, options=options)
            if settings.precompute:
                views.precompute_timelines(store)
        return {
            "stored": run.stored,
            "updated": run.replaced,
            "unchanged": run.unchanged,
            "copies": run.duplicates,
            "problems": [
                {"severity": p.severity, "where": Path(p.where).name, "message": p.message}
                for p in run.problems
            ],
        }

    @app.post(
        "/api/ingest",
        tags=["ingest"],
        openapi_extra={
            "requestBody": {
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "files": {
                                    "type": "array",
                                    "items": {"type": "string", "format": "binary"},
                                }
                            },
                        }
                    }
                }
            }
        },
    )
    async def api_ingest(request: Request) -> Response:
        """Analyse uploaded files (multipart field `files`; .txt .html .jsonl .csv, .gz).
        Needs `Authorization: Bearer TOKEN`; bodies above the upload limit get 413."""
        authorise(request)
        limit = settings.max_upload_bytes
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise ApiError(errors.E062.format(size=int(declared), limit=limit), status=413)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise ApiError(errors.E062.format(size=len(body), limit=limit), status=413)
        request._body = bytes(body)  # starlette re-reads the cached body for form()
        form = await request.form()
        try:
            files: list[tuple[str, bytes]] = []
            for i, upload in enumerate(form.getlist("files")):
                if isinstance(upload, str):
                    continue
                name = Path(upload.filename or f"upload-{i}.txt").name
                if not name.lower().endswith(UPLOAD_SUFFIXES):
                    raise ApiError(errors.E010.format(suffix=Path(name).suffix), status=415)
                files.append((name, await upload.read()))
        finally:
            await form.close()
        if not files:
            raise ApiError(errors.E063, status=400)
        return await _analyse_files(files)

    async def _analyse_files(files: list[tuple[str, bytes]]) -> Response:
        # A file's origin is its name under a folder named by its content, so uploading
        # the same file again finds it stored (re-runs skip what is stored).
        paths = []
        root = Path(tempfile.gettempdir()) / "storyline-uploads"
        for name, content in files:
            folder = root / hashlib.sha256(content).hexdigest()[:20]
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / name
            target.write_bytes(content)
            paths.append(target)
        try:
            result = await run_in_threadpool(analyse, paths)
        finally:
            for path in paths:
                path.unlink(missing_ok=True)
                with contextlib.suppress(OSError):
                    path.parent.rmdir()
        return _json(result, 201 if result["stored"] or result["updated"] else 200)

    @app.post("/api/ingest/url", tags=["ingest"])
    async def api_ingest_url(request: Request, body: UrlIngest) -> Response:
        """Fetch one http(s) URL (public addresses only unless the server allows private
        ones; size and time capped) and analyse it. Needs the bearer token."""
        authorise(request)
        options = replace(settings.fetch, allow_private=settings.allow_private_urls)
        content, kind = await run_in_threadpool(fetch, body.url, options=options)
        host = urlsplit(body.url).hostname or "url"
        suffix = ".html" if "html" in kind or not kind.startswith("text/") else ".txt"
        return await _analyse_files([(f"{host}{suffix}", content)])

    # ------------------------------------------------------------------ web UI

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def ui_home(cursor: str | None = None) -> HTMLResponse:
        return page("stories.html", stories=views.stories(stores.get(), cursor=cursor))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def ui_story(story_id: str) -> HTMLResponse:
        store = stores.get()
        meta = views.story(store, story_id)
        line = views.timeline(store, story_id, limit=views.MAX_LIMIT)
        return page(
            "story.html",
            story=meta,
            timeline=line,
            svg=report.timeline_svg(line["items"], link=lambda e: f"/events/{e}"),
        )

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def ui_event(event_id: str) -> HTMLResponse:
        return page("event.html", c=compare.compare_event(stores.get(), event_id))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def ui_article(article_id: str) -> HTMLResponse:
        record = views.article(stores.get(), article_id)
        return page("article.html", a=record, pieces=views.highlight(record))

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def ui_quotes(
        speaker: str | None = None,
        story: str | None = None,
        source: str | None = None,
        text: str | None = None,
        cursor: str | None = None,
        date_from: FromDate = None,
        date_to: ToDate = None,
    ) -> HTMLResponse:
        store = stores.get()
        filters = {
            "speaker": speaker or "",
            "story": story or "",
            "source": source or "",
            "text": text or "",
            "from": date_from or "",
            "to": date_to or "",
        }
        result = views.quotes(
            store,
            speaker=speaker or None,
            story_id=story or None,
            source=source or None,
            text=text or None,
            date_from=date_from or None,
            date_to=date_to or None,
            cursor=cursor,
        )
        return page(
            "quotes.html",
            result=result,
            filters=filters,
            speakers=views.speakers(store),
            outlets=views.outlets(store),
            stories=views.stories(store, limit=views.MAX_LIMIT)["items"],
        )

    @app.get("/quotes/{quote_id}", response_class=HTMLResponse, include_in_schema=False)
    def ui_quote(quote_id: str) -> HTMLResponse:
        return page("quote.html", q=views.quote(stores.get(), quote_id))

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def ui_entities(
        type: str | None = None, name: str | None = None, cursor: str | None = None
    ) -> HTMLResponse:
        result = views.entities(stores.get(), type=type or None, name=name or None, cursor=cursor)
        return page("entities.html", result=result, type=type or "", name=name or "")

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def ui_entity(entity_id: str) -> HTMLResponse:
        store = stores.get()
        record = views.entity(store, entity_id)
        quotes = views.quotes(store, speaker=record["name"], limit=50)["items"]
        return page("entity.html", e=record, quotes=quotes)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def ui_search(q: str = "") -> HTMLResponse:
        result = views.search(stores.get(), q) if q.strip() else None
        return page("search.html", q=q, result=result, mark=_mark)

    return app


def _mark(snippet: str) -> list[tuple[bool, str]]:
    """Split an FTS snippet (matches between \\x02 and \\x03) into (is_match, text) runs."""
    return [(i % 2 == 1, part) for i, part in enumerate(re.split("[\x02\x03]", snippet)) if part]


SETTINGS_ENV: Final = "STORYLINE_SERVE_SETTINGS"


def settings_to_env(settings: ServerSettings) -> str:
    """The settings as JSON, for worker processes (``storyline serve --workers``)."""
    return json.dumps(
        {
            "db": str(settings.db),
            "token": settings.token,
            "allow_private_urls": settings.allow_private_urls,
            "max_upload_bytes": settings.max_upload_bytes,
        }
    )


def app_from_env() -> FastAPI:
    """The application of one worker process; the parent migrated and precomputed."""
    raw = json.loads(os.environ[SETTINGS_ENV])
    return create_app(
        ServerSettings(
            db=Path(raw["db"]),
            token=raw["token"],
            allow_private_urls=raw["allow_private_urls"],
            max_upload_bytes=raw["max_upload_bytes"],
            precompute=False,
        )
    )
