"""Crosswalk completeness and agreement with published crosswalks, measured on the shipped graph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph

from app.graph.loading import load_store
from app.qa.completeness import agreement, completeness

REPO_ROOT = Path(__file__).resolve().parent.parent
CW = "https://w3id.org/ai-crosswalk/ontology#"
ACTION_10 = pyoxigraph.NamedNode("https://w3id.org/ai-crosswalk/id/g7-hcoc/Action-10")


def test_every_required_item_reaches_every_other_regime() -> None:
    table = completeness(load_store(REPO_ROOT), REPO_ROOT)
    assert {(c.source, c.items) for c in table} == {
        ("g7-hcoc", 11), ("m593", 10), ("jp-aigfb", 10), ("nist-ai-rmf", 72), ("nist-ai-600-1", 12),
        ("eu-gpai-cop", 12), ("oecd-haip", 7), ("jp-ai-act", 28), ("jp-ai-basic-plan", 7),
    }  # fmt: skip
    assert len(table) == 31 + 10
    assert [c for c in table if c.covered < c.items] == []


def test_an_item_without_mapping_or_statement_is_reported_missing() -> None:
    store = load_store(REPO_ROOT)
    # G7 Action 10 reaches NIST only through a no-counterpart statement: drop it and the gap shows.
    statements = store.query(
        f"SELECT ?s ?item WHERE {{ ?s <{CW}subject> ?item ; <{CW}noCounterpartIn> ?r . ?r <{CW}key> 'nist-ai-rmf' }}",
        substitutions={pyoxigraph.Variable("item"): ACTION_10},
    )
    assert isinstance(statements, pyoxigraph.QuerySolutions)
    for row in list(statements):
        for quad in list(store.quads_for_pattern(row["s"], None, None)):
            store.remove(quad)
    cell = next(
        c for c in completeness(store, REPO_ROOT) if (c.source, c.target) == ("g7-hcoc", "nist-ai-rmf")
    )
    assert (cell.covered, cell.missing) == (10, ["Action 10"])


def test_published_crosswalks_are_confirmed_not_contradicted() -> None:
    rows = {a.title: a for a in agreement(load_store(REPO_ROOT), REPO_ROOT)}
    aisi = next(a for title, a in rows.items() if title.startswith("J-AISI/NIST Crosswalk-2"))
    assert aisi.verdicts["confirms"] + aisi.verdicts["confirms, other relationship"] >= 40
    assert all(a.verdicts["contradicts"] == len(a.contradictions) for a in rows.values())
