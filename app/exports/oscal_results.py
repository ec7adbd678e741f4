"""A gap report as OSCAL 1.2 Assessment Results, and what it finds unmet as a Plan of Action and Milestones.

Names follow NIST's oscal_assessment-results_metaschema.xml, oscal_poam_metaschema.xml and
oscal_assessment-common_metaschema.xml (OSCAL 1.2). Assessment Results hold one ``result`` per regime that
applies (so control ids, which are the regimes' OSCAL catalog ids, never meet another regime's): a
``finding`` per requirement (``satisfied`` when met; ``not-satisfied`` with reason ``other`` when partial and
``fail`` when unmet) and an ``observation`` per piece of evidence the system's measures give, with the mapping
a crosswalk credit rests on and, when that mapping's provisions changed since it was made, the drift. The
POA&M has a ``poam-item`` for every requirement not met, with the date it applies from. Input is the report
``Analysis.run`` returns (the API's JSON); every uuid is a version-5 uuid of the system, the date and an IRI.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from app.exports.oscal_catalog import (
    CW_NS,
    OSCAL_VERSION,
    catalog_file,
    catalog_resource_uuid,
    control_id,
    oscal_uuid,
)
from app.exports.vocab import ID

STATE = {
    "met": ("satisfied", "pass"),
    "partial": ("not-satisfied", "other"),
    "unmet": ("not-satisfied", "fail"),
}
DESCRIPTION_RESOURCE = "AI-system description (the input of the gap analysis)"


def _single(value: Any) -> str:
    """A value as an OSCAL string: one line, no outer spaces."""
    return " ".join(str(value).split())


def _stamp(report: Mapping[str, Any]) -> str:
    """The analysis date as an OSCAL date-time (the report says which day it judged, not which second)."""
    return f"{report['as_of']}T00:00:00Z"


class _Ids:
    """Deterministic uuids for one report: the system id and the date scope every name."""

    def __init__(self, report: Mapping[str, Any]) -> None:
        self.scope = f"{report['system'].get('id') or report['system'].get('name')}@{report['as_of']}"

    def __call__(self, *parts: str) -> str:
        return oscal_uuid("|".join((self.scope, *parts)))


def _prop(name: str, value: Any, remarks: str = "") -> dict[str, str]:
    """An ai-crosswalk prop (``ns`` the ontology)."""
    prop = {"name": name, "ns": CW_NS, "value": _single(value)}
    if remarks:
        prop["remarks"] = remarks
    return prop


def _metadata(report: Mapping[str, Any], title: str) -> dict[str, Any]:
    system = report["system"]
    return {
        "title": f"{title}: {_single(system.get('name') or system.get('id'))}",
        "last-modified": _stamp(report),
        "version": str(report["as_of"]),
        "oscal-version": OSCAL_VERSION,
        "props": [_prop("as-of", report["as_of"])],
        "remarks": (
            "Written by ai-crosswalk (https://w3id.org/ai-crosswalk) from its gap analysis of the system's "
            "description on the date given. Control ids are those of each regime's OSCAL catalog "
            "(crosswalk export oscal-catalog --from <regime>)."
        ),
    }


def _back_matter(report: Mapping[str, Any], ids: _Ids) -> dict[str, Any]:
    """The system description and the regime catalogs the findings point into."""
    regimes = sorted({r["regime"] for r in report["requirements"]})
    resources: list[dict[str, Any]] = [
        {
            "uuid": ids("description"),
            "title": DESCRIPTION_RESOURCE,
            "props": [_prop("system-id", report["system"].get("id") or report["system"].get("name"))],
        }
    ]
    for key in regimes:
        resources.append(
            {
                "uuid": catalog_resource_uuid(key),
                "title": f"OSCAL catalog of the ai-crosswalk regime {key}",
                "rlinks": [{"href": catalog_file(key), "media-type": "application/json"}, {"href": ID + key}],
            }
        )
    return {"resources": resources}


def _evidence(requirement: Mapping[str, Any], item: Mapping[str, Any], ids: _Ids) -> dict[str, Any]:
    """One piece of evidence (a measure addressing the requirement, directly or through a crosswalk)."""
    measure = _single(item.get("measure") or "measure")
    props = [
        _prop("measure", measure),
        _prop("measure-status", item.get("measure_status") or "unknown"),
        _prop("credit", item.get("credit") or "none"),
    ]
    if item.get("addresses"):
        props.append(_prop("addresses", item["addresses"]))
    if item.get("relationship"):
        props.append(_prop("relationship", item["relationship"]))
    if item.get("confidence") is not None:
        props.append(_prop("confidence", item["confidence"]))
    if item.get("drift"):
        props.append(_prop("drift", "true", remarks=_single(item["drift"])))
    evidence_text = (
        _single(item.get("evidence") or "") or "The description names no evidence for this measure."
    )
    relevant: dict[str, Any] = {"description": evidence_text}
    if evidence_text.startswith(("http://", "https://")) and " " not in evidence_text:
        relevant["href"] = evidence_text
    how = _single(item.get("how") or "")
    description = f"Measure {measure} ({item.get('measure_status') or 'status not given'})"
    description += f" addresses {item['addresses']}" if item.get("addresses") else ""
    description += f"; credit through {how}." if how and how != item.get("addresses") else "."
    if item.get("drift"):
        description += f" The mapping this credit rests on has drifted: {_single(item['drift'])}."
    observation: dict[str, Any] = {
        "uuid": ids("observation", requirement["iri"], measure, str(item.get("mapping") or "")),
        "title": f"{measure} for {requirement['id']}",
        "description": description,
        "props": props,
        "methods": ["EXAMINE"],
        "types": ["control-objective"],
        "relevant-evidence": [relevant],
        "collected": "",
    }
    if item.get("mapping"):
        observation["links"] = [{"href": item["mapping"], "rel": "related"}]
    return observation


def _observations(report: Mapping[str, Any], ids: _Ids) -> dict[str, list[dict[str, Any]]]:
    """Observations by requirement IRI, dated the analysis day."""
    out: dict[str, list[dict[str, Any]]] = {}
    for requirement in report["requirements"]:
        items = [_evidence(requirement, e, ids) for e in requirement.get("evidence") or []]
        for item in items:
            item["collected"] = _stamp(report)
        out[requirement["iri"]] = items
    return out


def _requirement_props(requirement: Mapping[str, Any]) -> list[dict[str, str]]:
    props = [
        _prop("gap-status", requirement["status"]),
        _prop("regime", requirement["regime"]),
        _prop("label", requirement["notation"]),
        _prop("in-force", "true" if requirement.get("in_force") else "false"),
    ]
    if requirement.get("applies_from"):
        basis = requirement.get("applies_from_basis") or {}
        props.append(
            _prop("applies-from", requirement["applies_from"], remarks=_single(basis.get("basis") or ""))
        )
    return props


def _why(requirement: Mapping[str, Any]) -> str:
    rules = [_single(r.get("rule") or "") for r in requirement.get("applies_because") or []]
    text = f"{requirement['notation']} ({_single(requirement['label'])}) of {requirement['regime']}"
    return text + (f" applies because: {'; '.join(r for r in rules if r)}." if any(rules) else " applies.")


def assessment_results(report: Mapping[str, Any]) -> dict[str, Any]:
    """The gap report as an OSCAL assessment-results document (a JSON-ready dict)."""
    ids = _Ids(report)
    observations = _observations(report, ids)
    by_regime: dict[str, list[Mapping[str, Any]]] = {}
    for requirement in report["requirements"]:
        by_regime.setdefault(requirement["regime"], []).append(requirement)
    results = []
    for regime, requirements in sorted(by_regime.items()):
        findings, seen = [], []
        for r in _unique(requirements):
            state, reason = STATE[r["status"]]
            cid = control_id(r["iri"])
            finding: dict[str, Any] = {
                "uuid": ids("finding", r["iri"]),
                "title": f"{r['id']}: {r['status']}",
                "description": _why(r),
                "props": _requirement_props(r),
                "links": [{"href": r["iri"], "rel": "canonical"}],
                "target": {
                    "type": "statement-id",
                    "target-id": f"{cid}_smt",
                    "status": {"state": state, "reason": reason},
                },
            }
            related = observations.get(r["iri"]) or []
            if related:
                finding["related-observations"] = [{"observation-uuid": o["uuid"]} for o in related]
            findings.append(finding)
            seen += related
        summary = (report.get("summary") or {}).get(regime, {})
        counts = ", ".join(f"{summary[k]} {k}" for k in ("met", "partial", "unmet") if k in summary)
        result: dict[str, Any] = {
            "uuid": ids("result", regime),
            "title": f"Requirements of {regime}",
            "description": (
                f"The requirements of {regime} that apply to the system on {report['as_of']}"
                + (f" ({counts})" if counts else "")
                + ", each judged against the system's measures, directly or through a crosswalk."
            ),
            "start": _stamp(report),
            "end": _stamp(report),
            "props": [_prop("regime", regime)],
            "reviewed-controls": {
                "control-selections": [
                    {
                        "include-controls": [
                            {"control-id": control_id(r["iri"])} for r in _unique(requirements)
                        ]
                    }
                ]
            },
            "findings": findings,
        }
        if seen:
            result["observations"] = seen
        results.append(result)
    document: dict[str, Any] = {
        "uuid": ids("assessment-results"),
        "metadata": _metadata(report, "Gap analysis"),
        "import-ap": {"href": f"#{ids('description')}"},
        "results": results
        or [
            {
                "uuid": ids("result", "none"),
                "title": "No requirement applies",
                "description": f"No requirement of any regime applies to the system on {report['as_of']}.",
                "start": _stamp(report),
                "reviewed-controls": {"control-selections": [{"include-all": {}}]},
            }
        ],
        "back-matter": _back_matter(report, ids),
    }
    return {"assessment-results": document}


def _unique(requirements: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Requirements once each, in order (a provision may be listed under several rules)."""
    out, seen = [], set()
    for r in requirements:
        if r["iri"] not in seen:
            seen.add(r["iri"])
            out.append(r)
    return out


