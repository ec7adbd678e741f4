"""The fast paths agree with the reference implementations they replace, on the same inputs.

The compiled SHACL checks (app.analysis.shacl_core) must report exactly what pyshacl reports, and the direct reading of
plain JSON descriptions (app.analysis.description_json) must give the graph rdflib's JSON-LD processor gives: on every
shipped example, on invalid variants of them and on generated descriptions mixing valid and invalid values.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from app.analysis.description_model import InvalidDescriptionError
from app.analysis.descriptions import parse_description, plain_triples, with_local_context
from app.analysis.shacl_core import UnsupportedShapesError, compile_shapes
from app.analysis.validation import Validator
from app.graph.loading import build_store
from tests.conftest import REPO_ROOT

EXAMPLES = sorted((REPO_ROOT / "data" / "examples").glob("*.*"))
BASE = {"id": "urn:example:x", "purposes": ["recruitment"], "roles": ["provider"], "markets": ["EU"]}
# Values of every kind a field may be given: known codes, unknown ones, other JSON types, compact and absolute
# IRIs, JSON-LD value objects (typed and language-tagged), and codes equal to context terms.
CODES = ["recruitment", "credit-scoring", "provider", "deployer", "EU", "JP", "US", "finance", "medical"]
CODES += [
    "general-purpose",
    "systemic-risk",
    "deployment",
    "development",
    "Atlantis",
    "",
    "name",
    "cw:Purpose",
]
CODES += ["implemented", "partial", "planned", "done", "urn:example:thing", "a b"]
REFERENCES = ["nist-ai-rmf:GOVERN-1.1", "eu-ai-act:Article-9", "nist-ai-rmf:GOVERN-9.9", "m593:Item-3"]
REFERENCES += [
    "https://w3id.org/ai-crosswalk/id/g7-hcoc/Action-7",
    "cw:Provision",
    "relative/path",
    "jp-aigfb:",
]
SCALARS: list[Any] = [5, True, None, {"@value": "x", "@language": "en"}, {"@value": "3", "@type": "xsd:int"}]
SCALARS += [{"@id": "urn:example:y"}, ["nested", ["list"]]]


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator(REPO_ROOT, build_store(REPO_ROOT))


def agree(validator: Validator, body: str | bytes, media_type: str = "application/json") -> None:
    """Both engines give the same issues (or both find the body unreadable)."""
    try:
        graph = parse_description(body, media_type)
    except InvalidDescriptionError:
        return
    assert validator.issues(graph) == validator.pyshacl_issues(graph)


def test_the_shipped_shapes_compile(validator: Validator) -> None:
    assert validator.compiled is not None


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_engines_agree_on_every_example(validator: Validator, path: Path) -> None:
    media_type = "text/turtle" if path.suffix == ".ttl" else "application/json"
    graph = parse_description(path.read_bytes(), media_type)
    assert validator.issues(graph) == validator.pyshacl_issues(graph) == []


def invalid_variants() -> Iterator[dict[str, Any]]:
    for field in (
        "purposes", "roles", "markets", "sectors", "capabilities", "lifecycle_stage", "name",
        "entity_type", "conformity_assessment", "licence", "circumstances", "placed_on_market",
    ):  # fmt: skip
        for value in [*CODES[-6:], *SCALARS, [], ["deployment", "development"]]:
            yield {**BASE, field: value}
    for day in ("2026-13-01", "2026-1-01", "1 August 2026", "2026-08-02T00:00", ["2025-01-01", "2026-01-01"]):
        yield {**BASE, "placed_on_market": day}
    for measure in (
        {"id": "m", "addresses": "nist-ai-rmf:GOVERN-9.9", "status": "implemented"},
        {"id": "m", "addresses": [], "status": ["implemented", "planned"]},
        {"id": 3, "addresses": "eu-ai-act:Article-9", "evidence": 7},
        {"addresses": "cw:Provision", "status": "done", "evidence": {"@value": "x", "@language": "en"}},
        "urn:example:measure",
    ):
        yield {**BASE, "measures": [measure]}
    yield {key: value for key, value in BASE.items() if key != "id"}
    yield {
        "id": "urn:example:x",
        "capabilities": ["general-purpose"],
        "roles": ["provider"],
        "markets": ["EU"],
    }


@pytest.mark.parametrize("document", list(invalid_variants()), ids=lambda d: json.dumps(d)[:60])
def test_engines_agree_on_invalid_variants(validator: Validator, document: dict[str, Any]) -> None:
    agree(validator, json.dumps(document))


measures = st.fixed_dictionaries(
    {},
    optional={
        "id": st.sampled_from(["m1", "m2", 4]),
        "addresses": st.one_of(
            st.sampled_from(REFERENCES), st.lists(st.sampled_from(REFERENCES), max_size=3)
        ),
        "status": st.one_of(st.sampled_from(CODES[-6:]), st.lists(st.sampled_from(CODES[-6:]), max_size=2)),
        "evidence": st.sampled_from(["https://example.org/e", 1, {"@value": "e", "@language": "en"}]),
        "description": st.just("what was done"),
    },
)
field_values = st.one_of(
    st.sampled_from(CODES), st.lists(st.sampled_from(CODES), max_size=3), st.sampled_from(SCALARS)
)
descriptions = st.fixed_dictionaries(
    {},
    optional={
        "id": st.sampled_from(["urn:example:a", "https://example.org/s/../t", "cw:x", "relative", "_:b"]),
        "type": st.sampled_from(["AISystem", "cw:AISystem", "Thing"]),
        "name": st.one_of(st.just("A system"), st.sampled_from(SCALARS)),
        "purposes": field_values,
        "roles": field_values,
        "markets": field_values,
        "sectors": field_values,
        "capabilities": field_values,
        "lifecycle_stage": field_values,
        "measures": st.one_of(measures, st.lists(measures, max_size=3)),
        "unexpected": st.just("dropped by JSON-LD"),
    },
)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(document=descriptions)
def test_engines_and_readers_agree_on_generated_descriptions(
    validator: Validator, document: dict[str, Any]
) -> None:
    expanded = with_local_context(document)
    plain = plain_triples(expanded)
    if plain is not None:
        processed = rdflib.Graph().parse(data=json.dumps(expanded), format="json-ld")
        assert isomorphic(plain.to_rdflib(), processed)
    agree(validator, json.dumps(document))


def test_plain_descriptions_take_the_direct_path() -> None:
    for path in EXAMPLES:
        if path.suffix == ".json":
            document = with_local_context(json.loads(path.read_text(encoding="utf-8")))
            assert plain_triples(document) is not None, path.name


def test_shapes_outside_the_compiled_subset_are_refused() -> None:
    shapes = rdflib.Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:minLength 2 ] .
        """,
        format="turtle",
    )
    with pytest.raises(UnsupportedShapesError, match="minLength"):
        compile_shapes(shapes)


