"""SQLite connections shared by every SQLite backend (documents, accounts and audit).

One connection per thread (web workers are threads), in autocommit mode; WAL lets readers run
while one writer holds the lock. Multi-statement writes go through `transaction()`: BEGIN
IMMEDIATE takes the write lock first, so read-then-write sequences are serialised, and any error
rolls back (a killed ingestion loses nothing).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sudia.errors import SudiaError
from sudia.store.urls import DatabaseUrl, public_url


class SqliteConnections:
    def __init__(self, url: str, durable: bool = True) -> None:
        """`durable=False` lets the last commits be lost on power failure (never corrupted): fine
        for documents, which can be ingested again, not for the audit log."""
        self.url = url
        path = DatabaseUrl.parse(url).sqlite_path
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._durable = durable
        self._local = threading.local()

    def get(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            try:
                db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            except sqlite3.Error as exc:
                raise SudiaError("SUDIA-S001", url=public_url(self.url), detail=str(exc)) from exc
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA foreign_keys=ON")
            if not self._durable:
                db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        db = self.get()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None
