"""The five benchmarks. Each writes bench/results/<name>.jsonl and returns its summary table (Markdown)."""

from __future__ import annotations

import http.client as httpclient
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

import pyoxigraph

from bench.abuse import abuse
from bench.common import (
    HOST,
    QUICK,
    ROOT,
    VENV_BIN,
    Results,
    Stat,
    crosswalk_serve,
    have_wrk,
    http,
    percentile,
    ratio,
    rss_mb,
    server,
    uvicorn_serve,
    wrk,
)
from bench.generate import generate, write_ndjson

REPEATS = 2 if QUICK else 3
WRK_SECONDS = 2 if QUICK else 4
ID = "https://w3id.org/ai-crosswalk/id/"


def examples() -> list[tuple[str, str]]:
    files = sorted((ROOT / "data" / "examples").glob("*.json"))
    return [(f.stem, f.read_text(encoding="utf-8")) for f in files]


def ms(s: Stat) -> str:
    return s.show("{:.2f}")


# --- 1. one system's gap analysis ---------------------------------------------------------------------


def gap_analysis() -> str:
    from app.analysis.report import report_json
    from app.analysis.service import Analysis
    from app.core.settings import Settings
    from app.graph.loading import build_store
    from bench.naive import NaivePipeline, same_result
    from bench.reference import ReferenceAnalysis
    from bench.rudof_validator import RudofAnalysis, compare

    res = Results("gap-analysis")
    store = build_store(ROOT)
    analysis = Analysis.build(store, ROOT)
    cases = examples() + [(d["id"], json.dumps(d)) for d in generate(40 if not QUICK else 10, seed=1)]
    naive = NaivePipeline(ROOT, store)
    rudof = RudofAnalysis(ROOT, analysis)
    reference = ReferenceAnalysis(analysis)
    limit = Settings().max_description_triples

    # the naive pipeline and the reference path must compute what we compute, on every case, before any
    # figure counts
    agree = sum(
        same_result(report_json(analysis.run(body, max_triples=limit)), naive.run(body)) for _, body in cases
    )
    res.record(check="naive computes the same requirements and statuses", cases=len(cases), agree=agree)
    same_reports = sum(analysis.run(body, max_triples=limit) == reference.run(body) for _, body in cases)
    res.record(check="reference path gives the same reports", cases=len(cases), agree=same_reports)
    rows = compare(ROOT, analysis, [json.loads(b) for _, b in cases[:13]])
    res.record(
        check="pyrudof vs pyshacl on shapes/system.ttl",
        cases=len(rows),
        agree=sum(r["agree"] for r in rows),
        rows=rows,
    )
    rudof_agree = sum(r["agree"] for r in rows)
    # the compiled checks against pyshacl on the same valid descriptions and mutations
    from app.analysis.description_model import read_system
    from app.analysis.descriptions import parse_description
    from bench.rudof_validator import mutations

    checked = [json.loads(b) for _, b in cases[:13]]
    checked += list(mutations(next(d for d in checked if d.get("measures"))).values())
    graphs = [parse_description(json.dumps(d)) for d in checked]
    compiled_agree = sum(analysis.validator.issues(g) == analysis.validator.pyshacl_issues(g) for g in graphs)
    res.record(check="compiled SHACL vs pyshacl", cases=len(graphs), agree=compiled_agree)

    def p50_of(run: Any, bodies: list[str], per: int) -> float:
        times = []
        for body in bodies:
            for _ in range(per):
                t = time.perf_counter()
                run(body)
                times.append(time.perf_counter() - t)
        return percentile(times, 50) * 1e3

    bodies = [b for _, b in cases]
    ours, ref, alt, base = Stat(), Stat(), Stat(), Stat()
    for _ in range(REPEATS):
        ours.add(p50_of(lambda body: analysis.run(body, max_triples=limit), bodies, 5))
        ref.add(p50_of(reference.run, bodies, 2))
        alt.add(p50_of(rudof.run, bodies, 2))
        times = []
        for body in bodies[:13]:
            t = time.perf_counter()
            naive.run(body)
            times.append(time.perf_counter() - t)
        base.add(percentile(times, 50) * 1e3)
    # where the time goes, on the shipped path
    from app.analysis.gaps import analyse

    parse, validate, analyse_t = Stat(), Stat(), Stat()
    for _ in range(REPEATS):
        tp, tv, ta = [], [], []
        for body in bodies:
            t = time.perf_counter()
            g = parse_description(body)
            tp.append(time.perf_counter() - t)
            t = time.perf_counter()
            analysis.validator.issues(g)
            tv.append(time.perf_counter() - t)
            s = read_system(g)
            t = time.perf_counter()
            analyse(analysis.index, s)
            ta.append(time.perf_counter() - t)
        parse.add(percentile(tp, 50) * 1e3)
        validate.add(percentile(tv, 50) * 1e3)
        analyse_t.add(percentile(ta, 50) * 1e3)
    res.record(
        what="in-process p50 ms",
        ours=ours,
        reference_jsonld_pyshacl=ref,
        ours_pyrudof=alt,
        naive=base,
        parse=parse,
        validate=validate,
        analyse=analyse_t,
        cases=len(bodies),
        naive_cases=13,
    )
    res.row(
        "in-process p50, validate+analyse (shipped: direct JSON, compiled SHACL)",
        ms(ours) + " ms",
        ms(base) + " ms (naive)",
        f"{base.median / ours.median:.0f}× faster",
    )
    res.row(
        "in-process p50, same with JSON-LD processor + pyshacl (reference)",
        ms(ref) + " ms",
        ms(ours) + " ms (shipped)",
        f"shipped {ref.median / ours.median:.1f}× faster",
    )
    res.row(
        "in-process p50, same with pyrudof (alternative)",
        ms(alt) + " ms",
        ms(ours) + " ms (shipped)",
        f"shipped {alt.median / ours.median:.1f}× faster",
    )
    res.row(
        "  shipped, of which: parse / validate / analyse",
        f"{ms(parse)} / {ms(validate)} / {ms(analyse_t)} ms",
        "",
        "",
    )
    res.row("naive = ours (requirements, statuses, tiers)", f"{agree}/{len(cases)} cases", "", "")
    res.row("reference = ours (whole reports)", f"{same_reports}/{len(cases)} cases", "", "")
    res.row("compiled SHACL = pyshacl (same issues)", f"{compiled_agree}/{len(graphs)} cases", "", "")
    res.row("pyrudof = pyshacl (same violations)", f"{rudof_agree}/{len(rows)} cases", "", "")

    # over HTTP: the real endpoint vs a constant endpoint on the same workers, and a tiny constant-only app
    if not have_wrk():
        res.row("HTTP", "skipped: wrk not installed (apt-get install wrk)", "", "")
        return res.table(["figure", "ours", "baseline", "ratio"])
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    ndjson = write_ndjson([json.loads(b) for b in bodies], tmp / "bodies.ndjson")
    for workers in (1, 2):
        figures: dict[str, dict[str, Stat]] = {}
        with server(uvicorn_serve("bench.app_factory:create_app", workers)) as srv:
            status, _ = http(
                "POST", srv.url + "/gap-analysis", bodies[0].encode(), {"Content-Type": "application/json"}
            )
            assert status == 200, f"/gap-analysis answered {status}"
            for name, path, method, data in (
                ("gap", "/gap-analysis", "POST", ndjson),
                ("constant", "/bench/constant", "GET", None),
            ):
                f = figures.setdefault(name, {"rps": Stat(), "p50": Stat(), "p99": Stat()})
                for _ in range(REPEATS):
                    out = wrk(srv.url + path, WRK_SECONDS, bodies=data, method=method)
                    assert out["non_2xx"] == 0 and out["errors"] == 0, out
                    f["rps"].add(out["rps"])
                    f["p50"].add(out["p50_ms"])
                    f["p99"].add(out["p99_ms"])
        with server(uvicorn_serve("bench.app_factory:create_tiny_app", workers)) as srv:
            f = figures.setdefault("tiny", {"rps": Stat(), "p50": Stat(), "p99": Stat()})
            for _ in range(REPEATS):
                out = wrk(srv.url + "/bench/constant", WRK_SECONDS)
                f["rps"].add(out["rps"])
                f["p50"].add(out["p50_ms"])
                f["p99"].add(out["p99_ms"])
        for name, f in figures.items():
            res.record(what=f"HTTP {name}", workers=workers, concurrency=16, seconds=WRK_SECONDS, **f)
        g, c, t = figures["gap"], figures["constant"], figures["tiny"]
        res.row(
            f"HTTP POST /gap-analysis, {workers} worker(s), c=16: req/s",
            g["rps"].show("{:.0f}"),
            c["rps"].show("{:.0f}") + " (constant, same app)",
            f"{100 * g['rps'].median / c['rps'].median:.1f} %",
        )
        res.row("  p50 / p99 ms", f"{ms(g['p50'])} / {ms(g['p99'])}", f"{ms(c['p50'])} / {ms(c['p99'])}", "")
        res.row(
            "  constant endpoint in a bare FastAPI app: req/s",
            "",
            t["rps"].show("{:.0f}"),
            f"{100 * g['rps'].median / t['rps'].median:.1f} %",
        )
    return res.table(["figure", "ours", "baseline", "ratio"])


