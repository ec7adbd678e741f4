"""How complete and how well corroborated the crosswalks are: the figures `crosswalk check` reports."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from app.graph.queries import load_query, select, term_text


@dataclass
class Coverage:
    """How many items of one regime reach another, and which do not yet."""

    source: str
    target: str
    items: int = 0
    covered: int = 0
    missing: list[str] = field(default_factory=list)

    @property
    def percent(self) -> float:
        """Share of items covered; an empty row counts as complete."""
        return 100.0 if self.items == 0 else 100.0 * self.covered / self.items


def completeness(store: pyoxigraph.Store, root: Path) -> list[Coverage]:
    """Run queries/completeness.rq: one row per (regime, other regime), with the uncovered items."""
    _, rows = select(store, load_query("completeness", root))
    table: dict[tuple[str, str], Coverage] = {}
    for row in rows:
        key = (term_text(row.get("sourceKey")), term_text(row.get("targetKey")))
        cell = table.setdefault(key, Coverage(*key))
        cell.items += 1
        if term_text(row.get("covered")) == "true":
            cell.covered += 1
        else:
            cell.missing.append(term_text(row.get("notation")))
    return [table[k] for k in sorted(table)]


@dataclass
class Agreement:
    """What the project's own mappings say about one published crosswalk's mappings."""

    mapping_set: str
    title: str
    verdicts: Counter[str] = field(default_factory=Counter)
    contradictions: list[tuple[str, str]] = field(default_factory=list)


def agreement(store: pyoxigraph.Store, root: Path) -> list[Agreement]:
    """Run queries/published-agreement.rq and count, per published set, confirmations and contradictions."""
    _, rows = select(store, load_query("published-agreement", root))
    sets: dict[str, Agreement] = {}
    seen: defaultdict[str, set[str]] = defaultdict(set)
    for row in rows:
        key = term_text(row.get("set"))
        published = term_text(row.get("published"))
        entry = sets.setdefault(key, Agreement(key, term_text(row.get("setTitle"))))
        if published in seen[key]:
            continue
        seen[key].add(published)
        verdict = term_text(row.get("verdict"))
        entry.verdicts[verdict] += 1
        if verdict == "contradicts":
            entry.contradictions.append((term_text(row.get("subject")), term_text(row.get("object"))))
    return [sets[k] for k in sorted(sets)]
