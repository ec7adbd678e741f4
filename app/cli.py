"""The ``crosswalk`` command line: a thin layer over the domain modules, importing them only when used."""

from __future__ import annotations

import os
from pathlib import Path

import click

ROOT_HELP = (
    "Folder holding ontology/, data/, shapes/ and queries/ "
    "(default: $CROSSWALK_RESOURCE_ROOT, else the copy shipped with the package, else the checkout)."
)
root_option = click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    envvar="CROSSWALK_RESOURCE_ROOT",
    default=None,
    help=ROOT_HELP,
)


@click.group()
@click.version_option(package_name="ai-crosswalk")
def main() -> None:
    """ai-crosswalk: the graph of AI regulatory regimes and the crosswalks between them."""


@main.command()
@root_option
@click.option("--no-reasoner", is_flag=True, help="Skip the HermiT consistency check (the slowest part).")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output."
)
@click.option("--shown", type=int, default=5, show_default=True, help="Violations listed per check (text).")
def check(root: Path | None, no_reasoner: bool, fmt: str, shown: int) -> None:
    """Validate the graph (SHACL, queries/qc/*.rq, HermiT) and print the counts; exit 1 on violations."""
    from app.check import run_checks
    from app.report import render_json, render_text
    from app.resources import resource_root

    try:
        report = run_checks(resource_root(root), reasoner=not no_reasoner)
    except (OSError, SyntaxError, ValueError) as err:
        raise click.ClickException(str(err)) from err
    click.echo(render_json(report) if fmt == "json" else render_text(report, shown=shown))
    raise SystemExit(0 if report.ok else 1)


@main.command()
@root_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=int, default=8000, show_default=True, help="TCP port.")
@click.option(
    "--workers", type=int, default=1, show_default=True, help="Worker processes, each with its store."
)
def serve(root: Path | None, host: str, port: int, workers: int) -> None:
    """Serve the graph over HTTP: /sparql (SPARQL 1.1 Protocol) and /health."""
    import uvicorn

    from app.resources import ENV_VAR, resource_root

    # Worker processes build their own app, so the chosen root travels to them in the environment.
    os.environ[ENV_VAR] = str(resource_root(root))
    uvicorn.run("app.main:create_app", factory=True, host=host, port=port, workers=workers)


@main.command()
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
def query(root: Path | None, file: Path, fmt: str) -> None:
    """Run the SPARQL query in FILE on the embedded store and print its results."""
    from app.graph import load_store
    from app.queries import render_results
    from app.resources import resource_root

    try:
        store = load_store(resource_root(root))
        results = store.query(file.read_text(encoding="utf-8"))
        click.echo(render_results(results, fmt))
    except (OSError, SyntaxError, ValueError) as err:
        raise click.ClickException(str(err)) from err
