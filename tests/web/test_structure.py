"""Issue #11, point 1: the web package is layered (deps, errors, routes) without import circles, nor with
the CLI; the HTTP status of each error lives in its catalogue entry."""

from __future__ import annotations

import ast
from pathlib import Path

import sudia
from sudia.errors import CATALOGUE, SudiaError

SRC = Path(sudia.__file__).parent


def _imports(package: str) -> dict[str, set[str]]:
    """module -> the modules of `package` (and of the CLI) it imports, function-level imports included."""
    modules = {}
    for folder in ("web", "cli"):
        for path in (SRC / folder).glob("*.py"):
            name = f"sudia.{folder}" if path.stem == "__init__" else f"sudia.{folder}.{path.stem}"
            modules[name] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found |= {m for m in [node.module, *(f"{node.module}.{a.name}" for a in node.names)] if m in modules}
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name in modules}
        graph[name] = found - {name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import circle, or []."""
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> list[str]:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt, path + [nxt])):
                return found
        state[node] = 2
        return []

    for start in sorted(graph):
        if start not in state and (found := visit(start, [start])):
            return found
    return []


def test_no_import_circle_in_the_web_package_nor_with_the_cli() -> None:
    graph = _imports("sudia")
    assert _cycle(graph) == []
    # routes depend on deps and errors, never on the application factory
    assert not any("sudia.web.app" in deps for name, deps in graph.items() if name != "sudia.web.app")


def test_every_error_has_its_http_status_in_the_catalogue() -> None:
    assert all(100 <= entry.status < 600 and entry.message for entry in CATALOGUE.values())
    assert SudiaError("SUDIA-C001", name="x").status == 404
    assert SudiaError("SUDIA-A007").status == 401 and SudiaError("SUDIA-A025").status == 403
    assert SudiaError("SUDIA-C006", name="x").status == 409 and SudiaError("SUDIA-R002", detail="x").status == 400
    assert SudiaError("SUDIA-P012", procedure="x").status == 403 and SudiaError("SUDIA-K007").status == 409
