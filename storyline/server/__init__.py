"""The workbench: a JSON API (OpenAPI docs served offline) and a server-rendered web UI.

``create_app(settings)`` builds the FastAPI application; ``storyline serve`` runs it
with uvicorn. Reads use one SQLite connection per worker thread; writes (ingest) need
the bearer token given at start and run one at a time.
"""

from __future__ import annotations

from .app import ServerSettings, create_app

__all__ = ["ServerSettings", "create_app"]
