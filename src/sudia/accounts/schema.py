"""Versioned schema of the trust layer (`sudia.migrations`, component "accounts"): accounts,
groups, API tokens, sessions, the sealed audit log and the rate counters.

Version 1 is the schema the trust store created before it was versioned (`IF NOT EXISTS`
everywhere, triggers included): on such a database it changes nothing and records the version.
"""

from __future__ import annotations

from sudia.database import Database, Transaction
from sudia.migrations import Migration, run_script, upgrade


def _tables(tx: Transaction) -> None:
    if tx.dialect == "sqlite":
        from sudia.accounts.sqlite import SCHEMA
    else:
        from sudia.accounts.postgres import SCHEMA
    run_script(tx, SCHEMA)


MIGRATIONS = [
    Migration("accounts", 1, "comptes, groupes, jetons d'API, sessions, journal d'audit scellé, limites de débit",
              apply=_tables),
]


def upgrade_accounts(url: str, connections: object) -> None:
    """Apply the trust layer's pending migrations on the trust store's own connections."""
    upgrade(Database(url, connections), MIGRATIONS)
