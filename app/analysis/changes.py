"""What changed in the law between two dates, and what that does to a system's requirements.

A change is read off the versions (app.crosswalk.versions): every version that came into force after
``start`` and by ``end`` states what it inserted, removed, reworded and re-dated. A system's impact is the
difference between its two analyses (app.analysis.gaps.analyse) on those dates, each difference carrying the
clause and act that made it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from app.analysis.description_model import SystemDescription
from app.analysis.gap_index import GapIndex
from app.analysis.gaps import analyse, reading_order
from app.analysis.obligations import Obligations, obligations
from app.core.identifiers import short_id
from app.crosswalk.versions import ApplicationDate, Version, version_record


@dataclass(frozen=True)
class Change:
    """One provision a version changed: how, by which act, and the mappings that rest on it."""

    regime: str
    id: str
    notation: str
    label: str
    kind: str  # added | removed | reworded | dated | re-dated
    version: str
    version_label: str
    in_force_from: str
    made_by: str
    detail: str
    case: str | None = None
    before: str | None = None
    after: str | None = None
    basis: str | None = None
    inferred: bool | None = None
    mappings: tuple[str, ...] = ()

    def record(self) -> dict[str, Any]:
        """As the API and the feeds publish it."""
        out = asdict(self)
        out["mappings"] = list(self.mappings)
        return out


def versions_between(index: GapIndex, start: date, end: date, regime: str | None = None) -> list[Version]:
    """The versions that came into force after ``start`` and on or before ``end``, oldest first."""
    return sorted(
        (
            v
            for key, versions in index.timeline.versions.items()
            if regime is None or key == regime
            for v in versions
            if start < v.in_force_from <= end
        ),
        key=lambda v: (v.in_force_from, v.regime),
    )


def changes(index: GapIndex, start: date, end: date, regime: str | None = None) -> list[Change]:
    """Every provision added, removed, reworded or re-dated by a version in force in (start, end]."""
    timeline = index.timeline
    out: list[Change] = []
    for version in versions_between(index, start, end, regime):
        previous = timeline.versions[version.regime][version.order - 1] if version.order else None
        act = version.label
        for iri, introduced in sorted(timeline.introduced.items()):
            if introduced == version.iri and iri in index.items:  # rules carry the same property
                out.append(_change(index, version, iri, "added", f"inserted in {act}"))
        for iri, removed in sorted(timeline.removed.items()):
            if removed == version.iri and iri in index.items:
                out.append(_change(index, version, iri, "removed", f"removed in {act}"))
        for iri, texts in sorted(timeline.texts.items()):
            if version.iri in texts:
                earlier = timeline.wording(iri, previous) if previous else None
                before = earlier[1] if earlier else timeline.original.get(iri, "")
                after = texts[version.iri][1]
                out.append(
                    _change(
                        index,
                        version,
                        iri,
                        "reworded",
                        "reworded",
                        before=_excerpt(before),
                        after=_excerpt(after),
                    )
                )
        for iri, statements in sorted(timeline.dates.items()):
            for statement in (s for s in statements if s.version == version.iri):
                was = _same_case(timeline.statements(iri, previous), statement) if previous else None
                if was is not None and was.date == statement.date:
                    continue
                out.append(
                    _change(
                        index,
                        version,
                        iri,
                        "re-dated" if was is not None else "dated",
                        _date_detail(statement, was),
                        case=statement.case or None,
                        before=was.date.isoformat() if was else None,
                        after=statement.date.isoformat(),
                        basis=statement.basis,
                        inferred=statement.inferred,
                    )
                )
    return out


def _change(index: GapIndex, version: Version, iri: str, kind: str, detail: str, **extra: Any) -> Change:
    item = index.items.get(iri)
    return Change(
        regime=version.regime,
        id=short_id(iri),
        notation=item.notation if item else short_id(iri),
        label=index.label(iri, version),
        kind=kind,
        version=version.iri,
        version_label=version.label,
        in_force_from=version.in_force_from.isoformat(),
        made_by=version.made_by_title or version.made_by,
        detail=detail,
        mappings=_mappings(index, iri),
        **extra,
    )


def _same_case(statements: list[ApplicationDate], statement: ApplicationDate) -> ApplicationDate | None:
    """The earlier statement for the same case (and cut-off), or for every case when none was specific."""
    for earlier in statements:
        if (earlier.case, earlier.until) == (statement.case, statement.until):
            return earlier
    return next((s for s in statements if not s.case and not s.until), None)


def _date_detail(statement: ApplicationDate, was: ApplicationDate | None) -> str:
    case = f" for {statement.case}" if statement.case else ""
    until = f" placed on the market before {statement.until}" if statement.until else ""
    since = f" instead of {was.date.isoformat()}" if was else ""
    return f"applies from {statement.date.isoformat()}{case}{until}{since} — {statement.basis}"


def _excerpt(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _mappings(index: GapIndex, iri: str) -> tuple[str, ...]:
    """The asserted mappings with the provision on one side: the ones a change may have overtaken."""
    return tuple(
        sorted(
            {
                link.mapping
                for links in index.links.get(iri, {}).values()
                for link in links
                if not link.derived
            }
        )
    )


def impact(index: GapIndex, system: SystemDescription, start: date, end: date) -> dict[str, Any]:
    """How a system's requirements differ between the law on ``start`` and on ``end``, and why: who owes
    what and from when (app.analysis.obligations) on both dates, compared; no verdicts are needed, none
    computed."""
    before, after = obligations(index, system, start), obligations(index, system, end)
    moves: list[dict[str, Any]] = []
    for iri in sorted(after.reasons.keys() - before.reasons.keys()):
        moves.append(_move(index, "appears", iri, None, after.applies_from(index, iri), after))
    for iri in sorted(before.reasons.keys() - after.reasons.keys()):
        moves.append(_move(index, "disappears", iri, before.applies_from(index, iri), None, after))
    for iri in sorted(after.reasons.keys() & before.reasons.keys()):
        was, now = before.applies_from(index, iri), after.applies_from(index, iri)
        if (was.date if was else None) != (now.date if now else None):
            moves.append(_move(index, "moves", iri, was, now, after))
    moves.sort(key=lambda m: (m["regime"], reading_order(m["notation"]), m["change"]))
    return {
        "system": {"id": system.id, "name": system.name},
        "from": start.isoformat(),
        "to": end.isoformat(),
        "versions": {"from": _versions(before), "to": _versions(after)},
        "classification": {"from": _tiers(before), "to": _tiers(after)},
        "changes": moves,
        "summary": {
            kind: sum(1 for m in moves if m["change"] == kind) for kind in ("appears", "disappears", "moves")
        },
    }


def _versions(law: Obligations) -> dict[str, dict[str, str]]:
    return {regime: version_record(v) for regime, v in sorted(law.in_force.items()) if v}


def _tiers(law: Obligations) -> dict[str, list[str]]:
    out: dict[str, set[str]] = {}
    for rule in law.fired:
        out.setdefault(rule.regime, set()).add(rule.tier)
    return {regime: sorted(tiers) for regime, tiers in sorted(out.items())}


def _move(
    index: GapIndex,
    kind: str,
    iri: str,
    was: ApplicationDate | None,
    now: ApplicationDate | None,
    after: Obligations,
) -> dict[str, Any]:
    """One requirement's change for a system, with the reason a reader needs."""
    item = index.items.get(iri)
    notation = item.notation if item else short_id(iri)
    regime = item.regime if item else ""
    basis = now or was
    if kind == "moves":
        reason = (
            f"{notation} now applies from {now.date if now else None} instead of {was.date if was else None}"
            + (f" — {now.basis}" if now else "")
        )
    elif kind == "appears":
        because = "; ".join(sorted({rule.label for rule in after.reasons.get(iri, [])}))
        reason = f"{notation} now applies: {because}" + (f" (from {now.date})" if now else "")
    else:
        out = sorted({rule.label for rule in after.excluded if rule.regime == regime})
        reason = f"{notation} no longer applies" + (
            f": {'; '.join(out)}" if out else " under the later version"
        )
    return {
        "change": kind,
        "id": short_id(iri),
        "regime": regime,
        "notation": notation,
        "label": index.label(iri, after.version_of(index, iri)),
        "before": was.date.isoformat() if was else None,
        "after": now.date.isoformat() if now else None,
        "basis": basis.basis if basis else None,
        "inferred": basis.inferred if basis else None,
        "reason": reason,
    }


