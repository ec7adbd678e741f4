"""The ``crosswalk`` command line: a thin layer over the domain modules, importing them only when used."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

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
    from app.core.resources import resource_root
    from app.qa.check import run_checks
    from app.qa.report import render_json, render_text

    try:
        report = run_checks(resource_root(root), reasoner=not no_reasoner)
    except (OSError, SyntaxError, ValueError) as err:
        raise click.ClickException(str(err)) from err
    click.echo(render_json(report) if fmt == "json" else render_text(report, shown=shown))
    raise SystemExit(0 if report.ok else 1)


@main.command()
@root_option
@click.option("--host", default=None, help="Interface to listen on [default: 127.0.0.1; $CROSSWALK_HOST].")
@click.option("--port", type=int, default=None, help="TCP port [default: 8000; $CROSSWALK_PORT].")
@click.option("--workers", type=int, default=None, help="Worker processes, each with its store [default: 1].")
@click.option(
    "--access-log/--no-access-log",
    default=None,
    help="Log one line per request [default: on; $CROSSWALK_ACCESS_LOG].",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Persist the embedded store here; reopened without reloading while the files are unchanged.",
)
@click.option(
    "--store", "store_url", default=None, help="Query URL of a remote SPARQL 1.1 server to serve from."
)
@click.option("--load-store", is_flag=True, default=None, help="Replace the remote store's graph at start.")
@click.option(
    "--query-timeout", type=float, default=None, help="Seconds a /sparql query may run [default: 10]."
)
@click.option("--result-limit", type=int, default=None, help="Rows or triples a /sparql query may return.")
@click.option(
    "--query-workers", type=int, default=None, help="Processes running /sparql queries [default: 2]."
)
@click.option("--base-iri", default=None, help="Namespace that /id/ answers for.")
@click.option(
    "--allow-updates",
    is_flag=True,
    default=None,
    help="Accept SPARQL Update (needs $CROSSWALK_UPDATE_TOKEN).",
)
@click.option(
    "--service-allow",
    default=None,
    help="Endpoints (full IRIs, space- or comma-separated) SPARQL SERVICE may call [default: none].",
)
def serve(
    root: Path | None,
    host: str | None,
    port: int | None,
    workers: int | None,
    access_log: bool | None,
    data_dir: Path | None,
    store_url: str | None,
    load_store: bool | None,
    query_timeout: float | None,
    result_limit: int | None,
    query_workers: int | None,
    base_iri: str | None,
    allow_updates: bool | None,
    service_allow: str | None,
) -> None:
    """Serve the graph over HTTP: /sparql, the REST API, /id/ and /health. Flags override $CROSSWALK_*."""
    import uvicorn

    from app.core.resources import resource_root
    from app.core.settings import Settings
    from app.graph.store import prepare_data_dir

    try:
        settings = Settings.from_env(
            resource_root=resource_root(root),
            host=host,
            port=port,
            workers=workers,
            access_log=access_log,
            data_dir=data_dir,
            store=store_url,
            store_load=load_store,
            query_timeout=query_timeout,
            result_limit=result_limit,
            query_workers=query_workers,
            base_iri=base_iri,
            allow_updates=allow_updates,
            service_allow=service_allow,
        )
        if settings.data_dir is not None:  # once, before the workers open it read-only
            loaded = prepare_data_dir(resource_root(settings.resource_root), settings.data_dir)
            click.echo(f"{'loaded' if loaded else 'reopened'} the store in {settings.data_dir}")
    except (OSError, SyntaxError, ValueError) as err:
        raise click.ClickException(str(err)) from err
    # Worker processes build their own app from the environment, so the settings travel there.
    os.environ.update(settings.to_env())
    backend = f"remote store {settings.store}" if settings.store else "embedded Oxigraph store"
    click.echo(f"ai-crosswalk: serving http://{settings.host}:{settings.port}/sparql ({backend})")
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level="info",
        access_log=settings.access_log,
        http="app.http.server:GuardedHTTP",  # header and body time-outs (slowloris)
        limit_concurrency=settings.max_connections,
    )


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

    values = dict(_binding(b) for b in bindings)
    try:
        store = build_store(resource_root(root))
        results = store.query(inline_bindings(file.read_text(encoding="utf-8"), values))
        click.echo(render_results(results, fmt))
    except (OSError, SyntaxError, ValueError) as err:
        raise click.ClickException(str(err)) from err


def _binding(text: str) -> tuple[str, Any]:
    """NAME=VALUE as a variable name and an RDF term."""
    import re

    import pyoxigraph

    name, sep, value = text.partition("=")
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise click.BadParameter(f"{text!r} is not NAME=VALUE", param_hint="--bind")
    if value.startswith("<") and value.endswith(">"):
        return name, pyoxigraph.NamedNode(value[1:-1])
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return name, pyoxigraph.Literal(
            value, datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#date")
        )
    if re.fullmatch(r"-?\d+", value):
        return name, pyoxigraph.Literal(
            value, datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
        )
    return name, pyoxigraph.Literal(value)


def _export_formats() -> list[str]:
    """The format names of the writer registry, so a new writer is a new CLI choice."""
    from app.exports import WRITERS

    return list(WRITERS)


@main.command()
@root_option
@click.argument("fmt", type=click.Choice(_export_formats()))
@click.option("--from", "from_regime", metavar="REGIME", help="Regime key: mappings from this regime's side.")
@click.option("--to", "to_regime", metavar="REGIME", help="Regime key: mappings towards this regime.")
@click.option("--derived/--no-derived", default=True, show_default=True, help="Include derived mappings.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout)."
)
def export(
    root: Path | None,
    fmt: str,
    from_regime: str | None,
    to_regime: str | None,
    derived: bool,
    output: Path | None,
) -> None:
    """Export the mappings as SSSOM, CSV, OSCAL 1.2 mapping JSON, or the graph as Turtle/N-Triples/JSON-LD."""
    from app.core.resources import resource_root
    from app.exports import ExportRequest
    from app.exports import export as write_export
    from app.graph.loading import build_store

    try:
        base = resource_root(root)
        store = build_store(base)
        keys = {str(k) for k in _regime_keys(store)}
        for option, key in (("--from", from_regime), ("--to", to_regime)):
            if key is not None and key not in keys:
                raise click.BadParameter(
                    f"unknown regime {key!r}; one of {', '.join(sorted(keys))}", param_hint=option
                )
        text = write_export(fmt, ExportRequest(store, base, from_regime, to_regime, derived))
        if output is None:
            click.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")
    except (OSError, SyntaxError, ValueError) as err:
        raise click.ClickException(str(err)) from err


def _regime_keys(store: object) -> list[str]:
    """The regime keys in the graph, so a mistyped --from/--to is refused rather than exporting nothing."""
    import pyoxigraph

    assert isinstance(store, pyoxigraph.Store)
    results = store.query("SELECT ?key WHERE { ?r <https://w3id.org/ai-crosswalk/ontology#key> ?key }")
    assert isinstance(results, pyoxigraph.QuerySolutions)
    return [row["key"].value for row in results]


@main.command("import-sssom")
@root_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Turtle file to write (default: data/crosswalks/imported/<mapping_set_id slug>.ttl under --root or "
    "a source checkout; never into the installed package).",
)
def import_sssom(root: Path | None, file: Path, output: Path | None) -> None:
    """Check an SSSOM/TSV file against the graph and write it as a Turtle mapping set (nothing on error)."""
    from app.core.resources import resource_root
    from app.exports.sssom_import import SSSOMImportError
    from app.exports.sssom_import import import_sssom as read_sssom
    from app.graph.loading import load_store

    try:
        base = resource_root(root)
        imported, turtle = read_sssom(file, load_store(base))
    except SSSOMImportError as err:
        raise click.ClickException(str(err)) from err
    except (OSError, SyntaxError, ValueError) as err:
        raise click.ClickException(str(err)) from err
    if output is None and root is None and not (base / "pyproject.toml").is_file():
        raise click.UsageError(
            f"no -o given, and the graph in use is the one installed with the package ({base}), which an "
            "import must not change: pass -o OUT.ttl, or --root a checkout of the project"
        )
    target = output or base / "data" / "crosswalks" / "imported" / f"{imported.slug}.ttl"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(turtle, encoding="utf-8")
    skipped = f", {imported.skipped_derived} derived skipped" if imported.skipped_derived else ""
    click.echo(f"{target}: {imported.mappings} mappings{skipped}", err=True)


DESCRIPTION_FILE = click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path)


@main.command()
@root_option
@click.argument("file", type=DESCRIPTION_FILE)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "html", "oscal-ar", "oscal-poam"]),
    default="table",
    show_default=True,
    help="Report format: a table, the API's JSON, CSV (one row per requirement), a printable HTML page, "
    "OSCAL Assessment Results, or an OSCAL POA&M of what is not met.",
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
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
def gaps(root: Path | None, file: Path, fmt: str, as_of: datetime | None, output: Path | None) -> None:
    """Gap analysis of the AI system described in FILE: JSON, JSON-LD or Turtle (by extension; - for stdin).

    Exit 1, with the validation report on stderr, if the description is invalid.
    """
    from app.analysis.descriptions import InvalidDescriptionError
    from app.analysis.report_formats import issues_text
    from app.cli.gaps import build_analysis, read_description, render_report, write_output

    try:
        data, media_type = read_description(file)
        report = build_analysis(root).run(data, media_type, as_of.date() if as_of else None)
    except InvalidDescriptionError as err:
        click.echo(issues_text(err.issues, str(file)), err=True)
        raise SystemExit(1) from err
    except (OSError, SyntaxError, ValueError) as err:
        raise click.ClickException(str(err)) from err
    write_output(render_report(report, fmt), output)


@main.command()
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
    import json

    from app.analysis.descriptions import InvalidDescriptionError
    from app.analysis.report_formats import issues_text, validation_dict
    from app.cli.gaps import build_analysis, read_description

    try:
        data, media_type = read_description(file)
        issues = build_analysis(root).validate(data, media_type)
    except InvalidDescriptionError as err:  # unreadable: reported like any other issue
        issues = err.issues
    except (OSError, SyntaxError, ValueError) as err:
        raise click.ClickException(str(err)) from err
    if fmt == "json":
        click.echo(json.dumps(validation_dict(issues), indent=2, ensure_ascii=False))
    else:
        click.echo(issues_text(issues, str(file)))
    raise SystemExit(1 if issues else 0)


@main.command()
@root_option
@click.option("--from", "start", type=click.DateTime(formats=["%Y-%m-%d"]), required=True, metavar="DATE",
              help="The earlier date (YYYY-MM-DD).")  # fmt: skip
@click.option("--to", "end", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="DATE",
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
def changes(root: Path | None, start: datetime, end: datetime | None, regime: str | None, fmt: str) -> None:
    """What the law's versions changed between two dates: provisions added, removed, reworded, re-dated."""
    import json
    from datetime import date

    from app.analysis.change_formats import changes_atom, changes_csv
    from app.analysis.changes import changes as changes_between
    from app.cli.gaps import build_analysis

    to = end.date() if end else date.today()
    if to < start.date():
        raise click.BadParameter(f"{to} is before --from {start.date()}", param_hint="--to")
    index = build_analysis(root).index
    if regime is not None and regime not in index.timeline.versions:
        known = ", ".join(sorted(index.timeline.versions))
        raise click.BadParameter(f"no versioned regime {regime!r}: {known}", param_hint="--regime")
    records = [c.record() for c in changes_between(index, start.date(), to, regime)]
    if fmt == "json":
        click.echo(
            json.dumps({"from": start.date().isoformat(), "to": to.isoformat(), "changes": records}, indent=2)
        )
    elif fmt == "csv":
        click.echo(changes_csv(records), nl=False)
    elif fmt == "atom":
        click.echo(changes_atom(records, f"urn:ai-crosswalk:changes:{regime or 'all'}:{start.date()}:{to}",
                                "ai-crosswalk: changes", "urn:ai-crosswalk:cli"), nl=False)  # fmt: skip
    else:
        for r in records:
            click.echo(
                f"{r['in_force_from']}  {r['regime']:<12} {r['notation']:<32} {r['kind']:<9} {r['detail']}"
            )
        click.echo(f"{len(records)} change(s)")
