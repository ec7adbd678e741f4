"""AI-system descriptions: read JSON, JSON-LD or Turtle into RDF without fetching anything, and validate them.

The JSON form is JSON-LD under the published context (app/context.jsonld), so every accepted form becomes the
same RDF, and shapes/system.ttl decides what is valid. Nothing is read from the network: a remote @context or
@import is refused, not followed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph
import rdflib
from rdflib.namespace import DCTERMS, RDF, SH

from app.description_json import PlainForm, description_triples
from app.identifiers import short_id
from app.queries import SelectSource, load_query, run_select, term_text
from app.shacl_core import CompiledShapes, Data, Result, Triple, UnsupportedShapesError, compile_shapes

CW = rdflib.Namespace("https://w3id.org/ai-crosswalk/ontology#")
ID = "https://w3id.org/ai-crosswalk/id/"
CONTEXT_URL = "https://w3id.org/ai-crosswalk/context.jsonld"
CONTEXT_FILE = Path(__file__).resolve().parent / "context.jsonld"
JSON_TYPES = ("application/json", "application/ld+json")
TURTLE_TYPES = ("text/turtle", "application/x-turtle")
MAX_DEPTH = 20

# RDF property -> the JSON field it comes from, so a report names what the user wrote.
FIELDS = {
    DCTERMS.title: "name",
    CW.hasPurpose: "purposes",
    CW.hasRole: "roles",
    CW.market: "markets",
    CW.hasSector: "sectors",
    CW.hasCapability: "capabilities",
    CW.lifecycleStage: "lifecycle_stage",
    CW.hasMeasure: "measures",
    CW.measureId: "measures.id",
    CW.addresses: "measures.addresses",
    CW.measureStatus: "measures.status",
    CW.evidence: "measures.evidence",
}
STATUS = {CW.Implemented: "implemented", CW.Partial: "partial", CW.Planned: "planned"}
SHAPES = rdflib.Namespace("https://w3id.org/ai-crosswalk/shapes/system#")
# Node-level shapes have no path: the field they are about.
SHAPE_FIELDS = {SHAPES.AISystemIdShape: "id", SHAPES.AISystemPurposeShape: "purposes"}


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


@cache
def context() -> dict[str, Any]:
    """The published JSON-LD context, read once from the package."""
    loaded: dict[str, Any] = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    return loaded


@cache
def plain_form() -> PlainForm:
    """What a plain description may hold, read once from the published context."""
    return PlainForm.of(context()["@context"])


def plain_triples(document: dict[str, Any]) -> rdflib.Graph | None:
    """A description under the published context, read directly; None when it needs the JSON-LD processor."""
    if document.get("@context") is not context()["@context"]:
        return None
    return description_triples(document, plain_form())


def parse_description(
    body: bytes | str | dict[str, Any], media_type: str = "application/json"
) -> rdflib.Graph:
    """Turn a description in any accepted form into RDF, or raise InvalidDescriptionError saying why not."""
    kind = media_type.split(";")[0].strip().lower()
    if kind in TURTLE_TYPES:
        graph = rdflib.Graph()
        try:
            graph.parse(data=body if isinstance(body, str | bytes) else json.dumps(body), format="turtle")
        except Exception as err:  # rdflib raises many parser exception types
            raise InvalidDescriptionError([_body_issue(f"not valid Turtle: {err}", "syntax")]) from err
        return _checked_iris(graph)
    if kind not in JSON_TYPES:
        raise InvalidDescriptionError([_body_issue(f"unsupported media type {kind!r}", "media-type")])
    document = body if isinstance(body, dict) else _load_json(body)
    document = _with_local_context(document)
    plain = plain_triples(document)
    if plain is not None:
        return _checked_iris(plain)
    graph = rdflib.Graph()
    try:
        graph.parse(data=json.dumps(document), format="json-ld")
    except Exception as err:  # the JSON-LD processor raises many exception types
        raise InvalidDescriptionError([_body_issue(f"not valid JSON-LD: {err}", "syntax")]) from err
    return _checked_iris(graph)


def _checked_iris(graph: rdflib.Graph) -> rdflib.Graph:
    """Refuse IRIs no RDF store accepts (a code like '}.%' makes one), naming the field they came from."""
    issues = []
    for s, p, o in graph:
        for node, where in ((s, "id"), (p, "body"), (o, _field(p, None) or "body")):
            if isinstance(node, rdflib.URIRef):
                try:
                    pyoxigraph.NamedNode(str(node))
                except ValueError:
                    field = where
                    issues.append(Issue(field, _show(s), str(p), str(node), "iri", "not a valid code or IRI"))
    if issues:
        raise InvalidDescriptionError(sorted(set(issues)))
    return graph


def _load_json(body: bytes | str) -> dict[str, Any]:
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as err:
        raise InvalidDescriptionError([_body_issue(f"not valid JSON: {err}", "syntax")]) from err
    if not isinstance(document, dict):
        raise InvalidDescriptionError([_body_issue("a description is a JSON object", "type")])
    if _depth(document) > MAX_DEPTH:
        raise InvalidDescriptionError([_body_issue(f"nested deeper than {MAX_DEPTH} levels", "depth")])
    return document


def _depth(value: dict[str, Any] | list[Any], level: int = 0) -> int:
    """How deeply a JSON value nests, stopping early once past the limit (only containers are visited)."""
    if level > MAX_DEPTH:
        return level
    children = value.values() if isinstance(value, dict) else value
    return max((_depth(v, level + 1) for v in children if isinstance(v, dict | list)), default=level + 1)


def _with_local_context(document: dict[str, Any]) -> dict[str, Any]:
    """Use the packaged context for ours or none; refuse any context that would be fetched."""
    document = dict(document)
    given = document.get("@context")
    if given is None or given == CONTEXT_URL:
        document["@context"] = context()["@context"]
    elif _mentions_remote(given):
        raise InvalidDescriptionError(
            [
                _body_issue(
                    "a remote @context or @import is not fetched: use the published context inline", "remote"
                )
            ]
        )
    if "@type" not in document and "type" not in document:
        document["@type"] = str(CW.AISystem)
    return document


def _mentions_remote(value: Any) -> bool:
    """True if a context (or anything inside it) names a document to load."""
    if isinstance(value, str):
        return True
    if isinstance(value, list):
        return any(_mentions_remote(v) for v in value)
    if isinstance(value, dict):
        return "@import" in value or any(
            isinstance(v, dict) and "@context" in v and _mentions_remote(v["@context"])
            for v in value.values()
        )
    return False


def _body_issue(message: str, constraint: str) -> Issue:
    return Issue(field="body", focus_node="", path="", value="", constraint=constraint, message=message)


class Validator:
    """Validates descriptions with shapes/system.ttl against the graph's vocabularies and provisions.

    The shapes run compiled (app.shacl_core) when they use only what it compiles, else through pyshacl;
    ``pyshacl_issues`` always runs pyshacl, the reference the compiled checks are tested against.
    """

    def __init__(self, root: Path, store: pyoxigraph.Store | SelectSource) -> None:
        self.shapes = rdflib.Graph().parse(root / "shapes" / "system.ttl", format="turtle")
        self.types: dict[rdflib.term.Node, list[rdflib.URIRef]] = {}
        _, rows = run_select(store, load_query("validation-support", root))
        for row in rows:
            term = rdflib.URIRef(term_text(row["term"]))
            self.types.setdefault(term, []).append(rdflib.URIRef(term_text(row["class"])))
        self.compiled: CompiledShapes | None
        try:
            self.compiled = compile_shapes(self.shapes)
        except UnsupportedShapesError:
            self.compiled = None

    def issues(self, graph: rdflib.Graph) -> list[Issue]:
        """Run the shapes; return every result, mapped back to the JSON fields the user wrote."""
        return self._issues(graph, self._compiled_results if self.compiled else self._pyshacl_results)

    def pyshacl_issues(self, graph: rdflib.Graph) -> list[Issue]:
        """The same report computed by pyshacl over the same data graph."""
        return self._issues(graph, self._pyshacl_results)

    def _issues(self, graph: rdflib.Graph, engine: Callable[[rdflib.Graph], Iterable[Result]]) -> list[Issue]:
        if not any(graph.subjects(RDF.type, CW.AISystem)):
            return [_body_issue("no AI system in the document (type it cw:AISystem)", "target")]
        return sorted(_issue(r, graph) for r in engine(graph))

    def _compiled_results(self, graph: rdflib.Graph) -> list[Result]:
        assert self.compiled is not None
        return self.compiled.validate(Data(self._data(graph)))

    def _pyshacl_results(self, graph: rdflib.Graph) -> list[Result]:
        import pyshacl

        data = rdflib.Graph()
        for triple in self._data(graph):
            data.add(triple)
        _, report, _ = pyshacl.validate(data, shacl_graph=self.shapes, inference="none", inplace=True)
        assert isinstance(report, rdflib.Graph)
        return [_report_result(report, r) for r in report.subjects(RDF.type, SH.ValidationResult)]

    def _data(self, graph: rdflib.Graph) -> Iterator[Triple]:
        """The description plus the types of what it names: sh:class needs no more of the graph than that."""
        yield from graph
        for node in set(graph.objects()):
            for cls in self.types.get(node, ()):
                yield node, RDF.type, cls

    def check(self, graph: rdflib.Graph) -> SystemDescription:
        """Validate and read a description, or raise InvalidDescriptionError with the report."""
        found = self.issues(graph)
        if found:
            raise InvalidDescriptionError(found)
        return read_system(graph)


def _report_result(report: rdflib.Graph, result: rdflib.term.Node) -> Result:
    """One sh:ValidationResult of a pyshacl report, as the compiled checks give theirs."""
    focus, shape = report.value(result, SH.focusNode), report.value(result, SH.sourceShape)
    component = report.value(result, SH.sourceConstraintComponent)
    severity = report.value(result, SH.resultSeverity)
    assert focus is not None and shape is not None  # every SHACL result has both
    return Result(
        focus=focus,
        path=report.value(result, SH.resultPath),
        value=report.value(result, SH.value),
        shape=shape,
        component=component if isinstance(component, rdflib.URIRef) else SH.ConstraintComponent,
        message=str(report.value(result, SH.resultMessage) or ""),
        severity=severity if isinstance(severity, rdflib.URIRef) else SH.Violation,
    )


def _issue(result: Result, graph: rdflib.Graph) -> Issue:
    return Issue(
        field=_field(result.path, result.shape),
        focus_node=_focus(result.focus, graph),
        path="" if result.path is None else str(result.path),
        value=_show(result.value),
        constraint=str(result.component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent"),
        message=result.message,
        severity=str(result.severity).rsplit("#", 1)[-1],
    )


def _field(path: rdflib.term.Node | None, shape: rdflib.term.Node | None) -> str:
    """The JSON field a result is about: from its path, or from the node shape for node-level rules."""
    if isinstance(path, rdflib.URIRef):
        return FIELDS.get(path, str(path))
    if isinstance(shape, rdflib.URIRef):
        return SHAPE_FIELDS.get(shape, "")
    return ""


def _focus(node: rdflib.term.Node | None, graph: rdflib.Graph) -> str:
    """Name a focus node the user can find: a measure by its id, the system by its id."""
    measure_id = graph.value(node, CW.measureId) if node is not None else None
    if measure_id is not None:
        return f"measure {measure_id}"
    if isinstance(node, rdflib.BNode) and (node, RDF.type, CW.AISystem) in graph:
        return "the system (no id)"
    return _show(node)


def _show(node: rdflib.term.Node | None) -> str:
    """A node as the user wrote it: a vocabulary code or short id where it is one of ours."""
    if node is None:
        return ""
    if isinstance(node, rdflib.BNode):
        return f"_:{node}"
    text = str(node)
    if text.startswith(ID + "vocab/"):
        return text.rsplit("/", 1)[-1]
    return short_id(text)


def read_system(graph: rdflib.Graph) -> SystemDescription:
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
    )
