"""Named queries: loading by name, titles from the header, values bound rather than pasted."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from app.core.resources import ENV_VAR, resource_root
from app.graph.loading import graph_files, load_store
from app.graph.queries import load_query, query_names, query_title, select


def test_load_by_name(mini_root: Path) -> None:
    assert load_query("counts", mini_root).startswith("# Provisions per regime and level")
    assert query_names(mini_root, "qc") == ["qc/missing-label"]
    assert query_title(load_query("qc/missing-label", mini_root)) == "Missing label"


def test_names_cannot_escape_queries(mini_root: Path) -> None:
    with pytest.raises(ValueError, match="outside"):
        load_query("../data/regimes/act", mini_root)
    with pytest.raises(FileNotFoundError):
        load_query("no-such-query", mini_root)


def test_bound_values_are_data_not_syntax(mini_root: Path) -> None:
    store = load_store(mini_root)
    text = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?a ?n WHERE { ?a skos:notation ?n }"
    _, rows = select(store, text, {"n": pyoxigraph.Literal("Article 1")})
    assert [r["a"].value for r in rows] == ["https://example.org/mini#art1"]
    hostile = pyoxigraph.Literal('x" } UNION { ?a ?p ?o } #')
    assert select(store, text, {"n": hostile})[1] == []


def test_shapes_are_not_data(mini_root: Path) -> None:
    names = [p.relative_to(mini_root).as_posix() for p in graph_files(mini_root)]
    assert names == ["ontology/mini.ttl", "data/regimes/act.ttl"]


def test_resource_root_order(mini_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(mini_root))
    assert resource_root() == mini_root
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    assert resource_root(mini_root) == mini_root
    with pytest.raises(FileNotFoundError, match="not a crosswalk resource root"):
        resource_root()


def test_a_relative_root_loads(mini_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini_root)
    assert len(load_store(Path())) == len(load_store(mini_root)) > 0