def deadlines(index: GapIndex, system: SystemDescription, as_of: date) -> list[dict[str, Any]]:
    """Each requirement's start date for the system under the law as of ``as_of``, earliest first."""
    report = analyse(index, system, as_of)
    name = system.name or system.id
    out = []
    for r in report.requirements:
        if not r.applies_from:
            continue
        basis = r.applies_from_basis
        out.append(
            {
                "system": system.id,
                "id": r.id,
                "regime": r.regime,
                "notation": r.notation,
                "label": r.label,
                "date": r.applies_from,
                "in_force": r.in_force,
                "status": r.status,
                "basis": basis.basis if basis else None,
                "inferred": basis.inferred if basis else None,
                "summary": f"{r.notation} applies: {name}",
                "description": f"{r.label} ({r.regime}), status {r.status}; from {r.applies_from}"
                + (f" under {basis.basis}" if basis and basis.basis else "")
                + (" (inferred)" if basis and basis.inferred else ""),
            }
        )
    return sorted(out, key=lambda e: (e["date"], e["regime"], e["id"]))


def facts_key(system: SystemDescription) -> tuple[object, ...]:
    """Everything about a system the rules and dates read (not its id, name or measures)."""
    return (
        system.purposes,
        system.roles,
        system.markets,
        system.sectors,
        system.capabilities,
        system.entity_types,
        system.conformity,
        system.licences,
        system.circumstances,
        system.placed_on_market,
    )