# --- 3. SPARQL endpoint vs Oxigraph server -------------------------------------------------------------


def named_queries() -> dict[str, str]:
    from app.graph.queries import load_query

    crosswalk = load_query("crosswalk", ROOT).replace(
        "WHERE {", f"WHERE {{\n  VALUES (?item ?includeDerived) {{ (<{ID}nist-ai-rmf/GOVERN-1.1> true) }}", 1
    )
    coverage = load_query("coverage", ROOT)
    return {
        "crosswalk (GOVERN-1.1, derived, VALUES)": crosswalk,
        "coverage": coverage,
        "coverage (derived)": coverage.replace("WHERE {", "WHERE {\n  VALUES ?includeDerived { true }", 1),
        "standards-gaps": load_query("standards-gaps", ROOT),
        "regimes": load_query("regimes", ROOT),
    }


class Client:
    """One keep-alive connection; POSTs a query form and returns (status, rows)."""

    def __init__(self, url: str) -> None:
        u = urllib.parse.urlsplit(url)
        self.path = u.path
        self.conn = httpclient.HTTPConnection(u.hostname, u.port, timeout=60)

    def query(self, text: str) -> tuple[int, int]:
        body = urllib.parse.urlencode({"query": text})
        self.conn.request(
            "POST",
            self.path,
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json",
            },
        )
        resp = self.conn.getresponse()
        data = resp.read()
        return resp.status, len(json.loads(data)["results"]["bindings"]) if resp.status == 200 else -1


