"""Versioned schemas: each component lists its migrations in order; the database records which ran.

Like simonw/llm's `migrations.py`: a table (`sudia_migrations`) holds one row per applied
(component, version); at start (web app, CLI) and with `sudia db upgrade`, the missing ones run in
order, all in one transaction, under a lock, so several workers starting together apply each
migration once. A database newer than the code (a version it does not know) is refused rather than
half-used. SQL is portable between SQLite and PostgreSQL; `{serial}` and `{blob}` stand for the two
types that differ, and `apply` takes a `Transaction` for anything else.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from sudia.database import Database, Transaction
from sudia.errors import SudiaError

TYPES = {
    "sqlite": {"serial": "INTEGER PRIMARY KEY AUTOINCREMENT", "blob": "BLOB"},
    "postgresql": {"serial": "BIGSERIAL PRIMARY KEY", "blob": "BYTEA"},
}
_LOCK_ID = 0x5D1A_0D0B  # advisory lock of schema changes (PostgreSQL)
_TABLE = """CREATE TABLE IF NOT EXISTS sudia_migrations (
    component TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL,
    PRIMARY KEY (component, version))"""


@dataclass(frozen=True)
class Migration:
    component: str  # "cantines", "documents", …
    version: int  # 1, 2, … without gaps
    name: str  # what it does, in a few words
    sql: str = ""  # statements separated by ';'
    apply: Callable[[Transaction], None] | None = None

    def run(self, tx: Transaction) -> None:
        for statement in self.sql.format(**TYPES[tx.dialect]).split(";"):
            if statement.strip():
                tx.execute(statement)
        if self.apply is not None:
            self.apply(tx)


@dataclass(frozen=True)
class MigrationState:
    component: str
    version: int
    name: str
    applied_at: str | None  # None: pending


def _ordered(migrations: Iterable[Migration]) -> list[Migration]:
    ordered = sorted(migrations, key=lambda m: (m.component, m.version))
    expected: dict[str, int] = {}
    for m in ordered:
        if m.version != expected.get(m.component, 0) + 1:
            raise SudiaError("SUDIA-X002", component=m.component, detail=f"version {m.version} inattendue")
        expected[m.component] = m.version
    return ordered


def _applied(tx: Transaction) -> dict[tuple[str, int], str]:
    tx.execute(_TABLE)
    return {(c, v): at for c, v, at in tx.fetchall("SELECT component, version, applied_at FROM sudia_migrations")}


def upgrade(database: Database, migrations: Iterable[Migration]) -> list[Migration]:
    """Apply what is missing, in order; returns the migrations that ran now."""
    ordered = _ordered(migrations)
    known = {(m.component, m.version) for m in ordered}
    with database.transaction() as tx:
        database.lock_schema(tx, _LOCK_ID)
        applied = _applied(tx)
        components = {m.component for m in ordered}
        newer = [key for key in applied if key[0] in components and key not in known]
        if newer:
            component, version = max(newer)
            raise SudiaError("SUDIA-X003", component=component, version=version)
        ran = []
        for m in ordered:
            if (m.component, m.version) in applied:
                continue
            m.run(tx)
            tx.execute("INSERT INTO sudia_migrations (component, version, name, applied_at) VALUES (?, ?, ?, ?)",
                       (m.component, m.version, m.name, datetime.now(timezone.utc).isoformat(timespec="seconds")))
            ran.append(m)
    return ran


def upgrade_url(url: str, migrations: Iterable[Migration]) -> list[Migration]:
    """`upgrade` on the database at `url`, through connections opened for it and closed after.

    Each store applies its own component when it opens, so a store opened alone (a command, a
    test, a worker) never finds its tables missing; the platform applies them all at start too.
    """
    database = Database(url)
    try:
        return upgrade(database, migrations)
    finally:
        database.close()


def run_script(tx: Transaction, script: str) -> None:
    """A dialect's own SQL script (several statements, trigger and function bodies included),
    run as written: neither `{serial}` substitution nor `?` marks."""
    if tx.dialect == "postgresql":
        tx.connection.execute(script)  # psycopg runs several statements when no parameter is given
        return
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):  # a trigger's inner ';' does not end it
            tx.connection.execute(statement)
            statement = ""
    if statement.strip():
        tx.connection.execute(statement)


def status(database: Database, migrations: Iterable[Migration]) -> list[MigrationState]:
    ordered = _ordered(migrations)
    with database.transaction() as tx:
        applied = _applied(tx)
    return [MigrationState(m.component, m.version, m.name, applied.get((m.component, m.version))) for m in ordered]
