"""What changed in the law between two dates, and what that does to a system's requirements.

A change is read off the versions (app.versions): every version that came into force after ``start`` and by
``end`` states what it inserted, removed, reworded and re-dated. A system's impact is the difference between
its two analyses (app.gaps.analyse) on those dates, each difference carrying the clause and act that made it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from app.gaps import GapIndex, analyse
from app.identifiers import short_id
from app.systems import SystemDescription
from app.versions import ApplicationDate, Version


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
    wording = index.timeline.wording(iri, version)
    return Change(
        regime=version.regime,
        id=short_id(iri),
        notation=item.notation if item else short_id(iri),
        label=(wording[0] if wording and wording[0] else item.label if item else ""),
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
    """How a system's requirements differ between the law on ``start`` and on ``end``, and why."""
    before, after = analyse(index, system, start), analyse(index, system, end)
    was = {r["id"]: r for r in before["requirements"]}
    now = {r["id"]: r for r in after["requirements"]}
    moves: list[dict[str, Any]] = []
    for rid in sorted(now.keys() - was.keys()):
        moves.append(_move("appears", None, now[rid], after))
    for rid in sorted(was.keys() - now.keys()):
        moves.append(_move("disappears", was[rid], None, after))
    for rid in sorted(now.keys() & was.keys()):
        if now[rid]["applies_from"] != was[rid]["applies_from"]:
            moves.append(_move("moves", was[rid], now[rid], after))
    return {
        "system": after["system"],
        "from": start.isoformat(),
        "to": end.isoformat(),
        "versions": {"from": before["versions"], "to": after["versions"]},
        "classification": {"from": before["classification"], "to": after["classification"]},
        "changes": moves,
        "summary": {
            kind: sum(1 for m in moves if m["change"] == kind) for kind in ("appears", "disappears", "moves")
        },
    }


def _move(
    kind: str, was: dict[str, Any] | None, now: dict[str, Any] | None, after: dict[str, Any]
) -> dict[str, Any]:
    """One requirement's change for a system, with the reason a reader needs."""
    r = now or was
    assert r is not None
    basis = (now or {}).get("applies_from_basis") or {}
    if kind == "moves":
        reason = (
            f"{r['notation']} now applies from {now['applies_from'] if now else None} instead of "
            f"{was['applies_from'] if was else None}" + (f" — {basis['basis']}" if basis else "")
        )
    elif kind == "appears":
        because = "; ".join(a["rule"] for a in r["applies_because"])
        reason = f"{r['notation']} now applies: {because}" + (
            f" (from {r['applies_from']})" if r["applies_from"] else ""
        )
    else:
        out = [x["rule"] for x in after.get("exclusions", []) if x["regime"] == r["regime"]]
        reason = f"{r['notation']} no longer applies" + (
            f": {'; '.join(out)}" if out else " under the later version"
        )
    return {
        "change": kind,
        "id": r["id"],
        "regime": r["regime"],
        "notation": r["notation"],
        "label": r["label"],
        "before": was["applies_from"] if was else None,
        "after": now["applies_from"] if now else None,
        "basis": basis.get("basis"),
        "inferred": basis.get("inferred"),
        "reason": reason,
    }


def deadlines(index: GapIndex, system: SystemDescription, as_of: date) -> list[dict[str, Any]]:
    """Each requirement's start date for the system under the law as of ``as_of``, earliest first."""
    report = analyse(index, system, as_of)
    name = system.name or system.id
    out = []
    for r in report["requirements"]:
        if not r["applies_from"]:
            continue
        basis = r["applies_from_basis"] or {}
        out.append(
            {
                "system": system.id,
                "id": r["id"],
                "regime": r["regime"],
                "notation": r["notation"],
                "label": r["label"],
                "date": r["applies_from"],
                "in_force": r["in_force"],
                "status": r["status"],
                "basis": basis.get("basis"),
                "inferred": basis.get("inferred"),
                "summary": f"{r['notation']} applies: {name}",
                "description": f"{r['label']} ({r['regime']}), status {r['status']}; from {r['applies_from']}"
                + (f" under {basis['basis']}" if basis.get("basis") else "")
                + (" (inferred)" if basis.get("inferred") else ""),
            }
        )
    return sorted(out, key=lambda e: (e["date"], e["regime"], e["id"]))


def inventory_impact(
    index: GapIndex, systems: Iterable[SystemDescription], start: date, end: date
) -> dict[str, Any]:
    """The impact over many systems: per system its changes, and a summary a reader can act on ("this
    amendment gives 37 of your 120 systems more time for Article 9; 2 newly fall under Article 5")."""
    per_system = [impact(index, system, start, end) for system in systems]
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
