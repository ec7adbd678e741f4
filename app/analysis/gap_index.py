"""The gap-analysis index: everything an analysis needs that does not depend on the system, read once at load.

Rules, provisions and their hierarchy, every mapping asserted or derived (read from both sides), the drift of
the mappings a later version overtook, and the regimes' versions and dates (app.crosswalk.versions.Timeline).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import pyoxigraph

from app.analysis.description_model import Measure
from app.analysis.report import RequirementVerdict
from app.analysis.rules import Rule, RuleIndex, load_rules
from app.core.identifiers import short_id
from app.crosswalk.versions import ApplicationDate, Timeline, Version
from app.graph.derive import INVERSE, confidence_of
from app.graph.queries import SelectSource, load_query, run_select, term_text

MAX_RULE_INDEXES = 4096
K = TypeVar("K")
V = TypeVar("V")


def remember(memo: dict[K, V], key: K, value: V, limit: int) -> V:
    """Keep ``value`` under ``key`` in one of the index's memos, which holds at most ``limit`` entries (all
    forgotten at once when full: they are worked out again on demand)."""
    if len(memo) >= limit:
        memo.clear()
    memo[key] = value
    return value


@dataclass(frozen=True)
class Item:
    """What a report says about a provision, a tier or a role."""

    iri: str
    notation: str
    label: str
    regime: str = ""
    parent: str = ""


@dataclass(frozen=True)
class Link:
    """A mapping read from ``source``'s side towards a target provision."""

    mapping: str
    source: str
    relationship: str
    confidence: Decimal | None  # None: the asserter stated none (app/graph/derive.py)
    derived: bool
    agent: str
    via: tuple[str, ...]
    mapping_sets: tuple[str, ...] = ()  # the user mapping sets the mapping rests on


