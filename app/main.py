"""The web service: opens the store once per process and mounts the HTTP routers on it."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from app.core.errors import PROBLEM_MEDIA_TYPE
from app.core.resources import resource_root
from app.core.settings import Settings
from app.crosswalk.catalogue import UnknownIdError
from app.graph.store import open_store
from app.http.admission import run_health_lane
from app.http.api import routers
from app.http.api.cpu_bound import analysis_limiter
from app.http.api.deps import unknown_id_problem
from app.http.api.models import Health, Problem
from app.http.conventions import install_http_conventions
from app.http.failsafe import install_failsafe, write_trouble
from app.http.limits import BodySizeLimit
from app.http.page_lane import install_page_lane
from app.http.problems import install_problem_handlers, problem_response
from app.http.sparql import SparqlProtocol, StoreDep
from app.http.web import STATIC_DIR, change_pages, gap_pages, pages
from app.inventory.snapshot import Snapshot, Snapshots

DESCRIPTION = """The graph of AI-governance regimes and the mappings between their provisions.

* `/sparql`: the whole graph over the SPARQL 1.1 Protocol (YASGUI in a browser).
* `/regimes`, `/provisions/{id}`, `/crosswalk`, `/coverage`, `/search`: the REST API below.
* `/id/...`: every IRI we mint (`https://w3id.org/ai-crosswalk/id/...`) as RDF or HTML.

Identifiers are IRIs or short ids `regime:notation-slug` (`nist-ai-rmf:GOVERN-1.1`, `eu-ai-act:Article-9`).
Every error is an RFC 9457 `application/problem+json` body.
"""


def problem_schemas() -> tuple[dict[str, Any], dict[str, Any]]:
    """The problem schema every error response inlines, and the models it refers to (its issues), which go
    among the document's components (install_problem_schemas)."""
    schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    return schema, schema.pop("$defs", {})


def problem_responses(schema: dict[str, Any]) -> dict[int | str, dict[str, Any]]:
    """Document every error status the service answers, all as application/problem+json."""
    reasons = {
        400: "Malformed request (for example a SPARQL syntax error)",
        401: "A bearer token is needed",
        403: "Not allowed: SPARQL Update on the read-only endpoint, or a write without the right token",
        404: "Unknown identifier, with the closest known ones",
        406: "No acceptable representation",
        413: "Request body or result over the limit",
        415: "Unsupported media type",
        422: "Invalid input, with its issues",
        503: "Graph still loading, or a query over its time limit",
    }
    return {
        status: {"description": text, "content": {PROBLEM_MEDIA_TYPE: {"schema": schema}}}
        for status, text in reasons.items()
    }


