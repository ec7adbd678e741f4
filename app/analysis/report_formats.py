"""A gap report (app.analysis.report.GapReport) and a validation report as a terminal table, CSV and HTML.

The API and the CLI both render through here, so a report reads the same wherever it is asked for.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from app.analysis.description_model import Issue
from app.analysis.report import GapReport, RequirementVerdict, TierClassification
from app.core.csv_cells import row_cells

CSV_COLUMNS = [
    "system_id",
    "as_of",
    "regime",
    "id",
    "notation",
    "label",
    "status",
    "applies_from",
    "applies_from_basis",
    "applies_from_inferred",
    "in_force",
    "applies_because",
    "basis",
    "evidence",
    "iri",
]
COUNTS = ("applicable", "met", "partial", "unmet", "in_force")
LABEL_WIDTH = 50


def issue_dict(issue: Issue) -> dict[str, str]:
    """One SHACL result as the JSON members the API and the CLI publish."""
    return {
        "field": issue.field,
        "focus_node": issue.focus_node,
        "path": issue.path,
        "value": issue.value,
        "constraint": issue.constraint,
        "message": issue.message,
        "severity": issue.severity,
    }


def validation_dict(issues: Sequence[Issue]) -> dict[str, Any]:
    """``{conforms, issues}``: what POST /systems/validate and ``crosswalk validate --format json`` print."""
    return {"conforms": not issues, "issues": [issue_dict(i) for i in issues]}


def issues_text(issues: Sequence[Issue], source: str = "description") -> str:
    """A validation report for a terminal: one line per issue, field and value first."""
    if not issues:
        return f"{source}: conforms"
    lines = [f"{source}: {len(issues)} issue{'s' if len(issues) != 1 else ''}"]
    for i in issues:
        where = i.field or i.path or "description"
        value = f" {i.value!r}" if i.value else ""
        node = f" on {i.focus_node}" if i.focus_node else ""
        lines.append(f"  {i.severity}: {where}{value}{node}: {i.message} [{i.constraint}]")
    return "\n".join(lines)


def _best_evidence(requirement: RequirementVerdict) -> str:
    """The evidence that decided the verdict, and how many more ways its measures reach the requirement."""
    evidence = requirement.evidence
    if not evidence:
        return ""
    first = evidence[0]
    more = f" (+{len(evidence) - 1} more)" if len(evidence) > 1 else ""
    status = "" if first.measure_status == "implemented" else f" ({first.measure_status})"
    return f"{first.measure}{status}: {first.how}{more}"


def _all_evidence(requirement: RequirementVerdict) -> str:
    return " | ".join(f"{e.measure} ({e.credit}): {e.how}" for e in requirement.evidence)


def _rules(requirement: RequirementVerdict) -> str:
    return "; ".join(r.rule for r in requirement.applies_because)


def _basis(requirement: RequirementVerdict) -> str:
    ids = dict.fromkeys(b.id for r in requirement.applies_because for b in r.basis)
    return " ".join(ids)


def _because(entry: TierClassification) -> str:
    """The description's codes that made a tier fire: ``markets EU; purposes recruitment``."""
    return "; ".join(f"{k} {', '.join(v)}" for k, v in sorted(entry.because.items()))


def _tier_line(entry: TierClassification) -> str:
    basis = ", ".join(b.notation for b in entry.basis)
    because = _because(entry)
    return f"{entry.label} — basis {basis}" + (f" (because {because})" if because else "")


def _align(rows: list[list[str]], right: Iterable[int] = ()) -> list[str]:
    """Columns padded to their widest cell; numeric columns right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    right = set(right)
    return [
        "  ".join(
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _clip(text: str, width: int = LABEL_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def report_table(report: GapReport) -> str:
    """The report for a terminal: classification, summary counts, then one line per requirement."""
    system = report.system
    lines = [
        f"{system.name or system.id} ({system.id}), as of {report.as_of}",
        "",
        "Classification",
    ]
    if not report.classification:
        lines.append("  no regime applies")
    width = max((len(regime) for regime in report.classification), default=0)
    for regime, entries in report.classification.items():
        lines += [f"  {regime.ljust(width)}  {_tier_line(e)}" for e in entries]
    lines += ["", "Summary"]
    summary = [["regime", "applicable", "met", "partial", "unmet", "in force"]]
    summary += [[regime, *(str(getattr(c, k)) for k in COUNTS)] for regime, c in report.summary.items()]
    lines += ["  " + line for line in _align(summary, right=range(1, 6))]
    lines += ["", "Requirements"]
    rows = [["regime", "reference", "label", "status", "applies from", "in force", "evidence"]]
    rows += [
        [
            r.regime,
            r.notation,
            _clip(r.label),
            r.status,
            r.applies_from or "—",
            "yes" if r.in_force else "no",
            _best_evidence(r),
        ]
        for r in report.requirements
    ]
    lines += ["  " + line for line in _align(rows)] if report.requirements else ["  none"]
    return "\n".join(lines)


def report_rows(report: GapReport) -> list[dict[str, str]]:
    """One flat row per requirement, the columns of CSV_COLUMNS."""
    return [
        {
            "system_id": report.system.id,
            "as_of": report.as_of,
            "regime": r.regime,
            "id": r.id,
            "notation": r.notation,
            "label": r.label,
            "status": r.status,
            "applies_from": r.applies_from or "",
            "applies_from_basis": r.applies_from_basis.basis if r.applies_from_basis else "",
            "applies_from_inferred": "true"
            if r.applies_from_basis and r.applies_from_basis.inferred
            else "false",
            "in_force": "true" if r.in_force else "false",
            "applies_because": _rules(r),
            "basis": _basis(r),
            "evidence": _all_evidence(r),
            "iri": r.iri,
        }
        for r in report.requirements
    ]


def report_csv(report: GapReport) -> str:
    """CSV, one row per applicable requirement, with a header row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(row_cells(row) for row in report_rows(report))
    return out.getvalue()


