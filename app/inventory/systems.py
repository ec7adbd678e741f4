"""The inventory of AI systems: validated descriptions kept as one named graph each, on either back end.

A system with id ``I`` lives in the graph ``https://w3id.org/ai-crosswalk/id/system/<sha256(I) in hex>``: the
graph IRI is derived from a hash, so no user string becomes part of an IRI we write into SPARQL. The
graph holds the description's triples and a ``dcat:CatalogRecord`` (the graph itself) naming the system
(``foaf:primaryTopic``) and when it was stored (``dcterms:modified``); only graphs with that record are
systems.

Every write is one SPARQL Update request (``DROP SILENT GRAPH`` then ``INSERT DATA``), which Oxigraph
(embedded or server) applies in one transaction: a reader sees the old system or the new one, never a
mixture. The update text is written from RDF terms (pyoxigraph's N-Triples form of each IRI, literal and
blank node), never from a user's string. Reads are named queries (queries/inventory/), graph IRI bound.

On the embedded back end the systems live in their own Oxigraph store: ``DATA_DIR/systems`` (RocksDB, opened
read-write by the one worker process) with ``--data-dir``, else in memory (lost at exit). On a remote back end
they live in named graphs of the same server as the regime graph.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph
import rdflib
from rdflib.namespace import DCTERMS, RDF

from app.analysis.description_graph import DescriptionGraph
from app.analysis.description_json import CW
from app.analysis.description_model import (
    FIELDS,
    InvalidDescriptionError,
    Issue,
    SystemDescription,
    read_system,
)
from app.analysis.gap_index import GapIndex
from app.analysis.gaps import analyse
from app.core.identifiers import ID, short_id
from app.core.settings import Settings
from app.graph.queries import Row, Term, load_query, select, term_text

log = logging.getLogger(__name__)
GRAPH_BASE = ID + "system/"
DCAT_RECORD = pyoxigraph.NamedNode("http://www.w3.org/ns/dcat#CatalogRecord")
PRIMARY_TOPIC = pyoxigraph.NamedNode("http://xmlns.com/foaf/0.1/primaryTopic")
MODIFIED = pyoxigraph.NamedNode("http://purl.org/dc/terms/modified")
TITLE = pyoxigraph.NamedNode(str(DCTERMS.title))
RDF_TYPE = pyoxigraph.NamedNode(str(RDF.type))
XSD_DATETIME = pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")
MAX_LITERAL_CHARS = 65_536
"""Characters one literal of a stored description may hold (names, evidence notes); longer ones get 422."""


class Backend(Protocol):
    """What the inventory needs of a store: trusted SELECTs with bound terms, and SPARQL Update."""

    def select(
        self, query: str, bindings: Mapping[str, Term] | None = None
    ) -> tuple[list[str], list[Row]]: ...

    def update(self, text: str) -> None: ...


class LocalBackend:
    """An Oxigraph store in this process: on disk (one writer process) or in memory.

    RocksDB refuses every write after an I/O error (a full disk) until it is reopened, even once space is
    freed: a failed write on disk reopens the store (the failed request still fails), so the next write
    succeeds when there is room again, without a restart."""

    def __init__(self, store: pyoxigraph.Store, path: str | None = None) -> None:
        self.store = store
        self.path = path
        self.writable = True  # False while a read-only view stands in for a store that could not reopen

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> tuple[list[str], list[Row]]:
        return select(self.store, query, bindings)

    def update(self, text: str) -> None:
        if not self.writable:
            self._reopen()
            if not self.writable:
                raise OSError(f"the inventory store at {self.path} cannot be written yet (is the disk full?)")
        try:
            self.store.update(text)  # one transaction, committed (RocksDB write-ahead log) before it returns
        except OSError:
            self._reopen()
            raise

    def _reopen(self) -> None:
        if self.path is None:
            return
        try:  # reads go on from a read-only view while the writer's lock is let go
            stand_in = pyoxigraph.Store.read_only(self.path)
        except OSError:
            return
        store, self.store = self.store, stand_in
        del store
        gc.collect()
        try:
            self.store, self.writable = pyoxigraph.Store(self.path), True
        except OSError:  # no room to open, or still held: writes fail (and retry this) until it opens
            self.writable = False
            log.warning("the inventory store at %s could not be reopened for writing yet", self.path)


@dataclass(frozen=True)
class StoredSystem:
    """One system's record: its id, its graph, its name and when it was stored."""

    id: str
    graph: str
    name: str
    modified: str


