"""The conversations and display names open on a database made by the previous release (SQLite, PostgreSQL)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pg_schema import postgres_schema_from_dump

from sudia.platform import Platform
from sudia.settings import Settings

LEGACY = Path(__file__).parents[1] / "fixtures" / "legacy"


def _check(settings: Settings) -> None:
    platform = Platform.from_settings(settings)
    try:
        before = {c.name for c in platform.store.list_collections()}
        answered = platform.chat.ask("user:legacy", "Quel est le prix du repas à la cantine ?", ["allo-region"])
        follow = platform.chat.ask("user:legacy", "Et pour les internes ?", ["allo-region"], answered.conversation.id)
        assert follow.query != "Et pour les internes ?"
        assert [t.question for t in platform.chat.conversation("user:legacy", answered.conversation.id).turns] == [
            "Quel est le prix du repas à la cantine ?", "Et pour les internes ?"]
        platform.collection_titles.set("allo-rh", "Allo RH")
        assert platform.collection_titles.all() == {"allo-rh": "Allo RH"}
        assert {c.name for c in platform.store.list_collections()} == before  # nothing else changed
        assert platform.trust.audit.verify().ok
    finally:
        platform.close()


def test_the_previous_sqlite_database_gains_conversations(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(LEGACY / "sudia-a805470.db", data / "sudia.db")
    _check(Settings(data_dir=data, demo=False, llm_base_url="", llm_model="", embedder="none"))


@pytest.mark.integration
def test_the_previous_postgresql_database_gains_conversations(tmp_path: Path) -> None:
    with postgres_schema_from_dump(LEGACY / "postgres-a805470.sql.gz", "sudia_legacy", "sudia_legacy_conv") as url:
        _check(Settings(data_dir=tmp_path / "data", database_url=url, demo=False, llm_base_url="", llm_model="",
                        embedder="none"))
