"""Standards as they stand: JTC 21 stages with a checked date and a catalogue record, and no presumption of
conformity while no harmonised standard is cited in the Official Journal."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from fastapi.testclient import TestClient

from app.crosswalk.standards import presumption_summary, standards_gaps
from app.graph.loading import load_store

REPO_ROOT = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/ai-crosswalk/id/"
PREFIXES = """
PREFIX cw: <https://w3id.org/ai-crosswalk/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    return load_store(REPO_ROOT)


def standard(store: pyoxigraph.Store, designation: str) -> dict[str, str]:
    rows = store.query(
        PREFIXES + """SELECT ?d ?p ?o WHERE { ?s cw:designation ?d ; ?p ?o }""",
        substitutions={pyoxigraph.Variable("d"): pyoxigraph.Literal(designation)},
    )
    assert isinstance(rows, pyoxigraph.QuerySolutions)
    out: dict[str, str] = {}
    for row in rows:
        out.setdefault(row["p"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1], row["o"].value)
    assert out, f"{designation} is not in the catalogue"
    return out


@pytest.mark.parametrize(
    ("designation", "stage", "date", "catalogue"),
    [
        ("prEN 18228", "enquiry (40.20)", "2026-05-07", "https://iss.rs/en/project/show/iss:proj:110459"),
        ("prEN 18282", "enquiry (40.20)", "2026-05-07", "https://iss.rs/en/project/show/iss:proj:111393"),
        ("prEN 18229-1", "enquiry (40.20)", "2026-05-28", "https://theiteh.com/catalog/standards/cen/"),
        ("prEN 18283", "enquiry (40.20)", "2026-04-17", "https://iss.rs/en/project/show/iss:proj:112335"),
        (
            "prEN 18286",
            "enquiry (40.20) closed 2026-01-22",
            "2026-01-22",
            "https://standardsdevelopment.elot.gr/",
        ),
    ],
)
def test_jtc21_drafts_carry_stage_date_and_catalogue_record(
    store: pyoxigraph.Store, designation: str, stage: str, date: str, catalogue: str
) -> None:
    record = standard(store, designation)
    assert record["stageNote"].startswith(stage)
    assert record["statusDate"] == date
    assert record["seeAlso"].startswith(catalogue)
    assert "2026-11-29" in record["statusSource"]
    assert record["standardStatus"].endswith("UnderDevelopment")


def test_pren_18281_is_listed_but_unverified(store: pyoxigraph.Store) -> None:
    record = standard(store, "prEN 18281")
    assert record["unverified"] == "true"
    assert record["seeAlso"].startswith("https://jtc21.eu/")


def test_pren_18286_outcome_stays_unverified(store: pyoxigraph.Store) -> None:
    record = standard(store, "prEN 18286")
    assert record["unverified"] == "true"
    assert "failed in February 2026" in record["verificationNote"]


def test_sources_settle_tr_24027_and_tr_17894(store: pyoxigraph.Store) -> None:
    for designation in ("ISO/IEC TR 24027:2021", "CEN/CLC/TR 17894:2024"):
        record = standard(store, designation)
        assert "unverified" not in record, designation
        assert record["seeAlso"].startswith("https://"), designation
    assert standard(store, "ISO/IEC TR 24027:2021")["statusDate"] == "2021-11"


def test_no_standard_is_cited_in_the_official_journal(store: pyoxigraph.Store) -> None:
    rows = store.query(PREFIXES + "ASK { ?s a cw:Standard ; dcterms:isReferencedBy ?oj }")
    assert rows is False or (hasattr(rows, "__bool__") and not bool(rows))
    notes = store.query(PREFIXES + "SELECT ?n WHERE { ?r cw:key 'standards' ; skos:editorialNote ?n }")
    assert isinstance(notes, pyoxigraph.QuerySolutions)
    assert any("no standard yet gives a presumption of conformity" in row["n"].value for row in notes)


def test_standards_gaps_say_no_presumption_of_conformity(store: pyoxigraph.Store) -> None:
    items = standards_gaps(store, REPO_ROOT)
    assert len(items) == 10
    assert not any(i.presumption_of_conformity for i in items)
    risk = next(i for i in items if i.notation == "Item 1")
    assert risk.serves == "Article 9"
    assert "no standard gives a presumption of conformity with Article 9 yet" in risk.presumption_note
    assert "prEN 18228" in risk.presumption_note
    given, note = presumption_summary(items)
    assert given is False
    assert "Article 40(1)" in note


def test_standards_gaps_endpoint_has_the_field_and_its_explanation(embedded_client: TestClient) -> None:
    body = embedded_client.get("/standards/gaps").json()
    assert body["presumption_of_conformity"] is False
    assert "Official Journal" in body["presumption_note"]
    assert all(item["presumption_of_conformity"] is False for item in body["items"])
    assert all(item["presumption_note"] for item in body["items"])
