"""``crosswalk serve``: the service under uvicorn, its options the settings' fields under their names."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeVar

import click

from app.cli.options import root_option
from app.core.settings import PREFIX, Settings

DEFAULTS = {f.name: f.default for f in fields(Settings)}
F = TypeVar("F", bound=Callable[..., Any])


def shown(value: object) -> str:
    """A default as a reader writes it: on/off, none, 10 rather than 10.0."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if value is None:
        return "none"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def setting(*names: str, help: str, **attrs: Any) -> Callable[[F], F]:
    """A serve option for the Settings field it is named after, its help ending in that field's default and
    environment variable (read from Settings, so they cannot drift); unset, the environment decides."""
    field = names[-1]
    text = f"{help} [default: {shown(DEFAULTS[field])}; ${PREFIX}{field.upper()}]"
    return click.option(*names, default=None, help=text, **attrs)


@click.command()
@root_option
@setting("--host", "host", help="Interface to listen on.")
@setting("--port", "port", type=int, help="TCP port.")
@setting("--workers", "workers", type=int, help="Worker processes, each with its own store and query pool.")
@setting("--access-log/--no-access-log", "access_log", help="Log one line per request.")
@setting(
    "--data-dir",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Persist the embedded store here; reopened without reloading while the files are unchanged "
    "(none: in memory).",
)
@setting("--store", "store", help="Query URL of a remote SPARQL 1.1 server to serve from (none: embedded).")
@setting("--load-store", "store_load", is_flag=True, help="Replace the remote store's graph at start.")
@setting("--query-timeout", "query_timeout", type=float, help="Seconds a /sparql query may run.")
@setting("--result-limit", "result_limit", type=int, help="Rows or triples a /sparql query may return.")
@setting("--query-workers", "query_workers", type=int, help="Processes running /sparql queries.")
@setting(
    "--portfolio-processes",
    "portfolio_processes",
    type=int,
    help="Processes analysing a portfolio in parallel (0: the cores shared among the workers; 1: none).",
)
@setting("--base-iri", "base_iri", help="Namespace that /id/ answers for.")
@setting(
    "--allow-updates",
    "allow_updates",
    is_flag=True,
    help="Accept SPARQL Update (needs $CROSSWALK_UPDATE_TOKEN).",
)
@setting(
    "--service-allow",
    "service_allow",
    help="Endpoints (full IRIs, space- or comma-separated) SPARQL SERVICE may call.",
)
def serve(root: Path | None, **options: Any) -> None:
    """Serve the graph over HTTP: /sparql, the REST API, /id/ and /health. Flags override $CROSSWALK_*."""
    import uvicorn

    from app.core.resources import resource_root
    from app.graph.store import prepare_data_dir

    try:
        settings = Settings.from_env(resource_root=resource_root(root), **options)
        if settings.data_dir is not None:  # once, before the workers open it read-only
            loaded = prepare_data_dir(resource_root(settings.resource_root), settings.data_dir)
            click.echo(f"{'loaded' if loaded else 'reopened'} the store in {settings.data_dir}")
    except (OSError, SyntaxError, ValueError) as err:
        raise click.ClickException(str(err)) from err
    # Worker processes build their own app from the environment, so the settings travel there.
    os.environ.update(settings.to_env())
    backend = f"remote store {settings.store}" if settings.store else "embedded Oxigraph store"
    click.echo(f"ai-crosswalk: serving http://{settings.host}:{settings.port}/sparql ({backend})")
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level="info",
        access_log=settings.access_log,
        http="app.http.server:GuardedHTTP",  # header and body time-outs (slowloris)
        limit_concurrency=settings.max_connections,
    )
