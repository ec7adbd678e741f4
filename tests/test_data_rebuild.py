"""data/ is rebuilt from the repo alone, byte for byte: what `make data` runs, run in a copy.

The generators write to their own checkout (``ROOT`` is the folder above tools/), so the test copies tools/ into a
temporary folder with an empty data/ and no ../shared beside it, runs the Makefile's DATA_BUILDERS there in
order, and compares. The working tree, which other people are editing, is never written.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
HAND_WRITTEN = {"examples"}  # data/examples/*.json: AI-system descriptions written by hand, read by the tests


def data_builders() -> list[str]:
    """The generators `make data` runs, in its order (the Makefile's DATA_BUILDERS)."""
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    found = re.search(r"^DATA_BUILDERS\s*:=\s*(.*)$", makefile, flags=re.MULTILINE)
    assert found, "the Makefile lists DATA_BUILDERS"
    return found.group(1).split()


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_make_data_runs_every_generator_that_writes_data() -> None:
    builders = data_builders()
    generators = {p.stem for p in (REPO_ROOT / "tools").glob("build_*.py")}
    assert set(builders) == generators - {"build_law_doc"}, "a new tools/build_*.py belongs in DATA_BUILDERS"
    assert len(builders) == len(set(builders))
    assert builders[0] == "build_data", "the others import it and read the regimes it writes"
    assert builders.index("build_rules") > builders.index("build_time"), "rules read data/time"
    assert builders[-1] == "build_crosswalks", "it reads every regime"


def test_the_reference_tables_are_in_the_repo_with_their_sources() -> None:
    reference = REPO_ROOT / "tools" / "reference"
    readme = (reference / "README.md").read_text(encoding="utf-8")
    tables = [p for p in sorted(reference.rglob("*")) if p.is_file() and p.name != "README.md"]
    assert len(tables) >= 15
    for table in tables:
        assert f"`{table.relative_to(reference).as_posix()}`" in readme, f"README.md names {table.name}"
    for tool in (REPO_ROOT / "tools").glob("build_*.py"):
        assert "shared" + '" / "reference' not in tool.read_text(encoding="utf-8"), (
            f"{tool.name} reads ../shared"
        )


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of tools/ with an empty data/, after running every generator of `make data` in it."""
    root = tmp_path_factory.mktemp("rebuild") / "checkout"
    shutil.copytree(REPO_ROOT / "tools", root / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "data").mkdir()
    for builder in data_builders():
        done = subprocess.run(
            [sys.executable, f"tools/{builder}.py"], cwd=root, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, f"{builder}: {done.stderr[-2000:]}"
    return root


def test_make_data_rebuilds_data_byte_for_byte(rebuilt: Path) -> None:
    committed = {
        name: body
        for name, body in files(REPO_ROOT / "data").items()
        if name.split("/", 1)[0] not in HAND_WRITTEN
    }
    built = files(rebuilt / "data")
    assert sorted(built) == sorted(committed), "the generators write exactly the files data/ holds"
    differ = [name for name in committed if built[name] != committed[name]]
    assert differ == [], f"rebuilt from tools/ alone, these differ from data/: {differ}"


def test_the_generators_leave_their_curation_files_as_committed(rebuilt: Path) -> None:
    """build_nist_600_1.py writes tools/curation/rules/nist-ai-600-1.toml: it too must come out unchanged."""
    assert files(rebuilt / "tools" / "curation") == files(REPO_ROOT / "tools" / "curation")
