"""A database made by today's code before the core stores were versioned (commit 6beaf30) upgrades:
its documents, accounts, audit chain, conversations and use cases' tables are kept and usable, and
every component ends at the current version (SQLite and PostgreSQL)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pg_schema import postgres_schema_from_dump

from sudia import migrations
from sudia.platform import Platform
from sudia.settings import Settings

LEGACY = Path(__file__).parents[1] / "fixtures" / "legacy"
AGENT = "user:agent.rh@region.fr"


def _check(settings: Settings) -> None:
    platform = Platform.from_settings(settings)
    try:
        platform.upgrade_schema()
        assert platform.upgrade_schema() == []  # once is enough
        states = migrations.status(platform.database, platform.all_migrations())
        assert [s for s in states if s.applied_at is None] == []
        assert {"documents", "accounts", "conversations", "cantines", "pieces", "collection_titles"} <= {
            s.component for s in states}
        names = {c.name: c for c in platform.store.list_collections()}
        assert names["allo-rh"].visibility == "restricted" and names["allo-rh"].groups == ("rh",)
        assert platform.collection_titles.all()["allo-rh"] == "Allo RH"
        assert len(platform.store.list_documents("allo-region")) == 20
        hits = platform.retriever.search("carte de transport scolaire", ["allo-region"], k=3)
        assert hits and "transport" in hits[0].chunk.document_title.lower()
        assert [u.kind for u in platform.store.list_usage()] == ["ask", "ask"]  # the chat's and the script's
        trust = platform.trust
        assert trust.audit.verify().ok
        assert trust.auth.login("agent.rh@region.fr", "mot-de-passe-legacy-2") is not None
        [conversation] = platform.chat.history(AGENT)
        assert [t.question for t in platform.chat.conversation(AGENT, conversation.id).turns] == [
            "Quel est le prix du repas à la cantine ?"]
        assert [f.comment for f in platform.chat.store.list_feedback()] == ["Clair."]
    finally:
        platform.close()


def test_the_sqlite_database_of_6beaf30_upgrades(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(LEGACY / "sudia-6beaf30.db", data / "sudia.db")
    shutil.copy(LEGACY / "sudia-6beaf30.audit.key", data / "audit.key")
    _check(Settings(data_dir=data, demo=False, llm_base_url="", llm_model=""))


@pytest.mark.integration
def test_the_postgresql_database_of_6beaf30_upgrades(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(LEGACY / "postgres-6beaf30.audit.key", data / "audit.key")
    with postgres_schema_from_dump(LEGACY / "postgres-6beaf30.sql.gz", "sudia_legacy6", "sudia_legacy6") as url:
        _check(Settings(data_dir=data, database_url=url, demo=False, llm_base_url="", llm_model=""))
