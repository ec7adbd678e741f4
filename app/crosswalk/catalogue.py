"""The graph as the REST API reads it: identifiers, regimes, provision trees, items and mappings, search.

Domain code only: it runs named queries from queries/ with bound terms on a ``GraphStore`` and returns plain
data. It knows nothing of HTTP; app/http/api/ turns its results and its ``UnknownIdError`` into responses.
"""

from __future__ import annotations

import difflib
import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph

from app.core.identifiers import short_id
from app.graph.queries import Row, Term, load_query
from app.graph.store import GraphStore

CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])([A-Z])")


class UnknownIdError(LookupError):
    """An identifier that names nothing we hold; carries the closest known short ids."""

    def __init__(self, value: str, suggestions: list[str]) -> None:
        super().__init__(f"no item or regime is known as {value!r}")
        self.value = value
        self.suggestions = suggestions


def snake_case(name: str) -> str:
    """A query variable's name as the JSON member every answer uses (``sourceTitle`` → ``source_title``)."""
    return CAMEL_HUMP.sub(r"_\1", name).lower()


def value(row: Row, name: str) -> Any:
    """A row's value as plain Python: IRIs and strings as str, numbers as int/float, booleans as bool."""
    term: Term | None = row.get(name)
    if term is None:
        return None
    if isinstance(term, pyoxigraph.Literal):
        datatype = term.datatype.value.removeprefix("http://www.w3.org/2001/XMLSchema#")
        if datatype in {"integer", "int", "long", "nonNegativeInteger"}:
            return int(term.value)
        if datatype in {"decimal", "double", "float"}:
            return float(term.value)
        if datatype == "boolean":
            return term.value in {"true", "1"}
    if isinstance(term, pyoxigraph.Triple):
        return str(term)
    return term.value


@dataclass
class Catalogue:
    """A store, the folder its named queries come from, and the namespace of the IRIs we mint."""

    store: GraphStore
    root: Path
    base_iri: str
    _ids: dict[str, str] | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def select(self, name: str, **bindings: Term | None) -> list[Row]:
        """Run a named SELECT with the given (non-None) bindings."""
        bound = {k: v for k, v in bindings.items() if v is not None}
        return self.store.select(load_query(name, self.root), bound)[1]

    def construct(self, name: str, **bindings: Term) -> list[pyoxigraph.Triple]:
        """Run a named CONSTRUCT with the given bindings."""
        return self.store.construct(load_query(name, self.root), bindings)

    # ------------------------------------------------------------------ identifiers

    def short_id(self, iri: str) -> str:
        """The short id of an IRI under this service's base IRI (which a deployment may change)."""
        return short_id(iri, self.base_iri)

    def iri_of(self, identifier: str) -> str:
        """Read an IRI or a short id (``regime:notation-slug`` or a regime key) as an IRI, unchecked."""
        text = identifier.strip()
        if "://" in text:
            return text
        regime, _, rest = text.partition(":")
        return f"{self.base_iri}{regime}/{rest.replace(' ', '-')}" if rest else f"{self.base_iri}{regime}"

    @property
    def known(self) -> dict[str, str]:
        """Every regime and item IRI we hold, with its kind (``regime`` or ``provision``); read once."""
        with self._lock:
            if self._ids is None:
                self._ids = {value(r, "item"): value(r, "kind") for r in self.select("known-ids")}
            return self._ids

    def resolve(self, identifier: str, kind: str | None = None) -> str:
        """Return the IRI an identifier names, or raise UnknownIdError with the closest known short ids."""
        iri = self.iri_of(identifier)
        found = self.known.get(iri)
        if found is not None and (kind is None or found == kind):
            return iri
        raise UnknownIdError(identifier, self.suggest(identifier, kind))

    def suggest(self, identifier: str, kind: str | None = None, n: int = 5) -> list[str]:
        """The known short ids closest to what was asked for (difflib, case-insensitive)."""
        shorts = {
            self.short_id(i).lower(): self.short_id(i) for i, k in self.known.items() if kind in (None, k)
        }
        asked = self.short_id(self.iri_of(identifier)).lower()
        return [shorts[m] for m in difflib.get_close_matches(asked, list(shorts), n=n, cutoff=0.5)]

    def ref(self, iri: str, notation: Any = None, label: Any = None, regime: Any = None) -> dict[str, Any]:
        """A small reference to an item, as the API nests it."""
        return {"id": self.short_id(iri), "iri": iri, "notation": notation, "label": label, "regime": regime}


# ---------------------------------------------------------------------- regimes


def regimes(cat: Catalogue) -> list[dict[str, Any]]:
    """Every current regime with kind, version, date, source, licence and item count."""
    out = []
    for row in cat.select("regimes"):
        record = {snake_case(name): value(row, name) for name in row}
        record["iri"] = record.pop("regime")
        record["id"] = cat.short_id(record["iri"])
        out.append(record)
    return out


def regime(cat: Catalogue, identifier: str) -> dict[str, Any]:
    """One regime by key or IRI (UnknownIdError otherwise)."""
    iri = cat.resolve(identifier, "regime")
    for record in regimes(cat):
        if record["iri"] == iri:
            return record
    raise UnknownIdError(identifier, cat.suggest(identifier, "regime"))


