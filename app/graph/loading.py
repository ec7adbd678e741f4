"""Loading the shipped Turtle files into the stores the rest of the app queries."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph

if TYPE_CHECKING:
    import rdflib


def graph_files(root: Path) -> list[Path]:
    """List ontology/*.ttl and data/**/*.ttl in a stable order; shapes are rules about the data, not data,
    and data/examples/ holds sample system descriptions, which are inputs, not part of the graph."""
    examples = root / "data" / "examples"
    files = sorted((root / "ontology").glob("*.ttl")) + sorted((root / "data").rglob("*.ttl"))
    return [f for f in files if f.is_file() and not f.is_relative_to(examples)]


def shapes_file(root: Path) -> Path:
    """Name the SHACL shapes that the graph itself must conform to."""
    return root / "shapes" / "kg.ttl"


def load_store(root: Path, files: list[Path] | None = None) -> pyoxigraph.Store:
    """Bulk-load the graph into an in-memory Oxigraph store, the engine every query runs on."""
    store = pyoxigraph.Store()
    for path in graph_files(root) if files is None else files:
        try:
            store.bulk_load(path=path, format=pyoxigraph.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
        except SyntaxError as err:
            raise SyntaxError(f"{path}: {err}") from err
    return store


def load_rdflib_graph(root: Path, files: list[Path] | None = None) -> rdflib.Graph:
    """Parse the graph with rdflib, which pyshacl and the serialisers for the reasoner need."""
    import rdflib

    graph = rdflib.Graph()
    for path in graph_files(root) if files is None else files:
        graph.parse(path, format="turtle", publicID=path.resolve().as_uri())
    return graph


def build_store(root: Path, max_path_length: int | None = None) -> pyoxigraph.Store:
    """Load the shipped graph and add the mappings derived from it: what every service and export serves."""
    from app.graph import derive

    store = load_store(root)
    derive.materialise(store, root, max_path_length or derive.DEFAULT_MAX_LENGTH)
    return store