@dataclass(frozen=True)
class Written:
    """What a write stored: whether the system is new, and its record as written."""

    created: bool
    record: StoredSystem


def graph_iri(system_id: str) -> str:
    """The named graph of a system: derived from a hash of its id, so it is always a safe IRI."""
    return GRAPH_BASE + hashlib.sha256(system_id.encode("utf-8")).hexdigest()


def _issue(field: str, message: str, constraint: str, value: str = "") -> InvalidDescriptionError:
    return InvalidDescriptionError([Issue(field, "", "", value[:200], constraint, message)])


def stored_triples(graph: DescriptionGraph, path_id: str) -> list[pyoxigraph.Triple]:
    """The triples to store for a validated description addressed as ``path_id``, as Oxigraph terms.

    Refuses (InvalidDescriptionError) a document with other than one system, a system whose id is not the
    path's, an IRI Oxigraph would not accept, and literals longer than MAX_LITERAL_CHARS.
    """
    systems = set(graph.subjects(RDF.type, CW.AISystem))
    if len(systems) != 1:
        raise _issue("id", f"a stored description holds exactly one AI system, not {len(systems)}", "count")
    (system,) = systems
    if str(system) != path_id:
        raise _issue(
            "id",
            f"the description's id {str(system)!r} is not the id in the path {path_id!r}",
            "path-id",
            str(system),
        )
    _refuse_forgery(graph, system)
    blanks: dict[rdflib.BNode, pyoxigraph.BlankNode] = defaultdict(pyoxigraph.BlankNode)
    triples = []
    for s, p, o in graph:
        triples.append(pyoxigraph.Triple(_term(s, blanks), _term(p, blanks), _term(o, blanks)))  # type: ignore[arg-type]
    return triples


def _refuse_forgery(graph: DescriptionGraph, system: rdflib.term.Node) -> None:
    """A description speaks of its own system and of nodes without a name (its measures) only: no triple
    about another IRI (another system, the record of a graph), and no graph IRI of the inventory anywhere,
    so that nothing stored can pass for a record (phantom systems, a dcterms:modified in 2099)."""
    for s, p, o in graph:
        field = FIELDS.get(p, str(p)) if isinstance(p, rdflib.URIRef) else "body"
        for node in (s, p, o):
            if isinstance(node, rdflib.URIRef) and str(node).startswith(GRAPH_BASE):
                message = f"{GRAPH_BASE}… names the inventory's own records: no description may use it"
                raise _issue("id" if node == system else field, message, "reserved", str(node))
        if s != system and not isinstance(s, rdflib.BNode):
            raise _issue(
                field,
                f"a stored description speaks only of its system and its measures, not of {str(s)[:200]!r}",
                "foreign-subject",
                str(s),
            )


def _term(node: Any, blanks: dict[rdflib.BNode, pyoxigraph.BlankNode]) -> Term:
    """An rdflib term as a pyoxigraph one (whose constructors check IRIs and language tags)."""
    try:
        if isinstance(node, rdflib.BNode):
            return blanks[node]
        if isinstance(node, rdflib.URIRef):
            return pyoxigraph.NamedNode(str(node))
        if isinstance(node, rdflib.Literal):
            text = str(node)
            if len(text) > MAX_LITERAL_CHARS:
                raise _issue(
                    "body",
                    f"a literal of {len(text)} characters is longer than {MAX_LITERAL_CHARS}",
                    "length",
                )
            if node.language:
                return pyoxigraph.Literal(text, language=node.language)
            if node.datatype is not None:
                return pyoxigraph.Literal(text, datatype=pyoxigraph.NamedNode(str(node.datatype)))
            return pyoxigraph.Literal(text)
    except ValueError as err:
        raise _issue("body", f"not a valid RDF term: {err}", "term", str(node)) from err
    raise _issue("body", f"unsupported RDF term {node!r}", "term")


