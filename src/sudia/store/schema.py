"""Versioned schema of the documents store (`sudia.migrations`, component "documents").

Version 1 is the schema the store created before it was versioned: on a database made by that
code it changes nothing (every statement is `IF NOT EXISTS`) and records the version, so later
versions can change tables with an ordinary migration appended here. Both backends share the
numbering; each version says what it does on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from sudia.database import Database, Transaction
from sudia.migrations import Migration, run_script, upgrade


def _tables(tx: Transaction) -> None:
    if tx.dialect == "sqlite":
        from sudia.store.sqlite import SCHEMA
    else:
        from sudia.store.postgres import SCHEMA
    run_script(tx, SCHEMA)


MIGRATIONS = [
    Migration("documents", 1, "collections, documents, passages et leur index, dépôts, consommation", apply=_tables),
    Migration("documents", 2, "réglages d'indexation de chaque document",
              sql="ALTER TABLE documents ADD COLUMN indexed_with TEXT NOT NULL DEFAULT ''"),
]


def upgrade_documents(url: str, connections: object) -> None:
    """Apply the documents store's pending migrations on the store's own connections."""
    upgrade(Database(url, connections), MIGRATIONS)
