"""Classification, applicability and exclusion rules held as data (data/rules/), matched against systems.

The rules are read once, by one generic query (queries/rules.rq); matching is the same code for every
regime: within one condition the values are alternatives, every condition a rule has must hold, every value
of a conjunction ("all", cw:ifAll) must be in the description, and no counter-condition ("unless") may hold.
A rule may belong to some versions of its regime only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph

from app.analysis.description_model import SystemDescription
from app.graph.queries import SelectSource, load_query, run_select, term_text

Facts = dict[str, frozenset[str]]


def code(iri: str) -> str:
    """The vocabulary code at the end of a term's IRI."""
    return iri.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Rule:
    """One rule: what it concludes (a tier, requirements, or an exclusion) and when it does."""

    iri: str
    kind: str
    regime: str
    label: str
    bases: tuple[str, ...]
    tier: str = ""
    fallback: bool = False
    requirements: tuple[str, ...] = ()
    conditions: Facts = field(default_factory=dict)
    unless: Facts = field(default_factory=dict)
    all_of: Facts = field(default_factory=dict)
    placed_before: date | None = None
    unless_placed_before: date | None = None
    introduced_in: str = ""
    removed_in: str = ""
    excludes: tuple[str, ...] = ()
    keeps: tuple[str, ...] = ()

    def matches(self, facts: Facts, placed: date | None = None) -> bool:
        """True when every condition holds (one of its values is in the description), every value of a
        conjunction is in the description and no counter-condition holds; a cut-off date holds only for a
        system known to be placed on the market before it."""
        if not all(facts.get(name, frozenset()) & wanted for name, wanted in self.conditions.items()):
            return False
        if not all(wanted <= facts.get(name, frozenset()) for name, wanted in self.all_of.items()):
            return False
        if any(facts.get(name, frozenset()) & unwanted for name, unwanted in self.unless.items()):
            return False
        if self.placed_before and not (placed and placed < self.placed_before):
            return False
        return not (self.unless_placed_before and placed and placed < self.unless_placed_before)

    def matched(self, facts: Facts) -> dict[str, list[str]]:
        """Which of the description's values satisfied each condition (and conjunction): the reason a report
        shows."""
        out: dict[str, set[str]] = {}
        for conditions in (self.conditions, self.all_of):
            for name, wanted in conditions.items():
                out.setdefault(name, set()).update(facts.get(name, frozenset()) & wanted)
        return {name: sorted(values) for name, values in out.items()}

    def gate(self) -> tuple[str, frozenset[str]] | None:
        """A field and codes one of which every description this rule matches has in that field: a code of a
        conjunction, else the narrowest condition (markets last: the rules are already chosen by market);
        None for a rule without either."""
        if self.all_of:
            name, wanted = min(self.all_of.items(), key=lambda kv: (len(kv[1]), kv[0]))
            return name, frozenset([min(wanted)])
        if not self.conditions:
            return None
        return min(self.conditions.items(), key=lambda kv: (kv[0] == "markets", len(kv[1]), kv[0]))


