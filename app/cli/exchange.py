"""The commands that move mappings in and out: ``export`` (every writer of app.exports), ``import-sssom``."""

from __future__ import annotations

from pathlib import Path

import click

from app.cli.options import root_option
from app.exports import WRITERS


def export_help() -> str:
    """The export command's help, each format with its writer's own line, so a new writer documents itself."""
    width = max(map(len, WRITERS))
    lines = [
        f"{name:<{width}}  {(writer.__doc__ or '').strip().splitlines()[0]}"
        for name, writer in WRITERS.items()
    ]
    return "Export the mappings, or the graph, as FMT (to stdout, or the file -o names):\n\n\b\n" + "\n".join(
        lines
    )


@click.command(help=export_help())
@root_option
@click.argument("fmt", type=click.Choice(list(WRITERS)))
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
    from app.core.resources import resource_root
    from app.exports import ExportRequest
    from app.exports import export as write_export
    from app.graph.loading import build_store

    try:
        base = resource_root(root)
        store = build_store(base)
        keys = regime_keys(store)
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


def regime_keys(store: object) -> set[str]:
    """The regime keys in the graph, so a mistyped --from/--to is refused rather than exporting nothing."""
    import pyoxigraph

    from app.core.identifiers import CW

    assert isinstance(store, pyoxigraph.Store)
    results = store.query(f"SELECT ?key WHERE {{ ?r <{CW}key> ?key }}")
    assert isinstance(results, pyoxigraph.QuerySolutions)
    return {str(row["key"].value) for row in results}


@click.command("import-sssom")
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
        imported, turtle = read_sssom(file, load_store(base), base)
    except (SSSOMImportError, OSError, SyntaxError, ValueError) as err:
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
