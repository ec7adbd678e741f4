"""AI-system descriptions: read JSON, JSON-LD or Turtle into RDF without fetching anything, and validate them.

The JSON form is JSON-LD under the published context (app/analysis/context.jsonld), so every accepted form
becomes the same RDF, and shapes/system.ttl decides what is valid. Nothing is read from the network: a remote
@context or @import is refused, not followed.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph
import rdflib
import rdflib.plugins.shared.jsonld.context as _jsonld_context
from rdflib.namespace import DCTERMS, RDF, SH

from app.analysis.description_json import Field, PlainForm, description_triples
from app.analysis.limits import SURROGATE, has_lone_surrogate, lone_surrogate
from app.analysis.shacl_core import (
    CompiledShapes,
    Data,
    Result,
    Triple,
    UnsupportedShapesError,
    compile_shapes,
)
from app.core.identifiers import short_id
from app.graph.queries import SelectSource, load_query, run_select, term_text

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
            graph.parse(
                data=body if isinstance(body, str | bytes) else json.dumps(body),
                format="turtle",
                publicID=RELATIVE_BASE,
            )
        except Exception as err:  # rdflib raises many parser exception types
            raise InvalidDescriptionError([_body_issue(f"not valid Turtle: {err}", "syntax")]) from err
        for triple in graph:
            if any(has_lone_surrogate(str(term)) for term in triple):
                field = _field(triple[1], None)
                field = "body" if not field or has_lone_surrogate(field) else field
                raise InvalidDescriptionError([Issue(field, "", "", "", "encoding", f"{field} {SURROGATE}")])
        return _checked_iris(graph)
    if kind not in JSON_TYPES:
        raise InvalidDescriptionError([_body_issue(f"unsupported media type {kind!r}", "media-type")])
    document = body if isinstance(body, dict) else _load_json(body)
    _screen(document)
    document = _with_local_context(_without_extensions(document))
    plain = plain_triples(document)
    if plain is not None:
        return _checked_iris(plain)
    graph = rdflib.Graph()
    try:
        graph.parse(data=json.dumps(document), format="json-ld", base=RELATIVE_BASE)
    except InvalidDescriptionError:
        raise
    except Exception as err:  # the JSON-LD processor raises many exception types
        raise InvalidDescriptionError([_body_issue(f"not valid JSON-LD: {err}", "syntax")]) from err
    return _checked_iris(graph)


def _checked_iris(graph: rdflib.Graph) -> rdflib.Graph:
    """Refuse IRIs no RDF store accepts (a code like '}.%' makes one), naming the field they came from."""
    issues = []
    for s, p, o in graph:
        for node, where in ((s, "id"), (p, "body"), (o, _field(p, None) or "body")):
            if isinstance(node, rdflib.URIRef):
                if str(node).startswith(RELATIVE_BASE):
                    relative = str(node).removeprefix(RELATIVE_BASE)
                    message = "a relative IRI: write an absolute IRI (urn:…, https://…) or a short id"
                    issues.append(Issue(where, _show(s), str(p), relative[:200], "relative-iri", message))
                    continue
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
    if (where := lone_surrogate(document)) is not None:
        raise InvalidDescriptionError([Issue(where, "", "", "", "encoding", f"{where} {SURROGATE}")])
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
    elif isinstance(given, list) and CONTEXT_URL in given:
        document["@context"] = [context()["@context"] if c == CONTEXT_URL else c for c in given]
    if _mentions_remote(document["@context"]):
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


# --- What a JSON description may hold (DESIGN: "The description contract is strict") ---
# Relative IRIs are resolved against this base, never the working directory, and then refused by field.
RELATIVE_BASE = "https://relative.invalid/"
# Short names given as a system's id are minted here (not under GRAPH_BASE: a system is never a graph).
SYSTEM_NAMESPACE = ID + "ai-system/"
SHORT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,199}")
ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")
EXTENSIONS = "extensions"
# Keywords that let one document speak about other nodes or load other documents: never accepted.
FOREIGN = ("@graph", "@included", "@reverse", "@import", "@nest")
VALUE_KEYWORDS = frozenset({"@id", "@type", "@value", "@language", "@direction", "@list", "@set", "@index"})


def system_iri(value: str) -> str:
    """A system id as the service names it: an absolute IRI as is, a short name minted under our base."""
    return SYSTEM_NAMESPACE + value if SHORT_NAME.fullmatch(value) else value


def _screen(document: dict[str, Any]) -> None:
    """Refuse, before any RDF processing, what a description may not do: load a document (a remote or
    ``file:`` context, ``@import``, a ``@context`` below the top), speak about other nodes (``@graph``,
    ``@included``, ``@reverse``), or hold a field the context does not define (a typo silently dropped)."""
    issues: list[Issue] = []
    given = document.get("@context")
    if given is not None and given != CONTEXT_URL:
        issues += _context_issues(given, "@context")
    issues += _nested_keyword_issues(document, "", top=True)
    issues += _id_issues(document)
    if not issues:
        ours = _ours_in_effect(given)
        own = _defined_terms(given)
        issues += _unknown_fields(document, plain_form().fields if ours else {}, own, "", top=True)
    if issues:
        raise InvalidDescriptionError(sorted(set(issues)))


def _ours_in_effect(given: Any) -> bool:
    """Whether the published context applies: none given, ours named or inline, alone or first in a list."""
    ours = context()["@context"]
    items = given if isinstance(given, list) else [given]
    return given is None or any(item in (CONTEXT_URL, ours) for item in items)


def _id_issues(document: dict[str, Any]) -> list[Issue]:
    """A system's id is an absolute IRI or a short name: anything else would be resolved or dropped."""
    found = []
    for key in sorted(plain_form().id_keys & document.keys()):
        value = document[key]
        if not isinstance(value, str) or not (SHORT_NAME.fullmatch(value) or ABSOLUTE_IRI.fullmatch(value)):
            message = "not an absolute IRI (urn:…, https://…) nor a short name (letters, digits, . _ ~ -)"
            found.append(Issue("id", "", "", str(value)[:200], "iri", message))
    return found


