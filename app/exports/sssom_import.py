"""SSSOM/TSV import: an analyst's (or our own) mapping table becomes a Turtle mapping set of the graph.

Every row is checked before anything is written: its subject and object must be items of the graph, its
relationship, rationale, confidence and author must be valid. Derived rows (semapv:MappingChaining) are
skipped: the graph derives them again on load. The Turtle has the shape tools/build_crosswalks.py writes: a
cw:Mapping with its provenance, plus the direct IR 8477 and SKOS triples it stands for.

A row whose ``relationship_typed_by`` names who typed it (a published crosswalk's mapping, as the exporter
writes one) keeps what its publisher stated and no more: its confidence and rationale kind may be empty and
are then not written, and its ``comment`` is the typer's reading (cw:editorsReading), not a justification.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph

from app.exports.sssom import CHAINING, FIXED_PREFIXES, IN_OTHER, unpack_other
from app.exports.vocab import (
    CW,
    DCTERMS,
    ID,
    PROV,
    RATIONALES,
    RDF,
    RDFS,
    RELATIONSHIPS,
    SKOS,
    SSSOM_PREDICATE,
    XSD,
)
from app.graph.queries import SelectSource, load_query, run_select, term_text

BY_PREDICATE = {v: k for k, v in SSSOM_PREDICATE.items()}
BY_INDIVIDUAL = {CW + individual: notation for notation, (individual, _, _) in RELATIONSHIPS.items()}
BY_RATIONALE = {CW + local: name for name, local in RATIONALES.items()}


class SSSOMImportError(ValueError):
    """The table cannot be imported; ``errors`` lists every problem as ``line N, field: message``."""

    def __init__(self, path: Path, errors: list[str]) -> None:
        super().__init__(f"{path}: {len(errors)} error(s)\n" + "\n".join(errors))
        self.errors = errors


@dataclass
class ImportedSet:
    """The mapping set read from a table: its identity, its agents and its mappings, ready to serialise."""

    set_id: str
    title: str
    license: str
    triples: list[pyoxigraph.Triple] = field(default_factory=list)
    mappings: int = 0
    skipped_derived: int = 0

    @property
    def slug(self) -> str:
        """The last segment of the mapping set id, safe as a file name."""
        last = self.set_id.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        return re.sub(r"[^A-Za-z0-9._-]+", "-", last).strip("-.") or "imported"


def read_table(path: Path) -> tuple[dict[str, Any], list[tuple[int, dict[str, str]]]]:
    """Split an SSSOM/TSV file into its YAML metadata block and its rows, each with its line number."""
    import yaml

    lines = path.read_text(encoding="utf-8").splitlines()
    header = [line[1:] for line in lines if line.startswith("#")]
    first = len(header)
    try:
        meta = yaml.safe_load("\n".join(header)) or {}
    except yaml.YAMLError as err:
        raise SSSOMImportError(path, [f"metadata block: not valid YAML ({err})"]) from err
    if not isinstance(meta, dict):
        raise SSSOMImportError(path, ["metadata block: expected a mapping of keys to values"])
    reader = csv.DictReader(lines[first:], delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = [(first + 1 + i, row) for i, row in enumerate(reader, start=1)]
    return meta, rows


def expand(value: str, prefixes: dict[str, str]) -> str | None:
    """Expand a CURIE with the file's curie_map (or keep an absolute IRI); None when the prefix is unknown."""
    if value.startswith(("http://", "https://", "urn:")):
        return value
    prefix, sep, local = value.partition(":")
    if not sep or prefix not in prefixes:
        return None
    return prefixes[prefix] + local


def _iri(value: str) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(value)


def mapping_iri(set_slug: str, subject: str, obj: str, agent: str) -> str:
    """The same hashed IRI scheme as tools/build_crosswalks.py, scoped by the imported set."""
    digest = hashlib.sha1(f"{subject}|{obj}|{agent}".encode(), usedforsecurity=False).hexdigest()[:12]
    return f"{ID}mapping/imported/{set_slug}/{digest}"


def _relationship(row: dict[str, str], prefixes: dict[str, str]) -> tuple[str | None, str | None]:
    """The IR 8477 relationship of a row from its extension slot or, failing that, its SKOS predicate."""
    predicate = expand(row.get("predicate_id", ""), prefixes) or row.get("predicate_id", "")
    key = (predicate.replace(SKOS, "skos:"), row.get("predicate_modifier") or "")
    from_skos = BY_PREDICATE.get(key)
    stated = (row.get("ir8477_relationship") or "").strip()
    if not stated:
        if from_skos is None:
            return None, f"predicate_id: {key[0]!r} has no IR 8477 reading; add an ir8477_relationship column"
        return from_skos, None
    notation = BY_INDIVIDUAL.get(expand(stated, prefixes) or "") or (
        stated if stated in RELATIONSHIPS else None
    )
    if notation is None:
        return None, f"ir8477_relationship: unknown relationship {stated!r}"
    if from_skos != notation and not (notation == "intersectsWith" and key[0] == "skos:closeMatch"):
        return None, f"predicate_id: {key[0]} {key[1]} disagrees with ir8477_relationship {stated}".strip()
    return notation, None


