"""A database created by the previous release opens and upgrades with today's code (SQLite and PostgreSQL)."""

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
        platform.upgrade_schema()
        assert platform.upgrade_schema() == []  # once is enough
        names = {c.name: c for c in platform.store.list_collections()}
        assert names["allo-rh"].visibility == "restricted" and names["allo-rh"].groups == ("rh",)
        assert len(platform.store.list_documents("allo-region")) == 20
        hits = platform.retriever.search("carte de transport scolaire", ["allo-region"], k=3)
        assert hits and "transport" in hits[0].chunk.document_title.lower()
        trust = platform.trust
        assert trust.audit.verify().ok
        assert trust.auth.login("agent.rh@region.fr", "mot-de-passe-legacy-2") is not None
        assert "rh" in trust.directory.user("agent.rh@region.fr").groups
        answer = platform.assistant.ask("Quel est le prix du repas à la cantine ?", ["allo-region"])
        assert answer.text
    finally:
        platform.close()


def test_the_previous_sqlite_database_upgrades(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(LEGACY / "sudia-a805470.db", data / "sudia.db")
    _check(Settings(data_dir=data, demo=False, llm_base_url="", llm_model=""))


@pytest.mark.integration
def test_the_previous_postgresql_database_upgrades(tmp_path: Path) -> None:
    with postgres_schema_from_dump(LEGACY / "postgres-a805470.sql.gz", "sudia_legacy", "sudia_legacy") as url:
        _check(Settings(data_dir=tmp_path / "data", database_url=url, demo=False, llm_base_url="", llm_model=""))