def _refused(where: str, message: str, constraint: str) -> Issue:
    return Issue(field=where, focus_node="", path="", value="", constraint=constraint, message=message)


def _context_issues(value: Any, where: str) -> list[Issue]:
    """A top-level context must be inline: no URL (http, file or any other), no ``@import``, at any depth."""
    if value == CONTEXT_URL and where != "@context":  # ours, in a list: used from the package
        return []
    if isinstance(value, str):
        return [
            _refused(
                where,
                "a remote @context or @import is not fetched: use the published context inline or none",
                "remote",
            )
        ]
    if isinstance(value, list):
        return [i for n, v in enumerate(value) for i in _context_issues(v, f"{where}[{n}]")]
    if isinstance(value, dict):
        found = []
        if "@import" in value:
            found += _context_issues(str(value["@import"]), f"{where}.@import")
        for key, definition in value.items():
            if isinstance(definition, dict) and "@context" in definition:
                found += _context_issues(definition["@context"], f"{where}.{key}.@context")
        return found
    return []


def _nested_keyword_issues(value: Any, where: str, top: bool = False) -> list[Issue]:
    """``@context`` below the top level, and keywords that describe other nodes, anywhere in the document."""
    found: list[Issue] = []
    if isinstance(value, list):
        for n, item in enumerate(value):
            found += _nested_keyword_issues(item, f"{where}[{n}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            here = f"{where}.{key}" if where else key
            if key == "@context" and not top:
                remote = _context_issues(item, here)
                found += remote or [
                    _refused(
                        here, "a @context is accepted only at the top of a description", "nested-context"
                    )
                ]
            elif key in FOREIGN:
                found.append(
                    _refused(here, f"{key} is not accepted: a description describes one system", "keyword")
                )
            elif key != "@context" and not (top and key == EXTENSIONS):
                found += _nested_keyword_issues(item, here)
    return found


def _defined_terms(context_value: Any) -> set[str]:
    """The terms a document's own inline context defines (they are its fields as much as ours are)."""
    if isinstance(context_value, list):
        return {t for v in context_value for t in _defined_terms(v)}
    if isinstance(context_value, dict):
        return {k for k in context_value if not k.startswith("@")}
    return set()


def _unknown_fields(
    node: dict[str, Any], fields: Mapping[str, Field], own: set[str], where: str, top: bool = False
) -> list[Issue]:
    """Each key the published context (or the document's own context) does not define, with the closest."""
    found: list[Issue] = []
    form = plain_form()
    for key, value in node.items():
        here = f"{where}.{key}" if where else key
        term = fields.get(key)
        if term is not None:
            if term.kind == "nested":
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, dict):
                        found += _unknown_fields(item, term.fields, own, key)
            else:
                found += _value_object_issues(value, here)
        elif key in form.node_keys or key in own or (":" in key and not key.startswith("@")):
            continue  # the node's id, type or context; a term of its own context; a full or compact IRI
        elif top and key == EXTENSIONS:
            if not isinstance(value, dict):
                found.append(_refused(here, "extensions is an object of the caller's own fields", "type"))
        else:
            known = sorted({*fields, *form.node_keys, *([EXTENSIONS] if top else [])} - {"@context"})
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else f"; known fields: {', '.join(known)}"
            found.append(
                Issue(
                    field=here,
                    focus_node="",
                    path="",
                    value=key[:200],
                    constraint="unknown-field",
                    message=f"unknown field {key[:200]!r}{hint} (put extensions under 'extensions', "
                    "or name them by full IRI)",
                )
            )
    return found


