"""SQLite backend of the conversations: the `conv_` tables in the main store's file."""

from __future__ import annotations

from sudia.conversations.sql import SqlConversationStore, create_tables
from sudia.store.sqlite_connections import SqliteConnections


class SqliteConversationStore(SqlConversationStore):
    """One connection per thread (shared helper); writes in IMMEDIATE transactions."""

    mark = "?"

    def __init__(self, url: str) -> None:
        self.url = url
        self._sqlite = SqliteConnections(url)  # durable: an agent's history and feedback are not re-creatable
        self._db = self._sqlite.get  # type: ignore[method-assign]
        self._tx = self._sqlite.transaction  # type: ignore[method-assign]
        create_tables(url)

    def close(self) -> None:
        self._sqlite.close()