def inventory_impact(
    index: GapIndex, systems: Iterable[SystemDescription], start: date, end: date
) -> dict[str, Any]:
    """The impact over many systems: per system its changes, and a summary a reader can act on ("this
    amendment gives 37 of your 120 systems more time for Article 9; 2 newly fall under Article 5")."""
    # What a system owes, and from when, depends on its facts, not on its measures or name: systems that share
    # their facts share their impact, computed once (measures left out: impact reports no verdicts).
    seen: dict[tuple[object, ...], dict[str, Any]] = {}
    per_system = []
    for system in systems:
        signature = facts_key(system)
        if signature not in seen:
            seen[signature] = impact(index, replace(system, measures=()), start, end)
        shared = seen[signature]
        per_system.append({**shared, "system": {"id": system.id, "name": system.name}})
    more_time: dict[str, int] = {}
    less_time: dict[str, int] = {}
    newly: dict[str, int] = {}
    gone: dict[str, int] = {}
    for report in per_system:
        for change in report["changes"]:
            key = f"{change['notation']} ({change['regime']})"
            if change["change"] == "appears":
                newly[key] = newly.get(key, 0) + 1
            elif change["change"] == "disappears":
                gone[key] = gone.get(key, 0) + 1
            elif change["before"] and change["after"] and change["after"] > change["before"]:
                more_time[key] = more_time.get(key, 0) + 1
            else:
                less_time[key] = less_time.get(key, 0) + 1
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "systems": len(per_system),
        "affected": sum(1 for r in per_system if r["changes"]),
        "more_time": dict(sorted(more_time.items())),
        "less_time": dict(sorted(less_time.items())),
        "newly_apply": dict(sorted(newly.items())),
        "no_longer_apply": dict(sorted(gone.items())),
        "per_system": [
            {"system": r["system"], "summary": r["summary"], "changes": r["changes"]} for r in per_system
        ],
    }
