"""Opens the knowledge base named by a database URL: the same forms as the main store accepts.

`sqlite:///path`, `sqlite://` (in memory), `postgresql://`, `postgres://` and
`postgresql+psycopg://`. An unsupported URL is reported without its password (SUDIA-S002).
"""

from __future__ import annotations

from sudia.errors import SudiaError
from sudia.observatoire.kb.base import KnowledgeBase
from sudia.store.urls import public_url


def open_knowledge_base(url: str) -> KnowledgeBase:
    if url.startswith("sqlite:///") or url == "sqlite://":
        from sudia.observatoire.kb.sqlite import SqliteKnowledgeBase

        return SqliteKnowledgeBase(url.removeprefix("sqlite:///") if url != "sqlite://" else ":memory:")
    if url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        from sudia.observatoire.kb.postgres import PostgresKnowledgeBase

        return PostgresKnowledgeBase(url)
    raise SudiaError("SUDIA-S002", url=public_url(url))
