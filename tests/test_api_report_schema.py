"""The gap report's OpenAPI schema is generated from the analysis package's dataclasses, and real reports hold to it."""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path
from typing import Any

import jsonschema_rs
from fastapi.testclient import TestClient

from app.analysis.report import GapReport

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"


def report_classes(cls: type, seen: dict[str, type] | None = None) -> dict[str, type]:
    """Every dataclass a GapReport is made of, by name (reached through the field types)."""
    seen = {} if seen is None else seen
    seen[cls.__name__] = cls
    pending = list(typing.get_type_hints(cls).values())
    while pending:
        hint = pending.pop()
        pending += typing.get_args(hint)
        if dataclasses.is_dataclass(hint) and isinstance(hint, type) and hint.__name__ not in seen:
            report_classes(hint, seen)
    return seen


def closed(schema: Any) -> Any:
    """The schema with every object's properties closed, so a member the dataclasses lack is an error too."""
    if isinstance(schema, dict):
        out = {k: closed(v) for k, v in schema.items()}
        if "properties" in out:
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [closed(v) for v in schema]
    return schema


def test_every_dataclass_field_is_a_property_of_the_published_schema(embedded_client: TestClient) -> None:
    schemas = embedded_client.get("/openapi.json").json()["components"]["schemas"]
    classes = report_classes(GapReport)
    assert {"GapReport", "RequirementVerdict", "Evidence", "MappedEvidence", "AppliedDate"} <= set(classes)
    for name, cls in classes.items():
        assert set(schemas[name]["properties"]) == {f.name for f in dataclasses.fields(cls)}, name
        assert schemas[name].get("description") == cls.__doc__, name
    # the attribute docstrings are the field descriptions
    assert schemas["MappedEvidence"]["properties"]["drift"]["description"].startswith(
        "Set when a later version"
    )
    route = embedded_client.get("/openapi.json").json()["paths"]["/gap-analysis"]["post"]
    assert route["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/GapReportSchema"
    }


def test_every_example_report_validates_against_the_published_schema(embedded_client: TestClient) -> None:
    openapi = embedded_client.get("/openapi.json").json()
    schema = closed({"$ref": "#/components/schemas/GapReport", "components": openapi["components"]})
    validator = jsonschema_rs.validator_for(schema)
    kinds = set()
    for path in sorted(EXAMPLES.iterdir()):
        media_type = "text/turtle" if path.suffix == ".ttl" else "application/json"
        for as_of in ("2026-06-01", "2026-09-01"):
            response = embedded_client.post(
                "/gap-analysis",
                params={"as_of": as_of},
                content=path.read_bytes(),
                headers={"content-type": media_type},
            )
            assert response.status_code == 200, path.name
            report = response.json()
            errors = [e.message for e in validator.iter_errors(report)]
            assert errors == [], (path.name, errors[:3])
            kinds |= {"mapping" in e for r in report["requirements"] for e in r["evidence"]}
    assert kinds == {True, False}  # both kinds of evidence were checked
    assert not validator.is_valid({**report, "unknown": 1})
