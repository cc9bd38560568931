"""Opens the store named by a database URL: sqlite:///path or postgresql://..."""

from __future__ import annotations

from sudia.errors import SudiaError
from sudia.store.base import Store
from sudia.store.pg_connections import PoolOptions


def open_store(url: str, pool: PoolOptions | None = None) -> Store:
    """`pool` bounds PostgreSQL connections per process (SUDIA_PG_POOL_SIZE); SQLite ignores it."""
    if url.startswith("sqlite:///") or url == "sqlite://":
        from sudia.store.sqlite import SqliteStore

        return SqliteStore(url)
    if url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        from sudia.store.postgres import PostgresStore

        return PostgresStore(url, pool or PoolOptions())
    from sudia.store.urls import public_url

    raise SudiaError("SUDIA-S002", url=public_url(url))
