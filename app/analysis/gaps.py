"""Gap analysis: which requirements apply to a described system, and which its measures meet, and why.

Everything that does not depend on the system is indexed once at load (app.analysis.gap_index.GapIndex); who
owes what and from when is app.analysis.obligations; this module adds the verdicts. A requirement R is **met**
when an implemented measure addresses R, a provision containing R, or a provision P whose mapping to R (or to
a provision containing R) says P equals or is a superset of it; **partial** when only a partial measure, a
part of R, or a subset/intersects mapping reaches it; **unmet** otherwise.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import Any

from app.analysis.description_model import Measure, SystemDescription
from app.analysis.gap_index import GapIndex, Item, remember
from app.analysis.obligations import Obligations, obligations
from app.analysis.report import (
    AppliedDate,
    AppliesBecause,
    Evidence,
    Exclusion,
    GapReport,
    MappedEvidence,
    Presumption,
    Ref,
    RegimeCounts,
    RegimeVersion,
    RequirementVerdict,
    Status,
    SystemRef,
    TierClassification,
)
from app.analysis.rules import Rule
from app.core.identifiers import COVERING, ID, short_id
from app.crosswalk.versions import ApplicationDate, version_record

RANK = {"met": 2, "partial": 1, "unmet": 0}
MAX_UNMET = 20_000
"""Verdicts before any measure kept per index (some MB; forgotten all at once when full)."""


def analyse(index: GapIndex, system: SystemDescription, as_of: date | None = None) -> GapReport:
    """Classify the system in every regime, list the requirements that apply, and give each a verdict, all as
    the law stood on ``as_of`` (the version of each regime in force that day, with that version's dates)."""
    law = obligations(index, system, as_of or date.today())
    measures = [(m, index.reached_by(m)) for m in system.measures]
    requirements = [_verdict(index, iri, rules, measures, law) for iri, rules in law.reasons.items()]
    requirements.sort(key=lambda r: (r.regime, reading_order(r.notation)))
    return GapReport(
        system=SystemRef(system.id, system.name),
        as_of=law.as_of.isoformat(),
        versions={
            regime: RegimeVersion(**version_record(version))
            for regime, version in sorted(law.in_force.items())
            if version
        },
        classification=_classification(index, law),
        exclusions=tuple(
            Exclusion(
                regime=rule.regime,
                rule=rule.label,
                basis=tuple(_ref(index, b) for b in rule.bases),
                scope="requirements" if rule.excludes else "regime",
                requirements=tuple(short_id(r) for r in rule.excludes),
                keeps=tuple(short_id(r) for r in rule.keeps),
            )
            for rule in sorted(law.excluded, key=lambda r: r.iri)
        ),
        requirements=tuple(requirements),
        summary=_summary(requirements),
    )


def _classification(index: GapIndex, law: Obligations) -> dict[str, tuple[TierClassification, ...]]:
    """Per regime, the tiers the fired rules place the system in, each with every basis and matched code; none
    in a regime a scope clause takes the system wholly out of (Article 2(3) AI Act: "This Regulation does not
    apply"), where nothing, its classification included, applies to it."""
    bases: dict[str, dict[str, list[Ref]]] = defaultdict(dict)
    because: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(dict)
    outside = {rule.regime for rule in law.excluded if not rule.excludes and not rule.keeps}
    for rule in law.fired:
        if rule.regime in outside:
            continue
        tier_bases = bases[rule.regime].setdefault(rule.tier, [])
        tier_bases += [ref for b in rule.bases if (ref := _ref(index, b)) not in tier_bases]
        for name, values in rule.matched(law.known).items():
            because[(rule.regime, rule.tier)].setdefault(name, set()).update(values)
    return {
        regime: tuple(
            TierClassification(
                tier=tier,
                label=tier_item.label
                if (tier_item := index.items.get(f"{ID}vocab/risk-tier/{tier}"))
                else tier,
                basis=tuple(refs),
                because={k: tuple(sorted(v)) for k, v in because[(regime, tier)].items()},
            )
            for tier, refs in tiers.items()
        )
        for regime, tiers in sorted(bases.items())
    }


def _date_ref(statement: ApplicationDate | None) -> AppliedDate | None:
    if statement is None:
        return None
    return AppliedDate(
        date=statement.date.isoformat(),
        basis=statement.basis,
        basis_act=statement.basis_act or None,
        case=statement.case or None,
        inferred=statement.inferred,
        note=statement.note or None,
    )


def _verdict(
    index: GapIndex,
    iri: str,
    rules: list[Rule],
    measures: list[tuple[Measure, frozenset[str]]],
    law: Obligations,
) -> RequirementVerdict:
    """One applicable requirement: why it applies, from when, and what (if anything) meets it."""
    unmet = _unmet(index, iri, rules, law)
    reaching = [m for m, reach in measures if iri in reach]
    if not reaching:
        return unmet
    containing = [iri, *index.ancestors(iri)]  # the requirement and the provisions that contain it
    parts = index.descendants(iri)
    evidence = sorted(
        (e for m in reaching for e in _evidence(index, iri, containing, parts, m)),
        key=lambda e: (
            -RANK[e.credit],
            # direct first, then scored mappings by confidence, then mappings with none (app/graph/derive.py)
            isinstance(e, MappedEvidence) and e.confidence is None,
            -(e.confidence or 0.0 if isinstance(e, MappedEvidence) else 1.0),
            e.measure,
            e.addresses,
            e.how,
        ),
    )
    if not evidence:
        return unmet
    status: Status = max((e.credit for e in evidence), key=RANK.__getitem__)
    return replace(unmet, status=status, evidence=tuple(evidence))


def _unmet(index: GapIndex, iri: str, rules: list[Rule], law: Obligations) -> RequirementVerdict:
    """The requirement's verdict before any measure: the same for every system it applies to for the same
    reasons, in the same case, on the same day, so worked out once (``GapIndex.unmet``)."""
    version = law.version_of(index, iri)
    key = (iri, version, law.cases, law.placed, law.as_of, *(r.iri for r in rules))
    known = index.unmet.get(key)
    if known is not None:
        return known
    item = index.items.get(iri) or Item(iri, short_id(iri), short_id(iri))
    when = law.applies_from(index, iri)
    verdict = RequirementVerdict(
        id=short_id(iri),
        iri=iri,
        regime=item.regime,
        notation=item.notation,
        label=index.label(iri, version),
        status="unmet",
        applies_from=when.date.isoformat() if when else None,
        applies_from_basis=_date_ref(when),
        in_force=when is None or when.date <= law.as_of,
        applies_because=tuple(
            AppliesBecause(rule=r.label, basis=tuple(_ref(index, b) for b in r.bases))
            for r in sorted(rules, key=lambda r: r.iri)
        ),
        evidence=(),
        presumption_of_conformity=_presumption(index, [iri, *index.ancestors(iri)]),
    )
    return remember(index.unmet, key, verdict, MAX_UNMET)


def _evidence(
    index: GapIndex, requirement: str, containing: list[str], parts: list[str], measure: Measure
) -> list[Evidence | MappedEvidence]:
    """Every way one measure reaches a requirement, each with the credit it gives."""
    credit_full: Status
    credit_part: Status
    if measure.status == "planned":
        credit_full = credit_part = "unmet"
    else:
        credit_full = "met" if measure.status == "implemented" else "partial"
        credit_part = "partial"
    found: list[Evidence | MappedEvidence] = []
    who = {"measure": measure.id, "measure_status": measure.status, "evidence": measure.evidence}
    for addressed in measure.addresses:
        if addressed in containing:
            how = (
                "addresses it"
                if addressed == requirement
                else f"addresses {short_id(addressed)}, which contains it"
            )
            found.append(Evidence(**who, credit=credit_full, addresses=short_id(addressed), how=how))
        elif requirement in index.ancestors(addressed):
            found.append(
                Evidence(
                    **who, credit=credit_part, addresses=short_id(addressed), how="addresses a part of it"
                )
            )
    for target in containing + parts:
        by_source = index.links.get(target)
        if by_source is None:
            continue
        for link in (link for a in measure.addresses for link in by_source.get(a, ())):
            if link.relationship == "notRelated":
                continue
            found.append(
                MappedEvidence(
                    **who,
                    user_mapping_sets=link.mapping_sets,
                    credit=credit_full
                    if link.relationship in COVERING and target in containing
                    else credit_part,
                    addresses=short_id(link.source),
                    how=f"{short_id(link.source)} {link.relationship} {short_id(target)}"
                    + (f" (user mapping set {', '.join(link.mapping_sets)})" if link.mapping_sets else ""),
                    mapping=link.mapping,
                    relationship=link.relationship,
                    derived=link.derived,
                    path=tuple(short_id(v) for v in link.via),
                    confidence=None if link.confidence is None else float(link.confidence),
                    asserted_by=link.agent,
                    drift=index.drift.get(link.mapping),
                )
            )
    return found


def _presumption(index: GapIndex, containing: list[str]) -> Presumption | None:
    """Whether a harmonised standard gives a presumption of conformity with the requirement (or a provision
    containing it), where a standardisation item serves it; None for other requirements."""
    for provision in containing:
        if provision in index.presumption:
            available, note = index.presumption[provision]
            return Presumption(available, note)
    return None


def _ref(index: GapIndex, iri: str) -> Ref:
    item = index.items.get(iri)
    return Ref(short_id(iri), item.notation if item else short_id(iri))


def _summary(requirements: list[RequirementVerdict]) -> dict[str, RegimeCounts]:
    """Per regime: how many requirements apply, how many are met, partial or unmet, how many are in force."""
    by_regime: dict[str, list[RequirementVerdict]] = defaultdict(list)
    for r in requirements:
        by_regime[r.regime].append(r)
    summary = {}
    for regime, verdicts in sorted(by_regime.items()):
        statuses = Counter(r.status for r in verdicts)
        in_force = sum(r.in_force for r in verdicts)
        summary[regime] = RegimeCounts(
            len(verdicts), statuses["met"], statuses["partial"], statuses["unmet"], in_force
        )
    return summary


@lru_cache(maxsize=8192)
def reading_order(notation: str) -> tuple[Any, ...]:
    """Order references as a reader expects: Article 2 before Article 10."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", notation))
