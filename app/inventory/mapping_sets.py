"""User mapping sets: a user's own SSSOM mappings between items of the graph, stored apart from it.

The regime graph is read-only. A user who wants the gap analysis to follow a mapping the curators did not make
sends it as an SSSOM/TSV mapping set (``PUT /mapping-sets/{id}``). Every row is checked by the importer of
``crosswalk import-sssom`` (app.exports.sssom_import: both ends items of the graph, a known relationship,
rationale, confidence in (0, 1], an author, a justification), so a set is accepted or refused whole.

A set ``I`` lives in its own named graph ``…/id/mappingset/user/I`` (also the set's IRI), where the inventory
lives: its own Oxigraph store on the embedded back end (``DATA_DIR/mapping-sets``, or memory), named graphs of
the remote store otherwise, which ``/sparql`` cannot read without the read token nor SPARQL Update touch. The
IRIs are ours, not the file's: its mappings are minted under ``…/id/mapping/user/I/`` and the set is
``…/mappingset/user/I`` whatever ``mapping_set_id`` the file declares (kept as ``rdfs:seeAlso``), so a set
cannot pass for a curated or a published one. Writes are one SPARQL Update each (``DROP SILENT GRAPH`` then
``INSERT DATA``), written from RDF terms, as the inventory's are.
"""

from __future__ import annotations

import re
import tempfile
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import yaml

from app.core.identifiers import CW, ID
from app.core.settings import Settings
from app.exports.sssom_import import BY_INDIVIDUAL, SSSOMImportError, parse
from app.exports.vocab import DCTERMS, RDFS, SKOS
from app.graph.queries import Row, SelectSource, load_query, run_select, term_text
from app.inventory.systems import Backend, LocalBackend

SET_BASE = ID + "mappingset/user/"
"""Graph (and set) IRIs of user mapping sets: nothing else may write under it."""
MAPPING_BASE = ID + "mapping/user/"
SET_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
MAX_MAPPINGS = 2_000
"""Rows one set may hold (the whole curated graph asserts about 1,550). Every change derives again over the
graph's and every user set's mappings: 100 random rows take 0.3 s, 2,000 about 8 s, 10,000 about 25 s."""
MAX_TOTAL_MAPPINGS = 10_000
"""Rows all the user sets may hold together."""
MAX_MESSAGE = 300
ERROR_LINE = re.compile(r"line (\d+)(?:, ([A-Za-z_]+))?: (.*)", re.DOTALL)
ERROR_FIELD = re.compile(r"(?:metadata, )?([A-Za-z_ ]+): (.*)", re.DOTALL)


@dataclass(frozen=True)
class SetIssue:
    """One problem of a refused set: the line of the file (None: the metadata block), the field, why."""

    line: int | None
    field: str
    message: str


class InvalidMappingSetError(ValueError):
    """The set is refused whole; ``issues`` names every row and field at fault."""

    def __init__(self, issues: list[SetIssue]) -> None:
        super().__init__("; ".join(f"line {i.line}, {i.field}: {i.message}" for i in issues[:5]))
        self.issues = issues


@dataclass(frozen=True)
class SetRecord:
    """A stored set: its id, IRI (also its graph), title, the id its file declared, when stored, its size."""

    id: str
    iri: str
    title: str
    declared_id: str
    modified: str
    mappings: int


@dataclass(frozen=True)
class UserMapping:
    """One mapping of a user set, as derivation, the gap analysis and GET /mapping-sets/{id} read it."""

    set_id: str
    mapping: str
    subject: str
    object: str
    relationship: str
    confidence: Decimal
    rationale: str
    justification: str
    author: str
    author_label: str
    source: str
    comment: str


def set_iri(set_id: str) -> str:
    """The IRI of the set (and of its graph)."""
    return SET_BASE + set_id


def check_id(set_id: str) -> str:
    """A set id is a short name (letters, digits, ``.``, ``_``, ``-``; 64 at most): it is part of IRIs."""
    if not SET_ID.fullmatch(set_id):
        shown = set_id if len(set_id) <= 80 else set_id[:80] + "…"
        raise InvalidMappingSetError(
            [SetIssue(None, "id", f"{shown!r} is not a set id: 1-64 letters, digits, '.', '_' or '-'")]
        )
    return set_id


