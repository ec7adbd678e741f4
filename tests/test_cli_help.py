"""The CLI's help says what the code does: each ``serve`` option its Settings default and variable, ``export``
every writer there is."""

from __future__ import annotations

from dataclasses import fields

import click
from click.testing import CliRunner

from app.cli.main import main
from app.core.settings import Settings
from app.exports import WRITERS

DEFAULTS = {f.name: f.default for f in fields(Settings)}


def written(default: object) -> str:
    """A default as the help writes it: on/off, none, 10 rather than 10.0."""
    if default is None:
        return "none"
    if isinstance(default, bool):
        return "on" if default else "off"
    if isinstance(default, float) and default.is_integer():
        return str(int(default))
    return str(default)


def test_every_serve_option_is_a_setting_and_names_its_default_and_variable() -> None:
    serve = main.commands["serve"]
    options = [p for p in serve.params if isinstance(p, click.Option) and p.name != "root"]
    assert {p.name for p in options} >= {"host", "port", "workers", "result_limit", "query_workers"}
    for option in options:
        assert option.name in DEFAULTS, f"{option.opts} sets no field of Settings"
        assert f"[default: {written(DEFAULTS[option.name])}; $CROSSWALK_{option.name.upper()}]" in (
            option.help or ""
        ), option.opts


def test_the_defaults_named_are_the_ones_documented() -> None:
    """Spot checks against the numbers the docs review found missing or wrong."""
    serve = main.commands["serve"]
    helps = {p.name: p.help or "" for p in serve.params}
    assert "[default: 100000; $CROSSWALK_RESULT_LIMIT]" in helps["result_limit"]
    assert "[default: 1; $CROSSWALK_WORKERS]" in helps["workers"]
    assert "[default: 10; $CROSSWALK_QUERY_TIMEOUT]" in helps["query_timeout"]


def test_export_help_lists_every_writer() -> None:
    shown = CliRunner().invoke(main, ["export", "--help"])
    assert shown.exit_code == 0, shown.output
    listed = [
        line.split()[0] for line in shown.output.splitlines() if line.strip() and line.split()[0] in WRITERS
    ]
    assert listed == list(WRITERS)
    assert "oscal-catalog" in shown.output and "olir" in shown.output