def install_problem_schemas(app: FastAPI, defs: dict[str, Any]) -> None:
    """Put the models a problem's members refer to among the document's components, where the inlined
    problem schema of every error response points."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        document = generate()  # FastAPI builds it once and keeps it in app.openapi_schema
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        for name, schema in defs.items():
            schemas.setdefault(name, schema)
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(root: Path | str | None = None, settings: Settings | None = None) -> FastAPI:
    """Build the app; settings default to ``Settings.from_env()`` (``root`` overrides the resource root)."""
    settings = settings or Settings.from_env()
    if root is not None:
        settings = settings.with_(resource_root=Path(root))
    resolved = resource_root(settings.resource_root)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = await anyio.to_thread.run_sync(open_store, settings)
        snapshots = await anyio.to_thread.run_sync(Snapshots.open, settings, store, resolved, publisher(app))
        app.state.snapshots = snapshots  # app.state.snapshot: every cache built from the graph, swapped whole
        app.state.store = store
        app.state.analysis_limiter = analysis_limiter()  # bound to this event loop, made afresh per start
        try:
            yield
        finally:
            if app.state.portfolio_pools is not None:  # forked by the first portfolio
                await anyio.to_thread.run_sync(app.state.portfolio_pools.close)
                app.state.portfolio_pools = None
            snapshots.close()
            app.state.store = app.state.catalogue = app.state.analysis = app.state.analysis_limiter = None
            app.state.snapshot = app.state.snapshots = None
            await anyio.to_thread.run_sync(store.close)

    problem, problem_defs = problem_schemas()
    app = FastAPI(
        responses=problem_responses(problem),
        title="ai-crosswalk",
        summary="Crosswalks between AI regulatory regimes",
        description=DESCRIPTION,
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served below from the package: no CDN script, font or favicon
        redoc_url=None,
    )
    app.state.store = app.state.catalogue = app.state.analysis = app.state.analysis_limiter = None
    app.state.snapshot = app.state.snapshots = app.state.portfolio_pools = None
    app.state.settings = settings
    install_problem_handlers(app)
    install_failsafe(app)
    install_http_conventions(app)
    install_page_lane(app)  # page form posts one at a time, 503 past max_pending_pages

    async def on_unknown_id(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, UnknownIdError)
        return problem_response(unknown_id_problem(exc))

    app.add_exception_handler(UnknownIdError, on_unknown_id)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origin_list,
        allow_credentials=False,
        allow_methods=["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"],  # the inventory's writes too
        allow_headers=["*"],
    )
    app.add_middleware(BodySizeLimit, settings=settings)  # 413 for any body over the limit
    app.include_router(SparqlProtocol().router)
    for router in routers():
        app.include_router(router)
    app.include_router(pages.router)  # the HTML pages (not in the OpenAPI document)
    app.include_router(gap_pages.router)
    app.include_router(change_pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    install_problem_schemas(app, problem_defs)
    install_api_docs(app)

    @app.get("/health", tags=["service"], response_model=Health)
    async def health(request: Request, store: StoreDep) -> Health:
        """Say the graph is loaded, on which back end and how big it is (load balancers, smoke tests)."""
        triples = await run_health_lane(request.app.state, store.triple_count)  # never behind heavy work
        status = write_trouble(request.app.state) or "ok"  # still 200: every read still works
        return Health(status=status, backend=store.backend, triples=triples)

    return app


def publisher(app: FastAPI) -> Callable[[Snapshot], None]:
    """Publish a new snapshot: ``app.state.snapshot`` (what the dependencies read), and its catalogue and
    analysis under their old names for code that reads them directly."""

    def publish(snapshot: Snapshot) -> None:
        app.state.snapshot = snapshot
        app.state.catalogue, app.state.analysis = snapshot.catalogue, snapshot.analysis

    return publish


def install_api_docs(app: FastAPI) -> None:
    """/docs (Swagger UI) and /redoc from assets vendored under /static (npm swagger-ui-dist 5.35.0,
    Apache-2.0; redoc 2.5.4, MIT): they work offline and load nothing from another origin."""

    @app.get("/docs", include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return same_origin_only(
            get_swagger_ui_html(
                openapi_url=f"{root}{app.openapi_url}",
                title=f"{app.title} — API",
                swagger_js_url=f"{root}/static/swagger-ui/swagger-ui-bundle.js",
                swagger_css_url=f"{root}/static/swagger-ui/swagger-ui.css",
                swagger_favicon_url=f"{root}/static/swagger-ui/favicon-32x32.png",
                swagger_ui_parameters={"validatorUrl": None},  # no spec sent to an online validator
            )
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return same_origin_only(
            get_redoc_html(
                openapi_url=f"{root}{app.openapi_url}",
                title=f"{app.title} — API",
                redoc_js_url=f"{root}/static/redoc/redoc.standalone.js",
                redoc_favicon_url=f"{root}/static/swagger-ui/favicon-32x32.png",
                with_google_fonts=False,
            )
        )


INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def same_origin_only(page: HTMLResponse) -> HTMLResponse:
    """The page with a Content-Security-Policy that lets the browser load nothing from another origin (Redoc's
    bundle would show a logo from its CDN), and run no script but the bundle and the page's own init code."""
    body = bytes(page.body).decode("utf-8")
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
        for s in INLINE_SCRIPT.findall(body)
    )
    page.headers["Content-Security-Policy"] = (
        f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    return page
