"""The platform's database for use cases' own tables: one SQL text, run on SQLite or PostgreSQL.

Use cases write SQL with `?` parameter marks and portable types; `Database` translates the marks
for PostgreSQL and hands out transactions on the same connections as the core stores (one per
thread, see `sqlite_connections` and `pg_connections`). Stateless web workers share nothing but
the database, so several processes may use it at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sudia.store.urls import DatabaseUrl, Dialect

__all__ = ["Database", "DatabaseUrl", "Dialect", "Transaction"]


class Transaction:
    """SQL with `?` marks inside one transaction; rows come back as tuples."""

    def __init__(self, connection: Any, dialect: Dialect) -> None:
        self.connection = connection
        self.dialect = dialect

    def _sql(self, sql: str) -> str:
        # psycopg reads % as the start of a placeholder: double the literal ones first.
        return sql if self.dialect == "sqlite" else sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.connection.execute(self._sql(sql), tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if self.dialect == "sqlite":
            self.connection.executemany(sql, rows)
        else:
            with self.connection.cursor() as cursor:
                cursor.executemany(self._sql(sql), rows)

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return [tuple(row) for row in self.connection.execute(self._sql(sql), tuple(params)).fetchall()]

    def fetchone(self, sql: str, params: Sequence[Any] = ()) -> tuple | None:
        row = self.connection.execute(self._sql(sql), tuple(params)).fetchone()
        return tuple(row) if row is not None else None


class Database:
    def __init__(self, url: str, connections: Any = None) -> None:
        """`connections`: a store's own (SqliteConnections or PgConnections) to run on them, e.g.
        its migrations at open, on the same in-memory database; the store closes them."""
        parsed = DatabaseUrl.parse(url)
        self.dialect: Dialect = parsed.dialect
        self.url = parsed.url
        if connections is not None:
            self._connections = connections
        elif self.dialect == "sqlite":
            from sudia.store.sqlite_connections import SqliteConnections

            self._connections: Any = SqliteConnections(parsed.url)
        else:
            from sudia.store.pg_connections import PgConnections

            self._connections = PgConnections(parsed.url)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One transaction: committed when the block ends, rolled back on any error."""
        if self.dialect == "sqlite":
            with self._connections.transaction() as db:
                yield Transaction(db, "sqlite")
            return
        db = self._connections.get()
        with db.transaction():
            yield Transaction(db, "postgresql")

    @contextmanager
    def read(self) -> Iterator[Transaction]:
        """A read-only transaction: one consistent view, without SQLite's write lock."""
        if self.dialect == "postgresql":
            with self.transaction() as tx:
                yield tx
            return
        db = self._connections.get()
        db.execute("BEGIN")  # deferred: shares the database with writers (WAL)
        try:
            yield Transaction(db, "sqlite")
        finally:
            db.execute("COMMIT")

    def lock_schema(self, tx: Transaction, lock_id: int) -> None:
        """Serialise schema changes between processes (SQLite's write lock already does)."""
        if self.dialect == "postgresql":
            self._connections.create_url_schema(tx.connection, lock_id)

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self.read() as tx:
            return tx.fetchall(sql, params)

    def fetchone(self, sql: str, params: Sequence[Any] = ()) -> tuple | None:
        with self.read() as tx:
            return tx.fetchone(sql, params)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self.transaction() as tx:
            tx.execute(sql, params)

    def close(self) -> None:
        if self.dialect == "sqlite":
            self._connections.close()
        else:
            self._connections.close_all()
