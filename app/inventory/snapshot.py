"""One snapshot owns every cache built from the graph; a change builds a new one and swaps it in whole.

A ``Snapshot`` holds the ``Catalogue`` (known ids, counts read through it), the ``Analysis`` (the gap index
with its mappings, derived mappings and reach, the timeline, the validator), the items a user mapping set may
map, and the user mapping sets it was built with. Nothing in it changes after it is built: requests read
``app.state.snapshot`` once and see one consistent state, and a change (a user mapping set stored or removed,
a SPARQL Update where the service allows them) builds the next snapshot beside it and publishes it in one
assignment. The store itself is not a cache: the embedded one counts its triples per update already.

User mappings never enter the regime graph. They are layered over the graph's gap index: their links are added
(``asserted_by`` the user set's IRI, ``mapping_sets`` its id), and derivation (app.graph.derive) runs again
over the graph's asserted mappings and the user's, so a derived mapping may pass through a user mapping (then
it names the user sets it rests on) and the graph's own derived mappings are those the composition gives with
the user's in play. Without user sets the index is the graph's, as loaded.

On a remote store several workers or replicas share the sets: each checks the sets' records every
``WATCH_SECONDS`` and rebuilds when another one changed them.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from app.analysis.gap_index import GapIndex, Link
from app.analysis.service import Analysis
from app.core.settings import Settings
from app.crosswalk.catalogue import Catalogue
from app.graph import derive
from app.graph.store import GraphStore
from app.inventory.mapping_sets import (
    MappingSets,
    SetRecord,
    UserMapping,
    items_store,
    open_mapping_sets,
    set_iri,
)

log = logging.getLogger(__name__)
WATCH_SECONDS = 2.0


@dataclass(frozen=True)
class Snapshot:
    """Everything built from the graph and the user mapping sets, at one moment; only ever read."""

    version: int
    catalogue: Catalogue
    analysis: Analysis
    items: pyoxigraph.Store
    """The items a user mapping set may map (what the SSSOM importer checks rows against)."""
    mapping_sets: tuple[SetRecord, ...]
    user_mappings: tuple[UserMapping, ...]

    @property
    def fingerprint(self) -> tuple[tuple[str, str], ...]:
        """What identifies the user sets it was built with: each set's id and when it was stored."""
        return tuple((r.id, r.modified) for r in self.mapping_sets)


@dataclass(frozen=True)
class _Graph:
    """What is read from the regime graph alone, kept between rebuilds that only the user sets cause."""

    analysis: Analysis
    items: pyoxigraph.Store
    regime_of: dict[str, str]
    edges: list[derive.Edge]


