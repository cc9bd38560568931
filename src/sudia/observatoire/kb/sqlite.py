"""SQLite backend of the observatory knowledge base (the default, one file in the data folder)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sudia.errors import SudiaError
from sudia.observatoire.kb.sql import SqlKnowledgeBase


class SqliteKnowledgeBase(SqlKnowledgeBase):
    mark = "?"
    serial = "INTEGER PRIMARY KEY AUTOINCREMENT"

    def __init__(self, path: str) -> None:
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = sqlite3.connect(path)
        except sqlite3.Error as exc:
            raise SudiaError("SUDIA-S001", url=f"sqlite:///{path}", detail=str(exc)) from exc
        super().__init__(connection)

    def _columns(self, table: str) -> set[str]:
        return {r[1] for r in self._rows(f"PRAGMA table_info({table})")}
