"""No dead code: every public module-level function or class of the package is used somewhere.

Regression test of the review of #11 (`observatoire.names.acronym_of`, `accounts.tokens.new_nonce`
were defined and never called). A name counts as used when it appears anywhere in the package
(code and templates), the tests, the benchmarks, the scripts or pyproject.toml (entry points) other
than at its definition. Decorated functions (routes, commands) are called by their framework.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "sudia"
USED_IN = [PACKAGE, ROOT / "tests", ROOT / "bench", ROOT / "scripts"]
TEXT_SUFFIXES = {".py", ".html", ".js", ".toml", ".sh", ".md"}


def _words() -> Counter[str]:
    words: Counter[str] = Counter()
    files = [p for folder in USED_IN if folder.exists() for p in folder.rglob("*") if p.suffix in TEXT_SUFFIXES]
    for path in [*files, ROOT / "pyproject.toml"]:
        words.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", path.read_text(encoding="utf-8", errors="replace")))
    return words


def _definitions() -> list[tuple[str, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                    and not node.name.startswith("_") and not node.decorator_list):
                found.append((str(path.relative_to(ROOT)), node.name))
    return found


def test_every_public_function_and_class_is_used() -> None:
    words = _words()
    unused = [f"{path}: {name}" for path, name in _definitions() if words[name] <= 1]
    assert unused == [], "defined but never used (remove, or use):\n" + "\n".join(unused)
