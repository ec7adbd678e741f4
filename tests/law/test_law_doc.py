"""docs/law.md is generated from the rules and dates: it must say what the graph says."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from app.analysis.service import Analysis

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_law_page_is_current(analysis: Analysis) -> None:
    spec = importlib.util.spec_from_file_location("build_law_doc", REPO_ROOT / "tools" / "build_law_doc.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page = (REPO_ROOT / "docs" / "law.md").read_text(encoding="utf-8")
    assert module.render(analysis.index) == page, "docs/law.md is stale: run python tools/build_law_doc.py"
    assert "Article 2(2)" in page and "Article 27" in page and "inferred" in page
