"""The store the settings ask for: the embedded Oxigraph store, or a remote SPARQL 1.1 server
(app.graph.remote), Virtuoso's quirks included (app.graph.virtuoso); all implement app.graph.backend.

Named queries (trusted, from queries/) run through ``select`` and ``construct`` with bound terms. User queries
from /sparql run through ``run_query`` under a time limit and a result limit: on the embedded store in a pool
of worker processes that can be killed (app.graph.sandbox), on a remote server over the SPARQL 1.1 Protocol.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph

from app.core.settings import Settings
from app.graph.backend import COUNT_QUERY, GraphStore, counted
from app.graph.bindings import inline_bindings
from app.graph.queries import Row, Term, select
from app.graph.remote import NAMED_QUERY_TIMEOUT, RemoteStore
from app.graph.sandbox import (
    MAX_RESULT_BYTES,
    QueryFailedError,
    QueryOutcome,
    QueryPool,
    QuerySyntaxError,
)
from app.graph.virtuoso import VirtuosoStore

__all__ = [
    "EmbeddedStore",
    "GraphStore",
    "RemoteStore",
    "VirtuosoStore",
    "open_store",
    "prepare_data_dir",
    "remote_store",
]
MARKER = "crosswalk-source.json"


class EmbeddedStore(GraphStore):
    """The graph in this process (pyoxigraph), with a pool of worker processes for user queries."""

    backend = "embedded"

    def __init__(self, store: pyoxigraph.Store, query_workers: int, worker_memory: int = 0) -> None:
        self.store = store
        self.pool = QueryPool(_dump(store), query_workers, worker_memory)
        self._updates = itertools.count(1)
        self._version = 0  # renewed after each update: a count is remembered with the version it counted
        self._triples = (-1, 0)

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> tuple[list[str], list[Row]]:
        return select(self.store, query, bindings)

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[pyoxigraph.Triple]:
        results = self.store.query(inline_bindings(query, bindings or {}))
        if not isinstance(results, pyoxigraph.QueryTriples):
            raise TypeError("expected a CONSTRUCT query")
        return list(results)

    def triple_count(self) -> int:
        """Count once per contents (only ``update`` changes them): /health probes must stay cheap."""
        version, count = self._triples
        if version != self._version:
            version = self._version
            count = counted(self.select(COUNT_QUERY)[1])
            self._triples = (version, count)
        return count

    def run_query(
        self,
        query: str,
        default_graphs: list[str],
        named_graphs: list[str],
        timeout: float,
        limit: int,
        max_bytes: int = MAX_RESULT_BYTES,
    ) -> QueryOutcome:
        return self.pool.run(query, default_graphs, named_graphs, timeout, limit, max_bytes)

    def update(self, text: str) -> None:
        try:
            self.store.update(text)
        except SyntaxError as err:
            raise QuerySyntaxError(str(err)) from err
        except (OSError, RuntimeError, ValueError) as err:
            raise QueryFailedError(str(err)) from err
        finally:
            self._version = next(self._updates)
        self.pool.reload(_dump(self.store))

    def close(self) -> None:
        self.pool.close()


def open_store(settings: Settings) -> GraphStore:
    """Build the back end the settings ask for, with the shipped graph loaded (blocking: seconds at most)."""
    from app.core.resources import resource_root
    from app.graph.loading import build_store

    root = resource_root(settings.resource_root)
    if settings.store:
        remote = remote_store(settings.store, settings.update_url, settings.store_gsp, settings.gsp_url)
        if settings.store_load or remote.triple_count() == 0:
            remote.replace_default_graph(build_store(root))
        return remote
    if settings.data_dir is None:
        return EmbeddedStore(build_store(root), settings.query_workers, settings.query_worker_memory)
    prepare_data_dir(root, settings.data_dir)
    path = str(settings.data_dir)
    store = pyoxigraph.Store(path) if settings.allow_updates else pyoxigraph.Store.read_only(path)
    return EmbeddedStore(store, settings.query_workers, settings.query_worker_memory)


def remote_store(query_url: str, update_url: str | None, gsp: str | None, gsp_url: str | None) -> RemoteStore:
    """The remote back end for the server at ``query_url``: Virtuoso (told by its ``Server`` header) gets its
    own URLs and quirks (VirtuosoStore), any other server the plain SPARQL 1.1 protocols."""
    if "virtuoso" in _server_software(query_url).lower():
        origin = urllib.parse.urljoin(query_url, "/")
        return VirtuosoStore(query_url, update_url or query_url, gsp or f"{origin}sparql-graph-crud")
    return RemoteStore(query_url, update_url or query_url, gsp_url or query_url)


def _server_software(url: str) -> str:
    """The server's ``Server`` header on an ``ASK {}`` ("" when it sends none or does not answer)."""
    separator = "&" if "?" in url else "?"
    request = urllib.request.Request(f"{url}{separator}query=ASK%7B%7D", method="GET")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=NAMED_QUERY_TIMEOUT) as response:  # noqa: S310
            return str(response.headers.get("Server", ""))
    except urllib.error.HTTPError as err:
        return str(err.headers.get("Server", ""))
    except (urllib.error.URLError, OSError):
        return ""


def prepare_data_dir(root: Path, data_dir: Path) -> bool:
    """Load the graph into an on-disk store unless it already holds these very files; True if it loaded."""
    from app.graph.loading import build_store, graph_files

    fingerprint = hashlib.sha256()
    for path in graph_files(root):
        fingerprint.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    marker = data_dir / MARKER
    if (
        marker.is_file()
        and json.loads(marker.read_text(encoding="utf-8")).get("sha256") == fingerprint.hexdigest()
    ):
        return False
    data_dir.mkdir(parents=True, exist_ok=True)
    marker.unlink(missing_ok=True)
    disk = pyoxigraph.Store(str(data_dir))
    disk.clear()
    disk.bulk_load(_dump(build_store(root)), format=pyoxigraph.RdfFormat.N_QUADS)
    disk.flush()
    del disk  # release RocksDB's lock before anyone reopens the directory
    marker.write_text(json.dumps({"sha256": fingerprint.hexdigest()}), encoding="utf-8")
    return True


def _dump(store: pyoxigraph.Store) -> bytes:
    return store.dump(format=pyoxigraph.RdfFormat.N_QUADS) or b""
