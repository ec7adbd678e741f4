"""Validating descriptions against shapes/system.ttl: compiled SHACL Core checks, or pyshacl, and each
result mapped back to the JSON field the user wrote."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyoxigraph
import rdflib
from rdflib.namespace import RDF, SH

from app.analysis.description_graph import DescriptionGraph, Triple
from app.analysis.description_json import CW
from app.analysis.description_model import (
    InvalidDescriptionError,
    Issue,
    SystemDescription,
    field_of,
    read_system,
    refused,
    shown,
)
from app.analysis.shacl_core import (
    CompiledShapes,
    Data,
    Result,
    UnsupportedShapesError,
    compile_shapes,
)
from app.crosswalk.versions import iso_date
from app.graph.queries import SelectSource, load_query, run_select, term_text


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

    def issues(self, graph: DescriptionGraph) -> list[Issue]:
        """Run the shapes; return every result, mapped back to the JSON fields the user wrote."""
        return self._issues(graph, self._compiled_results if self.compiled else self._pyshacl_results)

    def pyshacl_issues(self, graph: DescriptionGraph) -> list[Issue]:
        """The same report computed by pyshacl over the same data graph."""
        return self._issues(graph, self._pyshacl_results)

    def _issues(
        self, graph: DescriptionGraph, engine: Callable[[DescriptionGraph], Iterable[Result]]
    ) -> list[Issue]:
        if not any(graph.subjects(RDF.type, CW.AISystem)):
            return [refused("body", "no AI system in the document (type it cw:AISystem)", "target")]
        found = [_issue(r, graph) for r in engine(graph)]
        reported = {i.value for i in found if i.field == "placed_on_market"}  # the shape's sh:pattern said so
        return sorted([*found, *(i for i in _date_issues(graph) if i.value not in reported)])

    def _compiled_results(self, graph: DescriptionGraph) -> list[Result]:
        assert self.compiled is not None
        return self.compiled.validate(Data(self._data(graph)))

    def _pyshacl_results(self, graph: DescriptionGraph) -> list[Result]:
        import pyshacl

        data = rdflib.Graph()
        for triple in self._data(graph):
            data.add(triple)
        _, report, _ = pyshacl.validate(data, shacl_graph=self.shapes, inference="none", inplace=True)
        assert isinstance(report, rdflib.Graph)
        return [_report_result(report, r) for r in report.subjects(RDF.type, SH.ValidationResult)]

    def _data(self, graph: DescriptionGraph) -> Iterator[Triple]:
        """The description plus the types of what it names: sh:class needs no more of the graph than that."""
        yield from graph
        for node in set(graph.objects()):
            for cls in self.types.get(node, ()):
                yield node, RDF.type, cls

    def check(self, graph: DescriptionGraph) -> SystemDescription:
        """Validate and read a description, or raise InvalidDescriptionError with the report."""
        found = self.issues(graph)
        if found:
            raise InvalidDescriptionError(found)
        return read_system(graph)


def _date_issues(graph: DescriptionGraph) -> list[Issue]:
    """Dates that are not on the calendar, read by the ``iso_date`` every ``as_of`` is read by: the shape's
    pattern lets 2026-02-30 through."""
    issues = []
    for system, value in graph.subject_objects(CW.placedOnMarket):
        try:
            iso_date(str(value))
        except ValueError:
            issues.append(
                Issue(
                    "placed_on_market",
                    shown(system),
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


def _issue(result: Result, graph: DescriptionGraph) -> Issue:
    return Issue(
        field=field_of(result.path, result.shape),
        focus_node=_focus(result.focus, graph),
        path="" if result.path is None else str(result.path),
        value=shown(result.value),
        constraint=str(result.component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent"),
        message=result.message,
        severity=str(result.severity).rsplit("#", 1)[-1],
    )


def _focus(node: rdflib.term.Node | None, graph: DescriptionGraph) -> str:
    """Name a focus node the user can find: a measure by its id, the system by its id."""
    measure_id = graph.value(node, CW.measureId) if node is not None else None
    if measure_id is not None:
        return f"measure {measure_id}"
    if isinstance(node, rdflib.BNode) and (node, RDF.type, CW.AISystem) in graph:
        return "the system (no id)"
    return shown(node)
