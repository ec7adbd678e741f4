"""The graph's own quality gate: SHACL, the SPARQL quality checks, OWL consistency and the counts table."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph

from app.graph.loading import graph_files, load_rdflib_graph, load_store, shapes_file
from app.graph.queries import Row, load_query, query_names, query_path, query_title, select, term_text
from app.qa.completeness import Agreement, Coverage, agreement, completeness
from app.qa.consistency import ReasonerResult, check_consistency

if TYPE_CHECKING:
    import rdflib

FOCUS_VARS = ("focus", "focusNode", "entity", "item", "subject", "s", "resource")
PATH_VARS = ("path", "property", "predicate", "p")
MESSAGE_VARS = ("message", "msg", "reason")


@dataclass(frozen=True)
class Violation:
    """One thing wrong with the graph: where (focus node, path) and what (message)."""

    focus: str
    path: str
    message: str
    severity: str = "Violation"


@dataclass
class CheckResult:
    """The outcome of one named check; it fails when any result has severity Violation."""

    name: str
    source: str
    violations: list[Violation] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Warnings and infos are shown but do not fail the build."""
        return any(v.severity == "Violation" for v in self.violations)


@dataclass(frozen=True)
class CountRow:
    """How many provisions a regime has at one level of its hierarchy."""

    regime: str
    regime_label: str
    level: str
    n: int


@dataclass(frozen=True)
class MappingCount:
    """Mappings between one pair of regimes: asserted (of which the project's own) and derived."""

    regimes: tuple[str, str]
    asserted: int
    own: int
    derived: int


@dataclass(frozen=True)
class VersionRow:
    """One version of a regime and how many dates of application it states, read or inferred."""

    regime: str
    version: str
    label: str
    in_force_from: str
    read_dates: int
    inferred_dates: int


@dataclass(frozen=True)
class DriftRow:
    """A mapping made against one version whose provision a later version reworded, inserted or removed."""

    mapping: str
    item: str
    made_against: str
    changed_in: str
    change: str