def items_store(
    source: pyoxigraph.Store | SelectSource, root: Path
) -> tuple[pyoxigraph.Store, dict[str, str]]:
    """The items a set may map, as the small store the importer checks rows against, and their regimes."""
    _, rows = run_select(source, load_query("mapping-sets/items", root))
    store = pyoxigraph.Store()
    in_scheme, key = pyoxigraph.NamedNode(SKOS + "inScheme"), pyoxigraph.NamedNode(CW + "key")
    regime_of: dict[str, str] = {}
    quads = []
    for row in rows:
        item, regime = row["item"], row["regime"]
        assert isinstance(item, pyoxigraph.NamedNode) and isinstance(regime, pyoxigraph.NamedNode)
        regime_of[item.value] = regime.value
        quads.append(pyoxigraph.Quad(item, in_scheme, regime))
        quads.append(pyoxigraph.Quad(regime, key, row["key"]))
    store.extend(quads)
    return store, regime_of


def _refuse_yaml_aliases(text: str) -> None:
    """The metadata block may not use YAML anchors and aliases: a few lines of them expand to gigabytes when
    the importer reads a value as text (the 'billion laughs')."""
    header = "\n".join(line[1:] for line in text.splitlines() if line.startswith("#"))
    try:
        root = yaml.compose(header, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        raise InvalidMappingSetError(
            [SetIssue(None, "metadata", f"not valid YAML ({_short(str(err))})")]
        ) from err
    seen: set[int] = set()
    todo = [root] if root is not None else []
    while todo:
        node = todo.pop()
        if id(node) in seen:
            message = "YAML anchors and aliases are not accepted in the metadata block"
            raise InvalidMappingSetError([SetIssue(None, "metadata", message)])
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            todo.extend(n for pair in node.value for n in pair)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + "…"


def _issue(error: str) -> SetIssue:
    """An importer message (``line 9, confidence: …``, ``metadata, mapping_set_id: …``) as an issue."""
    if found := ERROR_LINE.fullmatch(error):
        return SetIssue(int(found.group(1)), found.group(2) or "row", _short(found.group(3)))
    if found := ERROR_FIELD.fullmatch(error):
        field = found.group(1).strip().replace(" ", "_")
        return SetIssue(None, "metadata" if field == "metadata_block" else field, _short(found.group(2)))
    return SetIssue(None, "body", _short(error))


def read_set(
    text: str, set_id: str, items: pyoxigraph.Store, root: Path, now: datetime | None = None
) -> tuple[list[pyoxigraph.Triple], int]:
    """Check an SSSOM/TSV set as ``crosswalk import-sssom`` does and return the triples to store under
    ``set_id`` (our IRIs for the set and its mappings, the record included) and its number of mappings.

    Raises InvalidMappingSetError naming every line and field at fault; nothing is stored then.
    """
    check_id(set_id)
    _refuse_yaml_aliases(text)
    with tempfile.TemporaryDirectory(prefix="crosswalk-set-") as folder:
        path = Path(folder) / "set.sssom.tsv"
        path.write_text(text, encoding="utf-8")
        try:
            imported = parse(path, items, root)
        except SSSOMImportError as err:
            raise InvalidMappingSetError([_issue(e) for e in err.errors]) from None
    if imported.mappings == 0:
        raise InvalidMappingSetError(
            [SetIssue(None, "body", "the set holds no mapping (derived rows are skipped)")]
        )
    if imported.mappings > MAX_MAPPINGS:
        message = f"{imported.mappings} mappings is more than {MAX_MAPPINGS} in one set"
        raise InvalidMappingSetError([SetIssue(None, "body", message)])
    declared = imported.set_id
    if any(items.quads_for_pattern(pyoxigraph.NamedNode(declared), None, None)):
        raise InvalidMappingSetError(
            [SetIssue(None, "mapping_set_id", "names an item of the graph, not a set")]
        )
    ours = pyoxigraph.NamedNode(set_iri(set_id))
    minted = f"{ID}mapping/imported/{imported.slug}/"

    def rename(term: pyoxigraph.NamedNode | pyoxigraph.Literal) -> pyoxigraph.NamedNode | pyoxigraph.Literal:
        if isinstance(term, pyoxigraph.NamedNode):
            if term.value == declared:
                return ours
            if term.value.startswith(minted):
                return pyoxigraph.NamedNode(f"{MAPPING_BASE}{set_id}/{term.value.removeprefix(minted)}")
        return term

    triples = [
        pyoxigraph.Triple(rename(t.subject), t.predicate, rename(t.object))  # type: ignore[arg-type]
        for t in imported.triples
    ]
    stamp = (now or datetime.now(UTC)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    triples += [
        pyoxigraph.Triple(ours, pyoxigraph.NamedNode(DCTERMS + "identifier"), pyoxigraph.Literal(set_id)),
        pyoxigraph.Triple(
            ours,
            pyoxigraph.NamedNode(DCTERMS + "modified"),
            pyoxigraph.Literal(stamp, datatype=pyoxigraph.NamedNode(xsd + "dateTime")),
        ),
        pyoxigraph.Triple(ours, pyoxigraph.NamedNode(RDFS + "seeAlso"), pyoxigraph.NamedNode(declared)),
    ]
    return triples, imported.mappings


class MappingSets:
    """The stored user mapping sets over a back end; writes in this process are serialised."""

    def __init__(self, backend: Backend, root: Path) -> None:
        self.backend = backend
        self.records_query = load_query("mapping-sets/records", root)
        self.mappings_query = load_query("mapping-sets/mappings", root)
        self.write_lock = threading.Lock()

    def put(self, set_id: str, triples: list[pyoxigraph.Triple]) -> bool:
        """Store (or replace) a set in one transaction; True if it was not stored before."""
        graph = pyoxigraph.NamedNode(set_iri(check_id(set_id)))
        body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
        text = f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}"
        with self.write_lock:
            created = self.record(set_id) is None
            self.backend.update(text)
        return created

    def delete(self, set_id: str) -> bool:
        """Remove a set (its whole graph); False if it was not stored."""
        graph = pyoxigraph.NamedNode(set_iri(check_id(set_id)))
        with self.write_lock:
            if self.record(set_id) is None:
                return False
            self.backend.update(f"DROP SILENT GRAPH {graph}")
        return True

    def _records(self, set_id: str | None) -> list[SetRecord]:
        bindings = {"graph": pyoxigraph.NamedNode(set_iri(set_id))} if set_id else None
        _, rows = self.backend.select(self.records_query, bindings)
        return [
            SetRecord(
                term_text(r["id"]),
                term_text(r["graph"]),
                term_text(r.get("title")),
                term_text(r.get("declared")),
                term_text(r["modified"]),
                int(term_text(r["mappings"]) or 0),
            )
            for r in rows
        ]

    def record(self, set_id: str) -> SetRecord | None:
        """One set's record, or None if it is not stored."""
        found = self._records(check_id(set_id))
        return found[0] if found else None

    def records(self) -> list[SetRecord]:
        """Every stored set's record, by id."""
        return self._records(None)

    def mappings(self, set_id: str | None = None) -> list[UserMapping]:
        """The mappings of one set, or of every set (by set, then mapping IRI)."""
        bindings = {"graph": pyoxigraph.NamedNode(set_iri(check_id(set_id)))} if set_id else None
        _, rows = self.backend.select(self.mappings_query, bindings)
        return [m for row in rows if (m := _mapping(row)) is not None]


def _mapping(row: Row) -> UserMapping | None:
    relationship = BY_INDIVIDUAL.get(term_text(row["relationship"]))
    if relationship is None:  # only the importer writes these graphs: not expected
        return None
    return UserMapping(
        set_id=term_text(row["id"]),
        mapping=term_text(row["mapping"]),
        subject=term_text(row["subject"]),
        object=term_text(row["object"]),
        relationship=relationship,
        confidence=Decimal(term_text(row["confidence"])),
        rationale=term_text(row.get("rationale")).removeprefix(CW).lower(),
        justification=term_text(row.get("justification")),
        author=term_text(row.get("author")),
        author_label=term_text(row.get("authorLabel")),
        source=term_text(row.get("source")),
        comment=term_text(row.get("comment")),
    )


def open_mapping_sets(settings: Settings, remote: Backend | None, root: Path) -> tuple[MappingSets, str]:
    """Where the sets live, as the inventory decides for systems: the remote store's named graphs; else
    ``DATA_DIR/mapping-sets`` (read-write for one worker, read-only for several), else memory."""
    if settings.store:
        assert remote is not None, "a remote store setting needs the remote back end"
        return MappingSets(remote, root), f"named graphs of {settings.store}"
    if settings.data_dir is None:
        return MappingSets(LocalBackend(pyoxigraph.Store()), root), "memory (lost when the service stops)"
    path = settings.data_dir / "mapping-sets"
    if settings.workers == 1:
        path.mkdir(parents=True, exist_ok=True)
        return MappingSets(LocalBackend(pyoxigraph.Store(str(path))), root), str(path)
    if path.is_dir():
        return MappingSets(LocalBackend(pyoxigraph.Store.read_only(str(path))), root), f"{path} (read-only)"
    return MappingSets(LocalBackend(pyoxigraph.Store()), root), "memory (no mapping sets yet)"
