"""The platform's database for use cases' own tables: one SQL text, run on SQLite or PostgreSQL.

Use cases write SQL with `?` parameter marks and portable types; `Database` translates the marks
for PostgreSQL and hands out transactions on the same connections as the core stores (one per
thread, see `sqlite_connections` and `pg_connections`). Stateless web workers share nothing but
the database, so several processes may use it at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

from sudia.errors import SudiaError

Dialect = Literal["sqlite", "postgresql"]
_POSTGRES = re.compile(r"^(postgresql|postgres)(\+psycopg)?://")


@dataclass(frozen=True)
class DatabaseUrl:
    """A database URL understood by every store: `sqlite:///path`, `sqlite://` (memory) or PostgreSQL."""

    dialect: Dialect
    url: str  # normalised: postgresql://… for psycopg, sqlite:///… for SQLite

    @classmethod
    def parse(cls, url: str) -> DatabaseUrl:
        if url == "sqlite://" or url.startswith("sqlite:///"):
            return cls("sqlite", url)
        if _POSTGRES.match(url):
            return cls("postgresql", _POSTGRES.sub("postgresql://", url, count=1))
        # Never echo the URL itself: it may carry a password.
        raise SudiaError("SUDIA-S002", url=redacted(url))


def redacted(url: str) -> str:
    """The URL without its credentials, safe to show in an error or a log line."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return "(adresse non reconnue)"
    return f"{scheme}://{rest.rsplit('@', 1)[-1]}" if "@" in rest else f"{scheme}://{rest}"


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
    def __init__(self, url: str) -> None:
        parsed = DatabaseUrl.parse(url)
        self.dialect: Dialect = parsed.dialect
        self.url = parsed.url
        if self.dialect == "sqlite":
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

    def lock_schema(self, tx: Transaction, lock_id: int) -> None:
        """Serialise schema changes between processes (SQLite's write lock already does)."""
        if self.dialect == "postgresql":
            self._connections.create_url_schema(tx.connection, lock_id)

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self.transaction() as tx:
            return tx.fetchall(sql, params)

    def fetchone(self, sql: str, params: Sequence[Any] = ()) -> tuple | None:
        with self.transaction() as tx:
            return tx.fetchone(sql, params)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self.transaction() as tx:
            tx.execute(sql, params)

    def close(self) -> None:
        if self.dialect == "sqlite":
            self._connections.close()
        else:
            self._connections.close_all()
