"""Issue #11, point 2: one place for collection rules (sudia.usecases.collections), group names normalised,
a warning for a group without members, every change audited with what it was before."""

from __future__ import annotations

from pathlib import Path

import pytest

from sudia.access import Principal, can_read
from sudia.audit.base import AuditQuery
from sudia.audit.wording import describe
from sudia.errors import SudiaError
from sudia.platform import Platform
from sudia.settings import Settings
from sudia.types import Collection
from sudia.usecases.collections import check_access, collection_rules, normalise_groups, split_groups
from sudia.usecases.uploads import Uploads


@pytest.fixture
def platform(tmp_path: Path):
    p = Platform.from_settings(Settings(data_dir=tmp_path / "data", demo=False, embedder="none", llm_base_url="",
                                        llm_model=""))
    yield p
    p.close()


def code(call, *args, **kwargs) -> str:
    with pytest.raises(SudiaError) as error:
        call(*args, **kwargs)
    return error.value.code


def test_group_names_are_normalised_so_that_rh_and_RH_are_one_group() -> None:
    assert normalise_groups([" RH ", "rh", "Paie"]) == ("RH", "Paie")  # one group, its first spelling
    assert normalise_groups(["rh", "cantine-0130001a"], known=["RH", "cantine-0130001A"]) == ("RH", "cantine-0130001A")
    assert split_groups("RH; paie , ,Direction") == ["RH", "paie", "Direction"]
    assert check_access("restricted", ["RH", "rh"]).groups == ("RH",)
    assert check_access("public", ["rh"]).groups == ()  # only a restricted collection reads by group
    assert code(check_access, "restricted", []) == "SUDIA-R002"
    assert code(check_access, "partout", []) == "SUDIA-R002"
    assert code(check_access, "restricted", ["r h!"]) == "SUDIA-A021"
    # older rows may still say « RH »: the policy compares without case
    legacy = Collection("rh-interne", visibility="restricted", groups=("RH",))
    assert can_read(Principal.user("u1", "rh@region.fr", ["rh"]), legacy, False)


def test_directory_groups_are_normalised_too(platform: Platform) -> None:
    directory = platform.trust.directory
    directory.add_user("cli:test", "agent@region.fr", groups=[" RH ", "rh"])
    assert directory.user("agent@region.fr").groups == ("RH",)
    directory.add_user("cli:test", "autre@region.fr", groups=["rh"])  # joins « RH »: no second group
    directory.add_to_group("cli:test", "agent@region.fr", "Paie")
    assert directory.groups() == {"Paie": 1, "RH": 2}
    assert directory.remove_from_group("cli:test", "agent@region.fr", "PAIE").groups == ("RH",)


def test_create_set_access_rename_and_delete_are_audited_with_warnings(platform: Platform) -> None:
    platform.trust.directory.add_user("cli:test", "rh@region.fr", groups=["rh"])
    rules = collection_rules(platform, Uploads(platform.store, platform.ingestor, platform.settings,
                                               audit=platform.trust.audit))
    created = rules.create("cli:ops", "rh-interne", check_access("restricted", ["RH", "Fantome"]), title="RH interne",
                           entry_point="cli")
    assert set(created.collection.groups) == {"rh", "Fantome"}  # « RH » is the members' « rh »
    assert created.warnings == ("Le groupe « Fantome » n'a aucun membre : personne ne lit cette collection par ce"
                                " groupe tant qu'aucun compte n'y est ajouté.",)
    assert code(rules.create, "cli:ops", "rh-interne", check_access("public")) == "SUDIA-C006"
    assert code(rules.create, "cli:ops", "pas bon", check_access("public")) == "SUDIA-C002"
    assert rules.set_access("cli:ops", "rh-interne", check_access("restricted", ["rh"])).warnings == ()
    rules.rename("cli:ops", "rh-interne", "Ressources humaines", entry_point="cli")
    assert code(rules.set_access, "cli:ops", "absente", check_access("public")) == "SUDIA-C001"
    agent = Principal.user("u2", "agent@region.fr")
    assert code(rules.set_access, agent, "rh-interne", check_access("public")) == "SUDIA-A008"

    entries = {e.action: e for e in platform.trust.audit.entries(AuditQuery(kind="admin"), limit=50)}
    assert entries["collection.create"].details["groups_without_members"] == ["Fantome"]
    rights = describe(entries["collection.rights"])
    assert [(c.before, c.after) for c in rights.changes] == [("groupes " + ", ".join(created.collection.groups),
                                                              "groupes rh")]
    title = describe(entries["collection.title"])
    assert [(c.label, c.before, c.after) for c in title.changes] == [("Nom affiché", "RH interne",
                                                                      "Ressources humaines")]

    rules.delete("cli:ops", "rh-interne", entry_point="cli")
    assert platform.store.get_collection("rh-interne") is None
    assert "rh-interne" not in platform.collection_titles.all()  # a new one of that name starts afresh
    [deleted] = platform.trust.audit.entries(AuditQuery(action="collection.delete"), limit=5)
    assert deleted.actor == "cli:ops" and describe(deleted).what == "a supprimé la collection rh-interne et ses fichiers"