def sparql() -> str:
    from app.graph.loading import build_store

    res = Results("sparql")
    dump = build_store(ROOT).dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    queries = named_queries()
    n = 10 if QUICK else 30
    figures: dict[str, dict[str, Stat]] = {q: {"ours": Stat(), "oxigraph": Stat()} for q in queries}
    counts: dict[str, dict[str, int]] = {q: {} for q in queries}
    with (
        server(crosswalk_serve()) as ours,
        server([str(VENV_BIN / "oxigraph"), "serve", "--bind", f"{HOST}:{{port}}"], health="/") as oxi,
    ):
        status, body = http(
            "PUT", oxi.url + "/store?default", dump, {"Content-Type": "application/n-triples"}, timeout=300
        )
        assert status in (200, 201, 204), (status, body[:200])
        for target, url in (("ours", ours.url + "/sparql"), ("oxigraph", oxi.url + "/query")):
            client = Client(url)
            for name, text in queries.items():
                for _ in range(3):  # warm up
                    status, rows = client.query(text)
                    assert status == 200, (target, name, status)
                counts[name][target] = rows
                for _ in range(REPEATS):
                    times = []
                    for _ in range(n):
                        t = time.perf_counter()
                        client.query(text)
                        times.append(time.perf_counter() - t)
                    figures[name][target].add(percentile(times, 50) * 1e3)
    for name, f in figures.items():
        res.record(
            query=name,
            rows=counts[name],
            ours_p50_ms=f["ours"],
            oxigraph_p50_ms=f["oxigraph"],
            requests_per_run=n,
        )
        same = counts[name]["ours"] == counts[name]["oxigraph"]
        res.row(
            name,
            ms(f["ours"]) + " ms",
            ms(f["oxigraph"]) + " ms",
            ratio(f["ours"].median, f["oxigraph"].median),
            f"{counts[name]['ours']}{'' if same else ' ≠ ' + str(counts[name]['oxigraph'])}",
        )
    return res.table(
        [
            "named query (p50 latency, sequential)",
            "/sparql (ours)",
            "oxigraph serve (in memory)",
            "ours / oxigraph",
            "rows",
        ]
    )


# --- 4. start-up -----------------------------------------------------------------------------------------


