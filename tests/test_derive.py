"""Derived mappings: the composition table agrees with set semantics, and derivation keeps its provenance."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph
from hypothesis import given
from hypothesis import strategies as st

from app.derive import (
    EQUAL,
    INTERSECTS,
    INVERSE,
    NOT_RELATED,
    SUBSET,
    SUPERSET,
    Edge,
    compose,
    derive,
    materialise,
)
from app.graph import load_store

REPO_ROOT = Path(__file__).resolve().parent.parent
RELATIONSHIPS = [EQUAL, SUBSET, SUPERSET, INTERSECTS, NOT_RELATED]
sets = st.frozensets(st.integers(min_value=0, max_value=7), min_size=1)


def relationship(a: frozenset[int], b: frozenset[int]) -> str:
    """The IR 8477 relationship between two non-empty sets of outcomes."""
    if a == b:
        return EQUAL
    if a < b:
        return SUBSET
    if a > b:
        return SUPERSET
    return INTERSECTS if a & b else NOT_RELATED


def holds(composed: str, a: frozenset[int], c: frozenset[int]) -> bool:
    """What a derived relationship promises about A and C (intersects promises shared content only)."""
    return {
        EQUAL: a == c,
        SUBSET: a < c,
        SUPERSET: a > c,
        INTERSECTS: bool(a & c),
    }[composed]


@given(sets, sets, sets)
def test_composition_is_sound_on_random_sets(a: frozenset[int], b: frozenset[int], c: frozenset[int]) -> None:
    composed = compose(relationship(a, b), relationship(b, c))
    if composed is not None:
        assert holds(composed, a, c)


@given(sets, sets)
def test_inverse_reads_the_same_pair_from_the_other_side(a: frozenset[int], b: frozenset[int]) -> None:
    assert relationship(b, a) == INVERSE[relationship(a, b)]


def test_table_has_the_design_rules_and_nothing_from_unrelated_items() -> None:
    for r in RELATIONSHIPS[:4]:
        assert compose(EQUAL, r) == r
        assert compose(r, EQUAL) == r
    assert compose(SUBSET, SUBSET) == SUBSET
    assert compose(SUPERSET, SUPERSET) == SUPERSET
    assert compose(SUPERSET, SUBSET) == INTERSECTS
    assert compose(SUBSET, SUPERSET) is None
    assert compose(INTERSECTS, INTERSECTS) is None
    assert all(compose(NOT_RELATED, r) is None and compose(r, NOT_RELATED) is None for r in RELATIONSHIPS)


@given(st.lists(st.tuples(sets, sets, sets), min_size=1, max_size=4))
def test_every_composable_pair_is_found(
    triples: list[tuple[frozenset[int], frozenset[int], frozenset[int]]],
) -> None:
    """Over chains A-B-C, derive() proposes exactly the composable pairs, each sound."""
    for a, b, c in triples:
        edges = [
            Edge("m1", "a", "b", relationship(a, b), Decimal("0.9")),
            Edge("m2", "b", "c", relationship(b, c), Decimal("0.5")),
        ]
        found = derive(edges, {"a": "A", "b": "B", "c": "C"})
        expected = compose(relationship(a, b), relationship(b, c))
        if expected is None:
            assert found == []
        else:
            assert len(found) == 1
            d = found[0]
            assert (d.subject, d.object, d.relationship) == ("a", "c", expected)
            assert d.confidence == Decimal("0.45")
            assert [e.mapping for e in d.path] == ["m1", "m2"]
            assert holds(d.relationship, a, c)


def test_asserted_mapping_wins_and_same_regime_pairs_are_skipped() -> None:
    edges = [
        Edge("m1", "a", "b", EQUAL, Decimal("1")),
        Edge("m2", "b", "c", SUBSET, Decimal("0.8")),
        Edge("m3", "a", "c", INTERSECTS, Decimal("0.6")),
        Edge("m4", "c", "d", EQUAL, Decimal("0.9")),
    ]
    found = derive(edges, {"a": "A", "b": "B", "c": "C", "d": "A"})
    pairs = {(d.subject, d.object) for d in found}
    assert ("a", "c") not in pairs and ("c", "a") not in pairs  # asserted m3 wins
    assert ("a", "d") not in pairs  # both in regime A
    assert ("b", "d") in pairs


def test_path_length_is_bounded() -> None:
    edges = [Edge(f"m{i}", f"n{i}", f"n{i + 1}", EQUAL, Decimal("1")) for i in range(6)]
    regimes = {f"n{i}": f"R{i}" for i in range(7)}
    longest = max(len(d.path) for d in derive(edges, regimes, max_length=3))
    assert longest == 3
    assert {(d.subject, d.object) for d in derive(edges, regimes, max_length=2)} == {
        (f"n{i}", f"n{i + 2}") for i in range(5)
    }


def test_derived_mappings_in_the_shipped_graph_carry_provenance() -> None:
    store = load_store(REPO_ROOT)
    count = materialise(store)
    assert count > 0
    results = store.query(
        """
        PREFIX cw: <https://w3id.org/ai-crosswalk/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?m (COUNT(DISTINCT ?from) AS ?sources) (SAMPLE(?c) AS ?confidence) (SAMPLE(?len) AS ?length)
        WHERE {
          ?m a cw:DerivedMapping ; cw:derived true ; cw:confidence ?c ; cw:pathLength ?len ;
             prov:wasDerivedFrom ?from .
          ?from a cw:Mapping .
          FILTER NOT EXISTS { ?from cw:derived true }
        } GROUP BY ?m
        """
    )
    assert isinstance(results, pyoxigraph.QuerySolutions)
    rows = list(results)
    assert len(rows) == count
    for row in rows:
        assert int(row["sources"].value) == int(row["length"].value) >= 2
        assert 0 < Decimal(row["confidence"].value) <= 1
