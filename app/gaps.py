"""Gap analysis: which requirements apply to a described system, and which its measures meet, and why.

Everything that does not depend on the system (rules, provisions, their hierarchy, every mapping asserted or
derived) is indexed once at load (GapIndex); one analysis is then look-ups over that index.

A requirement R is **met** when an implemented measure addresses R, a provision containing R, or a provision
P whose mapping to R (or to a provision containing R) says P equals or is a superset of it; **partial** when
only a partial measure, a part of R, or a subset/intersects mapping reaches it; **unmet** otherwise.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph

from app.derive import INVERSE
from app.identifiers import short_id
from app.queries import SelectSource, load_query, run_select, term_text
from app.rules import Rule, applicable, classify, exclusions, facts, load_rules
from app.systems import Measure, SystemDescription
from app.versions import ApplicationDate, Timeline, Version, version_record

ID = "https://w3id.org/ai-crosswalk/id/"
FULL = {"equal", "supersetOf"}
PART = {"subsetOf", "intersectsWith"}
RANK = {"met": 2, "partial": 1, "unmet": 0}


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
    confidence: Decimal
    derived: bool
    agent: str
    via: tuple[str, ...]


@dataclass
class GapIndex:
    """Rules, provisions, hierarchy and mappings, indexed once for every analysis."""

    rules: list[Rule]
    items: dict[str, Item]
    timeline: Timeline = field(default_factory=Timeline)
    # mapping -> what a later version changed on one of its sides ("eu-ai-act:Article-4 reworded in ...")
    drift: dict[str, str] = field(default_factory=dict)
    # target provision -> source provision -> the mappings between them, read from the source's side
    links: dict[str, dict[str, list[Link]]] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    ancestry: dict[str, tuple[str, ...]] = field(default_factory=dict)
    reach: dict[str, frozenset[str]] = field(default_factory=dict)

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
                confidence=Decimal(term_text(row.get("confidence"))),
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
        targets: dict[str, set[str]] = defaultdict(set)
        for target, by_source in index.links.items():
            for source, found in by_source.items():
                if any(link.relationship != "notRelated" for link in found):
                    targets[source].add(target)
        index.reach = {iri: index._reached(iri, targets.get(iri, set())) for iri in items}
        return index

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


# Case codes of the application-case vocabulary a system is in, by tier.
ROUTES = {
    "eu-high-risk-annex-iii": "annex-iii",
    "eu-annex-iii-not-high-risk": "annex-iii",
    "eu-high-risk-annex-i": "annex-i",
}
PUBLIC_USE = {"public-authority", "union-body"}


def analyse(index: GapIndex, system: SystemDescription, as_of: date | None = None) -> dict[str, Any]:
    """Classify the system in every regime, list the requirements that apply, and give each a verdict, all as
    the law stood on ``as_of`` (the version of each regime in force that day, with that version's dates)."""
    as_of = as_of or date.today()
    timeline = index.timeline
    regimes = {rule.regime for rule in index.rules}
    in_force = {regime: timeline.as_of(regime, as_of) for regime in regimes}
    rules = [r for r in index.rules if timeline.valid_in(r.introduced_in, r.removed_in, in_force[r.regime])]
    known = facts(system)
    placed = system.placed_on_market
    fired = classify(rules, known, placed)
    tiers = frozenset(r.tier for r in fired)
    classification: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for rule in fired:
        tier = index.items.get(f"{ID}vocab/risk-tier/{rule.tier}")
        entry = classification[rule.regime].setdefault(
            rule.tier,
            {"tier": rule.tier, "label": tier.label if tier else rule.tier, "basis": [], "because": {}},
        )
        entry["basis"] += [ref for b in rule.bases if (ref := _ref(index, b)) not in entry["basis"]]
        for name, values in rule.matched(known).items():
            entry["because"][name] = sorted(set(entry["because"].get(name, [])) | set(values))
    excluded = exclusions(rules, known, tiers, placed)
    reasons: dict[str, list[Rule]] = defaultdict(list)
    for rule in applicable(rules, known, tiers, placed):
        for requirement in rule.requirements:
            if timeline.exists(requirement, in_force[rule.regime]) and not _excluded(
                rule, requirement, excluded
            ):
                reasons[requirement].append(rule)
    cases = frozenset(
        {ROUTES[t] for t in tiers if t in ROUTES}
        | (
            {"public-authority-use"}
            if system.entity_types & PUBLIC_USE or "intended-for-public-authorities" in system.circumstances
            else set()
        )
        | ({"already-placed"} if placed else set())
        | ({"annex-x-component"} if "annex-x-large-scale-it" in system.circumstances else set())
    )
    measures = [(m, index.reached_by(m)) for m in system.measures]
    requirements = [
        _verdict(
            index,
            iri,
            rules,
            measures,
            as_of,
            in_force.get(index.items[iri].regime if iri in index.items else ""),
            cases,
            placed,
        )
        for iri, rules in reasons.items()
    ]
    requirements.sort(key=lambda r: (r["regime"], _sort_key(r["notation"])))
    return {
        "system": {"id": system.id, "name": system.name},
        "as_of": as_of.isoformat(),
        "versions": {
            regime: version_record(version) for regime, version in sorted(in_force.items()) if version
        },
        "classification": {regime: list(tiers.values()) for regime, tiers in sorted(classification.items())},
        "exclusions": [
            {
                "regime": rule.regime,
                "rule": rule.label,
                "basis": [_ref(index, b) for b in rule.bases],
                "scope": "requirements" if rule.excludes else "regime",
                "requirements": [short_id(r) for r in rule.excludes],
                "keeps": [short_id(r) for r in rule.keeps],
            }
            for rule in sorted(excluded, key=lambda r: r.iri)
        ],
        "requirements": requirements,
        "summary": _summary(requirements),
    }


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


def _date_ref(statement: ApplicationDate | None) -> dict[str, Any] | None:
    if statement is None:
        return None
    return {
        "date": statement.date.isoformat(),
        "basis": statement.basis,
        "basis_act": statement.basis_act or None,
        "case": statement.case or None,
        "inferred": statement.inferred,
        "note": statement.note or None,
    }


def _verdict(
    index: GapIndex,
    iri: str,
    rules: list[Rule],
    measures: list[tuple[Measure, frozenset[str]]],
    as_of: date,
    version: Version | None,
    cases: frozenset[str],
    placed: date | None,
) -> dict[str, Any]:
    """One applicable requirement: why it applies, from when, and what (if anything) meets it."""
    item = index.items.get(iri) or Item(iri, short_id(iri), short_id(iri))
    containing = [iri, *index.ancestors(iri)]  # the requirement and the provisions that contain it
    when = index.timeline.applies_from(containing, version, cases, placed)
    wording = index.timeline.wording(iri, version)
    parts = index.descendants(iri)
    evidence = sorted(
        (e for m, reach in measures if iri in reach for e in _evidence(index, iri, containing, parts, m)),
        key=lambda e: (-RANK[e["credit"]], -e.get("confidence", 1.0), e["measure"], e["addresses"], e["how"]),
    )
    status = max((e["credit"] for e in evidence), key=RANK.__getitem__, default="unmet")
    return {
        "id": short_id(iri),
        "iri": iri,
        "regime": item.regime,
        "notation": item.notation,
        "label": (wording[0] if wording and wording[0] else item.label),
        "status": status,
        "applies_from": when.date.isoformat() if when else None,
        "applies_from_basis": _date_ref(when),
        "in_force": when is None or when.date <= as_of,
        "applies_because": [
            {"rule": r.label, "basis": [_ref(index, b) for b in r.bases]}
            for r in sorted(rules, key=lambda r: r.iri)
        ],
        "evidence": evidence,
    }


def _evidence(
    index: GapIndex, requirement: str, containing: list[str], parts: list[str], measure: Measure
) -> list[dict[str, Any]]:
    """Every way one measure reaches a requirement, each with the credit it gives."""
    if measure.status == "planned":
        credit_full = credit_part = "unmet"
    else:
        credit_full = "met" if measure.status == "implemented" else "partial"
        credit_part = "partial"
    found: list[dict[str, Any]] = []
    base = {"measure": measure.id, "measure_status": measure.status, "evidence": measure.evidence}
    for addressed in measure.addresses:
        if addressed in containing:
            how = (
                "addresses it"
                if addressed == requirement
                else f"addresses {short_id(addressed)}, which contains it"
            )
            found.append({**base, "credit": credit_full, "addresses": short_id(addressed), "how": how})
        elif requirement in index.ancestors(addressed):
            found.append(
                {
                    **base,
                    "credit": credit_part,
                    "addresses": short_id(addressed),
                    "how": "addresses a part of it",
                }
            )
    for target in containing + parts:
        by_source = index.links.get(target)
        if by_source is None:
            continue
        for link in (link for a in measure.addresses for link in by_source.get(a, ())):
            if link.relationship == "notRelated":
                continue
            credit = credit_full if link.relationship in FULL and target in containing else credit_part
            found.append(
                {
                    **base,
                    "credit": credit,
                    "addresses": short_id(link.source),
                    "how": f"{short_id(link.source)} {link.relationship} {short_id(target)}",
                    "mapping": link.mapping,
                    "relationship": link.relationship,
                    "derived": link.derived,
                    "path": [short_id(v) for v in link.via],
                    "confidence": float(link.confidence),
                    "asserted_by": link.agent,
                    "drift": index.drift.get(link.mapping),
                }
            )
    return found


def _ref(index: GapIndex, iri: str) -> dict[str, str]:
    item = index.items.get(iri)
    return {"id": short_id(iri), "notation": item.notation if item else short_id(iri)}


def _summary(requirements: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Per regime: how many requirements apply, how many are met, partial or unmet, how many are in force."""
    summary: dict[str, dict[str, int]] = {}
    for r in requirements:
        counts = summary.setdefault(
            r["regime"], {"applicable": 0, "met": 0, "partial": 0, "unmet": 0, "in_force": 0}
        )
        counts["applicable"] += 1
        counts[r["status"]] += 1
        counts["in_force"] += int(r["in_force"])
    return dict(sorted(summary.items()))


@lru_cache(maxsize=8192)
def _sort_key(notation: str) -> tuple[Any, ...]:
    """Order references as a reader expects: Article 2 before Article 10."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", notation))