def poam(report: Mapping[str, Any]) -> dict[str, Any]:
    """What the gap report finds not met, as an OSCAL plan-of-action-and-milestones (a JSON-ready dict)."""
    ids = _Ids(report)
    observations = _observations(report, ids)
    items, kept = [], []
    for r in _unique(report["requirements"]):
        if r["status"] == "met":
            continue
        related = observations.get(r["iri"]) or []
        kept += related
        when = r.get("applies_from") or ""
        deadline = f" It applies from {when}." if when else ""
        if r["status"] == "partial":
            what = "Complete the measures that partly meet it."
        else:
            what = "No measure of the system meets it yet."
        item: dict[str, Any] = {
            "uuid": ids("poam-item", r["iri"]),
            "title": f"Meet {r['id']} ({_single(r['label'])})",
            "description": f"{_why(r)} {what}{deadline}",
            "props": _requirement_props(r),
            "links": [{"href": r["iri"], "rel": "canonical"}],
        }
        if related:
            item["related-observations"] = [{"observation-uuid": o["uuid"]} for o in related]
        items.append(item)
    document: dict[str, Any] = {
        "uuid": ids("poam"),
        "metadata": _metadata(report, "Plan of action for the gaps"),
        "system-id": {
            "identifier-type": "https://ietf.org/rfc/rfc3986",
            "id": _single(report["system"].get("id") or report["system"].get("name")),
        },
    }
    if kept:
        document["observations"] = kept
    document["poam-items"] = items or [
        {
            "uuid": ids("poam-item", "none"),
            "title": "Nothing to do",
            "description": f"Every requirement that applies on {report['as_of']} is met.",
        }
    ]
    document["back-matter"] = _back_matter(report, ids)
    return {"plan-of-action-and-milestones": document}


def write_assessment_results(report: Mapping[str, Any]) -> str:
    """The gap report as OSCAL assessment-results JSON text."""
    return json.dumps(assessment_results(report), indent=2, ensure_ascii=False) + "\n"


def write_poam(report: Mapping[str, Any]) -> str:
    """The unmet part of the gap report as OSCAL POA&M JSON text."""
    return json.dumps(poam(report), indent=2, ensure_ascii=False) + "\n"


OSCAL_REPORTS = {"oscal-ar": write_assessment_results, "oscal-poam": write_poam}
OSCAL_MEDIA_TYPE = "application/oscal+json"  # NIST's media type for OSCAL JSON (oscal_metadata_metaschema)
