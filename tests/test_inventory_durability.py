"""An acknowledged PUT survives kill -9: the real server in a subprocess, killed while clients write in a loop.

Embedded: ``crosswalk serve --data-dir`` is killed with SIGKILL at a random moment and restarted on the same
directory. Remote: both the API server and the Oxigraph server behind it (a dedicated one, on its own
directory) are killed with SIGKILL at the same moment and restarted: the API server holds no state of its own,
so killing it alone proves little; killing the store too proves an acknowledged write had been committed by
the store before the client heard of it.

After the restart every acknowledged system must be there with exactly the triples sent (or, for the one
request each client had in flight, the version being written), every listed system must be intact, and every
system graph in the store must carry its record (no half-written graph).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic

from app.analysis.descriptions import parse_description
from app.inventory.systems import GRAPH_BASE
from tests.conftest import REPO_ROOT, free_port

TOKEN = "durability-token"  # noqa: S105 - a test token
WRITERS = 3
RECORD = "http://www.w3.org/ns/dcat#CatalogRecord"
RDF_TYPE_IRI = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def wait_until_up(url: str, process: subprocess.Popen[bytes], path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        assert process.poll() is None, f"the server at {url} exited"
        try:
            with urllib.request.urlopen(f"{url}{path}", timeout=2):  # noqa: S310 - loopback
                return
        except OSError:
            assert time.monotonic() < deadline, f"{url} did not answer within {timeout} s"
            time.sleep(0.05)


@contextmanager
def api_server(*args: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``crosswalk serve`` in a subprocess on a free loopback port, with the write token set."""
    port = free_port()
    exe = str(Path(sys.executable).parent / "crosswalk")
    env = {**os.environ, "CROSSWALK_WRITE_TOKEN": TOKEN, "CROSSWALK_RESOURCE_ROOT": str(REPO_ROOT)}
    command = [exe, "serve", "--port", str(port), "--query-workers", "1", *args]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process, "/health")
        yield url, process
    finally:
        stop(process)