def to_rdflib(triples: Iterable[pyoxigraph.Triple]) -> rdflib.Graph:
    """Stored triples back as an rdflib graph, for the description reader and the serialisers."""
    graph = rdflib.Graph(store="SimpleMemory", bind_namespaces="none")
    for triple in triples:
        graph.add((_rdflib(triple.subject), _rdflib(triple.predicate), _rdflib(triple.object)))
    return graph


def _rdflib(term: Any) -> rdflib.term.Node:
    if isinstance(term, pyoxigraph.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise TypeError(f"unexpected term {term!r}")


def description_json(graph: rdflib.Graph) -> dict[str, Any]:
    """A stored description in the JSON form descriptions are sent in (PUT it back as it is)."""
    system = read_system(graph)
    subject = rdflib.URIRef(system.id)
    described = graph.value(subject, DCTERMS.description)
    measures = []
    for m in system.measures:
        measure: dict[str, Any] = {
            "id": m.id,
            "addresses": [short_id(a) for a in m.addresses],
            "status": m.status,
        }
        if m.evidence:
            measure["evidence"] = m.evidence
        measures.append(measure)
    document: dict[str, Any] = {"id": system.id, "name": system.name}
    if described is not None:
        document["description"] = str(described)
    for name in ("purposes", "roles", "markets", "sectors", "capabilities"):
        document[name] = sorted(getattr(system, name))
    document["lifecycle_stage"] = system.lifecycle_stage or None
    document["measures"] = measures
    return document


class Inventory:
    """Stored AI systems over a back end; writes in this process are serialised (one transaction each)."""

    def __init__(self, backend: Backend, root: Path) -> None:
        self.backend = backend
        self.records_query = load_query("inventory/records", root)
        self.triples_query = load_query("inventory/triples", root)
        self.write_lock = threading.Lock()

    def write(self, system_id: str, triples: list[pyoxigraph.Triple], now: datetime | None = None) -> Written:
        """Store (or replace) a system in one transaction, and say what was stored: the record written, not
        one read back (another client's DELETE or PUT can come between; a PUT answered 404 for it)."""
        graph = pyoxigraph.NamedNode(graph_iri(system_id))
        stamp = _stamp(now or datetime.now(UTC))
        record = [
            pyoxigraph.Triple(graph, RDF_TYPE, DCAT_RECORD),
            pyoxigraph.Triple(graph, PRIMARY_TOPIC, pyoxigraph.NamedNode(system_id)),
            pyoxigraph.Triple(graph, MODIFIED, pyoxigraph.Literal(stamp, datatype=XSD_DATETIME)),
        ]
        body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in [*triples, *record])
        text = f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}"
        system = pyoxigraph.NamedNode(system_id)
        names = sorted(term_text(t.object) for t in triples if t.subject == system and t.predicate == TITLE)
        with self.write_lock:
            created = self.record(system_id) is None
            self.backend.update(text)
        return Written(created, StoredSystem(system_id, graph.value, names[0] if names else "", stamp))

    def delete(self, system_id: str) -> bool:
        """Remove a system; False if it was not stored."""
        graph = pyoxigraph.NamedNode(graph_iri(system_id))
        with self.write_lock:
            if self.record(system_id) is None:
                return False
            self.backend.update(f"DROP SILENT GRAPH {graph}")
        return True

    def _records(self, graph: str | None) -> list[StoredSystem]:
        bindings = {"graph": pyoxigraph.NamedNode(graph)} if graph else None
        _, rows = self.backend.select(self.records_query, bindings)
        return [
            StoredSystem(
                term_text(r["system"]),
                term_text(r["graph"]),
                term_text(r.get("name")),
                term_text(r["modified"]),
            )
            for r in rows
        ]

    def record(self, system_id: str) -> StoredSystem | None:
        """One system's record, or None if it is not stored."""
        found = self._records(graph_iri(system_id))
        return found[0] if found else None

    def records(self) -> list[StoredSystem]:
        """Every stored system's record, by id."""
        return self._records(None)

    def triples(self, system_id: str) -> list[pyoxigraph.Triple] | None:
        """A stored system's description triples (the record left out), or None if it is not stored."""
        graph = graph_iri(system_id)
        _, rows = self.backend.select(self.triples_query, {"graph": pyoxigraph.NamedNode(graph)})
        if not rows:
            return None
        return [_triple(r) for r in rows if term_text(r["s"]) != graph]

    def descriptions(self) -> Iterator[tuple[str, rdflib.Graph]]:
        """Every stored system as (graph IRI, description graph), read in one query."""
        _, rows = self.backend.select(self.triples_query)
        by_graph: dict[str, list[pyoxigraph.Triple]] = defaultdict(list)
        for r in rows:
            graph = term_text(r["graph"])
            if term_text(r["s"]) != graph:
                by_graph[graph].append(_triple(r))
        for graph, triples in sorted(by_graph.items()):
            yield graph, to_rdflib(triples)


