"""Opens the knowledge base named by a database URL (sqlite:///… or postgresql://…)."""

from __future__ import annotations

from sudia.errors import SudiaError
from sudia.observatoire.kb.base import KnowledgeBase


def open_knowledge_base(url: str) -> KnowledgeBase:
    if url.startswith("sqlite:///"):
        from sudia.observatoire.kb.sqlite import SqliteKnowledgeBase

        return SqliteKnowledgeBase(url.removeprefix("sqlite:///") or ":memory:")
    if url.startswith(("postgresql://", "postgres://")):
        from sudia.observatoire.kb.postgres import PostgresKnowledgeBase

        return PostgresKnowledgeBase(url)
    raise SudiaError("SUDIA-S002", url=url)
