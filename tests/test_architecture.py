"""The layers of the package (pyproject.toml, [tool.importlinter]) hold: interfaces (web, CLI) ->
platform -> use cases -> stages -> backends -> types; a module never imports a layer above its own.

Run by the ordinary test suite, so by scripts/test.sh and CI. On failure the output lists each
forbidden import chain with its line.
"""

from __future__ import annotations

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_import_layers_are_respected(capsys) -> None:
    # no_cache: nothing written in the repository; the whole graph takes about a second to build.
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert code == 0, report
    assert "BROKEN" not in report
