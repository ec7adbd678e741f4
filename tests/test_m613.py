"""M/593 -> M/613 as two versions of one regime: which request is in force on a date, and its items' wording."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyoxigraph
import pytest

from app.graph.loading import load_store

REPO_ROOT = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/ai-crosswalk/id/"
M593 = ID + "m593/version/M-593-C-2023-3215"
M613 = ID + "m593/version/M-613-C-2025-3871"
PREFIXES = """
PREFIX cw: <https://w3id.org/ai-crosswalk/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    return load_store(REPO_ROOT)


def versions(store: pyoxigraph.Store) -> list[tuple[str, date, str | None]]:
    rows = store.query(
        PREFIXES
        + """SELECT ?v ?from ?replaces WHERE {
               ?v a cw:RegimeVersion ; cw:versionOf/cw:key "m593" ; cw:inForceFrom ?from .
               OPTIONAL { ?v dcterms:replaces ?replaces } } ORDER BY ?from"""
    )
    assert isinstance(rows, pyoxigraph.QuerySolutions)
    return [
        (
            row["v"].value,
            date.fromisoformat(row["from"].value),
            row["replaces"].value if row["replaces"] else None,
        )
        for row in rows
    ]


def in_force(store: pyoxigraph.Store, on: date) -> str:
    """The version in force on a date: the latest whose in-force date is on or before it (ontology/time.ttl)."""
    return [v for v, start, _ in versions(store) if start <= on][-1]


def test_m613_is_the_next_version_of_m593(store: pyoxigraph.Store) -> None:
    assert versions(store) == [
        (M593, date(2023, 5, 22), None),
        (M613, date(2025, 6, 23), M593),
    ]
    made_by = store.query(
        PREFIXES + "SELECT ?v ?doc ?title WHERE { ?v cw:versionOf/cw:key 'm593' ; cw:madeBy ?doc . "
        "?doc dcterms:title ?title }"
    )
    assert isinstance(made_by, pyoxigraph.QuerySolutions)
    docs = {row["v"].value: row["doc"].value for row in made_by}
    assert docs == {
        M593: "https://ec.europa.eu/growth/tools-databases/enorm/mandate/593_en",
        M613: "https://ec.europa.eu/growth/tools-databases/enorm/mandate/613_en",
    }


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2023, 5, 22), M593),
        (date(2024, 8, 1), M593),
        (date(2025, 6, 22), M593),
        (date(2025, 6, 23), M613),
        (date(2026, 11, 29), M613),
    ],
)
def test_as_of_picks_the_request_in_force(store: pyoxigraph.Store, on: date, expected: str) -> None:
    assert in_force(store, on) == expected


def test_item_iris_are_stable_and_none_added_or_removed(store: pyoxigraph.Store) -> None:
    rows = store.query(PREFIXES + "SELECT ?i WHERE { ?i skos:inScheme/cw:key 'm593' ; cw:level 'item' }")
    assert isinstance(rows, pyoxigraph.QuerySolutions)
    assert sorted(row["i"].value for row in rows) == sorted(f"{ID}m593/Item-{n}" for n in range(1, 11))
    changed = store.query(
        PREFIXES
        + "ASK { ?i skos:inScheme/cw:key 'm593' . { ?i cw:introducedIn ?v } UNION { ?i cw:removedIn ?v } }"
    )
    assert not bool(changed)


def test_wording_as_adopted_is_stated_per_version_where_found(store: pyoxigraph.Store) -> None:
    rows = store.query(
        PREFIXES
        + "SELECT ?p ?v ?text ?note WHERE { ?t a cw:ProvisionText ; cw:textOf ?p ; cw:inVersion ?v ; "
        "skos:definition ?text ; cw:verificationNote ?note . ?p skos:inScheme/cw:key 'm593' }"
    )
    assert isinstance(rows, pyoxigraph.QuerySolutions)
    texts = [(row["p"].value, row["v"].value, row["text"].value) for row in rows]
    assert texts == [(f"{ID}m593/Item-3", M613, "Record keeping through logging capabilities by AI systems.")]
    notes = store.query(PREFIXES + f"SELECT ?n WHERE {{ <{M613}> skos:editorialNote ?n }}")
    assert isinstance(notes, pyoxigraph.QuerySolutions)
    assert any("was not found" in row["n"].value for row in notes)
