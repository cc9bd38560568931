"""PostgreSQL connections shared by every PostgreSQL backend (documents, accounts and audit).

One bounded pool per database and process (psycopg_pool), shared by the document store and the
trust store: a connection is borrowed for one statement (`run`) or one block (`connection`,
`transaction`) and given back, so a burst of requests never holds more than `max_size` server
connections per worker (one per thread used to stay open: 43 idle ones after a burst, #10). A
request that finds every connection busy waits up to `timeout_s`, then gets SUDIA-S004.
Connections are in autocommit mode; multi-statement writes use `transaction()`. The schema named
in the URL (`options=-csearch_path=NAME`) is created on first use, under an advisory lock, so
several workers may start together.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sudia.errors import SudiaError
from sudia.store.urls import public_url, scrub


@dataclass(frozen=True)
class PoolOptions:
    max_size: int = 10  # server connections per worker process, at most
    timeout_s: float = 30.0  # wait for a free connection before SUDIA-S004


def load_driver():
    try:
        import psycopg
    except ImportError as exc:  # the driver is an extra: `pip install 'sudia[postgres]'`
        raise SudiaError("SUDIA-M002", package="psycopg", extra="postgres") from exc
    return psycopg


def search_path_schema(options: str) -> str:
    """The first schema of `-c search_path=...` in the URL's options (tests isolate themselves so)."""
    match = re.search(r"-c\s*search_path\s*=\s*([^\s,]+)", options or "")
    return match.group(1).strip("\"'") if match else ""


class Rows:
    """What one statement returned, read before its connection went back to the pool."""

    def __init__(self, rows: list[tuple], rowcount: int) -> None:
        self.rows = rows
        self.rowcount = rowcount

    def fetchone(self) -> tuple | None:
        return self.rows[0] if self.rows else None

    def fetchall(self) -> list[tuple]:
        return self.rows

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.rows)


# One pool per (conninfo, process), shared by the stores that open it; closed with the last of them.
_pools: dict[tuple[str, int], list[Any]] = {}  # key -> [pool, users]
_pools_lock = threading.Lock()


class PgConnections:
    def __init__(self, url: str, options: PoolOptions = PoolOptions()) -> None:
        self.url = url
        self.options = options
        self.psycopg = load_driver()
        self.conninfo = re.sub(r"^postgresql\+psycopg://", "postgresql://", url)
        self._pool: Any = None  # opened on first use (the observatory only borrows helpers here)
        self._lock = threading.Lock()
        self._borrower: Borrower | None = None

    def _key(self) -> tuple[str, int]:
        return self.conninfo, os.getpid()  # a forked worker never shares its parent's sockets

    def pool(self):
        with self._lock:
            if self._pool is None:
                self._pool = _acquire(self._key(), self.conninfo, self.options, self.url)
            return self._pool

    @contextmanager
    def connection(self) -> Iterator[Any]:
        """A connection for a few statements, given back to the pool afterwards."""
        from psycopg_pool import PoolTimeout

        pool = self.pool()
        try:
            with pool.connection(timeout=self.options.timeout_s) as db:
                yield db
        except PoolTimeout as exc:
            raise SudiaError("SUDIA-S004", seconds=f"{self.options.timeout_s:g}") from exc
        except self.psycopg.OperationalError as exc:  # the server went away or refused us
            raise SudiaError("SUDIA-S001", url=public_url(self.url), detail=scrub(str(exc).strip(), self.url)) from exc

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        with self.connection() as db, db.transaction():
            yield db

    def run(self, sql: Any, params: Any = None, **kwargs: Any) -> Rows:
        """One statement on a borrowed connection; its rows are read before the connection goes back."""
        with self.connection() as db:
            cursor = db.execute(sql, params, **kwargs)
            rows = cursor.fetchall() if cursor.description is not None else []
            return Rows(rows, cursor.rowcount)

    def get(self) -> Borrower:
        """For code written against one connection per thread: `get().execute(...)` borrows a
        connection for that statement, and `with get().transaction():` holds one for the block."""
        with self._lock:
            if self._borrower is None:
                self._borrower = Borrower(self)
            return self._borrower

    def close_all(self) -> None:
        with self._lock:
            if self._pool is not None:
                _release(self._key())
                self._pool = None

    def schema(self) -> str:
        return search_path_schema(self.psycopg.conninfo.conninfo_to_dict(self.conninfo).get("options", ""))

    def create_url_schema(self, db, lock_id: int) -> None:
        """Inside the caller's transaction: wait for other workers, then create the URL's schema."""
        sql = self.psycopg.sql
        db.execute("SELECT pg_advisory_xact_lock(%s)", (lock_id,))
        schema = self.schema()
        if schema and not db.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone():
            db.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))


class Borrower:
    """A connection-like object over the pool: statements run on a borrowed connection, except
    inside `transaction()`, where this thread's statements share the connection held for it."""

    def __init__(self, pg: PgConnections) -> None:
        self._pg = pg
        self._local = threading.local()

    def execute(self, sql: Any, params: Any = None, **kwargs: Any) -> Any:
        held = getattr(self._local, "db", None)
        if held is not None:
            return held.execute(sql, params, **kwargs)
        return self._pg.run(sql, params, **kwargs)

    def cursor(self) -> Any:
        held = getattr(self._local, "db", None)
        if held is None:
            raise RuntimeError("cursor() outside a transaction: use transaction()")
        return held.cursor()

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        held = getattr(self._local, "db", None)
        if held is not None:  # nested: a savepoint on the same connection
            with held.transaction():
                yield held
            return
        with self._pg.connection() as db:
            self._local.db = db
            try:
                with db.transaction():
                    yield db
            finally:
                self._local.db = None


def _acquire(key: tuple[str, int], conninfo: str, options: PoolOptions, url: str):
    with _pools_lock:
        entry = _pools.get(key)
        if entry is None:
            entry = [_open_pool(conninfo, options, url), 0]
            _pools[key] = entry
        entry[1] += 1
        return entry[0]


def _release(key: tuple[str, int]) -> None:
    with _pools_lock:
        entry = _pools.get(key)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] <= 0:
            del _pools[key]
            entry[0].close()


def _open_pool(conninfo: str, options: PoolOptions, url: str):
    try:
        from psycopg_pool import ConnectionPool
    except ImportError as exc:
        raise SudiaError("SUDIA-M002", package="psycopg_pool", extra="postgres") from exc
    psycopg = load_driver()
    # The first connection is made here, so that a wrong address fails at start with its reason.
    try:
        psycopg.connect(conninfo, connect_timeout=10).close()
    except psycopg.Error as exc:
        raise SudiaError("SUDIA-S001", url=public_url(url), detail=scrub(str(exc).strip(), url)) from exc
    named = "application_name" in psycopg.conninfo.conninfo_to_dict(conninfo)
    extra = {"autocommit": True, "connect_timeout": 10} | ({} if named else {"application_name": "sudia"})
    pool = ConnectionPool(conninfo, min_size=1, max_size=max(1, options.max_size), timeout=options.timeout_s,
                          kwargs=extra,
                          check=ConnectionPool.check_connection, max_idle=300, open=False, name="sudia")
    pool.open(wait=True, timeout=30)
    return pool
