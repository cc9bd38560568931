"""The core stores' schemas are versioned (#11): each store applies its component when it opens,
and the platform lists them with the use cases' for `sudia db upgrade` and `sudia db status`."""

from __future__ import annotations

import pytest
from pg_schema import postgres_schema

from sudia import migrations
from sudia.accounts.factory import open_trust_store
from sudia.conversations.factory import open_conversation_store
from sudia.database import Database
from sudia.platform import Platform

from sudia.store import open_store

CORE = [("accounts", 1), ("conversations", 1), ("documents", 1), ("documents", 2)]


def _applied(url: str) -> list[tuple[str, int]]:
    database = Database(url)
    try:
        return sorted(database.fetchall("SELECT component, version FROM sudia_migrations"))
    finally:
        database.close()


def _each_store_versions_its_tables(url: str) -> None:
    for opener in (open_store, open_trust_store, open_conversation_store):
        opener(url).close()
        opener(url).close()  # opening again applies nothing twice
    assert _applied(url) == CORE


def test_each_store_versions_its_tables_on_sqlite(tmp_path) -> None:
    _each_store_versions_its_tables(f"sqlite:///{tmp_path / 'sudia.db'}")


@pytest.mark.integration
def test_each_store_versions_its_tables_on_postgresql() -> None:
    with postgres_schema("sudia_core_migrations") as url:
        _each_store_versions_its_tables(url)


def test_the_platform_lists_the_core_components_before_the_use_cases(platform: Platform) -> None:
    components = list(dict.fromkeys(m.component for m in platform.all_migrations()))
    assert components[:4] == ["documents", "accounts", "collection_titles", "conversations"]  # then the assistant's
    platform.upgrade_schema()
    assert [s for s in migrations.status(platform.database, platform.all_migrations()) if s.applied_at is None] == []


def test_the_audit_triggers_survive_the_script_runner(tmp_path) -> None:
    """The trust schema holds triggers whose bodies contain ';': they must be created whole."""
    url = f"sqlite:///{tmp_path / 'sudia.db'}"
    open_trust_store(url).close()
    database = Database(url)
    try:
        triggers = {name for (name,) in database.fetchall("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    finally:
        database.close()
    assert {"audit_no_update", "audit_no_delete"} <= triggers
