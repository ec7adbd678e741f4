"""The commands over the graph itself: ``check`` guards it, ``query`` runs a SPARQL file on it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click

from app.cli.options import root_option

VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
INTEGER = re.compile(r"-?\d+")
DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")


@click.command()
@root_option
@click.option("--no-reasoner", is_flag=True, help="Skip the HermiT consistency check (the slowest part).")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output."
)
@click.option("--shown", type=int, default=5, show_default=True, help="Violations listed per check (text).")
def check(root: Path | None, no_reasoner: bool, fmt: str, shown: int) -> None:
    """Validate the graph (SHACL, queries/qc/*.rq, HermiT) and print the counts; exit 1 on violations."""
    from app.core.resources import resource_root
    from app.qa.check import run_checks
    from app.qa.report import render_json, render_text

    try:
        report = run_checks(resource_root(root), reasoner=not no_reasoner)
    except (OSError, SyntaxError, ValueError) as err:
        raise click.ClickException(str(err)) from err
    click.echo(render_json(report) if fmt == "json" else render_text(report, shown=shown))
    raise SystemExit(0 if report.ok else 1)


@click.command()
@root_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "tsv", "table"]),
    default="table",
    show_default=True,
    help="SELECT/ASK output; CONSTRUCT/DESCRIBE print Turtle (JSON-LD with json).",
)
@click.option(
    "--bind",
    "bindings",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a variable of the query: <IRI>, a YYYY-MM-DD date (xsd:date), an integer, or text; repeatable "
    "(e.g. --bind asOf=2026-09-01 for queries/versions-in-force.rq).",
)
def query(root: Path | None, file: Path, fmt: str, bindings: tuple[str, ...]) -> None:
    """Run the SPARQL query in FILE on the embedded store (the shipped graph with its derived mappings, as
    /sparql serves it) and print its results."""
    from app.core.resources import resource_root
    from app.graph.bindings import inline_bindings
    from app.graph.loading import build_store
    from app.graph.queries import render_results

    values = dict(binding(b) for b in bindings)
    try:
        store = build_store(resource_root(root))
        results = store.query(inline_bindings(file.read_text(encoding="utf-8"), values))
        click.echo(render_results(results, fmt))
    except (OSError, SyntaxError, ValueError) as err:
        raise click.ClickException(str(err)) from err


def binding(text: str) -> tuple[str, Any]:
    """NAME=VALUE as a variable name and an RDF term; a value shaped like a date must be one on the calendar
    (read by the API's ``iso_date``: 2026-02-30 is refused, not bound as an invalid xsd:date)."""
    import pyoxigraph

    from app.crosswalk.versions import iso_date
    from app.exports.vocab import XSD

    name, sep, value = text.partition("=")
    if not sep or not VARIABLE.fullmatch(name):
        raise click.BadParameter(f"{text!r} is not NAME=VALUE", param_hint="--bind")
    if value.startswith("<") and value.endswith(">"):
        return name, pyoxigraph.NamedNode(value[1:-1])
    if DATE_SHAPE.fullmatch(value):
        try:
            day = iso_date(value)
        except ValueError as err:
            raise click.BadParameter(f"{name}: {err}", param_hint="--bind") from err
        return name, pyoxigraph.Literal(day.isoformat(), datatype=pyoxigraph.NamedNode(XSD + "date"))
    if INTEGER.fullmatch(value):
        return name, pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(XSD + "integer"))
    return name, pyoxigraph.Literal(value)
