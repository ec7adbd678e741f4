"""Compiled SHACL Core checks for the description shapes: the same results as pyshacl, without its cost.

pyshacl re-walks the shapes graph and rdflib's store for every description (about 3 ms each, most of a gap
analysis). The description shapes use a handful of SHACL Core features (class, objects-of, subjects-of and
node targets; property shapes on predicate paths; sh:nodeKind, sh:class, sh:datatype, sh:in, sh:minCount,
sh:maxCount and sh:or), so `compile_shapes` turns them once into plain Python checks over a small index of
the description. A shapes graph using anything else raises UnsupportedShapesError, and the caller keeps
pyshacl. pyshacl stays the reference: the tests run both on every example, every invalid fixture and
generated descriptions and require the same results.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

from app.analysis.description_graph import DescriptionGraph, Node

# What a shape may say and still be compiled: constraints we check, targets we find, and text we copy.
CONSTRAINTS = {
    SH.nodeKind, SH["class"], SH.datatype, SH["in"], SH.minCount, SH.maxCount, SH["or"], SH.pattern,
}  # fmt: skip
TARGETS = {SH.targetClass, SH.targetObjectsOf, SH.targetSubjectsOf, SH.targetNode}
DESCRIPTIVE = {RDF.type, SH.property, SH.path, SH.message, SH.severity, SH.name, SH.description, SH.order}
DESCRIPTIVE |= {SH.group, RDFS.label, RDFS.comment}
NODE_KINDS: dict[Node, Callable[[Node], bool]] = {
    SH.IRI: lambda n: isinstance(n, rdflib.URIRef),
    SH.BlankNode: lambda n: isinstance(n, rdflib.BNode),
    SH.Literal: lambda n: isinstance(n, rdflib.Literal),
    SH.BlankNodeOrIRI: lambda n: isinstance(n, rdflib.URIRef | rdflib.BNode),
    SH.BlankNodeOrLiteral: lambda n: isinstance(n, rdflib.BNode | rdflib.Literal),
    SH.IRIOrLiteral: lambda n: isinstance(n, rdflib.URIRef | rdflib.Literal),
}
# Only these datatypes are checked exactly as pyshacl checks them (same IRI; a plain string is xsd:string).
DATATYPES = {XSD.string, RDF.langString}


class UnsupportedShapesError(Exception):
    """The shapes use a SHACL feature this module does not compile; validate them with pyshacl instead."""


@dataclass(frozen=True)
class Result:
    """One validation result, with the terms a SHACL validation report gives it."""

    focus: Node
    path: Node | None
    value: Node | None
    shape: Node
    component: rdflib.URIRef
    message: str
    severity: rdflib.URIRef


class Data(DescriptionGraph):
    """The data graph one validation reads: the description's triples plus the types of what it names, and
    the class hierarchy SHACL's sh:class and targets walk."""

    def superclasses(self, cls: Node) -> set[Node]:
        """``cls`` and everything it is an rdfs:subClassOf, transitively."""
        seen, todo = {cls}, [cls]
        while todo:
            for parent in self.objects(todo.pop(), RDFS.subClassOf):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def subclasses(self, cls: Node) -> set[Node]:
        """``cls`` and everything that is an rdfs:subClassOf it, transitively."""
        seen, todo = {cls}, [cls]
        while todo:
            for child in self.subjects(RDFS.subClassOf, todo.pop()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        return seen

    def is_instance(self, node: Node, cls: Node) -> bool:
        """SHACL instance: some rdf:type of ``node`` is ``cls`` or one of its subclasses."""
        return any(cls in self.superclasses(t) for t in self.objects(node, RDF.type))


# A check takes the data, the focus node and its value nodes, and returns the failing values (None: no value).
Check = Callable[[Data, Node, list[Node]], list[Node | None]]


@dataclass
class Shape:
    """A node shape (``path`` None) or a property shape, with its checks and the text of its results."""

    node: Node
    path: Node | None
    message: str
    severity: rdflib.URIRef
    checks: list[tuple[rdflib.URIRef, Check]] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)

    def validate(self, data: Data, focus: Node) -> Iterator[Result]:
        """Every result of this shape (and its property shapes) on one focus node."""
        values = [focus] if self.path is None else data.objects(focus, self.path)
        for component, check in self.checks:
            for value in check(data, focus, values):
                yield Result(focus, self.path, value, self.node, component, self.message, self.severity)
        for prop in self.properties:
            yield from prop.validate(data, focus)

    def conforms(self, data: Data, focus: Node) -> bool:
        """True when the focus node has no result of this shape (what sh:or asks of each member)."""
        return next(iter(self.validate(data, focus)), None) is None


@dataclass
class CompiledShapes:
    """The node shapes with their targets; ``validate`` returns what a SHACL report would hold."""

    targets: list[tuple[Shape, Callable[[Data], list[Node]]]]

    def validate(self, data: Data) -> list[Result]:
        """Validate every focus node of every targeted shape."""
        results: list[Result] = []
        for shape, focus_nodes in self.targets:
            for focus in focus_nodes(data):
                results.extend(shape.validate(data, focus))
        return results


