"""The packages of app/ import downward only: each layer may use the layers below it, never one beside or above.

The order is the design (docs/architecture.md): core < graph < {crosswalk, qa} < exports < analysis < inventory
< {http, cli} < app.main. A test rather than a linter plugin: ~40 lines, no dependency, and the failure names
the module, the line and the import that breaks the order. Imports inside functions count as much as any.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"
LAYERS = {
    "core": 0,
    "graph": 1,
    "crosswalk": 2,
    "qa": 2,
    "exports": 3,
    "analysis": 4,
    "inventory": 5,
    "http": 6,
    "cli": 6,
    "main": 7,
}


def package_of(module: str) -> str:
    """The top package under app/ of a dotted module name (``app.graph.store`` -> ``graph``)."""
    parts = module.split(".")
    assert parts[0] == "app" and len(parts) > 1, module
    return parts[1]


def app_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of an app module in one file, at any depth."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("app"):
            module = node.module or ""
            if module == "app":  # from app import graph: the names are the packages
                found += [(node.lineno, f"app.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("app.")]
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(
                f"{path}:{node.lineno}: relative import; the layer check reads absolute ones"
            )
    return found


MODULES = sorted(p for p in APP.rglob("*.py") if "static" not in p.parts)


def test_every_module_sits_in_a_known_layer() -> None:
    loose = [p.name for p in APP.glob("*.py") if p.stem not in ("__init__", "main")]
    assert loose == [], "app/ holds packages, the composition root (main.py) and nothing else"
    assert {p.parent.relative_to(APP).parts[0] for p in MODULES if p.parent != APP} <= set(LAYERS)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(APP)))
def test_imports_go_downward_only(path: Path) -> None:
    rel = path.relative_to(APP)
    mine = rel.parts[0] if len(rel.parts) > 1 else rel.stem
    if mine == "__init__":
        return
    wrong = [
        f"app/{rel}:{line} imports {module} ({package_of(module)}, layer {LAYERS[package_of(module)]}) "
        f"from {mine} (layer {LAYERS[mine]})"
        for line, module in app_imports(path)
        if package_of(module) != mine and LAYERS[package_of(module)] >= LAYERS[mine]
    ]
    assert wrong == []


def test_the_check_catches_an_upward_import(tmp_path: Path) -> None:
    """The check itself: an import of the HTTP layer from the graph layer is found."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from app.http.problems import problem_response\n")
    ((line, module),) = app_imports(bad)
    assert (line, package_of(module)) == (2, "http") and LAYERS["http"] > LAYERS["graph"]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(APP)))
def test_only_the_http_layer_knows_http(path: Path) -> None:
    """Domain packages know nothing of HTTP: FastAPI and Starlette are imported by app/http and app/main.py only."""
    rel = path.relative_to(APP)
    if rel.parts[0] in ("http", "main.py"):
        return
    web = {"fastapi", "starlette"}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and not n.level]
    assert [n for n in names if n.split(".")[0] in web] == []
