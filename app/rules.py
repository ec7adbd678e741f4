"""Classification and applicability rules held as data (data/rules/), matched against a description.

The rules are read once, by one generic query (queries/rules.rq); matching is the same code for every
regime: within one condition the values are alternatives, and every condition a rule has must hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from app.queries import SelectSource, load_query, run_select, term_text
from app.systems import SystemDescription

ID = "https://w3id.org/ai-crosswalk/id/"
CONDITIONS = ("purposes", "capabilities", "sectors", "markets", "roles", "tiers")


def code(iri: str) -> str:
    """The vocabulary code at the end of a term's IRI."""
    return iri.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Rule:
    """One rule: what it concludes (a tier, or requirements) and the conditions under which it does."""

    iri: str
    kind: str
    regime: str
    label: str
    bases: tuple[str, ...]
    tier: str = ""
    fallback: bool = False
    requirements: tuple[str, ...] = ()
    conditions: dict[str, frozenset[str]] = field(default_factory=dict)

    def matches(self, facts: dict[str, frozenset[str]]) -> bool:
        """True when, for every condition the rule has, the description holds one of its values."""
        return all(facts.get(name, frozenset()) & wanted for name, wanted in self.conditions.items())

    def matched(self, facts: dict[str, frozenset[str]]) -> dict[str, list[str]]:
        """Which of the description's values satisfied each condition: the reason a report shows."""
        return {
            name: sorted(facts.get(name, frozenset()) & wanted) for name, wanted in self.conditions.items()
        }


def load_rules(store: pyoxigraph.Store | SelectSource, root: Path) -> list[Rule]:
    """Read every rule from the graph."""
    _, rows = run_select(store, load_query("rules", root))
    rules = []
    for row in rows:
        conditions = {
            name: frozenset(code(v) for v in term_text(row.get(name)).split())
            for name in CONDITIONS
            if term_text(row.get(name))
        }
        rules.append(
            Rule(
                iri=term_text(row.get("rule")),
                kind=term_text(row.get("kind")),
                regime=term_text(row.get("regimeKey")),
                label=term_text(row.get("label")),
                bases=tuple(sorted(term_text(row.get("bases")).split())),
                tier=code(term_text(row.get("tier"))) if row.get("tier") else "",
                fallback=term_text(row.get("fallback")) == "true",
                requirements=tuple(term_text(row.get("requirements")).split()),
                conditions=conditions,
            )
        )
    return rules


def facts(system: SystemDescription, close_roles: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """The description's codes as rule conditions read them, roles widened by their close matches."""
    roles = set(system.roles)
    for role in system.roles:
        roles |= close_roles.get(role, frozenset())
    return {
        "purposes": system.purposes,
        "capabilities": system.capabilities,
        "sectors": system.sectors,
        "markets": system.markets,
        "roles": frozenset(roles),
    }


def classify(rules: Iterable[Rule], known: dict[str, frozenset[str]]) -> list[Rule]:
    """The classification rules that fire; a fallback fires only where no other rule of its regime did."""
    candidates = [r for r in rules if r.kind == "classification"]
    fired = [r for r in candidates if not r.fallback and r.matches(known)]
    regimes = {r.regime for r in fired}
    fired += [r for r in candidates if r.fallback and r.regime not in regimes and r.matches(known)]
    return fired


def applicable(rules: Iterable[Rule], known: dict[str, frozenset[str]], tiers: frozenset[str]) -> list[Rule]:
    """The applicability rules that fire for a description already placed in ``tiers``."""
    with_tiers = {**known, "tiers": tiers}
    return [r for r in rules if r.kind == "applicability" and r.matches(with_tiers)]