def _columns(row: dict[str, str]) -> dict[str, str]:
    """A row in this exporter's own column names, from either layout this module has written.

    Since SSSOM 1.1 rows carry the justification in ``comment``, the source in ``see_also`` and the extension
    values also in ``other`` (what survives sssom-py's JSON and RDF conversions); earlier exports had
    ``justification``, ``source`` and the caveat in ``comment``.
    """
    out = dict(row)
    packed = unpack_other(row.get("other") or "")
    for slot in IN_OTHER:
        out[slot] = (row.get(slot) or "").strip() or packed.get(slot, "")
    for slot in ("published_relation", "relationship_typed_by"):  # sssom-py mangles quotes in extensions
        out[slot] = packed.get(slot) or out[slot]
    if not (row.get("justification") or "").strip():
        out["justification"] = row.get("comment") or ""
    elif not out["caveat"]:
        out["caveat"] = row.get("comment") or ""
    out["source"] = (row.get("source") or "").strip() or (row.get("see_also") or "").split("|")[0].strip()
    return out


def parse(path: Path, graph: pyoxigraph.Store | SelectSource, root: Path) -> ImportedSet:
    """Check every row against the graph's items and build the mapping set's triples; raise on any error."""
    meta, rows = read_table(path)
    prefixes = {**FIXED_PREFIXES, **{str(k): str(v) for k, v in (meta.get("curie_map") or {}).items()}}
    errors: list[str] = []
    set_id = str(meta.get("mapping_set_id") or "")
    if not set_id.startswith(("http://", "https://")):
        errors.append("metadata, mapping_set_id: required, an absolute IRI")
    result = ImportedSet(set_id, str(meta.get("mapping_set_title") or set_id), str(meta.get("license") or ""))
    _, found = run_select(graph, load_query("mapping-sets/items", root))
    items = {term_text(r["item"]) for r in found}
    agents: dict[str, str] = {}
    sources: set[str] = set()
    seen: dict[tuple[str, str, str], int] = {}
    for line, row in rows:
        if None in row or None in row.values():
            errors.append(f"line {line}: wrong number of tab-separated fields")
            continue
        if row.get("mapping_justification", "").strip() in (CHAINING, expand(CHAINING, prefixes)):
            result.skipped_derived += 1
            continue
        row = _columns(row)
        problems: list[str] = []
        ends: dict[str, str] = {}
        for slot in ("subject_id", "object_id"):
            iri = expand(row.get(slot, "").strip(), prefixes)
            if iri is None or iri not in items:
                problems.append(f"{slot}: {row.get(slot, '')!r} is not an item of the graph")
            else:
                ends[slot] = iri
        relationship, problem = _relationship(row, prefixes)
        if problem:
            problems.append(problem)
        typed_by_text = (row.get("relationship_typed_by") or "").strip()
        typed_by = expand(typed_by_text, prefixes) if typed_by_text else None
        if typed_by_text and typed_by is None:
            problems.append(f"relationship_typed_by: {typed_by_text!r} has an unknown prefix")
        imported = typed_by is not None  # a published crosswalk's mapping: only what its publisher stated
        rationale_text = (row.get("rationale_kind") or "").strip()
        rationale = BY_RATIONALE.get(expand(rationale_text, prefixes) or "") or (
            rationale_text if rationale_text in RATIONALES else None
        )
        if rationale is None and not (imported and not rationale_text):
            problems.append(f"rationale_kind: {rationale_text!r} is not syntactic, semantic or functional")
        justification = " ".join((row.get("justification") or "").split())
        if not justification:
            problems.append("justification: required (one sentence saying why the relationship holds)")
        confidence: Decimal | None = None
        if not (imported and not row.get("confidence", "").strip()):
            try:
                confidence = Decimal(row.get("confidence", "").strip())
                if not 0 < confidence <= 1:
                    raise InvalidOperation
            except InvalidOperation:
                problems.append(f"confidence: {row.get('confidence', '')!r} is not a number in (0, 1]")
        author = expand((row.get("author_id") or "").split("|")[0].strip(), prefixes)
        if author is None:
            problems.append(f"author_id: {row.get('author_id', '')!r} is missing or has an unknown prefix")
        source = (row.get("source") or "").strip() or set_id
        if not source.startswith(("http://", "https://")):
            problems.append(f"source: {source!r} is not an absolute IRI")
        if problems or relationship is None or author is None:
            errors += [f"line {line}, {p}" for p in problems]
            continue
        key = (ends["subject_id"], ends["object_id"], author)
        if key in seen:
            errors.append(
                f"line {line}: the pair is mapped twice by the same author (first on line {seen[key]})"
            )
            continue
        seen[key] = line
        label = (row.get("author_label") or "").split("|")[0].strip()
        agents[author] = agents.get(author) or label
        sources.add(source)
        result.mappings += 1
        published = (typed_by, " ".join((row.get("published_relation") or "").split())) if typed_by else None
        result.triples += _mapping_triples(
            mapping_iri(result.slug, *key), ends["subject_id"], relationship, ends["object_id"], rationale,
            justification, confidence, author, source, set_id, " ".join((row.get("caveat") or "").split()),
            published,
        )  # fmt: skip
    for author, label in agents.items():
        if not label:
            errors.append(f"author_label: the file does not name the agent {author}")
    if errors:
        raise SSSOMImportError(path, errors)
    result.triples += _set_triples(result, agents, sources)
    return result


