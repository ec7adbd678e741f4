"""Issue 14, dependencies: every third-party module the service imports is a declared runtime dependency, and
the test client runs on the HTTP client Starlette itself asks for (httpx2), so no deprecated fallback."""

from __future__ import annotations

import ast
import sys
import tomllib
import warnings
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def declared(extra: str | None = None) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] if extra is None else project["optional-dependencies"][extra]
    return {canonicalize_name(Requirement(r).name) for r in requirements}


def imported_top_level(folder: Path) -> set[str]:
    """Top-level names of every absolute import in the package, at any depth (lazy imports included)."""
    names = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


def test_every_runtime_import_is_declared() -> None:
    distributions = packages_distributions()
    third_party = {
        name
        for name in imported_top_level(ROOT / "app")
        if name not in sys.stdlib_module_names and name != "app"
    }
    missing = {}
    for name in sorted(third_party):
        owners = {canonicalize_name(d) for d in distributions.get(name, [name])}
        if not owners & declared():
            missing[name] = sorted(owners)
    # anyio, starlette and pydantic come with fastapi, pyparsing with rdflib: pinned through what we declare
    assert set(missing) <= {"anyio", "starlette", "pydantic", "pyparsing"}, missing


def test_the_test_client_needs_no_deprecated_fallback() -> None:
    assert "httpx2" in declared("dev")
    sys.modules.pop("starlette.testclient", None)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        import starlette.testclient  # noqa: F401 - warns when it falls back to plain httpx