class Snapshots:
    """Builds snapshots and publishes the current one; one rebuild at a time."""

    def __init__(
        self,
        store: GraphStore,
        root: Path,
        base_iri: str,
        sets: MappingSets,
        publish: Callable[[Snapshot], None] = lambda _: None,
    ) -> None:
        self.store, self.root, self.base_iri, self.sets, self.publish = store, root, base_iri, sets, publish
        self.current: Snapshot | None = None
        self._graph: _Graph | None = None
        self._updated = False  # the graph changed since it was loaded (a SPARQL Update)
        self._lock = threading.Lock()
        self._version = 0
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    @classmethod
    def open(
        cls, settings: Settings, store: GraphStore, root: Path, publish: Callable[[Snapshot], None]
    ) -> Snapshots:
        """Open the user sets where the settings keep them, build the first snapshot, and on a remote store
        start watching for changes made by other workers."""
        sets, _ = open_mapping_sets(settings, store if settings.store else None, root)
        snapshots = cls(store, root, settings.base_iri, sets, publish)
        snapshots.rebuild(graph_changed=True)
        if settings.store:
            snapshots.watch(WATCH_SECONDS)
        return snapshots

    def rebuild(self, graph_changed: bool = False) -> Snapshot:
        """Build the next snapshot from the store and the user sets, publish it and return it.

        ``graph_changed``: read the regime graph again too (at start, after a SPARQL Update); otherwise only
        the user sets are read again and layered over what the graph gave last time. Once the graph changed
        after it was loaded, the derived mappings stored with it are stale: they are composed again.
        """
        with self._lock:
            if graph_changed or self._graph is None:
                self._updated = self._graph is not None
                self._graph = _read_graph(self.store, self.root)
            graph = self._graph
            records = tuple(self.sets.records())
            user = tuple(self.sets.mappings()) if records else ()
            analysis = graph.analysis
            if user or self._updated:
                index = with_user_mappings(graph.analysis.index, graph.edges, graph.regime_of, user)
                analysis = Analysis(index, graph.analysis.validator)
            self._version += 1
            snapshot = Snapshot(
                self._version,
                Catalogue(self.store, self.root, self.base_iri),
                analysis,
                graph.items,
                records,
                user,
            )
            self.current = snapshot
            self.publish(snapshot)
            return snapshot

    def watch(self, seconds: float) -> None:
        """Every ``seconds``: rebuild if the stored sets' records differ from the current snapshot's."""

        def loop() -> None:
            while not self._stop.wait(seconds):
                try:
                    seen = tuple((r.id, r.modified) for r in self.sets.records())
                    if self.current is None or seen != self.current.fingerprint:
                        self.rebuild()
                except Exception:  # a store that is down now may answer next time
                    log.warning("checking the user mapping sets failed", exc_info=True)

        self._watcher = threading.Thread(target=loop, name="mapping-set-watch", daemon=True)
        self._watcher.start()

    def close(self) -> None:
        """Stop watching."""
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=5)


def _read_graph(store: GraphStore, root: Path) -> _Graph:
    items, regime_of = items_store(store, root)
    return _Graph(Analysis.build(store, root), items, regime_of, derive.asserted_edges(store, root)[0])


def with_user_mappings(
    index: GapIndex, edges: list[derive.Edge], regime_of: dict[str, str], user: tuple[UserMapping, ...]
) -> GapIndex:
    """A new gap index: ``index``'s links with the user mappings added (if any), and derived mappings composed
    again over the graph's asserted mappings and the user's (``index`` itself is left as it is)."""
    agent = next(
        (
            link.agent
            for by in index.links.values()
            for found in by.values()
            for link in found
            if link.derived
        ),
        derive.DERIVATION_AGENT,
    )
    links: dict[str, dict[str, list[Link]]] = {}
    for target, by_source in index.links.items():
        for source, found in by_source.items():
            kept = [link for link in found if not link.derived]
            if kept:
                links.setdefault(target, {})[source] = kept
    set_of = {m.mapping: m.set_id for m in user}
    for m in user:
        _add(
            links,
            Link(
                m.mapping, m.subject, m.relationship, m.confidence, False, set_iri(m.set_id), (), (m.set_id,)
            ),
            m.object,
        )
    user_edges = [derive.Edge(m.mapping, m.subject, m.object, m.relationship, m.confidence) for m in user]
    for d in derive.derive(sorted([*edges, *user_edges], key=lambda e: e.mapping), regime_of):
        sets = tuple(sorted({set_of[e.mapping] for e in d.path if e.mapping in set_of}))
        confidence = derive.written_confidence(d.confidence)  # as app.graph.derive writes it into the graph
        via = tuple(e.object for e in d.path[:-1])
        _add(links, Link(d.iri, d.subject, d.relationship, confidence, True, agent, via, sets), d.object)
    layered = dataclasses.replace(index, links=links)
    layered.index_reach()
    return layered


def _add(links: dict[str, dict[str, list[Link]]], link: Link, target: str) -> None:
    """Index a mapping from both of its ends, as GapIndex.build does."""
    links.setdefault(target, {}).setdefault(link.source, []).append(link)
    back = dataclasses.replace(
        link, source=target, relationship=derive.INVERSE[link.relationship], via=link.via[::-1]
    )
    links.setdefault(link.source, {}).setdefault(target, []).append(back)
