"""What a description is: its fields, the codes read out of it, the published context, and the Issue every
refusal or validation result is reported as.

The lowest of the description modules: app.analysis.description_screen (what a JSON description may not do),
app.analysis.descriptions (reading any form into RDF) and app.analysis.validation (the shapes) build on it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import rdflib
from rdflib.namespace import DCTERMS, RDF

from app.analysis.description_graph import DescriptionGraph
from app.analysis.description_json import CW, PlainForm
from app.core.identifiers import ID, SITE, short_id

CONTEXT_FILE = Path(__file__).resolve().parent / "context.jsonld"
JSON_TYPES = ("application/json", "application/ld+json")
TURTLE_TYPES = ("text/turtle", "application/x-turtle")

# RDF property -> the JSON field it comes from, so a report names what the user wrote.
FIELDS = {
    DCTERMS.title: "name",
    CW.hasPurpose: "purposes",
    CW.hasRole: "roles",
    CW.market: "markets",
    CW.hasSector: "sectors",
    CW.hasCapability: "capabilities",
    CW.lifecycleStage: "lifecycle_stage",
    CW.entityType: "entity_type",
    CW.conformityAssessment: "conformity_assessment",
    CW.licenceType: "licence",
    CW.circumstance: "circumstances",
    CW.placedOnMarket: "placed_on_market",
    CW.hasMeasure: "measures",
    CW.measureId: "measures.id",
    CW.addresses: "measures.addresses",
    CW.measureStatus: "measures.status",
    CW.evidence: "measures.evidence",
}
STATUS = {CW.Implemented: "implemented", CW.Partial: "partial", CW.Planned: "planned"}
SHAPES = rdflib.Namespace(SITE + "/shapes/system#")
# Node-level shapes have no path: the field they are about.
SHAPE_FIELDS = {SHAPES.AISystemIdShape: "id", SHAPES.AISystemPurposeShape: "purposes"}
# Short names given as a system's id are minted here (not under GRAPH_BASE: a system is never a graph).
SYSTEM_NAMESPACE = ID + "ai-system/"
SHORT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,199}")


@dataclass(frozen=True, order=True)
class Issue:
    """One thing wrong with a description: which field, on which node, which rule, and why."""

    field: str
    focus_node: str
    path: str
    value: str
    constraint: str
    message: str
    severity: str = "Violation"


class InvalidDescriptionError(Exception):
    """A description that cannot be analysed; carries every issue found."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("; ".join(f"{i.field}: {i.message}" for i in issues))
        self.issues = issues


@dataclass(frozen=True)
class Measure:
    """Something the organisation has done or plans, and the provisions it addresses."""

    id: str
    addresses: tuple[str, ...]
    status: str
    evidence: str = ""


@dataclass(frozen=True)
class SystemDescription:
    """The codes a description holds, as the rules read them (vocabulary codes, provision IRIs)."""

    id: str
    name: str = ""
    purposes: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    markets: frozenset[str] = frozenset()
    sectors: frozenset[str] = frozenset()
    capabilities: frozenset[str] = frozenset()
    lifecycle_stage: str = ""
    measures: tuple[Measure, ...] = field(default_factory=tuple)
    entity_types: frozenset[str] = frozenset()
    conformity: frozenset[str] = frozenset()
    licences: frozenset[str] = frozenset()
    circumstances: frozenset[str] = frozenset()
    placed_on_market: date | None = None


@cache
def context() -> dict[str, Any]:
    """The published JSON-LD context, read once from the package."""
    loaded: dict[str, Any] = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    return loaded


@cache
def plain_form() -> PlainForm:
    """What a plain description may hold, read once from the published context."""
    return PlainForm.of(context()["@context"])


def system_iri(value: str) -> str:
    """A system id as the service names it: an absolute IRI as is, a short name minted under our base."""
    return SYSTEM_NAMESPACE + value if SHORT_NAME.fullmatch(value) else value


def refused(where: str, message: str, constraint: str) -> Issue:
    """An issue with the document itself (no node, path or value): ``where`` names the field, or ``body``."""
    return Issue(field=where, focus_node="", path="", value="", constraint=constraint, message=message)


def field_of(path: rdflib.term.Node | None, shape: rdflib.term.Node | None) -> str:
    """The JSON field a result is about: from its path, or from the node shape for node-level rules."""
    if isinstance(path, rdflib.URIRef):
        return FIELDS.get(path, str(path))
    if isinstance(shape, rdflib.URIRef):
        return SHAPE_FIELDS.get(shape, "")
    return ""


def shown(node: rdflib.term.Node | None) -> str:
    """A node as the user wrote it: a vocabulary code or short id where it is one of ours."""
    if node is None:
        return ""
    if isinstance(node, rdflib.BNode):
        return f"_:{node}"
    text = str(node)
    if text.startswith(ID + "vocab/"):
        return text.rsplit("/", 1)[-1]
    return short_id(text)


def read_system(graph: DescriptionGraph | rdflib.Graph) -> SystemDescription:
    """Read a validated description's codes out of its RDF."""
    system = next(iter(graph.subjects(RDF.type, CW.AISystem)))

    def codes(prop: rdflib.URIRef) -> frozenset[str]:
        return frozenset(str(o).rsplit("/", 1)[-1] for o in graph.objects(system, prop))

    measures = []
    for n, m in enumerate(graph.objects(system, CW.hasMeasure), start=1):
        status = graph.value(m, CW.measureStatus)
        measures.append(
            Measure(
                id=str(graph.value(m, CW.measureId) or f"measure-{n}"),
                addresses=tuple(sorted(str(a) for a in graph.objects(m, CW.addresses))),
                status=STATUS.get(status, "") if isinstance(status, rdflib.URIRef) else "",
                evidence=str(graph.value(m, CW.evidence) or ""),
            )
        )
    stage = graph.value(system, CW.lifecycleStage)
    placed = graph.value(system, CW.placedOnMarket)
    return SystemDescription(
        id=str(system),
        name=str(graph.value(system, DCTERMS.title) or ""),
        purposes=codes(CW.hasPurpose),
        roles=codes(CW.hasRole),
        markets=codes(CW.market),
        sectors=codes(CW.hasSector),
        capabilities=codes(CW.hasCapability),
        lifecycle_stage=str(stage).rsplit("/", 1)[-1] if stage else "",
        measures=tuple(sorted(measures, key=lambda m: m.id)),
        entity_types=codes(CW.entityType),
        conformity=codes(CW.conformityAssessment),
        licences=codes(CW.licenceType),
        circumstances=codes(CW.circumstance),
        placed_on_market=date.fromisoformat(str(placed)) if placed is not None else None,
    )
