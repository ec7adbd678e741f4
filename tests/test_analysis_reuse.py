"""What the analysis works out once and reuses must never change an answer: the rule index (only rules that
can match are matched), the verdicts before any measure (shared across systems), the JSON written once per
verdict, and the description graph that replaced rdflib's for descriptions. Each is checked against the
plain computation on the real graph."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
import rdflib

from app.analysis.changes import impact
from app.analysis.description_graph import DescriptionGraph
from app.analysis.descriptions import parse_description
from app.analysis.report import json_bytes, report_json
from app.analysis.rules import Facts, applicable, classify, exclusions
from app.analysis.service import Analysis
from app.core.settings import Settings
from app.graph.loading import build_store

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO_ROOT / "data" / "examples").glob("*.json"))
LIMIT = Settings().max_description_triples
DAYS = [date(2025, 3, 1), date(2026, 9, 1), date(2026, 11, 29), date(2027, 12, 3), date(2030, 1, 1)]


def build() -> Analysis:
    return Analysis.build(build_store(REPO_ROOT), REPO_ROOT)


@pytest.fixture(scope="module")
def analysis() -> Iterator[Analysis]:
    yield build()


def variants() -> list[tuple[str, date]]:
    """Every example, as it is and changed in what decides dates and duties (placed on the market either side
    of the cut-offs, public use, an Annex X component), each on dates before, across and after the
    amendment."""
    out = []
    for path in EXAMPLES:
        document = json.loads(path.read_text(encoding="utf-8"))
        changes: list[dict[str, Any]] = [
            {},
            {"placed_on_market": "2025-06-01"},
            {"placed_on_market": "2026-05-01"},
            {"placed_on_market": "2026-12-01", "entity_type": ["public-authority"]},
            {"placed_on_market": "2027-09-01"},
            {"circumstances": ["annex-x-large-scale-it"], "placed_on_market": "2026-01-01"},
        ]
        out += [(json.dumps({**document, **change}), day) for change in changes for day in DAYS]
    return out


def test_verdicts_shared_across_systems_are_those_worked_out_afresh() -> None:
    """One index analyses the variants in order, another in reverse: a verdict reused from an earlier system
    that differed in anything it depends on would make the two disagree."""
    forward, backward = build(), build()
    cases = variants()
    ahead = [report_json(forward.run(text, as_of=day, max_triples=LIMIT)) for text, day in cases]
    behind = [report_json(backward.run(text, as_of=day, max_triples=LIMIT)) for text, day in reversed(cases)]
    assert ahead == behind[::-1]
    assert forward.index.unmet, "verdicts were reused"


def test_dates_shared_across_systems_give_the_impact_worked_out_afresh() -> None:
    """The application dates an index keeps (``GapIndex.dates``) serve impact reports as they serve gap reports:
    two fresh indexes, one going through the systems and date pairs in order, the other in reverse, agree."""
    forward, backward = build(), build()
    systems = [forward.read(text, max_triples=LIMIT) for text, _ in variants()[:: len(DAYS)]]
    pairs = [(DAYS[i], DAYS[j]) for i in range(len(DAYS)) for j in range(i + 1, len(DAYS))]
    cases = [(s, a, b) for s in systems for a, b in pairs]
    ahead = [impact(forward.index, s, a, b) for s, a, b in cases]
    behind = [impact(backward.index, s, a, b) for s, a, b in reversed(cases)]
    assert ahead == behind[::-1]
    assert forward.index.dates, "dates were reused"


def test_the_json_written_once_per_verdict_is_the_reports_json(analysis: Analysis) -> None:
    for text, day in variants():
        report = analysis.run(text, as_of=day, max_triples=LIMIT)
        for _ in range(2):  # the second time from the verdicts' written JSON
            assert json_bytes(report) == orjson.dumps(report_json(report))
            line = json_bytes({"index": 3, "report": report}, newline=True)
            assert orjson.loads(line) == {"index": 3, "report": report_json(report)}
            assert line.endswith(b"}\n")


def test_the_rule_index_offers_every_rule_that_matches(analysis: Analysis) -> None:
    """Random facts drawn from the codes the rules themselves name: classifying, excluding and applying the
    indexed candidates gives what the whole list gives."""
    index = analysis.index
    codes: dict[str, set[str]] = {}
    for rule in index.rules:
        for conditions in (rule.conditions, rule.unless, rule.all_of):
            for name, values in conditions.items():
                codes.setdefault(name, set()).update(values)
    names = sorted(codes)
    rng = random.Random(7)  # noqa: S311 - reproducible test data, not secrets
    regimes = {rule.regime for rule in index.rules}
    for _ in range(400):
        day = rng.choice(DAYS)
        versions = {r: index.timeline.as_of(r, day) for r in regimes if index.timeline.exists_on(r, day)}
        known: Facts = {
            name: frozenset(rng.sample(sorted(codes[name]), min(len(codes[name]), rng.randint(0, 3))))
            for name in names
            if name != "tiers"
        }
        known["markets"] = known.get("markets") or frozenset({"EU"})
        placed = rng.choice([None, date(2025, 1, 1), date(2027, 1, 1)])
        ruleset = index.rules_in(versions, known["markets"])
        every = list(ruleset.rules)
        fired = classify(every, known, placed)
        assert classify(ruleset.candidates(known), known, placed) == fired
        tiers = frozenset(r.tier for r in fired)
        later = ruleset.candidates({**known, "tiers": tiers})
        assert exclusions(later, known, tiers, placed) == exclusions(every, known, tiers, placed)
        assert applicable(later, known, tiers, placed) == applicable(every, known, tiers, placed)


def test_the_description_graph_reads_as_rdflib_does() -> None:
    for path in EXAMPLES:
        graph = parse_description(path.read_bytes(), "application/json")
        reference = graph.to_rdflib()
        assert len(graph) == len(reference)
        for s, p, o in reference:
            assert (s, p, o) in graph
            assert sorted(graph.objects(s, p)) == sorted(reference.objects(s, p))
            assert sorted(graph.subjects(p, o)) == sorted(reference.subjects(p, o))
            assert graph.value(s, p) in set(reference.objects(s, p))
        assert sorted(graph.objects()) == sorted(reference.objects())


def test_the_description_graph_keeps_a_triple_once_in_the_order_added() -> None:
    subject, prop = rdflib.URIRef("urn:example:s"), rdflib.URIRef("urn:example:p")
    triples = [(subject, prop, rdflib.Literal(f"v{i}")) for i in range(50)]
    graph = DescriptionGraph([*triples, triples[5]])
    assert list(graph) == triples and len(graph) == 50
    assert graph.objects(subject, prop) == [o for _, _, o in triples]
    assert graph.value(subject, prop) == triples[0][2] and graph.value(prop, subject) is None
    assert triples[7] in graph and (prop, prop, prop) not in graph