def _stamp(now: datetime) -> str:
    """A UTC time to the millisecond as the store reads it back (xsd:dateTime, no trailing zeros)."""
    whole, _, fraction = now.isoformat(timespec="milliseconds").removesuffix("+00:00").partition(".")
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}Z" if fraction else f"{whole}Z"


def _triple(row: Row) -> pyoxigraph.Triple:
    return pyoxigraph.Triple(row["s"], row["p"], row["o"])  # type: ignore[arg-type]


def portfolio(index: GapIndex, systems: Iterable[SystemDescription], as_of: date) -> dict[str, Any]:
    """Counts across systems: how many are in each tier of each regime, and requirements by status."""
    tiers: Counter[tuple[str, str]] = Counter()
    labels: dict[str, str] = {}
    statuses: dict[str, Counter[str]] = defaultdict(Counter)
    count = unclassified = 0
    for system in systems:
        count += 1
        report = analyse(index, system, as_of)
        unclassified += not report.classification
        for regime, entries in report.classification.items():
            for entry in entries:
                tiers[(regime, entry.tier)] += 1
                labels[entry.tier] = entry.label
        for regime, tally in report.summary.items():
            statuses[regime].update(
                applicable=tally.applicable,
                met=tally.met,
                partial=tally.partial,
                unmet=tally.unmet,
                in_force=tally.in_force,
            )
    keys = ("applicable", "met", "partial", "unmet", "in_force")
    total = Counter[str]()
    for counts in statuses.values():
        total.update(counts)
    return {
        "as_of": as_of.isoformat(),
        "systems": count,
        "unclassified": unclassified,
        "tiers": [
            {"regime": regime, "tier": tier, "label": labels[tier], "systems": n}
            for (regime, tier), n in sorted(tiers.items())
        ],
        "requirements": {k: total[k] for k in keys},
        "by_regime": {regime: {k: c[k] for k in keys} for regime, c in sorted(statuses.items())},
    }


def open_inventory(settings: Settings, remote: Backend | None, root: Path) -> tuple[Inventory, str]:
    """The inventory the settings ask for, and where it lives (for /health-like messages and logs).

    ``remote`` is the service's remote store when it has one. On the embedded back end with a data dir, one
    worker opens ``DATA_DIR/systems`` read-write; several workers (writes disabled by Settings.validate) open
    it read-only, or an empty store when it does not exist yet.
    """
    if settings.store:
        assert remote is not None, "a remote store setting needs the remote back end"
        return Inventory(remote, root), f"named graphs of {settings.store}"
    if settings.data_dir is None:
        return Inventory(LocalBackend(pyoxigraph.Store()), root), "memory (lost when the service stops)"
    path = settings.data_dir / "systems"
    if settings.workers == 1:
        path.mkdir(parents=True, exist_ok=True)
        return Inventory(LocalBackend(pyoxigraph.Store(str(path)), str(path)), root), str(path)
    if path.is_dir():
        return Inventory(LocalBackend(pyoxigraph.Store.read_only(str(path))), root), f"{path} (read-only)"
    return Inventory(LocalBackend(pyoxigraph.Store()), root), "memory (no stored systems yet)"