def startup() -> str:
    res = Results("startup")
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    variants: list[tuple[str, list[str], int]] = [
        ("in memory (load + derive)", [], REPEATS),
        ("--data-dir, first start (load + derive + write)", ["--data-dir", str(tmp / "a")], 1),
        ("--data-dir, later starts (reopen)", ["--data-dir", str(tmp / "a")], REPEATS),
    ]
    for name, extra, times in variants:
        secs, tree, main = Stat(), Stat(), Stat()
        for _ in range(times):
            with server(crosswalk_serve(*extra)) as srv:
                time.sleep(0.3)  # let the query pool settle
                secs.add(srv.started)
                tree.add(rss_mb(srv.proc.pid, tree=True))
                main.add(rss_mb(srv.proc.pid))
        res.record(variant=name, seconds_to_health=secs, rss_tree_mb=tree, rss_server_mb=main)
        res.row(name, secs.show("{:.2f}") + " s", tree.show("{:.0f}") + " MB", main.show("{:.0f}") + " MB")
    return res.table(
        [
            "crosswalk serve, 1 worker",
            "start to /health 200",
            "RSS, process tree",
            "RSS, serving process (without the /sparql query pool)",
        ]
    )


# --- 5. scale --------------------------------------------------------------------------------------------


def scale() -> str:
    res = Results("scale")
    levels = (1, 10) if QUICK else (1, 10, 100)
    out: list[dict[str, Any]] = []
    for k in levels:
        runs = []
        for _ in range(1 if k == 100 else (2 if QUICK else 3)):
            proc = subprocess.run(  # noqa: S603
                [sys.executable, "-m", "bench.scale_worker", str(k), "60"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=600,
                check=True,
            )
            runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        row = {
            key: statistics.median([r[key] for r in runs])
            if isinstance(runs[0][key], float) and all(r[key] is not None for r in runs)
            else runs[0][key]
            for key in runs[0]
        }
        row["runs"] = runs
        out.append(row)
        res.record(**row)
    first = out[0]
    for r in out:
        derive_s = "not finished in 60 s" if r["derive_s"] is None else f"{r['derive_s']:.2f} s"
        size = r["triples"] / first["triples"]
        res.row(
            f"×{r['k']}",
            f"{r['triples']:,}",
            f"{r['asserted_mappings']:,} / "
            f"{r['derived_mappings'] if r['derived_mappings'] is not None else '—'}",
            str(r["systems"]),
            f"{r['load_s']:.2f} s",
            derive_s,
            f"{r.get('derive_searches_cut', 0)} / {r.get('derive_pairs_dropped', 0):,}",
            f"{r['query_ms']:.1f} ms ({r['query_rows']} rows)",
            f"{r['rss_mb']:.0f} MB",
            f"{r['query_ms'] / first['query_ms'] / size:.2f} / {r['rss_mb'] / first['rss_mb'] / size:.2f}",
        )
    plot(out, ROOT / "docs" / "performance")
    return res.table(
        [
            "scale",
            "triples",
            "asserted / derived mappings",
            "systems",
            "load",
            "derive",
            "derive cut (searches at budget / pairs over cap)",
            "crosswalk look-up, as the app runs it",
            "RSS",
            "look-up / RSS growth ÷ triples growth (≤ 1: no worse than linear)",
        ]
    )


def plot(rows: list[dict[str, Any]], folder: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    x = [r["k"] for r in rows]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    series = {
        "load (s)": [r["load_s"] for r in rows],
        "derive (s; missing = not finished in 60 s)": [r["derive_s"] for r in rows],
        "crosswalk look-up (ms)": [r["query_ms"] for r in rows],
        "RSS (MB)": [r["rss_mb"] for r in rows],
    }
    for label, ys in series.items():
        pts = [(a, b) for a, b in zip(x, ys, strict=True) if b is not None]
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=label)
    ref = [x[0], x[-1]]
    ax.plot(ref, [1, x[-1] / x[0]], "k--", linewidth=0.8, label="linear (slope 1)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("scale factor k (asserted mappings ×k between existing items, 100·k systems)")
    ax.set_ylabel("value (unit in legend)")
    ax.set_title("ai-crosswalk: growth with graph size (log-log)")
    ax.grid(True, which="both", linewidth=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(folder / "scale.svg")
    fig.savefig(folder / "scale.png", dpi=120)
    plt.close(fig)


from bench.impact import impact  # noqa: E402 - the registry lists every benchmark module
from bench.portfolio import portfolio  # noqa: E402

ALL = {
    "abuse": abuse,
    "impact": impact,
    "gap-analysis": gap_analysis,
    "portfolio": portfolio,
    "sparql": sparql,
    "startup": startup,
    "scale": scale,
}
