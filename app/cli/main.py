"""The ``crosswalk`` command line: a thin layer over the domain modules, importing them only when used.

The commands live by what they do: the graph (app.cli.graph: check, query), the service (app.cli.serve),
mappings in and out (app.cli.exchange: export, import-sssom), the gap analysis (app.cli.analysis: gaps,
validate, changes).
"""

from __future__ import annotations

import click

from app.cli import analysis, exchange, graph, serve


@click.group()
@click.version_option(package_name="ai-crosswalk")
def main() -> None:
    """ai-crosswalk: the graph of AI regulatory regimes and the crosswalks between them."""


for command in (
    graph.check,
    graph.query,
    serve.serve,
    exchange.export,
    exchange.import_sssom,
    analysis.gaps,
    analysis.validate,
    analysis.changes,
):
    main.add_command(command)