def compile_shapes(shapes: rdflib.Graph) -> CompiledShapes:
    """Compile every targeted node shape of ``shapes``, or raise UnsupportedShapesError."""
    compiler = _Compiler(shapes)
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    node_shapes |= {s for p in TARGETS for s in shapes.subjects(p, None)}
    targets = []
    for node in sorted(node_shapes, key=str):
        shape = compiler.shape(node)
        finders = [_finder(p, o) for p, o in shapes.predicate_objects(node) if p in TARGETS]
        if finders:
            targets.append((shape, _union(finders)))
    return CompiledShapes(targets)


def _finder(target: Node, value: Node) -> Callable[[Data], list[Node]]:
    """The focus nodes one target selects."""
    if target == SH.targetNode:
        return lambda data: [value]
    if target == SH.targetObjectsOf:
        return lambda data: data.objects_of(value)
    if target == SH.targetSubjectsOf:
        return lambda data: data.subjects_with(value)
    return lambda data: [s for c in data.subclasses(value) for s in data.subjects(RDF.type, c)]


def _union(finders: list[Callable[[Data], list[Node]]]) -> Callable[[Data], list[Node]]:
    def focus_nodes(data: Data) -> list[Node]:
        return list(dict.fromkeys(n for find in finders for n in find(data)))

    return focus_nodes


class _Compiler:
    """Reads one shapes graph; refuses what it does not know rather than skipping it."""

    def __init__(self, shapes: rdflib.Graph) -> None:
        self.g = shapes
        self.done: dict[Node, Shape] = {}

    def shape(self, node: Node) -> Shape:
        if node in self.done:
            return self.done[node]
        g = self.g
        unknown = {p for p in g.predicates(node, None) if p not in CONSTRAINTS | TARGETS | DESCRIPTIVE}
        if unknown or (node, RDF.type, RDFS.Class) in g:
            raise UnsupportedShapesError(f"{node}: {sorted(map(str, unknown)) or 'an implicit class target'}")
        messages = list(g.objects(node, SH.message))
        severities = list(g.objects(node, SH.severity))
        paths = list(g.objects(node, SH.path))
        if len(messages) > 1 or len(severities) > 1 or len(paths) > 1:
            raise UnsupportedShapesError(f"{node}: more than one sh:message, sh:severity or sh:path")
        if paths and not isinstance(paths[0], rdflib.URIRef):
            raise UnsupportedShapesError(f"{node}: only predicate paths are compiled")
        severity = severities[0] if severities else SH.Violation
        assert isinstance(severity, rdflib.URIRef)
        shape = Shape(node, paths[0] if paths else None, str(messages[0]) if messages else "", severity)
        self.done[node] = shape
        for p, o in sorted(g.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
            if p in CONSTRAINTS:
                shape.checks.append(self.check(p, o, shape))
        shape.properties = [self.shape(p) for p in sorted(g.objects(node, SH.property), key=str)]
        return shape

    def check(self, component: Node, arg: Node, shape: Shape) -> tuple[rdflib.URIRef, Check]:
        if component == SH.nodeKind:
            if arg not in NODE_KINDS:
                raise UnsupportedShapesError(f"sh:nodeKind {arg}")
            test = NODE_KINDS[arg]
            return SH.NodeKindConstraintComponent, lambda d, f, vs: [v for v in vs if not test(v)]
        if component == SH["class"]:
            return SH.ClassConstraintComponent, lambda d, f, vs: [
                v for v in vs if isinstance(v, rdflib.Literal) or not d.is_instance(v, arg)
            ]
        if component == SH.datatype:
            if arg not in DATATYPES:
                raise UnsupportedShapesError(f"sh:datatype {arg}")
            return SH.DatatypeConstraintComponent, lambda d, f, vs: [
                v for v in vs if not _has_datatype(v, arg)
            ]
        if component == SH["in"]:
            allowed = set(Collection(self.g, arg))
            return SH.InConstraintComponent, lambda d, f, vs: [v for v in vs if v not in allowed]
        if component == SH.pattern:
            if self.g.value(shape.node, SH.flags) is not None:
                raise UnsupportedShapesError("sh:flags")
            regex = re.compile(str(arg))
            # SHACL 4.4.1: a blank node fails; any other value's string form must match (re.search, as XPath)
            return SH.PatternConstraintComponent, lambda d, f, vs: [
                v for v in vs if isinstance(v, rdflib.BNode) or not regex.search(str(v))
            ]
        if component in (SH.minCount, SH.maxCount):
            if shape.path is None or not isinstance(arg, rdflib.Literal) or not isinstance(arg.value, int):
                raise UnsupportedShapesError(f"{component} needs a property shape and an integer")
            bound: int = arg.value
            if component == SH.minCount:
                return SH.MinCountConstraintComponent, lambda d, f, vs: [None] if len(vs) < bound else []
            return SH.MaxCountConstraintComponent, lambda d, f, vs: [None] if len(vs) > bound else []
        members = [self.shape(m) for m in Collection(self.g, arg)]
        return SH.OrConstraintComponent, lambda d, f, vs: [
            v for v in vs if not any(m.conforms(d, v) for m in members)
        ]


def _has_datatype(value: Node, datatype: Node) -> bool:
    """pyshacl's rule for xsd:string and rdf:langString: a plain literal is xsd:string, a tagged one not."""
    if not isinstance(value, rdflib.Literal):
        return False
    if value.language:
        return datatype == RDF.langString
    return (value.datatype or XSD.string) == datatype and isinstance(value.value, str | bytes)