STYLE = """
body { font: 11pt/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #111; }
h1 { font-size: 1.5em; margin-bottom: 0; } h2 { font-size: 1.2em; margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; }
th, td { border: 1px solid #999; padding: .25em .4em; text-align: left; vertical-align: top; }
th { background: #eee; } td.n { text-align: right; }
.met { background: #d9f2d9; } .partial { background: #fff2cc; } .unmet { background: #f8d7d7; }
.muted { color: #555; font-size: .9em; } ul { margin: 0; padding-left: 1.1em; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
"""


def _e(value: Any) -> str:
    return escape("" if value is None else str(value))


def _html_requirement(r: RequirementVerdict) -> str:
    evidence = "".join(f"<li>{_e(e.measure)} ({_e(e.credit)}): {_e(e.how)}</li>" for e in r.evidence)
    because = "".join(
        f"<li>{_e(a.rule)} — {_e(', '.join(b.notation for b in a.basis))}</li>" for a in r.applies_because
    )
    due = _e(r.applies_from or "—") + ("" if r.in_force else " <span class=muted>(not yet)</span>")
    dated = r.applies_from_basis
    if dated:
        due += f"<div class=muted>{_e(dated.basis)}{' (inferred)' if dated.inferred else ''}</div>"
    return (
        f"<tr><td>{_e(r.notation)}<div class=muted>{_e(r.id)}</div></td><td>{_e(r.label)}</td>"
        f"<td class={_e(r.status)}>{_e(r.status)}</td><td>{due}</td>"
        f"<td><ul>{because}</ul></td><td>{f'<ul>{evidence}</ul>' if evidence else '—'}</td></tr>"
    )


def report_html(report: GapReport) -> str:
    """A self-contained printable page: classification, summary, and every requirement with its reasons."""
    system = report.system
    title = f"Gap report: {system.name or system.id}"
    tiers = "".join(
        f"<tr><td>{_e(regime)}</td><td>{_e(e.label)}</td>"
        f"<td>{_e(', '.join(b.notation for b in e.basis))}</td>"
        f"<td>{_e(_because(e))}</td></tr>"
        for regime, entries in report.classification.items()
        for e in entries
    )
    excluded = "".join(
        f"<li>{_e(x.regime)}: {_e(x.rule)} — {_e(', '.join(b.notation for b in x.basis))}</li>"
        for x in report.exclusions
    )
    versions = ", ".join(f"{k}: {v.label}" for k, v in report.versions.items())
    counts = "".join(
        f"<tr><td>{_e(regime)}</td>{''.join(f'<td class=n>{getattr(c, k)}</td>' for k in COUNTS)}</tr>"
        for regime, c in report.summary.items()
    )
    sections = []
    for regime in report.summary:
        rows = "".join(_html_requirement(r) for r in report.requirements if r.regime == regime)
        sections.append(
            f"<h2>{_e(regime)}</h2><table><tr><th>reference</th><th>requirement</th><th>status</th>"
            f"<th>applies from</th><th>applies because</th><th>evidence</th></tr>{rows}</table>"
        )
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{STYLE}</style></head><body>"
        f"<h1>{_e(title)}</h1><p class=muted>{_e(system.id)} · as of {_e(report.as_of)} · "
        "generated by ai-crosswalk</p>"
        + (f"<p class=muted>Law as in force on that date: {_e(versions)}</p>" if versions else "")
        + "<h2>Classification</h2>"
        + (
            f"<table><tr><th>regime</th><th>tier</th><th>basis</th><th>because</th></tr>{tiers}</table>"
            if tiers
            else "<p>No regime applies.</p>"
        )
        + (f"<h2>Out of scope</h2><ul>{excluded}</ul>" if excluded else "")
        + "<h2>Summary</h2><table><tr><th>regime</th><th>applicable</th><th>met</th><th>partial</th>"
        f"<th>unmet</th><th>in force</th></tr>{counts}</table>" + "".join(sections) + "</body></html>\n"
    )