TURTLE = """
@prefix cw:   <https://w3id.org/ai-crosswalk/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex:   <https://example.org/> .
ex:system a cw:AISystem, ex:Chatbot ; cw:hasPurpose ex:own-purpose, ex:subclassed ; cw:hasRole ex:role ;
    cw:market <https://w3id.org/ai-crosswalk/id/vocab/jurisdiction/EU> ;
    cw:hasMeasure ex:m1, [ cw:measureStatus cw:Implemented ; cw:addresses ex:own-provision ] .
ex:Chatbot rdfs:subClassOf cw:AISystem .
ex:own-purpose a cw:Purpose .
ex:subclassed a ex:Special .
ex:Special rdfs:subClassOf cw:Purpose .
ex:own-provision a ex:Clause .
ex:m1 cw:measureId "m1", "again" ; cw:measureStatus "implemented"@en .
"""


def test_engines_agree_on_types_and_subclasses_a_turtle_description_declares(validator: Validator) -> None:
    graph = parse_description(TURTLE, "text/turtle")
    found = validator.issues(graph)
    assert found == validator.pyshacl_issues(graph)
    assert {(i.field, i.constraint) for i in found} == {
        ("roles", "Class"),
        ("measures.addresses", "Class"),
        ("measures.addresses", "MinCount"),
        ("measures.id", "MaxCount"),
        ("measures.status", "In"),
    }


def test_a_date_the_calendar_lacks_is_an_issue_on_both_paths(validator: Validator) -> None:
    """2026-02-30 passes the shape's pattern; the calendar check names placed_on_market for either engine."""
    graph = parse_description(json.dumps({**BASE, "placed_on_market": "2026-02-30"}))
    found = validator.issues(graph)
    assert [i.field for i in found] == ["placed_on_market"]
    assert found == validator.pyshacl_issues(graph)


@pytest.mark.parametrize("graph_class", ["Data", "DescriptionGraph"])
def test_the_compiled_data_graph_is_built_in_linear_comparisons(graph_class: str) -> None:
    """Issue 15, finding 2: 16,000 values of one property took 29 s to validate because building the data graph
    checked each new value against a list of the earlier ones. Counted, not timed: building it compares values a
    number of times that grows with n, not n². The description's own graph (DescriptionGraph) is held to the same."""
    import rdflib

    from app.analysis.description_graph import DescriptionGraph
    from app.analysis.shacl_core import Data

    build = {"Data": Data, "DescriptionGraph": DescriptionGraph}[graph_class]

    comparisons = 0

    class Counted(rdflib.Literal):
        def __eq__(self, other: object) -> bool:
            nonlocal comparisons
            comparisons += 1
            return super().__eq__(other)

        __hash__ = rdflib.Literal.__hash__

    n = 2_000
    subject, prop = rdflib.URIRef("urn:example:s"), rdflib.URIRef("urn:example:p")
    triples = [(subject, prop, Counted(f"v{i}")) for i in range(n)]
    data = build([*triples, triples[0]])  # one repeated triple is kept once
    assert len(data.objects(subject, prop)) == n
    assert comparisons < 10 * n


@pytest.mark.parametrize("day", ["2026-13-01", "2026-9-1", "1 May 2026"])
def test_a_date_the_shape_refuses_is_one_issue_not_two(validator: Validator, day: str) -> None:
    """The calendar check (iso_date) leaves to the shape's pattern what the pattern already reports."""
    graph = parse_description(json.dumps({**BASE, "placed_on_market": day}))
    found = validator.issues(graph)
    assert [(i.field, i.value) for i in found] == [("placed_on_market", day)]
    assert found == validator.pyshacl_issues(graph)