def provision_tree(cat: Catalogue, identifier: str) -> dict[str, Any]:
    """A regime's items as a tree along skos:broader, siblings in their official order."""
    iri = cat.resolve(identifier, "regime")
    nodes: dict[str, dict[str, Any]] = {}
    parents: dict[str, str | None] = {}
    order: dict[str, tuple[int, str]] = {}
    for row in cat.select("provisions", regime=pyoxigraph.NamedNode(iri)):
        item = value(row, "item")
        if item in nodes:
            continue
        nodes[item] = {
            **cat.ref(item, value(row, "notation"), value(row, "label")),
            "level": value(row, "level"),
            "children": [],
        }
        del nodes[item]["regime"]
        parents[item] = value(row, "broader")
        position = value(row, "position")
        order[item] = (position if isinstance(position, int) else 1 << 30, str(value(row, "notation")))
    roots: list[dict[str, Any]] = []
    for item in sorted(nodes, key=lambda i: order[i]):
        parent = parents[item]
        (nodes[parent]["children"] if parent in nodes else roots).append(nodes[item])
    return {"regime": cat.short_id(iri), "iri": iri, "count": len(nodes), "provisions": roots}


# ---------------------------------------------------------------------- one item


def provision(cat: Catalogue, identifier: str) -> dict[str, Any]:
    """One item: text, source, licence, and its mappings out and in, asserted and derived, with paths."""
    iri = cat.resolve(identifier, "provision")
    node = pyoxigraph.NamedNode(iri)
    rows = cat.select("provision", item=node)
    if not rows:
        raise UnknownIdError(identifier, cat.suggest(identifier, "provision"))
    row = rows[0]
    skipped = {"item", "broader", "broaderNotation"}
    record = {snake_case(name): value(row, name) for name in row if name not in skipped}
    record["addressees"] = sorted(filter(None, str(record.get("addressees") or "").split(" ")))
    record.update(id=cat.short_id(iri), iri=iri)
    broader = value(row, "broader")
    record["broader"] = cat.ref(broader, value(row, "broaderNotation")) if broader else None
    paths = derivation_paths(cat, node)
    mappings: dict[str, list[dict[str, Any]]] = {"out": [], "in": []}
    for m in cat.select("crosswalk", item=node, includeDerived=pyoxigraph.Literal(True)):
        mapping = value(m, "mapping")
        mappings[value(m, "direction")].append(
            {
                "mapping": mapping,
                "relationship": value(m, "relationshipLabel"),
                "counterpart": cat.ref(
                    value(m, "counterpart"),
                    value(m, "counterpartNotation"),
                    value(m, "counterpartLabel"),
                    value(m, "counterpartRegimeKey"),
                ),
                "rationale": value(m, "rationale"),
                "justification": value(m, "justification"),
                "confidence": value(m, "confidence"),
                "derived": value(m, "derived"),
                "attributed_to": value(m, "attributedTo"),
                "source": value(m, "source"),
                "mapping_set": value(m, "mappingSet"),
                "path": paths.get(mapping),
            }
        )
    record["mappings"] = mappings
    return record


def derivation_paths(cat: Catalogue, node: pyoxigraph.NamedNode) -> dict[str, dict[str, Any]]:
    """For each derived mapping at this item: its length, the items it passes through, what it came from."""
    via: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    sources: dict[str, set[str]] = defaultdict(set)
    lengths: dict[str, int | None] = {}
    for row in cat.select("mapping-paths", item=node):
        mapping = value(row, "mapping")
        lengths[mapping] = value(row, "pathLength")
        if (item := value(row, "via")) is not None:
            via[mapping][item] = cat.ref(item, value(row, "viaNotation"), None, value(row, "viaRegimeKey"))
        if (origin := value(row, "derivedFrom")) is not None:
            sources[mapping].add(origin)
    return {
        m: {"length": lengths[m], "via": list(via[m].values()), "derived_from": sorted(sources[m])}
        for m in lengths
    }


def describe(cat: Catalogue, identifier: str) -> tuple[str, list[pyoxigraph.Triple]]:
    """The triples /id/... serves for one of our IRIs: its own, plus its mappings (UnknownIdError if none)."""
    iri = cat.iri_of(identifier)
    try:
        node = pyoxigraph.NamedNode(iri)
    except ValueError:
        raise UnknownIdError(identifier, cat.suggest(identifier)) from None
    triples = cat.construct("describe-item", item=node)
    if not any(t.subject == node for t in triples):
        raise UnknownIdError(identifier, cat.suggest(identifier))
    return iri, triples


# ---------------------------------------------------------------------- search


def search(cat: Catalogue, q: str, limit: int = 20) -> list[dict[str, Any]]:
    """Items matching ``q``: exact notation hits first, then notation prefixes, then labels, then text."""
    kinds = ("notation", "notation-prefix", "label", "text")
    hits = []
    for row in cat.select("search", q=pyoxigraph.Literal(q.strip()))[:limit]:
        rank = value(row, "rank")
        hits.append(
            {
                **cat.ref(
                    value(row, "item"), value(row, "notation"), value(row, "label"), value(row, "regimeKey")
                ),
                "rank": rank,
                "match": kinds[rank],
            }
        )
    return hits
