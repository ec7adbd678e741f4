"""A real OpenLink Virtuoso server (Debian's ``virtuoso-opensource-7-bin``) on free loopback ports, for the
tests that run the API on it (tests/test_virtuoso.py has the fixtures). ``make test`` installs the
package (``make virtuoso``); without it these tests skip and say so, except under CI, where they fail."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from app.core.settings import Settings
from tests.conftest import LIMITS, REPO_ROOT, free_port

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
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 0
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


def virtuoso_settings(server: str, **changes: object) -> Settings:
    """Settings for the shipped graph on Virtuoso, with the test limits."""
    settings = Settings(resource_root=REPO_ROOT, store=server, **LIMITS)  # type: ignore[arg-type]
    return settings.with_(**changes)