@dataclass
class CheckReport:
    """Everything ``crosswalk check`` found, in a form both the text and the JSON output read."""

    root: str
    files: int
    triples: int
    counts: list[CountRow]
    checks: list[CheckResult]
    reasoner: ReasonerResult
    mappings: list[MappingCount] = field(default_factory=list)
    completeness: list[Coverage] = field(default_factory=list)
    agreement: list[Agreement] = field(default_factory=list)
    versions: list[VersionRow] = field(default_factory=list)
    drift: list[DriftRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no check and not the reasoner found a violation and every crosswalk is complete."""
        incomplete = any(c.covered < c.items for c in self.completeness)
        return not self.reasoner.failed and not any(c.failed for c in self.checks) and not incomplete

    def to_dict(self) -> dict[str, Any]:
        """Give the JSON output one stable shape, including the derived verdicts."""
        data = asdict(self)
        data["ok"] = self.ok
        for check, raw in zip(self.checks, data["checks"], strict=True):
            raw["failed"] = check.failed
        data["reasoner"]["failed"] = self.reasoner.failed
        for cell, raw in zip(self.completeness, data["completeness"], strict=True):
            raw["percent"] = round(cell.percent, 1)
        for found, raw in zip(self.agreement, data["agreement"], strict=True):
            raw["verdicts"] = dict(
                found.verdicts
            )  # asdict turns a Counter into a Counter of (key, count) pairs
        return data


def run_checks(root: Path, *, reasoner: bool = True) -> CheckReport:
    """Load the whole graph once and run every check over it."""
    from app.graph.derive import materialise

    files = graph_files(root)
    store = load_store(root, files)
    materialise(store, root)
    graph = load_rdflib_graph(root, files)
    checks = [shacl_check(root, graph)]
    checks += [sparql_check(store, root, name) for name in query_names(root, "qc")]
    consistency = check_consistency(graph) if reasoner else ReasonerResult("skipped", 0.0, "--no-reasoner")
    return CheckReport(
        root=str(root),
        files=len(files),
        triples=len(store),
        counts=counts(store, root),
        checks=checks,
        reasoner=consistency,
        mappings=mapping_counts(store, root) if query_exists(root, "mapping-counts") else [],
        completeness=completeness(store, root) if query_exists(root, "completeness") else [],
        agreement=agreement(store, root) if query_exists(root, "published-agreement") else [],
        versions=versions(store, root) if query_exists(root, "version-dates") else [],
        drift=drift(store, root) if query_exists(root, "mapping-drift") else [],
    )


def query_exists(root: Path, name: str) -> bool:
    """A resource root without a crosswalk query (a bare fixture graph) has nothing of that kind to check."""
    return (root / "queries" / f"{name}.rq").is_file()


def _rows(store: pyoxigraph.Store, root: Path, name: str) -> list[Row]:
    """The rows of one named query."""
    return select(store, load_query(name, root))[1]


def _count(row: Row, name: str) -> int:
    """A count column, 0 where the query left it unbound."""
    return int(term_text(row.get(name)) or 0)


def _text(row: Row, name: str) -> str:
    """A text column, empty where the query left it unbound."""
    return term_text(row.get(name))


def mapping_counts(store: pyoxigraph.Store, root: Path) -> list[MappingCount]:
    """Run queries/mapping-counts.rq: asserted and derived mappings per pair of regimes."""
    return [
        MappingCount(
            (_text(r, "fromKey"), _text(r, "toKey")),
            _count(r, "asserted"),
            _count(r, "own"),
            _count(r, "derived"),
        )
        for r in _rows(store, root, "mapping-counts")
    ]


def versions(store: pyoxigraph.Store, root: Path) -> list[VersionRow]:
    """Run queries/version-dates.rq: every regime's versions, with its dates read and inferred."""
    return [
        VersionRow(
            regime=_text(r, "regimeKey"),
            version=_text(r, "version"),
            label=_text(r, "label"),
            in_force_from=_text(r, "inForceFrom"),
            read_dates=_count(r, "readDates"),
            inferred_dates=_count(r, "inferredDates"),
        )
        for r in _rows(store, root, "version-dates")
    ]


def drift(store: pyoxigraph.Store, root: Path) -> list[DriftRow]:
    """Run queries/mapping-drift.rq: mappings a later version of either side may have overtaken."""
    return [
        DriftRow(*(_text(r, name) for name in ("mapping", "item", "madeAgainst", "changedIn", "change")))
        for r in _rows(store, root, "mapping-drift")
    ]


def counts(store: pyoxigraph.Store, root: Path) -> list[CountRow]:
    """Run queries/counts.rq: provisions per regime and level, the first sanity check a reader makes."""
    return [
        CountRow(_text(r, "regime"), _text(r, "regimeLabel"), _text(r, "level"), _count(r, "n"))
        for r in _rows(store, root, "counts")
    ]


def sparql_check(store: pyoxigraph.Store, root: Path, name: str) -> CheckResult:
    """Run one quality-check SELECT; each row it returns is a violation."""
    text = load_query(name, root)
    variables, rows = select(store, text)
    source = query_path(root, name).relative_to(root).as_posix()
    return CheckResult(query_title(text) or name, source, [_row_violation(variables, row) for row in rows])


def _row_violation(variables: list[str], row: Row) -> Violation:
    """Read focus, path and message from conventionally named columns, the rest becoming the message."""
    focus_var = next((v for v in FOCUS_VARS if v in variables), variables[0] if variables else "")
    path_var = next((v for v in PATH_VARS if v in variables), "")
    message_var = next((v for v in MESSAGE_VARS if v in variables), "")
    rest = [
        f"{v}={term_text(row[v])}"
        for v in variables
        if v not in (focus_var, path_var, message_var) and v in row
    ]
    message = " ".join(filter(None, [term_text(row.get(message_var)) if message_var else "", *rest]))
    return Violation(
        focus=term_text(row.get(focus_var)),
        path=term_text(row.get(path_var)) if path_var else "",
        message=message,
    )


def shacl_check(root: Path, graph: rdflib.Graph) -> CheckResult:
    """Validate the merged ontology + data graph against shapes/kg.ttl with pyshacl (no inference)."""
    import rdflib
    from pyshacl import validate

    shapes_path = shapes_file(root)
    source = shapes_path.relative_to(root).as_posix()
    if not shapes_path.is_file():
        return CheckResult("SHACL shapes", source, [Violation(source, "", "shapes file is missing")])
    shapes = rdflib.Graph().parse(shapes_path, format="turtle")
    _conforms, results, _text = validate(
        graph, shacl_graph=shapes, inference="none", advanced=True, abort_on_first=False
    )
    return CheckResult(f"SHACL shapes ({source})", source, _shacl_violations(results))


def _shacl_violations(results: rdflib.Graph) -> list[Violation]:
    """Turn pyshacl's sh:ValidationResult nodes into violations, sorted for a stable report."""
    from rdflib.namespace import RDF, SH

    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        found.append(
            Violation(
                focus=_node_text(results.value(result, SH.focusNode)),
                path=_node_text(results.value(result, SH.resultPath)),
                message=_node_text(results.value(result, SH.resultMessage)),
                severity=_node_text(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            )
        )
    return sorted(found, key=lambda v: (v.severity != "Violation", v.focus, v.path, v.message))


def _node_text(node: object) -> str:
    """Show an rdflib node (or nothing) as plain text."""
    return "" if node is None else str(node)
