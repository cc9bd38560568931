"""PostgreSQL backend of the conversations: the same `conv_` tables, shared by every web worker."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sudia.conversations.sql import SCHEMA, SqlConversationStore
from sudia.store.pg_connections import PgConnections

# Serialises schema creation between workers starting together (see PgConnections.create_url_schema).
_SCHEMA_LOCK = 0x5D1A_0C01


class PostgresConversationStore(SqlConversationStore):
    """Autocommit connections from the shared helper; multi-statement writes in explicit transactions."""

    mark = "%s"

    def __init__(self, url: str) -> None:
        self.url = url
        self._pg = PgConnections(url)
        db = self._pg.get()
        with db.transaction():
            self._pg.create_url_schema(db, _SCHEMA_LOCK)
            db.execute(SCHEMA)

    def _db(self) -> Any:
        return self._pg.get()

    @contextmanager
    def _tx(self) -> Iterator[Any]:  # type: ignore[override]
        db = self._pg.get()
        with db.transaction():
            yield db

    def close(self) -> None:
        self._pg.close_all()