@dataclass
class GapIndex:
    """Rules, provisions, hierarchy and mappings, indexed once for every analysis."""

    rules: list[Rule]
    items: dict[str, Item]
    timeline: Timeline = field(default_factory=Timeline)
    # mapping -> what a later version changed on one of its sides ("eu-ai-act:Article-4 reworded in ...")
    drift: dict[str, str] = field(default_factory=dict)
    # provision a standardisation item serves -> (a harmonised standard gives presumption of conformity, why)
    presumption: dict[str, tuple[bool, str]] = field(default_factory=dict)
    # target provision -> source provision -> the mappings between them, read from the source's side
    links: dict[str, dict[str, list[Link]]] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    ancestry: dict[str, tuple[str, ...]] = field(default_factory=dict)
    reach: dict[str, frozenset[str]] = field(default_factory=dict)
    # the rules of one combination of versions in force, by market (memoised: a handful of combinations exist)
    _rule_sets: dict[tuple[str, ...], dict[str, list[Rule]]] = field(default_factory=dict)
    # those rules for one set of markets, indexed (app.analysis.rules.RuleIndex): a few hundred sets are used
    _rule_indexes: dict[tuple[tuple[str, ...], frozenset[str]], RuleIndex] = field(default_factory=dict)
    # requirements' verdicts before any measure, by all they depend on (app.analysis.gaps): across a portfolio
    # the same requirement applies for the same reasons again and again. None of it depends on the links, so
    # an index layered with user mappings (app.inventory.snapshot) shares it.
    unmet: dict[tuple[object, ...], RequirementVerdict] = field(default_factory=dict)
    # the dated statement governing a requirement, by version, cases and placing date (analysis.obligations)
    dates: dict[tuple[object, ...], ApplicationDate | None] = field(default_factory=dict)

    def rules_in(self, versions: dict[str, Version | None], markets: frozenset[str]) -> RuleIndex:
        """The rules of the regimes in ``versions`` that hold in those versions and can fire for a system on
        ``markets`` (a rule that names markets needs one of them; the others always can)."""
        key = tuple(sorted(f"{r}={v.iri if v else ''}" for r, v in versions.items()))
        chosen = self._rule_indexes.get((key, markets))
        if chosen is not None:
            return chosen
        by_market = self._rule_sets.get(key)
        if by_market is None:
            valid = [
                r for r in self.rules
                if r.regime in versions
                and self.timeline.valid_in(r.introduced_in, r.removed_in, versions.get(r.regime))
            ]  # fmt: skip
            by_market = {"": [r for r in valid if "markets" not in r.conditions]}
            for rule in valid:
                for market in rule.conditions.get("markets", ()):
                    by_market.setdefault(market, []).append(rule)
            self._rule_sets[key] = by_market
        on_markets = {id(r): r for m in sorted(markets) for r in by_market.get(m, [])}
        chosen = RuleIndex(by_market[""] + list(on_markets.values()))
        return remember(self._rule_indexes, (key, markets), chosen, MAX_RULE_INDEXES)

    @classmethod
    def build(cls, store: pyoxigraph.Store | SelectSource, root: Path) -> GapIndex:
        """Read the graph once (derived mappings included) into the index."""
        _, rows = run_select(store, load_query("gap-index", root))
        items: dict[str, Item] = {}
        for row in rows:
            iri = term_text(row.get("item"))
            items.setdefault(
                iri,
                Item(
                    iri=iri,
                    notation=term_text(row.get("notation")),
                    label=term_text(row.get("label")),
                    regime=term_text(row.get("regimeKey")),
                    parent=term_text(row.get("parent")),
                ),
            )
        index = cls(load_rules(store, root), items, Timeline.build(store, root))
        _, rows = run_select(store, load_query("mapping-links", root))
        links: dict[str, dict[str, list[Link]]] = defaultdict(dict)
        for row in rows:
            subject, obj = term_text(row.get("subject")), term_text(row.get("object"))
            relationship = term_text(row.get("relationship"))
            link = Link(
                mapping=term_text(row.get("mapping")),
                source=subject,
                relationship=relationship,
                confidence=confidence_of(term_text(row.get("confidence"))),
                derived=term_text(row.get("derived")) == "true",
                agent=term_text(row.get("agent")),
                via=tuple(term_text(row.get("vias")).split()),
            )
            links[obj].setdefault(subject, []).append(link)
            back = Link(
                link.mapping,
                obj,
                INVERSE[relationship],
                link.confidence,
                link.derived,
                link.agent,
                link.via[::-1],
            )
            links[subject].setdefault(obj, []).append(back)
        index.links = dict(links)
        index.presumption = _presumptions(store, root, items)
        _, rows = run_select(store, load_query("mapping-drift", root))
        for row in rows:
            changed = index.timeline.by_iri.get(term_text(row.get("changedIn")))
            index.drift.setdefault(
                term_text(row.get("mapping")),
                f"{short_id(term_text(row.get('item')))} {term_text(row.get('change'))} in "
                f"{changed.label if changed else short_id(term_text(row.get('changedIn')))}",
            )
        children: dict[str, list[str]] = defaultdict(list)
        for item in items.values():
            if item.parent:
                children[item.parent].append(item.iri)
        index.children = dict(children)
        index.ancestry = {iri: index._containing(iri) for iri in items}
        index.index_reach()
        return index

    def index_reach(self) -> None:
        """Work out ``reach`` from ``links`` again (at build, and when the links change: the snapshot)."""
        targets: dict[str, set[str]] = defaultdict(set)
        for target, by_source in self.links.items():
            for source, found in by_source.items():
                if any(link.relationship != "notRelated" for link in found):
                    targets[source].add(target)
        self.reach = {iri: self._reached(iri, targets.get(iri, set())) for iri in self.items}

    def _reached(self, addressed: str, targets: set[str]) -> frozenset[str]:
        """Every requirement a measure addressing ``addressed`` can give evidence for: the provisions it or a
        mapping target of it contains, or is contained in (what _evidence checks, as a set)."""
        out: set[str] = set()
        for provision in (addressed, *targets):
            out.add(provision)
            out.update(self.descendants(provision))
            out.update(self.ancestors(provision))
        return frozenset(out)

    def reached_by(self, measure: Measure) -> frozenset[str]:
        """The requirements a measure can give evidence for: only these need _evidence's closer look."""
        return frozenset().union(*(self.reach.get(a) or self._reached(a, set()) for a in measure.addresses))

    def label(self, iri: str, version: Version | None) -> str:
        """The provision's label as ``version`` words it (where a version retitled it), else its own."""
        wording = self.timeline.wording(iri, version)
        if wording and wording[0]:
            return wording[0]
        item = self.items.get(iri)
        return item.label if item else short_id(iri)

    def descendants(self, iri: str) -> list[str]:
        """The provisions contained in ``iri`` (its paragraphs, points, sub-items), at any depth."""
        out, todo = [], list(self.children.get(iri, []))
        while todo:
            child = todo.pop()
            out.append(child)
            todo.extend(self.children.get(child, []))
        return out

    def ancestors(self, iri: str) -> tuple[str, ...]:
        """The provisions containing ``iri``, nearest first (worked out once per provision, at build)."""
        known = self.ancestry.get(iri)
        return known if known is not None else self._containing(iri)

    def _containing(self, iri: str) -> tuple[str, ...]:
        out, item = [], self.items.get(iri)
        while item is not None and item.parent and item.parent not in out:
            out.append(item.parent)
            item = self.items.get(item.parent)
        return tuple(out)


def _presumptions(
    store: pyoxigraph.Store | SelectSource, root: Path, items: dict[str, Item]
) -> dict[str, tuple[bool, str]]:
    """For each AI Act provision a standardisation item serves: whether a harmonised standard cited in the
    Official Journal gives a presumption of conformity with it (Article 40(1)), and the sentence why."""
    from app.crosswalk.standards import standards_gaps

    by_notation = {item.notation: iri for iri, item in items.items() if item.regime == "eu-ai-act"}
    out: dict[str, tuple[bool, str]] = {}
    for coverage in standards_gaps(store, root):
        for notation in filter(None, (n.strip() for n in coverage.serves.split(","))):
            iri = by_notation.get(notation)
            if iri is not None and not out.get(iri, (False, ""))[0]:
                out[iri] = (coverage.presumption_of_conformity, coverage.presumption_note)
    return out
