"""The documentation says what the code does: settings reference and README defaults (datasette's test_docs)."""

from __future__ import annotations

import re
from pathlib import Path

from sudia.settings import Settings
from sudia.settings_reference import defaults, reference, usecase_slices

ROOT = Path(__file__).parents[1]


def _same(quoted: str, actual: str) -> bool:
    try:
        return float(quoted) == float(actual)
    except ValueError:
        return quoted == actual


def test_the_settings_reference_is_generated_from_the_code() -> None:
    expected = reference(usecase_slices())
    assert (ROOT / "docs" / "settings.md").read_text(encoding="utf-8") == expected, (
        "docs/settings.md est périmé : python -m sudia.settings_reference > docs/settings.md")


def test_the_readme_quotes_the_real_defaults() -> None:
    """Regression (#11): the README gave SUDIA_MIN_DENSE_SCORE a default of 0.80 while the code said 0.88."""
    known = defaults(Settings)
    for _, model in usecase_slices():
        known |= defaults(model)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `SUDIA_")]
    assert len(rows) >= 8
    for row in rows:
        names_cell, default_cell = row.split("|")[1:3]
        names = re.findall(r"`(SUDIA_\w+)`", names_cell)
        assert all(name in known for name in names), row
        if default_cell.strip().lstrip("(").startswith("vide"):
            assert all(known[name] == "" for name in names), row
            continue
        quoted = re.findall(r"`([^`]*)`", default_cell)[: len(names)]
        assert len(quoted) == len(names), row
        for name, value in zip(names, quoted):
            assert _same(value, known[name]), f"{name} : README {value!r}, code {known[name]!r}"
