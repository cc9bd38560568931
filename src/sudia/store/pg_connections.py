"""PostgreSQL connections shared by every PostgreSQL backend (documents, accounts and audit).

One autocommit connection per thread (web workers are threads); multi-statement writes open
explicit transactions. The schema named in the URL (`options=-csearch_path=NAME`) is created on
first use, under an advisory lock, so several workers may start together.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from sudia.errors import SudiaError
from sudia.store.urls import public_url, scrub


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


class PgConnections:
    def __init__(self, url: str) -> None:
        self.url = url
        self.psycopg = load_driver()
        self.conninfo = re.sub(r"^postgresql\+psycopg://", "postgresql://", url)
        self._local = threading.local()
        self._connections: list[tuple[threading.Thread, Any]] = []
        self._lock = threading.Lock()

    def get(self):
        db = getattr(self._local, "db", None)
        if db is None or db.closed or db.broken:
            try:
                db = self.psycopg.connect(self.conninfo, autocommit=True, connect_timeout=10)
            except self.psycopg.Error as exc:
                raise SudiaError("SUDIA-S001", url=public_url(self.url), detail=scrub(str(exc).strip(), self.url)) from exc
            with self._lock:
                # Connections of threads that ended are closed here rather than left to the GC.
                alive = []
                for thread, conn in self._connections:
                    if thread.is_alive() and not conn.closed:
                        alive.append((thread, conn))
                    else:
                        conn.close()
                alive.append((threading.current_thread(), db))
                self._connections = alive
            self._local.db = db
        return db

    def close_all(self) -> None:
        with self._lock:
            for _, conn in self._connections:
                conn.close()
            self._connections = []
        self._local.db = None

    def schema(self) -> str:
        return search_path_schema(self.psycopg.conninfo.conninfo_to_dict(self.conninfo).get("options", ""))

    def create_url_schema(self, db, lock_id: int) -> None:
        """Inside the caller's transaction: wait for other workers, then create the URL's schema."""
        sql = self.psycopg.sql
        db.execute("SELECT pg_advisory_xact_lock(%s)", (lock_id,))
        schema = self.schema()
        if schema and not db.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone():
            db.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
