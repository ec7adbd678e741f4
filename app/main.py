"""The web service: builds the store once per process and mounts the HTTP routers on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.graph import load_store
from app.problems import install_problem_handlers
from app.resources import resource_root
from app.sparql_protocol import SparqlProtocol, StoreDep


def create_app(root: Path | str | None = None) -> FastAPI:
    """Build the app over the graph under ``root`` (default: see ``app.resources.resource_root``)."""
    resolved = resource_root(root)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = await anyio.to_thread.run_sync(load_store, resolved)
        yield
        app.state.store = None

    app = FastAPI(title="ai-crosswalk", summary="Crosswalks between AI regulatory regimes", lifespan=lifespan)
    app.state.store = None
    install_problem_handlers(app)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_credentials=False,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["*"],
    )
    app.include_router(SparqlProtocol().router)

    @app.get("/health", tags=["service"])
    def health(store: StoreDep) -> dict[str, Any]:
        """Say the graph is loaded and how big it is, for load balancers and smoke tests."""
        return {"status": "ok", "triples": len(store)}

    return app
