"""Opens the trust layer's tables in the main store's database: sqlite:///path or postgresql://..."""

from __future__ import annotations

from typing import Protocol

from sudia.accounts.base import AccountStore
from sudia.audit.base import AuditStore
from sudia.ratelimit import RateStore
from sudia.store.pg_connections import PoolOptions
from sudia.store.urls import DatabaseUrl


class TrustStore(AccountStore, AuditStore, RateStore, Protocol):
    """Accounts, audit chain and rate counters: one backend per engine implements all three."""

    url: str

    def close(self) -> None: ...


def open_trust_store(url: str, pool: PoolOptions | None = None) -> TrustStore:
    if DatabaseUrl.parse(url).dialect == "sqlite":
        from sudia.accounts.sqlite import SqliteTrustStore

        return SqliteTrustStore(url)
    from sudia.accounts.postgres import PostgresTrustStore

    return PostgresTrustStore(url, pool or PoolOptions())
