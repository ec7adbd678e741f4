"""One scale level in a fresh process: the shipped graph plus k× its asserted mappings (synthetic, between
existing items, with the shipped mix of relationships) and k×100 synthetic AI-system descriptions.

Prints one JSON object: triples, load and derive seconds (derive bounded by an alarm), what derivation's bounds
cut (searches stopped at the path budget, pairs no end kept), a crosswalk look-up's median time
(queries/crosswalk.rq, bound item, derived mappings included) and resident memory.
"""

from __future__ import annotations

import json
import random
import signal
import statistics
import sys
import time

import pyoxigraph

from app.analysis.description_model import plain_form
from app.graph import derive
from app.graph.loading import graph_files
from app.graph.queries import load_query, select
from bench.common import ROOT, peak_rss_mb, rss_mb
from bench.generate import generate

CW = "https://w3id.org/ai-crosswalk/ontology#"
ID = "https://w3id.org/ai-crosswalk/id/"


class DeriveTimeoutError(Exception):
    pass


def synthetic(store: pyoxigraph.Store, k: int, seed: int = 8) -> bytes:
    """N-Triples: (k-1)× the asserted mappings between existing items, and k×100 systems."""
    edges, _ = derive.asserted_edges(store, ROOT)
    rows = store.query(
        f"SELECT ?i ?k WHERE {{ ?i <http://www.w3.org/2004/02/skos/core#inScheme>/<{CW}key> ?k }}"
    )
    items = [(r["i"].value, r["k"].value) for r in rows]  # type: ignore[index,union-attr]
    rng = random.Random(seed)
    out: list[str] = []
    agent = f"<{ID}agent/bench-synthetic>"
    for n in range(len(edges) * (k - 1)):
        (a, ra), (b, rb) = rng.sample(items, 2)
        while ra == rb:
            b, rb = rng.choice(items)
        e = rng.choice(edges)
        m = f"<{ID}mapping/bench-synthetic/{n}>"
        out += [
            f"{m} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{CW}Mapping> .",
            f"{m} <{CW}subject> <{a}> .",
            f"{m} <{CW}object> <{b}> .",
            f"{m} <{CW}relationship> <{CW}{derive.INDIVIDUAL[e.relationship]}> .",
            f"{m} <http://www.w3.org/ns/prov#wasAttributedTo> {agent} .",
            f"{m} <http://purl.org/dc/terms/source> <{ID}mappingset/bench-synthetic> .",
            f"{m} <{CW}rationaleKind> <{CW}Semantic> .",
            f'{m} <{CW}justification> "Synthetic mapping for the scale benchmark."@en .',
        ]
        if e.confidence is not None:  # a published crosswalk's mapping states none: neither does its copy
            out.append(f'{m} <{CW}confidence> "{e.confidence}"^^<http://www.w3.org/2001/XMLSchema#decimal> .')
    for d in generate(100 * k, seed=seed):
        s = f"<{d['id']}>"
        out.append(f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{CW}AISystem> .")
        out.append(f'{s} <http://purl.org/dc/terms/title> "{d["name"]}" .')
        for (
            field,
            term,
        ) in plain_form().fields.items():  # the code fields listed (lifecycle_stage is one code)
            if term.kind == "code" and isinstance(d.get(field), list):
                out += [f"{s} <{term.prop}> <{term.vocab}{code}> ." for code in d[field]]
        for m in d["measures"]:
            node = f"_:{d['id'].rsplit('-', 1)[-1]}{m['id']}"
            out.append(f"{s} <{CW}hasMeasure> {node} .")
            out.append(f"{node} <{CW}measureStatus> <{CW}{m['status'].capitalize()}> .")
            out += [f"{node} <{CW}addresses> <{ID}{a.replace(':', '/', 1)}> ." for a in m["addresses"]]
    return ("\n".join(out) + "\n").encode()


def main() -> None:
    k = int(sys.argv[1])
    derive_budget = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    base_rss = rss_mb()
    t0 = time.perf_counter()
    store = pyoxigraph.Store()
    for path in graph_files(ROOT):
        store.bulk_load(path=path, format=pyoxigraph.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
    shipped_s = time.perf_counter() - t0
    extra = synthetic(store, k)  # generating the synthetic triples is not timed
    t0 = time.perf_counter()
    store.bulk_load(extra, format=pyoxigraph.RdfFormat.N_TRIPLES)
    load_s = shipped_s + time.perf_counter() - t0  # loading only: the shipped files + the synthetic ones
    del extra
    asserted = len(derive.asserted_edges(store, ROOT)[0])

    def on_alarm(*_: object) -> None:
        raise DeriveTimeoutError

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(derive_budget)
    t1 = time.perf_counter()
    cut = derive.Truncation()
    try:
        derived: int | None = derive.materialise(store, ROOT, truncation=cut)
        derive_s: float | None = time.perf_counter() - t1
    except DeriveTimeoutError:
        derived, derive_s = None, None
    signal.alarm(0)
    query = load_query("crosswalk", ROOT)
    bindings = {
        "item": pyoxigraph.NamedNode(ID + "nist-ai-rmf/GOVERN-1.1"),
        "includeDerived": pyoxigraph.Literal(True),
    }
    times, rows = [], 0
    for _ in range(15):
        t = time.perf_counter()
        rows = len(select(store, query, bindings)[1])  # as the app runs it (values bound inline)
        times.append(time.perf_counter() - t)
    print(
        json.dumps(
            {
                "k": k,
                "triples": len(store),
                "asserted_mappings": asserted,
                "derived_mappings": derived,
                "systems": 100 * k,
                "load_s": load_s,
                "derive_s": derive_s,
                "derive_budget_s": derive_budget,
                "derive_searches_cut": cut.searches,
                "derive_pairs_dropped": cut.dropped,
                "query_ms": statistics.median(times) * 1e3,
                "query_ms_min": min(times) * 1e3,
                "query_ms_max": max(times) * 1e3,
                "query_rows": rows,
                "rss_mb": rss_mb() - base_rss,
                "peak_rss_mb": peak_rss_mb(),
            }
        )
    )


if __name__ == "__main__":
    main()
