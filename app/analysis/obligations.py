"""Who owes what, and from when: the requirements a system's facts make apply under the law as of a date.

The first half of a gap analysis (app.analysis.gaps adds the verdicts): the version of each regime in force,
the rules of that version that classify the system, take it (or some duties) out of a regime, and make
requirements apply, and the application cases its dates are read for. Change impact (app.analysis.changes)
compares two of these, no verdicts needed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from app.analysis.description_model import SystemDescription
from app.analysis.gap_index import GapIndex, remember
from app.analysis.rules import Facts, Rule, applicable, classify, exclusions, facts
from app.crosswalk.versions import ApplicationDate, Version

# Case codes of the application-case vocabulary a system is in, by tier.
ROUTES = {
    "eu-high-risk-annex-iii": "annex-iii",
    "eu-annex-iii-not-high-risk": "annex-iii",
    "eu-high-risk-annex-i": "annex-i",
}
PUBLIC_USE = {"public-authority", "union-body"}
MAX_DATES = 50_000
"""Application dates kept per index (forgotten all at once when full)."""


@dataclass(frozen=True)
class Obligations:
    """The law as of a date, applied to one system's facts."""

    as_of: date
    in_force: dict[str, Version | None]
    known: Facts
    fired: list[Rule]
    tiers: frozenset[str]
    excluded: list[Rule]
    reasons: dict[str, list[Rule]]
    cases: frozenset[str]
    placed: date | None

    def version_of(self, index: GapIndex, requirement: str) -> Version | None:
        item = index.items.get(requirement)
        return self.in_force.get(item.regime if item else "")

    def applies_from(self, index: GapIndex, requirement: str) -> ApplicationDate | None:
        """The dated statement that governs the requirement for this system (None: no date), worked out once
        per requirement, version, cases and placing date (``GapIndex.dates``): an impact report asks it twice
        per requirement of every system."""
        version = self.version_of(index, requirement)
        key = (requirement, version, self.cases, self.placed)
        if key in index.dates:
            return index.dates[key]
        containing = [requirement, *index.ancestors(requirement)]
        found = index.timeline.applies_from(containing, version, self.cases, self.placed)
        return remember(index.dates, key, found, MAX_DATES)


def obligations(index: GapIndex, system: SystemDescription, as_of: date) -> Obligations:
    """Classify, exclude and apply the rules of the versions in force on ``as_of`` to the system's facts."""
    timeline = index.timeline
    # A regime whose first version is not yet in force on as_of does not exist that day: none of its rules
    # hold, so none of its requirements is in the report (not even as "not yet in force").
    regimes = {rule.regime for rule in index.rules}
    in_force = {
        regime: timeline.as_of(regime, as_of) for regime in regimes if timeline.exists_on(regime, as_of)
    }
    known = facts(system)
    rules = index.rules_in(in_force, known["markets"])
    placed = system.placed_on_market
    fired = classify(rules.candidates(known), known, placed)
    tiers = frozenset(r.tier for r in fired)
    later = rules.candidates({**known, "tiers": tiers})  # exclusions and duties may turn on the tiers
    excluded = exclusions(later, known, tiers, placed)
    reasons: dict[str, list[Rule]] = defaultdict(list)
    for rule in applicable(later, known, tiers, placed):
        for requirement in rule.requirements:
            if timeline.exists(requirement, in_force[rule.regime]) and not _excluded(
                rule, requirement, excluded
            ):
                reasons[requirement].append(rule)
    public_use = system.entity_types & PUBLIC_USE or "intended-for-public-authorities" in system.circumstances
    cases = frozenset(
        {ROUTES[t] for t in tiers if t in ROUTES}
        | ({"public-authority-use"} if public_use else set())
        | ({"already-placed"} if placed else set())
        | ({"annex-x-component"} if "annex-x-large-scale-it" in system.circumstances else set())
    )
    return Obligations(as_of, in_force, known, fired, tiers, excluded, dict(reasons), cases, placed)


def _excluded(rule: Rule, requirement: str, excluded: list[Rule]) -> bool:
    """Whether an exclusion of the rule's regime removes the requirement (all but what it keeps, or named)."""
    for exclusion in excluded:
        if exclusion.regime != rule.regime:
            continue
        if exclusion.excludes:
            if requirement in exclusion.excludes:
                return True
        elif requirement not in exclusion.keeps:
            return True
    return False
