"""The law tests: each case describes a system, asks the gap analysis of the real graph on a date, and checks the
clause it quotes. One module per chapter of rules; the engine is built once and only read."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.analysis.report import report_json
from app.analysis.service import Analysis
from app.core.settings import Settings
from app.graph.loading import build_store

REPO_ROOT = Path(__file__).resolve().parents[2]
LIMIT = Settings().max_description_triples
# Dates either side of the entry into force of Regulation (EU) 2026/1744 (27 July 2026), and today's.
BEFORE_OMNIBUS = date(2026, 6, 1)
AFTER_OMNIBUS = date(2026, 9, 1)
NOW = date(2026, 11, 29)

Analyse = Callable[..., dict[str, Any]]


@pytest.fixture(scope="session")
def analysis() -> Iterator[Analysis]:
    """The gap-analysis index and validator over the shipped graph."""
    store = build_store(REPO_ROOT)
    yield Analysis.build(store, REPO_ROOT)


@pytest.fixture(scope="session")
def law(analysis: Analysis) -> Analyse:
    """Analyse a description given as keyword fields (an EU provider unless said) on ``as_of``."""

    def run(as_of: date = NOW, **fields: Any) -> dict[str, Any]:
        document = {"id": "urn:example:law-test", "roles": ["provider"], "markets": ["EU"], **fields}
        return report_json(analysis.run(json.dumps(document), "application/json", as_of, max_triples=LIMIT))

    return run
