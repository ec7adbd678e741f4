"""Load on loopback: gap analysis, stored systems and SPARQL at a fixed concurrency, for a bounded time.

    .venv/bin/python -m bench.load [--duration 20] [--concurrency 32] [--workers 1] [--store URL] [--url URL]

Starts ``crosswalk serve`` on 127.0.0.1 (or drives ``--url``, which must be a loopback address), stores the
example systems, warms up, then runs each scenario for ``--duration`` seconds with ``--concurrency`` clients
(threads with keep-alive connections, stdlib only) and prints, per scenario, requests, throughput, p50/p99
latency, errors (any status but 200, or a failed connection) and the server's RSS (its processes and their
children: uvicorn workers, query workers) before and after. The bar: no errors, no growth of RSS.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from bench.common import percentile

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "data" / "examples").glob("*.json"))
TOKEN = "load-test-token"  # noqa: S105 - a throwaway token for the server this script starts
SPARQL = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "PREFIX cw: <https://w3id.org/ai-crosswalk/ontology#> SELECT ?m ?o WHERE { ?m a cw:Mapping ; "
    "cw:subject <https://w3id.org/ai-crosswalk/id/nist-ai-rmf/GOVERN-1.1> ; cw:object ?o } LIMIT 50",
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?i ?l WHERE { ?i skos:prefLabel ?l . "
    'FILTER(CONTAINS(LCASE(STR(?l)), "risk")) } LIMIT 20',
]
Request = tuple[str, str, bytes | None, dict[str, str]]


@dataclass
class Result:
    scenario: str
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    rss_before_mib: float
    rss_after_mib: float

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds


def tree_rss_mib(pid: int) -> float:
    """Resident memory of a process and all its descendants (Linux /proc), in MiB."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total / 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def server(workers: int, store: str | None) -> Iterator[tuple[str, int]]:
    """``crosswalk serve`` on a free loopback port with a write token; yields its URL and pid."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "crosswalk"), "serve", "--port", str(port)]
    command += ["--workers", str(workers)] + (["--store", store] if store else [])
    env = dict(os.environ)
    if store or workers == 1:  # several embedded workers keep a read-only inventory (Settings.validate)
        env["CROSSWALK_WRITE_TOKEN"] = TOKEN
    process = subprocess.Popen(  # noqa: S603 - our own console script
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise SystemExit(f"the server exited ({process.returncode}): {' '.join(command)}")
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2):  # noqa: S310 - loopback
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not answer /health within 120 s") from None
                time.sleep(0.1)
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def store_examples(url: str) -> list[str]:
    """PUT the example systems (with the script's token) and return their ids."""
    ids = []
    for path in EXAMPLES:
        document = json.loads(path.read_text(encoding="utf-8"))
        request = urllib.request.Request(  # noqa: S310 - loopback
            f"{url}/systems/{quote(document['id'], safe='')}",
            data=path.read_bytes(),
            method="PUT",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30):  # noqa: S310
                ids.append(document["id"])
        except urllib.error.HTTPError as err:
            print(f"  could not store {path.name}: {err.code} (is CROSSWALK_WRITE_TOKEN set to ours?)")
    return ids


def scenarios(ids: list[str]) -> dict[str, Callable[[], Iterator[Request]]]:
    json_type = {"Content-Type": "application/json"}
    bodies = [path.read_bytes() for path in EXAMPLES]
    return {
        "POST /gap-analysis": lambda: itertools.cycle(
            [("POST", "/gap-analysis?as_of=2026-11-24", body, json_type) for body in bodies]
        ),
        "GET /systems/{id}/gaps": lambda: itertools.cycle(
            [("GET", f"/systems/{quote(i, safe='')}/gaps?as_of=2026-11-24", None, {}) for i in ids]
        ),
        "GET /sparql": lambda: itertools.cycle(
            [
                (
                    "GET",
                    f"/sparql?{urlencode({'query': q})}",
                    None,
                    {"Accept": "application/sparql-results+json"},
                )
                for q in SPARQL
            ]
        ),
    }


def drive(
    url: str, requests: Callable[[], Iterator[Request]], seconds: float, concurrency: int
) -> tuple[list[float], int]:
    """``concurrency`` threads, each on its own keep-alive connection, until the time is up."""
    parts = urlsplit(url)
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors = [0] * concurrency
    deadline = time.monotonic() + seconds

    def client(n: int) -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        for method, path, body, headers in requests():
            if time.monotonic() >= deadline:
                break
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
                ok = False
            latencies[n].append(time.perf_counter() - started)
            errors[n] += not ok
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [x for per in latencies for x in per], sum(errors)


def run(url: str, pid: int | None, duration: float, concurrency: int, warmup: float) -> list[Result]:
    ids = store_examples(url)
    results = []
    for name, requests in scenarios(ids).items():
        if "{id}" in name and not ids:
            continue
        drive(url, requests, warmup, concurrency)
        before = tree_rss_mib(pid) if pid else float("nan")
        started = time.monotonic()
        latencies, errors = drive(url, requests, duration, concurrency)
        elapsed = time.monotonic() - started
        after = tree_rss_mib(pid) if pid else float("nan")
        results.append(
            Result(
                name,
                len(latencies),
                errors,
                elapsed,
                percentile(latencies, 50) * 1000,
                percentile(latencies, 99) * 1000,
                before,
                after,
            )
        )
        print(table([results[-1]]).splitlines()[-1], flush=True)
    return results


def table(results: list[Result]) -> str:
    head = "| scenario | requests | req/s | p50 ms | p99 ms | errors | RSS before → after (MiB) |"
    rows = [head, "|---|---:|---:|---:|---:|---:|---|"]
    for r in results:
        rows.append(
            f"| `{r.scenario}` | {r.requests} | {r.throughput:.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} "
            f"| {r.errors} | {r.rss_before_mib:.0f} → {r.rss_after_mib:.0f} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per scenario [20]")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of warm-up per scenario [3]")
    parser.add_argument("--concurrency", type=int, default=32, help="clients at once [32]")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers of the started server [1]")
    parser.add_argument("--store", help="serve from this remote SPARQL store (query URL) instead")
    parser.add_argument("--url", help="drive this running server instead (loopback only; no RSS figures)")
    parser.add_argument("--pid", type=int, help="with --url: the server's pid, for RSS figures")
    args = parser.parse_args()
    if args.url:
        if urlsplit(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("load goes to loopback only")
        results = run(args.url, args.pid, args.duration, args.concurrency, args.warmup)
    else:
        with server(args.workers, args.store) as (url, pid):
            print(f"server {url} (pid {pid}, workers {args.workers}, {args.store or 'embedded store'})")
            results = run(url, pid, args.duration, args.concurrency, args.warmup)
    print()
    print(f"concurrency {args.concurrency}, {args.duration:g} s per scenario, {os.cpu_count()} cores")
    print(table(results))
    if any(r.errors for r in results):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
