"""The whole OpenAPI surface fuzzed by schemathesis against a live server (write token set, so the inventory's
writes are exercised too): no 5xx, every status, content type and body as the OpenAPI document declares.

Bounded: ``FUZZ_EXAMPLES`` examples per operation (hypothesis, derandomized so a run is repeatable). Every body
type is sent, NDJSON portfolios included: schemathesis has no serializer for ``application/x-ndjson`` and left
those bodies out, so the one below writes one generated description a line (or any text, malformed lines and
lone surrogates included).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.main import create_app
from tests.conftest import run_live
from tests.test_inventory import AUTH, inventory_settings

FUZZ_EXAMPLES = int(os.environ.get("CROSSWALK_FUZZ_EXAMPLES", "12"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def fuzz_live() -> Iterator[str]:
    yield from run_live(create_app(settings=inventory_settings("embedded", None)))


NDJSON = "application/x-ndjson"


def with_ndjson_descriptions(document: dict[str, Any]) -> dict[str, Any]:
    """The published document, its NDJSON bodies (declared as text) generated as descriptions or as text."""
    for operation in (op for path in document["paths"].values() for op in path.values()):
        content = operation.get("requestBody", {}).get("content", {})
        if NDJSON in content and "application/json" in content:
            lines = content["application/json"]["schema"]  # the JSON array's items are the NDJSON's lines
            content[NDJSON] = {"schema": {"anyOf": [lines, content[NDJSON]["schema"]]}}
    return document


@schemathesis.serializer(NDJSON)
def ndjson(_context: Any, value: Any) -> bytes:
    """One JSON value a line for a generated list of descriptions; text as it is (surrogates kept)."""
    if isinstance(value, list):
        return "".join(json.dumps(item) + "\n" for item in value).encode("utf-8", "surrogatepass")
    return str(value).encode("utf-8", "surrogatepass")


# The document as the app publishes it (building it needs no store); the calls go to the live server.
schema = schemathesis.openapi.from_dict(
    with_ndjson_descriptions(create_app(settings=inventory_settings("embedded", None)).openapi())
)


SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@SETTINGS
def test_the_api_holds_to_its_openapi_document(case: schemathesis.Case, fuzz_live: str) -> None:
    case.call_and_validate(base_url=fuzz_live, headers=AUTH, checks=CHECKS, timeout=30)
