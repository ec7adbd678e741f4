"""The one store interface every back end implements (app.graph.store builds the one the settings ask for)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping

import pyoxigraph

from app.graph.queries import Row, Term
from app.graph.sandbox import MAX_RESULT_BYTES, QueryOutcome

COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


class GraphStore(ABC):
    """What the service needs from a store, whichever back end holds the graph."""

    backend: str

    @abstractmethod
    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> tuple[list[str], list[Row]]:
        """Run a trusted SELECT with bound terms; return its variables and rows."""

    @abstractmethod
    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[pyoxigraph.Triple]:
        """Run a trusted CONSTRUCT with bound terms; return its triples."""

    @abstractmethod
    def triple_count(self) -> int:
        """Count the triples of the default graph."""

    @abstractmethod
    def run_query(
        self,
        query: str,
        default_graphs: list[str],
        named_graphs: list[str],
        timeout: float,
        limit: int,
        max_bytes: int = MAX_RESULT_BYTES,
    ) -> QueryOutcome:
        """Run a user's query within the limits (time, rows, bytes), or raise one of app.graph.sandbox's
        QueryError subclasses."""

    @abstractmethod
    def update(self, text: str) -> None:
        """Apply a SPARQL Update (only ever called when the service allows updates)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release processes and connections."""


def counted(rows: list[Row]) -> int:
    """The ``?n`` of COUNT_QUERY's one row."""
    count = rows[0]["n"]
    assert isinstance(count, pyoxigraph.Literal)
    return int(count.value)
