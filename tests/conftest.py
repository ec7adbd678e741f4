"""Shared fixtures: the shipped graph behind a live app, and a tiny fixture graph whose faults we choose."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app

REPO_ROOT = Path(__file__).resolve().parent.parent
MINI_ROOT = Path(__file__).resolve().parent / "fixtures" / "mini"

VIOLATING_TTL = """\
@prefix ex:   <https://example.org/mini#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
# No label (qc), no notation (SHACL), and both a Regime and a Provision (disjoint: OWL inconsistent).
ex:art3 a ex:Article, ex:Regime ; skos:inScheme ex:act .
"""


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    """One app over the shipped graph for the whole session: loading it is the slow part."""
    with TestClient(create_app(REPO_ROOT)) as test_client:
        yield test_client


@pytest.fixture
def mini_root() -> Path:
    """The conforming fixture graph."""
    return MINI_ROOT


@pytest.fixture
def violating_root(tmp_path: Path) -> Path:
    """A copy of the fixture graph with one resource that breaks SHACL, a qc query and OWL consistency."""
    root = tmp_path / "violating"
    shutil.copytree(MINI_ROOT, root)
    (root / "data" / "regimes" / "bad.ttl").write_text(VIOLATING_TTL, encoding="utf-8")
    return root
