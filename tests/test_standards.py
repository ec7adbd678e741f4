"""Standards coverage of M/593 from the graph: which items wait for a published standard."""

from __future__ import annotations

from pathlib import Path

from app.crosswalk.standards import standards_gaps
from app.graph.loading import load_store

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_every_item_is_listed_with_the_standards_serving_it() -> None:
    items = standards_gaps(load_store(REPO_ROOT), REPO_ROOT)
    assert [i.notation for i in items] == [f"Item {n}" for n in range(1, 11)]
    by_item = {i.notation: i for i in items}
    risk = by_item["Item 1"]
    assert "prEN 18228" in risk.drafts_in_progress
    assert {s.designation for s in risk.standards} >= {"prEN 18228", "ISO/IEC 23894:2023"}
    published = next(s for s in risk.standards if s.designation == "ISO/IEC 23894:2023")
    assert (published.status, published.relationship) == ("published", "intersectsWith")
    # a published standard that only intersects an item does not cover it
    assert not risk.covered
    assert by_item["Item 9"].drafts_in_progress == ["prEN 18286"]


def test_no_item_is_covered_by_a_published_harmonised_standard_yet() -> None:
    items = standards_gaps(load_store(REPO_ROOT), REPO_ROOT)
    assert [i.notation for i in items if i.covered] == []
    assert all(i.standards for i in items)
