"""The wheel alone is enough: installed non-editable in a fresh venv, ``crosswalk check`` finds the graph."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_installed_wheel_checks_the_shipped_graph(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    _run([*pip, "wheel", str(REPO_ROOT), "--no-deps", "-q", "-w", str(dist)])
    (wheel,) = dist.glob("ai_crosswalk-*.whl")

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    venv_pip = [str(env_dir / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    _run([*venv_pip, "install", "-q", "-r", str(REPO_ROOT / "requirements.lock")])
    _run([*venv_pip, "install", "-q", "--no-deps", str(wheel)])

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "CROSSWALK_RESOURCE_ROOT"}
    result = subprocess.run(
        [str(env_dir / "bin" / "crosswalk"), "check", "--no-reasoner"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Counts (queries/counts.rq):" in result.stdout
    assert f"under {env_dir}" in result.stdout
    assert "_shipped" in result.stdout


def _run(command: list[str]) -> None:
    """Run a pip step quietly, showing its output only if it fails."""
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout}\n{result.stderr}"
