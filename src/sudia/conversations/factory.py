"""Opens the conversations' tables in the main store's database: sqlite:///path or postgresql://..."""

from __future__ import annotations

from sudia.conversations.base import ConversationStore
from sudia.errors import SudiaError


def open_conversation_store(url: str) -> ConversationStore:
    if url.startswith("sqlite:///") or url == "sqlite://":
        from sudia.conversations.sqlite import SqliteConversationStore

        return SqliteConversationStore(url)
    if url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        from sudia.conversations.postgres import PostgresConversationStore

        return PostgresConversationStore(url)
    raise SudiaError("SUDIA-S002", url=url.split("@")[-1])
