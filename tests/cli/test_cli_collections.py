"""Issue #11, point 2: `sudia collections` goes through the same rules as the web (sudia.usecases.collections)."""

from __future__ import annotations

from pathlib import Path

from sudia.audit.base import AuditQuery
from sudia.platform import Platform
from sudia.settings import Settings


def test_collections_create_access_and_delete_share_the_rules(cli, tmp_path: Path) -> None:
    data = tmp_path / "data"
    created = cli(data, "collections", "create", "rh-interne", "--visibility", "restricted", "-g", " RH ")
    assert created.returncode == 0, created.stderr
    out = " ".join((created.stdout + created.stderr).split())  # messages go to stderr
    assert "restricted (RH)" in out and "Le groupe « RH » n'a aucun membre" in out
    mixed = cli(data, "collections", "access", "rh-interne", "--visibility", "public", "-g", "RH")
    assert mixed.returncode == 1 and "--group ne s'emploie qu'avec --visibility restricted" in mixed.stdout + mixed.stderr
    opened = cli(data, "collections", "access", "rh-interne", "--visibility", "authenticated")
    assert opened.returncode == 0 and "authenticated" in opened.stdout + opened.stderr
    titled = cli(data, "collections", "title", "rh-interne", "Ressources humaines")
    assert titled.returncode == 0, titled.stderr
    assert cli(data, "collections", "delete", "rh-interne", "--yes").returncode == 0
    platform = Platform.from_settings(Settings(data_dir=data, demo=False, embedder="none", llm_base_url="",
                                               llm_model=""))
    try:
        entries = platform.trust.audit.entries(AuditQuery(kind="admin"), limit=10)
        assert [e.action for e in reversed(entries)] == ["collection.create", "collection.rights", "collection.title",
                                                         "collection.delete"]
        assert entries[1].details == {"title": "Ressources humaines", "before": {"title": ""}}
        assert "rh-interne" not in platform.collection_titles.all()  # gone with the collection
        assert all(e.entry_point == "cli" for e in entries)
        assert entries[-1].details["groups"] == ["RH"] and entries[-1].details["groups_without_members"] == ["RH"]
    finally:
        platform.close()
