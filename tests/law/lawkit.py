"""What the law tests read out of a gap report: requirements, tiers, exclusions and the clauses cited."""

from __future__ import annotations

from typing import Any


def eu(report: dict[str, Any]) -> set[str]:
    """The AI Act requirements a report lists, as short ids."""
    return {r["id"] for r in report["requirements"] if r["regime"] == "eu-ai-act"}


def eu_tiers(report: dict[str, Any]) -> set[str]:
    return {c["tier"] for c in report["classification"].get("eu-ai-act", [])}


def excluded_by(report: dict[str, Any]) -> set[str]:
    """The clauses (short ids) of the exclusions that took the system, or some of its duties, out."""
    return {b["id"] for x in report["exclusions"] for b in x["basis"]}


def requirement(report: dict[str, Any], short: str) -> dict[str, Any]:
    found = [r for r in report["requirements"] if r["id"] == short]
    assert found, f"{short} does not apply"
    return found[0]


def cited(r: dict[str, Any]) -> set[str]:
    """Every clause a requirement's 'applies because' cites."""
    return {b["id"] for a in r["applies_because"] for b in a["basis"]}
