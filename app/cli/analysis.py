"""The commands over the gap analysis: ``gaps``, ``validate`` and ``changes``, and what they share.

They build the same Analysis the service builds at start (embedded store, derived mappings included), read a
description under the same limits as the API, and render through app.analysis.report_formats, so a report
from the command line is the report the API gives.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from app.cli.options import DESCRIPTION_FILE, ISO_DATE, root_option

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
    """The file's bytes (stdin for ``-``) and media type (by extension, else JSON if it opens with ``{``)."""
    data = sys.stdin.buffer.read() if str(file) == "-" else file.read_bytes()
    media_type = SUFFIX_TYPES.get(file.suffix.lower()) if str(file) != "-" else None
    if media_type is None:
        media_type = "application/json" if data.lstrip()[:1] in (b"{", b"[") else "text/turtle"
    return data, media_type


def max_triples() -> int:
    """The limit on a description's triples, from the environment as the service reads it."""
    from app.core.settings import Settings

    return Settings.from_env().max_description_triples


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
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@click.command()
@root_option
@click.argument("file", type=DESCRIPTION_FILE)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default="table",
    show_default=True,
    help="Report format: a table, the API's JSON, CSV (one row per requirement), a printable HTML page, "
    "OSCAL Assessment Results, or an OSCAL POA&M of what is not met.",
)
@click.option(
    "--as-of",
    type=ISO_DATE,
    default=None,
    metavar="DATE",
    help="Date (YYYY-MM-DD) that decides which obligations are in force [default: today].",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    help="Write the report to this file [default: stdout].",
)
def gaps(root: Path | None, file: Path, fmt: str, as_of: date | None, output: Path | None) -> None:
    """Gap analysis of the AI system described in FILE: JSON, JSON-LD or Turtle (by extension; - for stdin).

    Exit 1, with the validation report on stderr, if the description is invalid.
    """
    from app.analysis.description_model import InvalidDescriptionError
    from app.analysis.report_formats import issues_text
    from app.core.errors import ProblemError

    try:
        data, media_type = read_description(file)
        report = build_analysis(root).run(data, media_type, as_of, max_triples=max_triples())
    except InvalidDescriptionError as err:
        click.echo(issues_text(err.issues, str(file)), err=True)
        raise SystemExit(1) from err
    except ProblemError as err:  # past max_description_triples, as the API refuses it
        raise click.ClickException(f"{file}: {err.detail}") from err
    except (OSError, SyntaxError, ValueError) as err:
        raise click.ClickException(str(err)) from err
    write_output(render_report(report, fmt), output)


@click.command()
@root_option
@click.argument("file", type=DESCRIPTION_FILE)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output: one line per issue, or {conforms, issues} as POST /systems/validate answers.",
)
def validate(root: Path | None, file: Path, fmt: str) -> None:
    """Validate the AI-system description in FILE (JSON, JSON-LD or Turtle; - for stdin) against
    shapes/system.ttl; exit 1 if it does not conform or cannot be read."""
    from app.analysis.description_model import InvalidDescriptionError
    from app.analysis.report_formats import issues_text, validation_dict
    from app.core.errors import ProblemError

    try:
        data, media_type = read_description(file)
        issues = build_analysis(root).validate(data, media_type, max_triples=max_triples())
    except InvalidDescriptionError as err:  # unreadable: reported like any other issue
        issues = err.issues
    except ProblemError as err:  # past max_description_triples, as the API refuses it
        raise click.ClickException(f"{file}: {err.detail}") from err
    except (OSError, SyntaxError, ValueError) as err:
        raise click.ClickException(str(err)) from err
    if fmt == "json":
        click.echo(json.dumps(validation_dict(issues), indent=2, ensure_ascii=False))
    else:
        click.echo(issues_text(issues, str(file)))
    raise SystemExit(1 if issues else 0)


@click.command()
@root_option
@click.option(
    "--from", "start", type=ISO_DATE, required=True, metavar="DATE", help="The earlier date (YYYY-MM-DD)."
)
@click.option("--to", "end", type=ISO_DATE, default=None, metavar="DATE",
              help="The later date (YYYY-MM-DD) [default: today].")  # fmt: skip
@click.option("--regime", default=None, metavar="KEY", help="Only this regime (its key, e.g. eu-ai-act).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "atom"]),
    default="table",
    show_default=True,
    help="A table, the API's JSON, CSV (one row per change), an Atom feed.",
)
def changes(root: Path | None, start: date, end: date | None, regime: str | None, fmt: str) -> None:
    """What the law's versions changed between two dates: provisions added, removed, reworded, re-dated."""
    from app.analysis.change_formats import changes_atom, changes_csv
    from app.analysis.changes import changes as changes_between

    to = end or date.today()
    if to < start:
        raise click.BadParameter(f"{to} is before --from {start}", param_hint="--to")
    index = build_analysis(root).index
    if regime is not None and regime not in index.timeline.versions:
        known = ", ".join(sorted(index.timeline.versions))
        raise click.BadParameter(f"no versioned regime {regime!r}: {known}", param_hint="--regime")
    records = [c.record() for c in changes_between(index, start, to, regime)]
    if fmt == "json":
        click.echo(
            json.dumps({"from": start.isoformat(), "to": to.isoformat(), "changes": records}, indent=2)
        )
    elif fmt == "csv":
        click.echo(changes_csv(records), nl=False)
    elif fmt == "atom":
        click.echo(changes_atom(records, f"urn:ai-crosswalk:changes:{regime or 'all'}:{start}:{to}",
                                "ai-crosswalk: changes", "urn:ai-crosswalk:cli"), nl=False)  # fmt: skip
    else:
        for r in records:
            click.echo(
                f"{r['in_force_from']}  {r['regime']:<12} {r['notation']:<32} {r['kind']:<9} {r['detail']}"
            )
        click.echo(f"{len(records)} change(s)")
