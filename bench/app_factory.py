"""Benchmark-only app factories: the service with a constant endpoint added, and a tiny constant-only app.

``uvicorn bench.app_factory:create_app --factory`` serves exactly ``app.main.create_app()`` plus
``GET /bench/constant``, so the framework's own ceiling is measured on the same workers, middleware and
process as the gap analysis; ``bench.app_factory:create_tiny_app`` is a bare FastAPI app with the same
constant endpoint, started the same way. Nothing in app/ changes.
"""

from __future__ import annotations

from fastapi import FastAPI

from app.main import create_app as create_service

CONSTANT = {"status": "ok", "constant": True}


def create_app() -> FastAPI:
    app = create_service()

    @app.get("/bench/constant", include_in_schema=False)
    async def constant() -> dict[str, object]:
        return CONSTANT

    return app


def create_tiny_app() -> FastAPI:
    app = FastAPI()

    @app.get("/bench/constant")
    async def constant() -> dict[str, object]:
        return CONSTANT

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
