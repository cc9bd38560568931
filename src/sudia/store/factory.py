"""Opens the store named by a database URL: sqlite:///path or postgresql://..."""

from __future__ import annotations

from sudia.errors import SudiaError
from sudia.store.base import Store


def open_store(url: str) -> Store:
    if url.startswith("sqlite:///") or url == "sqlite://":
        from sudia.store.sqlite import SqliteStore

        return SqliteStore(url)
    if url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        from sudia.store.postgres import PostgresStore

        return PostgresStore(url)
    from sudia.store.urls import public_url

    raise SudiaError("SUDIA-S002", url=public_url(url))
