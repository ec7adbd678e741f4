"""A real OpenLink Virtuoso server (Debian's ``virtuoso-opensource-7-bin``) on free loopback ports, the third
back end of the API suite (``backend_settings("virtuoso")`` and the fixtures in tests/conftest.py).
``make test`` installs the package (``make virtuoso``); without it these tests skip and say so, except under CI,
where they fail."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from app.graph.loading import build_store
from app.graph.store import VirtuosoStore, remote_store

REPO_ROOT = Path(__file__).resolve().parent.parent

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = .
DefaultIsolation = 4

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 10
MaxClientConnections = 10
EnabledDavVSP = 0
EnabledGzipContent = 0

[SPARQL]
; above the service's result limit (20,000 here), so the service sees a result too large, never one cut short
ResultSetMaxRows = 1000000
; its cost estimate refuses the rules query (docs/deploy.md); the time limits below are what stops a query
MaxQueryCostEstimationTime = 0
; the service's own queries (no timeout parameter) end here; a user's query ends at the service's limit
; (the timeout parameter VirtuosoStore sends, which this caps)
MaxQueryExecutionTime = 60
DeferInferenceRulesInit = 0
"""
# Anonymous SPARQL Update and Graph Store Protocol writes (the service is the store's only client).
GRANTS = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"
DBA_RENEWAL = "USER_CHANGE_PASSWORD ('dba', 'dba', '{}');"  # a fresh database's dba password is 'dba'


def virtuoso_binaries() -> tuple[str, str]:
    """virtuoso-t and isql-vt, or a skip (a failure under CI) naming what installs them."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if server and isql:
        return server, isql
    message = (
        "Virtuoso is not installed: `make virtuoso` installs Debian's virtuoso-opensource-7-bin (as root)"
    )
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def start_virtuoso(directory: Path) -> tuple[subprocess.Popen[bytes], str, int, str]:
    """Start Virtuoso with a fresh database in ``directory``; return it, its HTTP URL, SQL port and password."""
    from tests.conftest import free_port  # not at the top: tests/conftest.py imports this module

    server, isql = virtuoso_binaries()
    sql_port, http_port, password = free_port(), free_port(), secrets.token_hex(12)
    ini = directory / "virtuoso.ini"
    ini.write_text(INI.format(dir=directory, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    command = [server, "+foreground", "+configfile", str(ini)]
    with (directory / "stdout.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=directory, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http_port}"
    try:
        wait_until_up(process, url, directory)
        subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={GRANTS} {DBA_RENEWAL.format(password)}"],
            check=True,
            capture_output=True,
            timeout=60,
        )
    except BaseException:  # never leave a server behind
        process.terminate()
        process.wait(timeout=30)
        raise
    return process, url, sql_port, password


def wait_until_up(process: subprocess.Popen[bytes], url: str, directory: Path) -> None:
    """Wait for the SPARQL endpoint to answer (a fresh database is ready in ~2 s)."""
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, (
            f"virtuoso-t exited: {(directory / 'virtuoso.log').read_text()[-2000:]}"
        )
        try:
            with urllib.request.urlopen(f"{url}/sparql?query=ASK%7B%7D", timeout=1):  # noqa: S310
                return
        except OSError:
            assert time.monotonic() < deadline, "Virtuoso did not answer within 60 s"
            time.sleep(0.1)


class SessionVirtuoso:
    """One Virtuoso for the whole session, with the shipped graph loaded the way the service loads it: started
    on first use (the ``virtuoso_server`` fixture, or ``backend_settings("virtuoso")`` in a module's own
    fixture), stopped by tests/conftest.py's ``pytest_sessionfinish``."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._directory: tempfile.TemporaryDirectory[str] | None = None
        self._url = ""
        self._failure = ""

    def url(self) -> str:
        """The server's base URL (its SPARQL endpoint is ``…/sparql``), starting it if need be."""
        virtuoso_binaries()
        if self._failure:  # one failed start is enough: do not wait a minute for every test again
            pytest.fail(self._failure)
        if self._process is None:
            self._directory = tempfile.TemporaryDirectory(prefix="crosswalk-virtuoso-")
            try:
                self._process, self._url, _, _ = start_virtuoso(Path(self._directory.name))
                store = remote_store(f"{self._url}/sparql", None, None, None)
                assert isinstance(store, VirtuosoStore), "the server did not identify as Virtuoso"
                store.replace_default_graph(build_store(REPO_ROOT))
            except Exception as err:
                self._failure = f"Virtuoso did not start: {err!r}"
                self.stop()
                raise
        return self._url

    def stop(self) -> None:
        """Stop the server (if it was started) and remove its database."""
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=30)
            self._process = None
        if self._directory is not None:
            self._directory.cleanup()
            self._directory = None


VIRTUOSO = SessionVirtuoso()