@contextmanager
def oxigraph_server(location: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    assert exe, "the oxigraph server is not installed (requirements-dev.lock)"
    command = [exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", process, "/query?query=ASK%7B%7D")
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def description(system_id: str, version: int) -> bytes:
    """A valid description whose triples differ from version to version (names, measures, odd characters)."""
    measures = [
        {
            "id": f"m{n}",
            "addresses": [["eu-ai-act:Article-9", "nist-ai-rmf:MAP-1.1", "eu-ai-act:Article-10"][n % 3]],
            "status": ["implemented", "partial", "planned"][(n + version) % 3],
            "evidence": f'note "{version}.{n}" — ünïcode\nsecond line }} ; DROP ALL',
        }
        for n in range(1 + version % 4)
    ]
    document = {
        "id": system_id,
        "name": f"System {system_id} version {version}",
        "purposes": ["recruitment"],
        "roles": ["provider"],
        "markets": ["EU"],
        "lifecycle_stage": "deployment",
        "measures": measures,
    }
    return json.dumps(document).encode()


@dataclass
class Sent:
    """Per system id, every version sent in order, and the index of the last acknowledged one."""

    versions: dict[str, list[bytes]] = field(default_factory=dict)
    acked: dict[str, int] = field(default_factory=dict)
    in_flight: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def writer(url: str, number: int, sent: Sent, stop_writing: threading.Event) -> None:
    """PUT systems in a loop (new ones, and new versions of earlier ones) until the server goes away."""
    host, port = url.removeprefix("http://").split(":")
    rng = random.Random(number)  # noqa: S311 - test data
    created: list[str] = []
    for i in range(100_000):
        if stop_writing.is_set():
            return
        if created and rng.random() < 0.3:
            system_id = rng.choice(created)
        else:
            system_id = f"urn:kill:w{number}:{i}"
            created.append(system_id)
        with sent.lock:
            versions = sent.versions.setdefault(system_id, [])
            versions.append(description(system_id, i))
            sent.in_flight[system_id] = len(versions) - 1
            body = versions[-1]
        try:
            connection = http.client.HTTPConnection(host, int(port), timeout=10)
            connection.request(
                "PUT",
                f"/systems/{quote(system_id, safe='')}",
                body=body,
                headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
            )
            status = connection.getresponse().status
            connection.close()
        except OSError:
            return  # the server is gone: this request's fate is unknown (in flight)
        assert status in (200, 201), status
        with sent.lock:
            sent.acked[system_id] = sent.in_flight.pop(system_id)


def write_and_kill(url: str, victims: list[subprocess.Popen[bytes]], seed: int) -> Sent:
    """Run the writers, SIGKILL every victim at a random moment once writes are flowing, return what was sent."""
    sent, stop_writing = Sent(), threading.Event()
    threads = [threading.Thread(target=writer, args=(url, n, sent, stop_writing)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while len(sent.acked) < 5:
        assert time.monotonic() < deadline and all(t.is_alive() for t in threads), "no writes acknowledged"
        time.sleep(0.01)
    time.sleep(random.Random(seed).uniform(0.2, 1.5))  # noqa: S311 - a random moment
    for victim in victims:
        os.kill(victim.pid, signal.SIGKILL)
    for victim in victims:
        victim.wait()
    stop_writing.set()
    for thread in threads:
        thread.join(timeout=15)
    assert sent.acked, "nothing was acknowledged before the kill"
    return sent


def expected_graph(body: bytes) -> rdflib.Graph:
    return parse_description(body, "application/json").to_rdflib()


def stored_graph(url: str, system_id: str) -> rdflib.Graph | None:
    request = urllib.request.Request(  # noqa: S310 - loopback
        f"{url}/systems/{quote(system_id, safe='')}?format=ntriples"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return rdflib.Graph().parse(data=response.read(), format="nt")
    except urllib.error.HTTPError as err:
        assert err.code == 404, err.code
        return None


def check_after_restart(url: str, sent: Sent) -> int:
    """Every acknowledged system intact (last acknowledged version, or the one in flight after it)."""
    with urllib.request.urlopen(f"{url}/systems?limit=10000", timeout=10) as response:  # noqa: S310
        listed = {s["id"] for s in json.loads(response.read())["systems"]}
    assert listed <= set(sent.versions), "a system nobody sent is listed"
    for system_id, versions in sent.versions.items():
        stored = stored_graph(url, system_id)
        first_allowed = sent.acked.get(system_id)
        if first_allowed is None:  # never acknowledged: absent, or whole if its write was committed
            assert stored is None or isomorphic(stored, expected_graph(versions[-1])), system_id
            continue
        assert stored is not None, f"acknowledged system {system_id} is missing after the kill"
        allowed = versions[first_allowed:]
        assert any(isomorphic(stored, expected_graph(v)) for v in allowed), f"{system_id} is not intact"
        assert system_id in listed
    return len(sent.acked)


def assert_no_orphan_graph(graphs: dict[str, set[str]]) -> None:
    """Every system graph holds its record: nothing half-written."""
    systems = {g: types for g, types in graphs.items() if g.startswith(GRAPH_BASE)}
    assert systems
    for graph, types in systems.items():
        assert RECORD in types, f"{graph} has no record: half-written"


def test_acknowledged_writes_survive_kill_9_embedded(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with api_server("--data-dir", str(data_dir)) as (url, process):
        sent = write_and_kill(url, [process], seed=1)
    with api_server("--data-dir", str(data_dir)) as (url, _):
        acknowledged = check_after_restart(url, sent)
        ghost = "urn:kill:ghost"  # an acknowledged write that never reached the store
        lost = Sent(
            {**sent.versions, ghost: [description(ghost, 1)]}, {**sent.acked, ghost: 0}, sent.in_flight
        )
        with pytest.raises(AssertionError, match="missing"):  # the check is not vacuous
            check_after_restart(url, lost)
    assert acknowledged >= 5
    store = pyoxigraph.Store.read_only(str(data_dir / "systems"))
    graphs: dict[str, set[str]] = {}
    for graph in store.named_graphs():
        types = store.quads_for_pattern(graph, pyoxigraph.NamedNode(RDF_TYPE_IRI), None, graph)
        graphs[graph.value] = {q.object.value for q in types}
    del store
    assert_no_orphan_graph(graphs)


def remote_graphs(base: str) -> dict[str, set[str]]:
    query = "SELECT ?g ?t WHERE { GRAPH ?g { OPTIONAL { ?g a ?t } } }"
    request = urllib.request.Request(  # noqa: S310 - loopback
        f"{base}/query?query={quote(query)}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        rows = json.loads(response.read())["results"]["bindings"]
    graphs: dict[str, set[str]] = {}
    for row in rows:
        graphs.setdefault(row["g"]["value"], set()).update([row["t"]["value"]] if "t" in row else [])
    return graphs


def test_acknowledged_writes_survive_kill_9_remote(tmp_path: Path) -> None:
    location, port = tmp_path / "oxigraph", free_port()
    store_url = f"http://127.0.0.1:{port}/query"
    with oxigraph_server(location, port) as oxigraph, api_server("--store", store_url) as (url, process):
        sent = write_and_kill(url, [process, oxigraph], seed=2)
    with oxigraph_server(location, port), api_server("--store", store_url) as (url, _):
        acknowledged = check_after_restart(url, sent)
        assert_no_orphan_graph(remote_graphs(f"http://127.0.0.1:{port}"))
    assert acknowledged >= 5
