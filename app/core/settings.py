"""The service's settings: one frozen value built from ``CROSSWALK_*`` environment variables and CLI flags.

Nothing here reads the environment at import time: ``Settings.from_env()`` is called by whoever builds the app
(the CLI passes its flags on to the uvicorn workers through the same variables, so every worker agrees).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from app.core.identifiers import ID

PREFIX = "CROSSWALK_"
DEFAULT_BASE_IRI = ID


@dataclass(frozen=True)
class Settings:
    """Everything a running service can be told; the defaults serve the shipped graph on loopback."""

    resource_root: Path | None = None
    """Folder with ontology/, data/, shapes/, queries/ (``CROSSWALK_RESOURCE_ROOT``); None: shipped."""
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    """uvicorn worker processes, each with its own store (embedded) and its own query pool."""
    access_log: bool = True
    """One log line per request (uvicorn's access log); off saves a few tenths of a millisecond a request."""
    data_dir: Path | None = None
    """Persist the embedded store here, and reopen it on the next start without reloading the files."""
    store: str | None = None
    """URL of a remote SPARQL 1.1 query endpoint; None: the embedded Oxigraph store."""
    store_update: str | None = None
    """Its SPARQL Update endpoint (default: ``…/query`` → ``…/update``, else the query URL)."""
    store_gsp: str | None = None
    """Its Graph Store Protocol endpoint (default: ``…/query`` → ``…/store``, else the query URL)."""
    store_load: bool = False
    """Replace the remote store's default graph with the shipped graph at start (loaded anyway if empty)."""
    base_iri: str = DEFAULT_BASE_IRI
    """The namespace of the IRIs we mint; ``/id/{rest}`` on this service answers for ``{base_iri}{rest}``."""
    query_timeout: float = 10.0
    """Seconds a /sparql query may run before it is stopped (503)."""
    result_limit: int = 100_000
    """Rows (SELECT) or triples (CONSTRUCT/DESCRIBE) a /sparql query may return before it is refused (413)."""
    max_query_chars: int = 1024 * 1024
    """Characters a /sparql query may hold; longer ones get 413 before any parser sees them."""
    max_result_bytes: int = 32 * 1024 * 1024
    """Bytes a /sparql result may take (one GROUP_CONCAT can make hundreds of MB in one row): 413 past it."""
    max_pending_queries: int = 16
    """/sparql requests running or waiting at once (on threads of their own); one more gets 503 at once."""
    max_client_queries: int = 4
    """/sparql requests one client (address) may have running or waiting at once; one more gets 429 at once.
    Of those, one client runs at most ``query_workers - 1`` at a time, so one worker is left for others."""
    max_pending_pages: int = 8
    """Page form posts (/ui/gaps, …) running or waiting at once, one at a time on the analysis thread so that
    the API's analyses wait behind one page at most; one more gets 503 at once."""
    query_workers: int = 2
    """Processes that run /sparql queries on the embedded store; killed and replaced at the limit."""
    query_worker_memory: int = 1024 * 1024 * 1024
    """Bytes of address space each query worker may use (the graph takes ~260 MB while loading); a query that
    needs more stops its worker and gets 503; 0: no limit."""
    header_timeout: float = 10.0
    """Seconds a request's head may take to arrive (from the connection, or the previous response); a slower
    client is disconnected (slowloris)."""
    body_timeout: float = 30.0
    """Seconds a request's body may take to arrive once its head has; a slower client is disconnected."""
    max_connections: int = 1000
    """Connections (and requests in progress) uvicorn serves at once; past it, it answers 503."""
    max_body_bytes: int = 4 * 1024 * 1024
    """Bytes any request body may hold (a description, a mapping set, a SPARQL request), the portfolio's
    excepted; larger ones get 413 before a handler reads them."""
    max_portfolio_bytes: int = 64 * 1024 * 1024
    """Bytes a portfolio (/gap-analysis/portfolio) may hold; larger ones get 413."""
    portfolio_processes: int = 0
    """Processes that analyse a portfolio's descriptions in parallel, forked from each worker; 0: the
    machine's cores shared among the workers; 1: on the worker's own analysis thread."""
    allow_updates: bool = False
    """Accept SPARQL Update on /sparql (needs ``update_token`` too, sent as ``Authorization: Bearer``)."""
    update_token: str | None = None
    """Bearer token that SPARQL Update on /sparql needs (with ``allow_updates``)."""
    write_token: str | None = None
    """Bearer token that PUT and DELETE on /systems and /mapping-sets need; None: both are read-only (403)."""
    read_token: str | None = None
    """Bearer token (or the write token) that GET /systems, /mapping-sets and /portfolio need (and, on a
    remote store, /sparql queries that can read named graphs); None: reads are open."""
    max_description_triples: int = 10_000
    """Triples (JSON: values) one description may hold wherever one is read (the API, the inventory, the
    CLI); more gets 413 before any RDF parsing."""
    cors_origins: str = "*"
    """Origins (separated by spaces or commas, ``*`` for any) whose pages may call the API from a browser,
    the inventory's PUT and DELETE included (they still need the write token)."""
    service_allow: str | None = None
    """Endpoints (full IRIs, separated by spaces or commas) that SPARQL ``SERVICE`` may call; None: none."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Read ``CROSSWALK_<FIELD>`` variables, then explicit overrides (CLI flags) that are not None."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for field in fields(cls):
            raw = env.get(PREFIX + field.name.upper())
            if raw is not None and raw != "":
                values[field.name] = _convert(field.name, str(field.type), raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)  # type: ignore[arg-type]
        settings.validate()
        return settings

    def to_env(self) -> dict[str, str]:
        """Write the settings back as ``CROSSWALK_*`` variables, for worker processes that read them again."""
        env = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value is not None:
                env[PREFIX + field.name.upper()] = (
                    ("1" if value else "0") if isinstance(value, bool) else str(value)
                )
        return env

    def validate(self) -> None:
        """Refuse combinations that cannot work, with a message that says which setting to change."""
        if self.query_timeout <= 0 or self.result_limit <= 0 or self.query_workers <= 0 or self.workers <= 0:
            raise ValueError("query_timeout, result_limit, query_workers and workers must be positive")
        if self.header_timeout <= 0 or self.body_timeout <= 0 or self.max_connections <= 0:
            raise ValueError("header_timeout, body_timeout and max_connections must be positive")
        if not 0 <= self.port <= 65535:
            raise ValueError(f"port {self.port} is not a TCP port (1 to 65535, or 0 for any free one)")
        if self.max_query_chars <= 0 or self.max_result_bytes <= 0 or self.max_pending_queries <= 0:
            raise ValueError("max_query_chars, max_result_bytes and max_pending_queries must be positive")
        if self.max_body_bytes <= 0 or self.max_portfolio_bytes <= 0:
            raise ValueError("max_body_bytes and max_portfolio_bytes must be positive")
        if self.max_client_queries <= 0 or self.max_pending_pages <= 0:
            raise ValueError("max_client_queries and max_pending_pages must be positive")
        if self.allow_updates and not self.update_token:
            raise ValueError("updates need a token: set CROSSWALK_UPDATE_TOKEN as well as --allow-updates")
        if self.store and self.data_dir:
            raise ValueError(
                "--store (a remote server) and --data-dir (the embedded store) exclude each other"
            )
        if self.portfolio_processes < 0:
            raise ValueError("portfolio_processes must be 0 (one per core) or more")
        if self.max_description_triples <= 0:
            raise ValueError("max_description_triples must be positive")
        if self.write_token and self.workers > 1 and not self.store:
            raise ValueError(
                "the inventory on the embedded store has one writer process: with CROSSWALK_WRITE_TOKEN set, "
                "serve several workers from a remote store (--store), or use --workers 1"
            )
        if not self.base_iri.endswith(("/", "#")):
            raise ValueError("the base IRI must end with '/' or '#'")

    def with_(self, **changes: object) -> Settings:
        """Return a copy with some fields changed (tests and the CLI use it)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def cors_origin_list(self) -> list[str]:
        """The CORS origins as a list."""
        return self.cors_origins.replace(",", " ").split()

    @property
    def service_endpoints(self) -> frozenset[str]:
        """The allow-listed SERVICE endpoints, as IRIs."""
        return frozenset((self.service_allow or "").replace(",", " ").split())

    @property
    def update_url(self) -> str | None:
        """Where SPARQL Update goes on the remote store."""
        return self.store_update or _sibling(self.store, "update")

    @property
    def gsp_url(self) -> str | None:
        """Where the Graph Store Protocol goes on the remote store."""
        return self.store_gsp or _sibling(self.store, "store")


def _sibling(query_url: str | None, name: str) -> str | None:
    """Oxigraph server's layout (``/query``, ``/update``, ``/store``), else one URL for all (Fuseki)."""
    if query_url is None:
        return None
    if query_url.rstrip("/").endswith("/query"):
        return query_url.rstrip("/").removesuffix("query") + name
    return query_url


def _convert(name: str, type_name: str, raw: str) -> object:
    """Turn one environment string into the field's type, naming the variable when it cannot."""
    try:
        if "bool" in type_name:
            if raw.lower() not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                raise ValueError(raw)
            return raw.lower() in {"1", "true", "yes", "on"}
        if "int" in type_name:
            return int(raw)
        if "float" in type_name:
            return float(raw)
        if "Path" in type_name:
            return Path(raw)
    except ValueError as err:
        raise ValueError(f"{PREFIX}{name.upper()}={raw!r} is not a valid {type_name}") from err
    return raw
