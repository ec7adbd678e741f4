"""Named SPARQL queries from queries/, run on the embedded store with bound, never pasted, parameters.

Values are bound as on a remote server, by an inline ``VALUES`` block (app.graph.bindings): one code path for
both back ends, and Oxigraph plans a ``VALUES`` join better than its substitutions (a crosswalk look-up on the
shipped graph runs about four times faster, docs/performance/results.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

import pyoxigraph

from app.graph.bindings import inline_bindings

Term = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple
Row = dict[str, Term]


def query_path(root: Path, name: str) -> Path:
    """Resolve a name such as ``counts`` or ``qc/missing-label`` to its file, refusing to leave queries/."""
    base = (root / "queries").resolve()
    path = (base / f"{name.removesuffix('.rq')}.rq").resolve()
    if not path.is_relative_to(base):
        raise ValueError(f"query name {name!r} points outside queries/")
    if not path.is_file():
        raise FileNotFoundError(f"no query named {name!r} in {base}")
    return path


def load_query(name: str, root: Path) -> str:
    """Return the text of a named query, so callers never hold SPARQL in Python strings."""
    return query_path(root, name).read_text(encoding="utf-8")


def query_names(root: Path, folder: str) -> list[str]:
    """List the names of the queries in one folder of queries/ (e.g. ``qc``), in a stable order."""
    base = root / "queries"
    return [p.relative_to(base).with_suffix("").as_posix() for p in sorted((base / folder).glob("*.rq"))]


def query_title(text: str) -> str:
    """Take the first line of the leading ``#`` comment as the query's human title."""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        title = stripped.lstrip("#").strip()
        if title:
            return title
    return ""


class SelectSource(Protocol):
    """Anything that answers trusted SELECTs with bound terms: the service's GraphStore back ends."""

    def select(
        self, query: str, bindings: Mapping[str, Term] | None = None
    ) -> tuple[list[str], list[Row]]: ...


def run_select(
    source: pyoxigraph.Store | SelectSource, text: str, bindings: Mapping[str, Term] | None = None
) -> tuple[list[str], list[Row]]:
    """Run a SELECT on an in-process store or on any back end of the service, the same way."""
    if isinstance(source, pyoxigraph.Store):
        return select(source, text, bindings)
    return source.select(text, bindings)


def select(
    store: pyoxigraph.Store, text: str, bindings: Mapping[str, Term] | None = None
) -> tuple[list[str], list[Row]]:
    """Run a SELECT with values bound by an inline ``VALUES`` block (IRIs and literals only)."""
    results = store.query(inline_bindings(text, bindings or {}))
    if not isinstance(results, pyoxigraph.QuerySolutions):
        raise TypeError("expected a SELECT query")
    variables = [v.value for v in results.variables]
    rows: list[Row] = []
    for solution in results:
        row: Row = {}
        for name in variables:
            value = solution[name]
            if value is not None:
                row[name] = value
        rows.append(row)
    return variables, rows


def term_text(term: Term | None) -> str:
    """Show a term as a person reads it: IRIs and literals by value, blank nodes as ``_:id``."""
    if term is None:
        return ""
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.Triple):
        return str(term)
    return term.value


RESULT_FORMATS = {
    "json": pyoxigraph.QueryResultsFormat.JSON,
    "csv": pyoxigraph.QueryResultsFormat.CSV,
    "tsv": pyoxigraph.QueryResultsFormat.TSV,
}


def render_results(
    results: pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | pyoxigraph.QueryTriples, fmt: str
) -> str:
    """Write results as SPARQL JSON/CSV/TSV or an aligned table; graphs as Turtle (JSON-LD for ``json``)."""
    if isinstance(results, pyoxigraph.QueryTriples):
        rdf_format = pyoxigraph.RdfFormat.JSON_LD if fmt == "json" else pyoxigraph.RdfFormat.TURTLE
        return (results.serialize(format=rdf_format) or b"").decode("utf-8")
    if fmt != "table":
        return (results.serialize(format=RESULT_FORMATS[fmt]) or b"").decode("utf-8")
    if isinstance(results, pyoxigraph.QueryBoolean):
        return "true" if bool(results) else "false"
    variables = [v.value for v in results.variables]
    table = [variables] + [[term_text(solution[v]) for v in variables] for solution in results]
    widths = [max(len(row[i]) for row in table) for i in range(len(variables))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
