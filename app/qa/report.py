"""How a check report reads in a terminal and as JSON."""

from __future__ import annotations

import json

from app.qa.check import CheckReport, CountRow, DriftRow, VersionRow
from app.qa.completeness import Agreement, Coverage


def render_json(report: CheckReport) -> str:
    """Serialise the whole report for machines (CI annotations, dashboards)."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False)


def render_text(report: CheckReport, shown: int = 5) -> str:
    """Lay the report out for a person: counts, then each check, then the reasoner, then the verdict."""
    lines = [f"Graph: {report.triples} triples from {report.files} files under {report.root}", ""]
    lines += _counts_table(report.counts)
    lines += _versions_table(report.versions)
    lines += ["", "Checks:"]
    width = max((len(c.name) for c in report.checks), default=0)
    for check in report.checks:
        status = "FAIL" if check.failed else "ok  "
        lines.append(
            f"  {status} {check.name:<{width}}  {len(check.violations)} violation(s)  [{check.source}]"
        )
        for v in check.violations[:shown]:
            where = f"{v.focus} {v.path}".strip()
            severity = "" if v.severity == "Violation" else f"({v.severity}) "
            lines.append(f"         - {severity}{where}: {v.message}")
        if len(check.violations) > shown:
            lines.append(f"         … and {len(check.violations) - shown} more")
    lines += _mappings_table(report)
    lines += _completeness_table(report.completeness, shown)
    lines += _drift_lines(report.drift, shown)
    lines += _agreement_lines(report.agreement, shown)
    r = report.reasoner
    lines += ["", f"HermiT (OWL 2 DL consistency): {r.status} in {r.seconds:.1f} s"]
    lines += [f"  {line}" for line in r.detail.splitlines()] if r.detail and r.status != "skipped" else []
    lines += ["", "OK" if report.ok else "FAILED: the graph has violations"]
    return "\n".join(lines)


def _counts_table(rows: list[CountRow]) -> list[str]:
    """Provisions per regime and level as an aligned three-column table."""
    if not rows:
        return ["Counts: (no rows from queries/counts.rq)"]
    table = [("regime", "level", "n")] + [
        (r.regime_label or r.regime, _short(r.level), str(r.n)) for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    out = ["Counts (queries/counts.rq):"]
    for i, (regime, level, n) in enumerate(table):
        out.append(f"  {regime:<{widths[0]}}  {level:<{widths[1]}}  {n:>{widths[2]}}")
        if i == 0:
            out.append("  " + "  ".join("-" * w for w in widths))
    return out


def _versions_table(rows: list[VersionRow]) -> list[str]:
    """Each regime's versions, in force from when, and its dates of application read versus inferred."""
    if not rows:
        return []
    out = ["", "Versions and dates of application (queries/version-dates.rq):"]
    for r in rows:
        out.append(
            f"  {r.regime:<14} {r.in_force_from or '(no date)':<10}  {r.label or _short(r.version)}"
            + (
                f"  dates read {r.read_dates}, inferred {r.inferred_dates}"
                if r.read_dates or r.inferred_dates
                else ""
            )
        )
    return out


def _drift_lines(rows: list[DriftRow], shown: int) -> list[str]:
    """Mappings a later version of either side may have overtaken, per changed provision (not a failure)."""
    if not rows:
        return []
    by_item: dict[tuple[str, str, str], int] = {}
    for r in rows:
        key = (r.item, r.change, r.changed_in)
        by_item[key] = by_item.get(key, 0) + 1
    out = ["", f"Mapping drift (queries/mapping-drift.rq): {len(rows)} mapping(s) to review"]
    for (item, change, version), n in sorted(by_item.items())[: shown * 4]:
        out.append(
            f"  {_short(item):<24} {change} in {_short(version)}: {n} mapping(s) made against an earlier text"
        )
    return out


def _short(iri: str) -> str:
    """Keep an IRI's local name for display; leave literals alone."""
    if "://" not in iri:
        return iri
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri


def _mappings_table(report: CheckReport) -> list[str]:
    """Asserted (own) and derived mappings per regime pair."""
    if not report.mappings:
        return []
    out = ["", "Mappings per regime pair (asserted, of which ai-crosswalk's own; derived at load):"]
    for m in report.mappings:
        pair = f"{m.regimes[0]} - {m.regimes[1]}"
        out.append(f"  {pair:<28} asserted {m.asserted:>5}  own {m.own:>5}  derived {m.derived:>5}")
    return out


def _completeness_table(rows: list[Coverage], shown: int) -> list[str]:
    """Share of items that reach each other regime (a mapping or a no-counterpart statement)."""
    if not rows:
        return []
    out = ["", "Crosswalk completeness (queries/completeness.rq):"]
    for c in rows:
        status = "ok  " if c.covered == c.items else "FAIL"
        out.append(
            f"  {status} {c.source:<12} -> {c.target:<12} {c.covered:>3}/{c.items:<3} {c.percent:5.1f} %"
        )
        if c.missing:
            more = f" … and {len(c.missing) - shown} more" if len(c.missing) > shown else ""
            out.append(f"         missing: {', '.join(c.missing[:shown])}{more}")
    return out


def _agreement_lines(rows: list[Agreement], shown: int) -> list[str]:
    """How the project's own mappings stand against each published crosswalk."""
    if not rows:
        return []
    out = ["", "Published crosswalks against the project's own mappings:"]
    for a in rows:
        verdicts = ", ".join(f"{n} {v}" for v, n in sorted(a.verdicts.items()))
        out.append(f"  {a.title[:70]}: {verdicts}")
        for subject, obj in a.contradictions[:shown]:
            out.append(f"         contradicted: {_short(subject)} / {_short(obj)}")
    return out
