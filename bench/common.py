"""What every benchmark shares: statistics, JSON-lines results, tables, RSS, servers on loopback, wrk."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"  # every byte of load stays on loopback
QUICK = os.environ.get("BENCH_QUICK") == "1"


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


@dataclass
class Stat:
    """One figure: the median over repeated runs, with the min and max of those runs."""

    runs: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        self.runs.append(value)

    @property
    def median(self) -> float:
        return statistics.median(self.runs) if self.runs else float("nan")

    def as_dict(self) -> dict[str, Any]:
        return {"median": self.median, "min": min(self.runs), "max": max(self.runs), "runs": self.runs}

    def show(self, fmt: str = "{:.2f}") -> str:
        if not self.runs:
            return "n/a"
        if len(self.runs) == 1:
            return fmt.format(self.median)
        return f"{fmt.format(self.median)} [{fmt.format(min(self.runs))}–{fmt.format(max(self.runs))}]"


def repeat(fn: Callable[[], float], times: int) -> Stat:
    stat = Stat()
    for _ in range(times):
        stat.add(fn())
    return stat


class Results:
    """One benchmark's JSON lines (bench/results/<name>.jsonl) and its summary table for stdout."""

    def __init__(self, name: str) -> None:
        self.name = name
        RESULTS.mkdir(parents=True, exist_ok=True)
        self.path = RESULTS / f"{name}.jsonl"
        self.path.write_text("", encoding="utf-8")
        self.rows: list[list[str]] = []
        self.stamp = datetime.now(UTC).isoformat(timespec="seconds")

    def record(self, **fields: Any) -> None:
        line = {"benchmark": self.name, "at": self.stamp, **_plain(fields)}
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line, sort_keys=False) + "\n")

    def row(self, *cells: Any) -> None:
        self.rows.append([str(c) for c in cells])

    def table(self, header: Sequence[str]) -> str:
        return markdown_table(header, self.rows)


def _plain(value: Any) -> Any:
    if isinstance(value, Stat):
        return value.as_dict()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(h)), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    lines = ["| " + " | ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True)) + " |"]
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows]
    return "\n".join(lines)


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}×" if b else "n/a"


# --- memory -------------------------------------------------------------------------------------------


def rss_mb(pid: int | None = None, tree: bool = False, pss: bool = False) -> float:
    """Resident memory of a process (and, with tree, all its descendants) in MB; ``pss``: proportional set
    size instead, each page shared by n processes counted 1/n in each (forked processes share most pages)."""
    proc = psutil.Process(pid or os.getpid())
    procs = [proc, *proc.children(recursive=True)] if tree else [proc]
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_full_info().pss if pss else p.memory_info().rss
    return total / 1e6


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM) in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1e3
    return float("nan")


class PeakSampler:
    """Samples the RSS of a process tree every ``period`` seconds in a thread; ``.peak`` in MB (and with
    ``pss``, ``.peak_pss``: the tree's proportional set size, shared pages counted once)."""

    def __init__(self, pid: int, period: float = 0.05, pss: bool = False) -> None:
        import threading

        self.pid, self.period, self.peak, self.pss, self.peak_pss = pid, period, 0.0, pss, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(psutil.Error):
                self.peak = max(self.peak, rss_mb(self.pid, tree=True))
                if self.pss:
                    self.peak_pss = max(self.peak_pss, rss_mb(self.pid, tree=True, pss=True))
            self._stop.wait(self.period)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


# --- servers ------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def http(
    method: str,
    url: str,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback only
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def wait_http(url: str, proc: subprocess.Popen[bytes], timeout: float = 60, period: float = 0.01) -> float:
    """Poll ``url`` until it answers 200; return the seconds since the call. Raises if the process dies."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    return time.perf_counter() - start
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(period)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    port: int
    started: float  # seconds from Popen to the health URL's first 200
    log: Path

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"


@contextmanager
def server(
    args: Sequence[str],
    health: str = "/health",
    env: dict[str, str] | None = None,
    port: int | None = None,
    timeout: float = 120,
) -> Iterator[Server]:
    """Start a server process on loopback (its own process group), wait for ``health``, stop it after."""
    port = port or free_port()
    argv = [a.replace("{port}", str(port)) for a in args]
    log = Path(tempfile.mkstemp(prefix="bench-server-", suffix=".log")[1])
    with log.open("wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(  # noqa: S603 - our own commands
            argv,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
        try:
            wait_http(f"http://{HOST}:{port}{health}", proc, timeout=timeout)
            started = time.perf_counter() - t0
            yield Server(proc, port, started, log)
        except BaseException:
            sys.stderr.write(log.read_text(errors="replace")[-3000:])
            raise
        finally:
            stop(proc)
    log.unlink(missing_ok=True)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server we started, and its children (its own process group), by its id."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def crosswalk_serve(*extra: str) -> list[str]:
    """``crosswalk serve`` without the access log: ``oxigraph serve`` and the uvicorn runs log no request."""
    return [
        str(VENV_BIN / "crosswalk"),
        "serve",
        "--host",
        HOST,
        "--port",
        "{port}",
        "--no-access-log",
        *extra,
    ]


def uvicorn_serve(factory: str, workers: int) -> list[str]:
    """Start a benchmark-only app factory the way ``crosswalk serve`` starts the real one."""
    return [
        str(VENV_BIN / "uvicorn"),
        factory,
        "--factory",
        "--host",
        HOST,
        "--port",
        "{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]


# --- load generation ----------------------------------------------------------------------------------

WRK_LUA = ROOT / "bench" / "wrk.lua"


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def wrk(
    url: str,
    seconds: float,
    connections: int = 16,
    threads: int = 2,
    bodies: Path | None = None,
    method: str = "GET",
) -> dict[str, float]:
    """Run wrk against a loopback URL for a bounded time; req/s, p50/p99 (ms), errors and non-2xx."""
    assert url.startswith(f"http://{HOST}:"), "load stays on loopback"
    env = {**os.environ, "BENCH_METHOD": method, "BENCH_BODIES": str(bodies or "")}
    out = subprocess.run(  # noqa: S603
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds:g}s",
            "--timeout",
            "5s",
            "--latency",
            "-s",
            str(WRK_LUA),
            url,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=seconds + 30,
        check=True,
    ).stdout
    for line in out.splitlines():
        if line.startswith("BENCH_JSON "):
            return dict(json.loads(line.removeprefix("BENCH_JSON ")))
    raise RuntimeError(f"wrk printed no summary:\n{out}")
