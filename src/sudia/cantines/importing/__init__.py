"""CSV/Excel import with column mapping and line-level French errors."""

from __future__ import annotations

from pathlib import Path

from sudia.cantines.importing.records import ImportResult, LineError, import_table
from sudia.cantines.importing.tables import Table, read_path, read_table


def import_file(path: Path, kind: str, mapping: list[str] | dict[str, str] | None = None) -> ImportResult:
    return import_table(read_path(path), kind, mapping)


__all__ = ["ImportResult", "LineError", "Table", "import_file", "import_table", "read_path", "read_table"]
