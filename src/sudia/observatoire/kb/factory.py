"""Opens the knowledge base named by a database URL: the same forms as the main store accepts.

`sqlite:///path`, `sqlite://` (in memory), `postgresql://`, `postgres://` and
`postgresql+psycopg://`. An unsupported URL is reported without its password (SUDIA-S002).
"""

from __future__ import annotations

from sudia.observatoire.kb.base import KnowledgeBase
from sudia.store.urls import DatabaseUrl


def open_knowledge_base(url: str) -> KnowledgeBase:
    parsed = DatabaseUrl.parse(url)
    if parsed.dialect == "sqlite":
        from sudia.observatoire.kb.sqlite import SqliteKnowledgeBase

        return SqliteKnowledgeBase(parsed.sqlite_path)
    from sudia.observatoire.kb.postgres import PostgresKnowledgeBase

    return PostgresKnowledgeBase(url)
