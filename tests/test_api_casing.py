"""One JSON casing across the REST API (docs/api.md, "JSON casing"): every member name of every JSON answer is
snake_case, read off the OpenAPI document's response schemas and, where an answer publishes no schema, off the
answer itself."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.conftest import backend_settings

SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
# Names that may break the rule, each with its reason. Empty today: problem+json's members (type, title,
# status, detail, instance), the crosswalk rows' SSSOM slot names (subject_id, predicate_id, ...) and the
# words taken as member names (`in`, `from`) are snake_case already; a JSON-LD '@' key would go here.
ALLOWED: dict[str, str] = {}
# The JSON answers the rule is about: the REST API's own. Other standards' JSON keeps its own names:
# JSON-LD (application/ld+json), SPARQL results, OSCAL (application/oscal+json, hyphenated by its spec);
# the NDJSON portfolio stream is one gap report a line, checked through the gap report's schema.
REST_JSON = {"application/json", "application/problem+json"}
# The JSON answers that publish no schema (written with orjson for speed), checked on real answers below.
SCHEMALESS = {
    ("get", "/changes"),
    ("post", "/impact"),
    ("get", "/systems/{id}/impact"),
    ("get", "/systems/{id}/deadlines"),
    ("get", "/portfolio/impact"),
    ("get", "/portfolio/deadlines"),
}
# Members of those answers whose value is a map keyed by data, by their path's end: a regime's key (the versions
# and classification `from` and `to`), a requirement's name (what gets more or less time).
KEYED_BY_DATA = {("versions", "from"), ("versions", "to"), ("classification", "from"), ("classification", "to"),
                 ("more_time",), ("less_time",)}  # fmt: skip
WRITE = "casing-write-token"
CV = json.loads((Path(__file__).resolve().parent.parent / "data" / "examples" / "cv-ranker.json").read_text())
SPAN = {"from": "2026-01-01", "to": "2028-01-01"}


def names_in(
    schema: Any, components: dict[str, Any], seen: set[str], where: str = ""
) -> Iterator[tuple[str, str]]:
    """Every (schema, property name) a response schema can hold, following each $ref into the components once."""
    if isinstance(schema, list):
        for part in schema:
            yield from names_in(part, components, seen, where)
        return
    if not isinstance(schema, dict):
        return
    ref = schema.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        assert name in components, f"the document refers to {name} and does not hold it"
        if name not in seen:
            seen.add(name)
            yield from names_in(components.get(name), components, seen, name)
        return
    properties = schema.get("properties", {})
    for prop in properties:
        yield where, prop
    parts = [*properties.values(), *schema.get("$defs", {}).values()]
    parts += [schema[k] for k in ("items", "additionalProperties", "anyOf", "oneOf", "allOf") if k in schema]
    yield from names_in(parts, components, seen, where)


def rest_json_responses(document: dict[str, Any]) -> Iterator[tuple[str, str, str, Any]]:
    """(method, path, status, schema or None) of every REST JSON response the document lists."""
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation.get("responses", {}).items():
                for media_type, content in response.get("content", {}).items():
                    if media_type in REST_JSON:
                        yield method, path, status, content.get("schema") or None


def test_every_rest_json_schema_is_snake_case(embedded_client: TestClient) -> None:
    document = embedded_client.get("/openapi.json").json()
    components = document["components"]["schemas"]
    found: dict[str, set[str]] = {}
    schemaless = set()
    for method, path, status, schema in rest_json_responses(document):
        if schema is None:
            schemaless.add((method, path))
        for where, name in names_in(schema, components, set()):
            found.setdefault(name, set()).add(f"{method.upper()} {path} {status} ({where})")
    wrong = {name: sorted(at) for name, at in found.items() if not SNAKE.match(name) and name not in ALLOWED}
    assert not wrong, f"member names that are not snake_case: {wrong}"
    assert schemaless == SCHEMALESS, "a JSON answer without a schema must be checked on its body below"
    # The walk reaches the renamed members (docs/api.md), the SSSOM rows, the gap report and problems.
    assert {"in_force", "as_of", "source_title", "point_in_time", "regime_key", "label_ja"} <= set(found)
    assert {"attributed_to", "mapping_set", "derived_from", "see_also", "exact_match"} <= set(found)
    assert {"subject_id", "predicate_id", "applies_from", "focus_node", "detail"} <= set(found)


def member_names(body: Any, path: tuple[str, ...] = ()) -> Iterator[str]:
    """Every member name in a JSON answer; the keys of a map keyed by data (KEYED_BY_DATA) are walked into but
    are not names."""
    if isinstance(body, list):
        for part in body:
            yield from member_names(part, path)
    elif isinstance(body, dict):
        keyed_by_data = any(path[-len(p) :] == p for p in KEYED_BY_DATA)
        for key, part in body.items():
            if not keyed_by_data:
                yield key
            yield from member_names(part, (*path, "*" if keyed_by_data else key))


@pytest.fixture(scope="module")
def stored_client() -> Iterator[TestClient]:
    """An embedded app with an inventory write token and the CV ranker stored, removed afterwards."""
    settings = backend_settings("embedded", write_token=WRITE)
    auth = {"authorization": f"Bearer {WRITE}"}
    path = f"/systems/{quote(CV['id'], safe='')}"
    with TestClient(create_app(settings=settings)) as client:
        stored = client.put(
            path, content=json.dumps(CV), headers={"content-type": "application/json", **auth}
        )
        assert stored.status_code in (200, 201), stored.text
        yield client
        client.delete(path, headers=auth)


def test_schemaless_json_answers_are_snake_case(stored_client: TestClient) -> None:
    client = stored_client
    system = f"/systems/{quote(CV['id'], safe='')}"
    answers = {
        ("get", "/changes"): client.get("/changes", params=SPAN),
        ("post", "/impact"): client.post("/impact", params=SPAN, json=CV),
        ("get", "/systems/{id}/impact"): client.get(f"{system}/impact", params=SPAN),
        ("get", "/systems/{id}/deadlines"): client.get(f"{system}/deadlines"),
        ("get", "/portfolio/impact"): client.get("/portfolio/impact", params=SPAN),
        ("get", "/portfolio/deadlines"): client.get("/portfolio/deadlines"),
    }
    assert set(answers) == SCHEMALESS
    names: set[str] = set()
    for endpoint, response in answers.items():
        assert response.status_code == 200, (endpoint, response.text)
        names |= set(member_names(response.json()))
    wrong = sorted(n for n in names if not SNAKE.match(n) and n not in ALLOWED)
    assert not wrong, f"member names that are not snake_case: {wrong}"
    # Real answers were read: a change, an impact's versions and moves, the portfolio's summary, a deadline.
    assert {
        "version_label",
        "in_force_from",
        "moves",
        "per_system",
        "more_time",
        "deadlines",
        "date",
    } <= names
