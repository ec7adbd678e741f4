"""`crosswalk changes`: the same changes as GET /changes, from the command line."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from app.cli.main import main
from app.core.resources import ENV_VAR


def test_changes_json_and_csv() -> None:
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "changes",
            "--from",
            "2026-06-01",
            "--to",
            "2026-09-01",
            "--regime",
            "eu-ai-act",
            "--format",
            "json",
        ],
        env={ENV_VAR: ""},
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert any(c["id"] == "eu-ai-act:Article-9" and c["after"] == "2027-12-02" for c in body["changes"])
    table = runner.invoke(main, ["changes", "--from", "2026-06-01", "--to", "2026-09-01", "--format", "csv"],
                          env={ENV_VAR: ""})  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(table.output)))
    assert len(rows) >= len(body["changes"])


def test_changes_refuses_a_backwards_span_and_an_unknown_regime() -> None:
    runner = CliRunner()
    backwards = runner.invoke(
        main, ["changes", "--from", "2026-09-01", "--to", "2026-06-01"], env={ENV_VAR: ""}
    )
    assert backwards.exit_code == 2 and "--to" in backwards.output
    unknown = runner.invoke(
        main, ["changes", "--from", "2026-06-01", "--regime", "eu-ai-ac"], env={ENV_VAR: ""}
    )
    assert unknown.exit_code == 2 and "eu-ai-act" in unknown.output