class RuleIndex:
    """Rules in their order, each filed under the codes of its gate: a description can match only the rules
    filed under one of its codes or under none, so only those are matched (a fifth of them, not all)."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self.ungated: list[int] = []
        self.gates: dict[tuple[str, str], list[int]] = {}
        for position, rule in enumerate(self.rules):
            gate = rule.gate()
            if gate is None:
                self.ungated.append(position)
                continue
            name, codes = gate
            for value in codes:
                self.gates.setdefault((name, value), []).append(position)

    def candidates(self, facts: Facts) -> list[Rule]:
        """The rules that can match ``facts``, in their order (a superset of those that do)."""
        found = set(self.ungated)
        for name, values in facts.items():
            for value in values:
                found.update(self.gates.get((name, value), ()))
        return [self.rules[position] for position in sorted(found)]


def _pairs(text: str) -> Facts:
    """'name=iri name=iri' (as rules.rq concatenates them) as condition name -> codes."""
    out: dict[str, set[str]] = {}
    for pair in text.split():
        name, _, value = pair.partition("=")
        out.setdefault(name, set()).add(code(value))
    return {name: frozenset(values) for name, values in out.items()}


# The description field a conjunction's value is read from, by the vocabulary scheme in its IRI
# (https://w3id.org/ai-crosswalk/id/vocab/<scheme>/<code>): cw:ifAll takes values of any scheme.
SCHEME_FIELDS = {
    "purpose": "purposes",
    "capability": "capabilities",
    "sector": "sectors",
    "jurisdiction": "markets",
    "role": "roles",
    "risk-tier": "tiers",
    "entity-type": "entity_types",
    "conformity-assessment": "conformity",
    "licence": "licences",
    "circumstance": "circumstances",
}


def _all_of(text: str) -> Facts:
    """Space-separated concept IRIs (cw:ifAll) as field -> codes that must all be in the description."""
    out: dict[str, set[str]] = {}
    for iri in text.split():
        scheme = iri.rsplit("/", 2)[-2]
        out.setdefault(SCHEME_FIELDS[scheme], set()).add(code(iri))
    return {name: frozenset(values) for name, values in out.items()}


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def load_rules(store: pyoxigraph.Store | SelectSource, root: Path) -> list[Rule]:
    """Read every rule from the graph."""
    _, rows = run_select(store, load_query("rules", root))
    return [
        Rule(
            iri=term_text(row.get("rule")),
            kind=term_text(row.get("kind")),
            regime=term_text(row.get("regimeKey")),
            label=term_text(row.get("label")),
            bases=tuple(sorted(term_text(row.get("bases")).split())),
            tier=code(term_text(row.get("tier"))) if row.get("tier") else "",
            fallback=term_text(row.get("fallback")) == "true",
            requirements=tuple(term_text(row.get("requirements")).split()),
            conditions=_pairs(term_text(row.get("conditions"))),
            unless=_pairs(term_text(row.get("unless"))),
            all_of=_all_of(term_text(row.get("allOf"))),
            placed_before=_date(term_text(row.get("placedBefore"))),
            unless_placed_before=_date(term_text(row.get("unlessPlacedBefore"))),
            introduced_in=term_text(row.get("introducedIn")),
            removed_in=term_text(row.get("removedIn")),
            excludes=tuple(term_text(row.get("excludes")).split()),
            keeps=tuple(term_text(row.get("keeps")).split()),
        )
        for row in rows
    ]


def facts(system: SystemDescription) -> Facts:
    """The description's codes as rule conditions read them. Roles are taken as stated: no regime makes an EU
    provider a Japanese AI developer, so a description names each regime's roles itself."""
    return {
        "purposes": system.purposes,
        "capabilities": system.capabilities,
        "sectors": system.sectors,
        "markets": system.markets,
        "roles": system.roles,
        "entity_types": system.entity_types,
        "conformity": system.conformity,
        "licences": system.licences,
        "circumstances": system.circumstances,
    }


def classify(rules: Iterable[Rule], known: Facts, placed: date | None = None) -> list[Rule]:
    """The classification rules that fire; a fallback fires only where no other rule of its regime did."""
    candidates = [r for r in rules if r.kind == "classification"]
    fired = [r for r in candidates if not r.fallback and r.matches(known, placed)]
    regimes = {r.regime for r in fired}
    fired += [r for r in candidates if r.fallback and r.regime not in regimes and r.matches(known, placed)]
    return fired


def applicable(
    rules: Iterable[Rule], known: Facts, tiers: frozenset[str], placed: date | None = None
) -> list[Rule]:
    """The applicability rules that fire for a description already placed in ``tiers``."""
    with_tiers = {**known, "tiers": tiers}
    return [r for r in rules if r.kind == "applicability" and r.matches(with_tiers, placed)]


def exclusions(
    rules: Iterable[Rule], known: Facts, tiers: frozenset[str], placed: date | None = None
) -> list[Rule]:
    """The exclusion rules that fire: scope clauses that take the system (or some duties) out of a regime."""
    with_tiers = {**known, "tiers": tiers}
    return [r for r in rules if r.kind == "exclusion" and r.matches(with_tiers, placed)]
