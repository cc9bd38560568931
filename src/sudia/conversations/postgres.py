"""PostgreSQL backend of the conversations: the same `conv_` tables, shared by every web worker."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sudia.conversations.sql import SqlConversationStore, create_tables
from sudia.store.pg_connections import PgConnections


class PostgresConversationStore(SqlConversationStore):
    """Autocommit connections from the shared helper; multi-statement writes in explicit transactions."""

    mark = "%s"

    def __init__(self, url: str) -> None:
        self.url = url
        create_tables(url)  # the schema named in the URL too, under the migrations' lock
        self._pg = PgConnections(url)

    def _db(self) -> Any:
        return self._pg.get()

    @contextmanager
    def _tx(self) -> Iterator[Any]:  # type: ignore[override]
        db = self._pg.get()
        with db.transaction():
            yield db

    def close(self) -> None:
        self._pg.close_all()
