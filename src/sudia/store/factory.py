"""Opens the store named by a database URL: sqlite:///path or postgresql://..."""

from __future__ import annotations

from sudia.store.base import Store
from sudia.store.pg_connections import PoolOptions
from sudia.store.urls import DatabaseUrl


def open_store(url: str, pool: PoolOptions | None = None) -> Store:
    """`pool` bounds PostgreSQL connections per process (SUDIA_PG_POOL_SIZE); SQLite ignores it."""
    if DatabaseUrl.parse(url).dialect == "sqlite":
        from sudia.store.sqlite import SqliteStore

        return SqliteStore(url)
    from sudia.store.postgres import PostgresStore

    return PostgresStore(url, pool or PoolOptions())
