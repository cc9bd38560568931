"""The layers of the package (pyproject.toml, [tool.importlinter]) hold: interfaces (web, CLI) ->
platform -> use cases -> stages -> backends -> types; a module never imports a layer above its own.

Run by the ordinary test suite, so by scripts/test.sh and CI. On failure the output lists each
forbidden import chain with its line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# In a child process: import-linter reconfigures logging, which would silence later tests' logs.
# no_cache: nothing written in the repository; the whole graph takes about a second to build.
LINT = ("import sys; from importlinter.cli import lint_imports; "
        f"sys.exit(lint_imports(config_filename={str(ROOT / 'pyproject.toml')!r}, no_cache=True, no_logo=True))")


def test_import_layers_are_respected() -> None:
    run = subprocess.run([sys.executable, "-c", LINT], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "BROKEN" not in run.stdout and "KEPT" in run.stdout
