"""The abuse run: each attack of issue 15 against a server under normal load, the normal requests' latency
before and during the attack, in the same run (``python -m bench abuse``).

One ``crosswalk serve`` (embedded store, the default settings). A few client threads keep up a normal load
(regimes, a provision, a gap analysis, a small SPARQL query, /health) throughout. For each attack: a window of
normal load alone, then the same window with the attack running beside it; the normal requests' p50 and p99
in each, and what the attack's own requests were answered. The issue's bar: p99 during within 3x of before.
The attacker is another client than the normal load: it connects from 127.0.0.2, the normal load from
127.0.0.1 (the server tells /sparql clients apart by address).
"""

from __future__ import annotations

import http.client as httplib
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.common import HOST, QUICK, ROOT, Results, crosswalk_serve, http, percentile, server

WINDOW = 3.0 if QUICK else 8.0
NORMAL_CLIENTS = 3
EXAMPLE = (ROOT / "data" / "examples" / "cv-ranker.json").read_bytes()
JSON = {"Content-Type": "application/json"}
SPARQL = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
ATTACKER = "127.0.0.2"
UI_FORM = b"name=Ranker&system_id=urn%3Aexample%3Aranker&purposes=recruitment&roles=provider&markets=EU"


@dataclass
class Normal:
    """The normal load: (start, seconds, status, path) for every request, appended by the client threads, and
    when each client's request in flight started (so a window is read only once its requests are all back)."""

    samples: list[tuple[float, float, int, str]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    in_flight: dict[int, float] = field(default_factory=dict)

    def client(self, url: str, offset: int) -> None:
        requests: list[tuple[str, str, bytes | None, dict[str, str]]] = [
            ("GET", "/regimes", None, {}),
            ("GET", "/provisions/eu-ai-act:Article-9", None, {}),
            ("POST", "/gap-analysis", EXAMPLE, JSON),
            ("POST", "/sparql", b"SELECT ?s WHERE { ?s ?p ?o } LIMIT 10", SPARQL),
            ("GET", "/health", None, {}),
        ]
        i = offset
        while not self.stop.is_set():
            method, path, body, headers = requests[i % len(requests)]
            i += 1
            t = time.perf_counter()
            self.in_flight[offset] = t
            try:
                status, _ = http(method, url + path, body, headers, timeout=120)
            except OSError:
                status = 0  # reset or refused: counted, with its time
            self.samples.append((t, time.perf_counter() - t, status, path))
            self.in_flight.pop(offset, None)

    def settled(self, before: float, wait: float = 130.0) -> None:
        """Wait until no request started before ``before`` is still in flight."""
        deadline = time.perf_counter() + wait
        while any(t < before for t in list(self.in_flight.values())) and time.perf_counter() < deadline:
            time.sleep(0.05)

    def p(self, q: float, start: float, end: float, sparql: bool | None = None) -> float:
        """The q-th percentile latency (ms) of requests started in [start, end): all, /sparql only, or others."""
        return percentile(
            [
                s[1] * 1e3
                for s in self.samples
                if start <= s[0] < end and (sparql is None or (s[3] == "/sparql") == sparql)
            ],
            q,
        )

    def count(self, start: float, end: float, failed: bool = False) -> int:
        return sum(1 for s in self.samples if start <= s[0] < end and (not failed or s[2] != 200))


def repeat_request(
    method: str, path: str, body: bytes | None, headers: dict[str, str]
) -> Callable[..., None]:
    """An attacker thread that sends one request again and again, counting the answers."""

    def attack(url: str, stop: threading.Event, outcomes: Counter[str]) -> None:
        port = int(url.rsplit(":", 1)[1])
        while not stop.is_set():
            connection = httplib.HTTPConnection(HOST, port, timeout=120, source_address=(ATTACKER, 0))
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                outcomes[str(response.status)] += 1
            except (OSError, httplib.HTTPException) as err:
                outcomes[type(err).__name__] += 1
            finally:
                connection.close()

    return attack


def slowloris(url: str, stop: threading.Event, outcomes: Counter[str], connections: int = 400) -> None:
    """Hold ``connections`` connections, each sending a header byte every second; reopen any closed one."""
    port = int(url.rsplit(":", 1)[1])
    socks: list[socket.socket | None] = [None] * connections
    while not stop.is_set():
        for i in range(connections):
            sock = socks[i]
            try:
                if sock is None:
                    sock = socket.create_connection((HOST, port), timeout=2, source_address=(ATTACKER, 0))
                    sock.sendall(b"GET /health HTTP/1.1\r\nHost: localhost\r\n")
                    socks[i] = sock
                    outcomes["opened"] += 1
                else:
                    sock.sendall(b"X")
            except OSError:
                outcomes["closed by the server"] += 1
                if sock is not None:
                    sock.close()
                socks[i] = None
        stop.wait(1.0)
    for sock in socks:
        if sock is not None:
            sock.close()


def _values(n: int) -> bytes:
    document = json.loads(EXAMPLE)
    document["measures"] = [
        {"id": f"m{i}", "addresses": ["eu-ai-act:Article-9"], "status": "planned"} for i in range(n)
    ]
    return json.dumps(document).encode()


RUNAWAY = b"SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
NESTED = b"SELECT * WHERE " + b"{" * 5000 + b" ?s ?p ?o " + b"}" * 5000
CONCAT = b"SELECT (GROUP_CONCAT(STR(?o)) AS ?all) WHERE { ?s ?p ?o . ?x ?y ?z }"
INSERT = (
    "INSERT DATA { " + " ".join(f'<urn:s{i}> <urn:p> "value number {i}" .' for i in range(110_000)) + " }"
).encode()
ATTACKS: list[tuple[str, int, Callable[..., None]]] = [
    ("5,000 nested braces to /sparql", 2, repeat_request("POST", "/sparql", NESTED, SPARQL)),
    ("runaway cross products, 40 at once", 40, repeat_request("POST", "/sparql", RUNAWAY, SPARQL)),
    ("GROUP_CONCAT of a cross product", 2, repeat_request("POST", "/sparql", CONCAT, SPARQL)),
    (
        f"{len(INSERT) / 1e6:.1f} MB INSERT DATA as a query",
        2,
        repeat_request("POST", "/sparql", INSERT, SPARQL),
    ),
    ("41 /ui/gaps posts at once", 41, repeat_request("POST", "/ui/gaps", UI_FORM, FORM)),
    (
        "16,000 measures to /systems/validate",
        2,
        repeat_request("POST", "/systems/validate", _values(16_000), JSON),
    ),
    ("slowloris, 400 connections", 1, slowloris),
]


def abuse() -> str:
    res = Results("abuse")
    with server(crosswalk_serve()) as ours:
        normal = Normal()
        clients = [
            threading.Thread(target=normal.client, args=(ours.url, i), daemon=True)
            for i in range(NORMAL_CLIENTS)
        ]
        for c in clients:
            c.start()
        time.sleep(WINDOW / 2)  # warm up
        for name, threads, attack in ATTACKS:
            t0 = time.perf_counter()
            time.sleep(WINDOW)
            t1 = time.perf_counter()
            stop, outcomes = threading.Event(), Counter[str]()
            attackers = [
                threading.Thread(target=attack, args=(ours.url, stop, outcomes), daemon=True)
                for _ in range(threads)
            ]
            for a in attackers:
                a.start()
            time.sleep(WINDOW)
            t2 = time.perf_counter()
            stop.set()
            normal.settled(t2)  # the window's slowest normal requests count too
            for a in attackers:
                a.join(timeout=130)
            failed = normal.count(t1, t2, failed=True)
            figures = {
                window: {
                    "n": normal.count(start, end),
                    "p50_ms": normal.p(50, start, end),
                    "p99_ms": normal.p(99, start, end),
                    "p99_sparql_ms": normal.p(99, start, end, sparql=True),
                    "p99_others_ms": normal.p(99, start, end, sparql=False),
                }
                for window, start, end in (("before", t0, t1), ("during", t1, t2))
            }
            b, d = figures["before"], figures["during"]
            factor = d["p99_ms"] / b["p99_ms"]
            res.record(
                attack=name,
                attacker_threads=threads,
                window_s=WINDOW,
                normal=figures,
                normal_not_200_during=failed,
                attack_answers=dict(outcomes),
                p99_factor=factor,
            )
            res.row(
                name,
                ", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items())) or "none finished",
                f"{b['n']} / {d['n']}",
                f"{b['p50_ms']:.0f} / {d['p50_ms']:.0f}",
                f"{b['p99_ms']:.0f} / {d['p99_ms']:.0f}",
                f"{b['p99_sparql_ms']:.0f} / {d['p99_sparql_ms']:.0f}",
                f"{b['p99_others_ms']:.0f} / {d['p99_others_ms']:.0f}",
                f"{factor:.1f}×",
                ("yes" if factor <= 3 else "no") + (f" ({failed} normal not 200)" if failed else ""),
            )
            print(f"  {name}: p99 {b['p99_ms']:.0f} -> {d['p99_ms']:.0f} ms", flush=True)
        normal.stop.set()
        for c in clients:
            c.join(timeout=130)
    return res.table(
        [
            "attack (beside normal load)",
            "attack's answers",
            "normal requests before / during",
            "p50 ms before / during",
            "p99 ms before / during",
            "p99 ms, normal /sparql",
            "p99 ms, normal others",
            "p99 during ÷ before",
            "within 3×",
        ]
    )
