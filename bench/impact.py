"""Change impact over a stored inventory: app.analysis.changes.inventory_impact over 10,000 generated systems, against the
same-run baseline of re-running the full analysis twice per system (what a naive impact report would do)."""

from __future__ import annotations

import json
import time
from datetime import date

from bench.common import QUICK, ROOT, Results, Stat

N = 1_000 if QUICK else 10_000
START, END = date(2026, 6, 1), date(2026, 9, 1)  # either side of Regulation (EU) 2026/1744


def impact() -> str:
    from app.analysis.changes import inventory_impact
    from app.analysis.gaps import analyse
    from app.analysis.service import Analysis
    from app.core.settings import Settings
    from app.graph.loading import build_store
    from bench.generate import generate

    analysis = Analysis.build(build_store(ROOT), ROOT)
    systems = [
        analysis.read(json.dumps(d), max_triples=Settings().max_description_triples)
        for d in generate(N, seed=16)
    ]
    res = Results("impact")
    ours, naive = Stat(), Stat()
    for _ in range(1 if QUICK else 3):
        t = time.perf_counter()
        summary = inventory_impact(analysis.index, systems, START, END)
        ours.add(time.perf_counter() - t)
        t = time.perf_counter()
        for system in systems:
            analyse(analysis.index, system, START)
            analyse(analysis.index, system, END)
        naive.add(time.perf_counter() - t)
    res.record(systems=N, affected=summary["affected"], ours_seconds=ours, naive_seconds=naive)
    res.row(
        f"impact of 2026/1744 over {N} stored systems (in process, 1 core)",
        ours.show("{:.2f}") + " s",
        naive.show("{:.2f}") + " s (full analysis twice per system)",
        f"{naive.median / ours.median:.1f}× faster; {summary['affected']} systems affected",
    )
    return res.table(["figure", "ours", "baseline", "ratio / note"])