def _mapping_triples(
    m: str,
    subject: str,
    relationship: str,
    obj: str,
    rationale: str | None,
    justification: str,
    confidence: Decimal | None,
    agent: str,
    source: str,
    set_id: str,
    comment: str,
    published: tuple[str, str] | None = None,
) -> list[pyoxigraph.Triple]:
    """One reified mapping with its provenance, and the direct IR 8477 and SKOS triples it stands for.

    ``published`` (who typed the relationship, how the publisher relates the two) marks a published
    crosswalk's mapping: ``justification`` is then the typer's reading, and nothing unstated is written."""
    individual, prop, skos_prop = RELATIONSHIPS[relationship]
    node, s, o = _iri(m), _iri(subject), _iri(obj)
    lit = pyoxigraph.Literal
    triples: list[
        tuple[pyoxigraph.NamedNode, pyoxigraph.NamedNode, pyoxigraph.NamedNode | pyoxigraph.Literal]
    ] = [
        (node, _iri(RDF + "type"), _iri(CW + "Mapping")),
        (node, _iri(CW + "subject"), s),
        (node, _iri(CW + "object"), o),
        (node, _iri(CW + "relationship"), _iri(CW + individual)),
        (node, _iri(PROV + "wasAttributedTo"), _iri(agent)),
        (node, _iri(DCTERMS + "source"), _iri(source)),
        (node, _iri(CW + "inMappingSet"), _iri(set_id)),
        (s, _iri(CW + prop), o),
    ]
    if rationale is not None:
        triples.append((node, _iri(CW + "rationaleKind"), _iri(CW + RATIONALES[rationale])))
    if published is None:
        triples.append((node, _iri(CW + "justification"), lit(justification, language="en")))
    else:
        typed_by, relation = published
        triples.append((node, _iri(CW + "relationshipTypedBy"), _iri(typed_by)))
        triples.append((node, _iri(CW + "editorsReading"), lit(justification, language="en")))
        if relation:
            triples.append((node, _iri(CW + "publishedRelation"), lit(relation, language="en")))
    if confidence is not None:
        triples.append((node, _iri(CW + "confidence"), lit(str(confidence), datatype=_iri(XSD + "decimal"))))
    if comment:
        triples.append((node, _iri(CW + "comment"), lit(comment, language="en")))
    if skos_prop is not None:
        triples.append((s, _iri(SKOS + skos_prop), o))
    return [pyoxigraph.Triple(*t) for t in triples]


def _set_triples(result: ImportedSet, agents: dict[str, str], sources: set[str]) -> list[pyoxigraph.Triple]:
    """Describe the mapping set, its sources and the agents, so every IRI used is typed in the graph."""
    lit = pyoxigraph.Literal
    s = _iri(result.set_id)
    rdf_type = _iri(RDF + "type")
    triples: list[
        tuple[pyoxigraph.NamedNode, pyoxigraph.NamedNode, pyoxigraph.NamedNode | pyoxigraph.Literal]
    ] = [
        (s, rdf_type, _iri(CW + "MappingSet")),
        (s, _iri(DCTERMS + "title"), lit(result.title, language="en")),
        (s, _iri(DCTERMS + "source"), s),
    ]
    if result.license.startswith(("http://", "https://")):
        triples.append((s, _iri(DCTERMS + "license"), _iri(result.license)))
    for agent, label in sorted(agents.items()):
        triples += [
            (_iri(agent), rdf_type, _iri(PROV + "Agent")),
            (_iri(agent), _iri(RDFS + "label"), lit(label, language="en")),
            (s, _iri(PROV + "wasAttributedTo"), _iri(agent)),
        ]
    triples += [(_iri(src), rdf_type, _iri(PROV + "Entity")) for src in sorted(sources - {result.set_id})]
    return [pyoxigraph.Triple(*t) for t in triples]


def to_turtle(imported: ImportedSet, origin: str) -> str:
    """Serialise the imported set as Turtle with a header naming the file it came from."""
    prefixes = {"cw": CW, "dcterms": DCTERMS, "prov": PROV, "rdfs": RDFS, "skos": SKOS, "xsd": XSD}
    body = pyoxigraph.serialize(imported.triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes)
    header = f"# {imported.title}\n# Imported from {origin} by `crosswalk import-sssom`.\n"
    return header + (body or b"").decode("utf-8")


def import_sssom(path: Path, store: pyoxigraph.Store, root: Path) -> tuple[ImportedSet, str]:
    """Read and check an SSSOM/TSV file against the graph; return the set and its Turtle (nothing written)."""
    imported = parse(path, store, root)
    return imported, to_turtle(imported, path.name)
