"""Opens the conversations' tables in the main store's database: sqlite:///path or postgresql://..."""

from __future__ import annotations

from sudia.conversations.base import ConversationStore
from sudia.store.urls import DatabaseUrl


def open_conversation_store(url: str) -> ConversationStore:
    if DatabaseUrl.parse(url).dialect == "sqlite":
        from sudia.conversations.sqlite import SqliteConversationStore

        return SqliteConversationStore(url)
    from sudia.conversations.postgres import PostgresConversationStore

    return PostgresConversationStore(url)