def _value_object_issues(value: Any, where: str) -> list[Issue]:
    """Values of a code, reference or text field: strings, or JSON-LD value/node objects of keywords only."""
    found = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            for key in item:
                if key not in VALUE_KEYWORDS:
                    found.append(_refused(f"{where}.{key}", f"{key!r} is not accepted in a value", "keyword"))
    return found


def _refuse_fetch(*_: Any, **__: Any) -> Any:
    """rdflib's JSON-LD document loader, replaced: no context is ever fetched, from the network or a file."""
    raise InvalidDescriptionError(
        [
            _refused(
                "@context", "a remote @context or @import is not fetched: use the published context", "remote"
            )
        ]
    )


# The one loader of every JSON-LD path in this process (descriptions are screened first: a backstop).
setattr(_jsonld_context, "source_to_json", _refuse_fetch)  # noqa: B010 - a module's global, by name


def _without_extensions(document: dict[str, Any]) -> dict[str, Any]:
    """The description without its ``extensions`` object (the caller's, not ours to read), its id minted."""
    document = {k: v for k, v in document.items() if k != EXTENSIONS}
    for key in plain_form().id_keys:
        value = document.get(key)
        if isinstance(value, str):
            document[key] = system_iri(value)
    return document


class Validator:
    """Validates descriptions with shapes/system.ttl against the graph's vocabularies and provisions.

    The shapes run compiled (app.analysis.shacl_core) when they use only what it compiles, else through
    pyshacl;
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
        return sorted([*(_issue(r, graph) for r in engine(graph)), *_date_issues(graph)])

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


def _date_issues(graph: rdflib.Graph) -> list[Issue]:
    """Dates the shape's pattern lets through but the calendar does not have (2026-02-30)."""
    issues = []
    for system, value in graph.subject_objects(CW.placedOnMarket):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
            continue  # the shape's sh:pattern already says so
        try:
            date.fromisoformat(str(value))
        except ValueError:
            issues.append(
                Issue(
                    "placed_on_market",
                    _show(system),
                    str(CW.placedOnMarket),
                    str(value),
                    "datatype",
                    "placed_on_market must be a calendar date written YYYY-MM-DD.",
                )
            )
    return issues


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
