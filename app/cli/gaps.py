"""What ``crosswalk gaps`` and ``crosswalk validate`` share: reading a description file, the analysis, output.

The CLI builds the same Analysis the service builds at start (embedded store, derived mappings included) and
renders through app.analysis.report_formats, so a report from the command line is the report the API gives.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.analysis.report import GapReport
    from app.analysis.service import Analysis

SUFFIX_TYPES = {
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".json-ld": "application/ld+json",
    ".ttl": "text/turtle",
    ".turtle": "text/turtle",
}
REPORT_FORMATS = ("table", "json", "csv", "html", "oscal-ar", "oscal-poam")


def read_description(file: Path) -> tuple[bytes, str]:
    """The file's bytes (stdin for ``-``) and media type: by extension, else JSON if it opens with ``{``."""
    data = sys.stdin.buffer.read() if str(file) == "-" else file.read_bytes()
    media_type = SUFFIX_TYPES.get(file.suffix.lower()) if str(file) != "-" else None
    if media_type is None:
        media_type = "application/json" if data.lstrip()[:1] in (b"{", b"[") else "text/turtle"
    return data, media_type


def build_analysis(root: Path | None) -> Analysis:
    """The gap-analysis index and validator over the shipped graph in an embedded store."""
    from app.analysis.service import Analysis
    from app.core.resources import resource_root
    from app.graph.loading import build_store

    base = resource_root(root)
    return Analysis.build(build_store(base), base)


def render_report(report: GapReport, fmt: str) -> str:
    """The report as the API's JSON, its CSV, its printable HTML, or a table for a terminal."""
    from app.analysis import report_formats
    from app.analysis.report import report_json

    if fmt == "json":
        return json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return report_formats.report_csv(report)
    if fmt == "html":
        return report_formats.report_html(report)
    if fmt in ("oscal-ar", "oscal-poam"):
        from app.exports.oscal_results import OSCAL_REPORTS

        return OSCAL_REPORTS[fmt](report_json(report))
    return report_formats.report_table(report) + "\n"


def write_output(text: str, output: Path | None) -> None:
    """Write to the file named, or to stdout (``-`` or none)."""
    import click

    if output is None or str(output) == "-":
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
