"""Ruff over the code, with the rules of pyproject.toml (`[tool.ruff.lint]`: bugs, not style).

It found a catalogue listing three error codes twice and a keyword mapped to two kinds (the last
silently won); any new one fails here rather than in production.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_ruff_finds_no_error() -> None:
    beside_python = Path(sys.executable).with_name("ruff")  # the test extra's, in the same environment
    ruff = str(beside_python) if beside_python.exists() else shutil.which("ruff") or "ruff"
    result = subprocess.run([ruff, "check", "--no-cache", "src", "tests", "bench"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
