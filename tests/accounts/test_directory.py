"""Users, groups and API tokens administration: rules, secrets kept out of storage, audit entries."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from sudia.access import Principal
from sudia.accounts.base import now
from sudia.accounts.trust import Trust
from sudia.errors import SudiaError

STRONG = "Cigale-Lavande-2025!"


def code(call, *args, **kwargs) -> str:
    with pytest.raises(SudiaError) as error:
        call(*args, **kwargs)
    return error.value.code


def test_a_new_instance_has_no_account(trust: Trust) -> None:
    assert trust.directory.list_users() == []  # no default administrator, no default password


def test_create_admin_hashes_with_argon2id(trust: Trust) -> None:
    admin = trust.directory.create_admin("cli:ops", "Admin@Region.fr", STRONG, "Admin")
    assert admin.email == "admin@region.fr" and admin.is_admin and admin.active
    hashed = trust.store.password_hash(admin.id)
    assert hashed.startswith("$argon2id$") and STRONG not in hashed


@pytest.mark.parametrize("password", ["court1!", "motdepasse123", "aaaaaaaaaaaaaaaa1", "toutenminuscules",
                                      "admin-secure-2025"])
def test_weak_passwords_are_refused(trust: Trust, password: str) -> None:
    assert code(trust.directory.create_admin, "cli:ops", "admin@region.fr", password) == "SUDIA-A003"
    assert trust.directory.list_users() == []


def test_invalid_email_and_duplicates(trust: Trust) -> None:
    assert code(trust.directory.add_user, "cli:ops", "pas-une-adresse") == "SUDIA-A006"
    trust.directory.add_user("cli:ops", "agent@region.fr")
    assert code(trust.directory.add_user, "cli:ops", "AGENT@region.fr") == "SUDIA-A005"
    assert code(trust.directory.user, "absent@region.fr") == "SUDIA-A004"


def test_groups_and_group_names(trust: Trust) -> None:
    trust.directory.add_user("cli:ops", "agent@region.fr", groups=["agents"])
    assert trust.directory.add_to_group("cli:ops", "agent@region.fr", "rh").groups == ("agents", "rh")
    assert trust.directory.remove_from_group("cli:ops", "agent@region.fr", "agents").groups == ("rh",)
    assert code(trust.directory.add_to_group, "cli:ops", "agent@region.fr", "RH; DROP TABLE") == "SUDIA-A021"
    assert trust.directory.groups() == {"rh": 1}


def test_token_secret_is_shown_once_and_stored_hashed(trust: Trust, engine_url: str) -> None:
    trust.directory.add_user("cli:ops", "agent@region.fr", groups=["rh"])
    issued = trust.directory.create_token("cli:ops", "agent@region.fr", "ask,search", 30, "script RH")
    assert issued.secret.startswith("sudia_") and len(issued.secret) > 40
    assert issued.token.scopes == ("ask", "search") and issued.token.expires_at > issued.token.created_at
    assert trust.store.find_token(hashlib.sha256(issued.secret.encode()).hexdigest()) == issued.token
    assert trust.store.find_token(issued.secret) is None
    # the secret appears nowhere in the database: not in the tokens table, not in the audit log
    for entry in trust.audit.entries():
        assert issued.secret not in str(entry)
    principal = trust.auth.token(issued.secret)
    assert principal.kind == "token" and principal.groups == {"rh"} and principal.scopes == {"ask", "search"}
    assert principal.allows("ask") and not principal.allows("ingest")


def test_token_rules(trust: Trust) -> None:
    trust.directory.add_user("cli:ops", "agent@region.fr")
    assert code(trust.directory.create_token, "cli:ops", "agent@region.fr", "ask,lire") == "SUDIA-A011"
    assert code(trust.directory.create_token, "cli:ops", "agent@region.fr", "") == "SUDIA-A011"
    assert code(trust.directory.create_token, "cli:ops", "agent@region.fr", "ask", 0) == "SUDIA-A020"
    assert code(trust.directory.create_token, "cli:ops", "agent@region.fr", "ask", 400) == "SUDIA-A020"
    # an admin scope is meaningless, and dangerous to hand out, for a user who is not an administrator
    assert code(trust.directory.create_token, "cli:ops", "agent@region.fr", "admin") == "SUDIA-A008"
    assert code(trust.directory.revoke_token, "cli:ops", "inconnu") == "SUDIA-A012"


def test_revoked_expired_and_disabled_tokens_stop_working(trust: Trust) -> None:
    trust.directory.add_user("cli:ops", "agent@region.fr")
    revoked = trust.directory.create_token("cli:ops", "agent@region.fr", "ask", 30)
    trust.directory.revoke_token("cli:ops", revoked.token.id)
    assert code(trust.auth.token, revoked.secret) == "SUDIA-A009"

    expiring = trust.directory.create_token("cli:ops", "agent@region.fr", "ask", 1)
    trust.auth.token(expiring.secret)
    trust.auth.clock = lambda: now() + timedelta(days=2)
    assert code(trust.auth.token, expiring.secret) == "SUDIA-A009"
    trust.auth.clock = now

    disabled = trust.directory.create_token("cli:ops", "agent@region.fr", "ask", 30)
    trust.directory.set_active("cli:ops", "agent@region.fr", False)
    assert code(trust.auth.token, disabled.secret) == "SUDIA-A009"
    for forged in ("", "sudia_", "Bearer x", disabled.secret + "x"):
        assert code(trust.auth.token, forged) == "SUDIA-A009"


def test_web_callers_must_be_administrators(trust: Trust) -> None:
    admin = trust.directory.create_admin("cli:ops", "admin@region.fr", STRONG)
    agent = trust.directory.add_user("cli:ops", "agent@region.fr")
    as_admin = Principal.user(admin.id, admin.email, (), True)
    as_agent = Principal.user(agent.id, agent.email)
    admin_token = Principal.token("t1", admin.id, admin.email, (), True, ("ask", "search"))
    assert code(trust.directory.add_user, Principal.anonymous(), "x@region.fr") == "SUDIA-A007"
    assert code(trust.directory.add_user, as_agent, "x@region.fr") == "SUDIA-A008"
    assert code(trust.directory.add_to_group, as_agent, "agent@region.fr", "rh") == "SUDIA-A008"
    assert code(trust.directory.add_user, admin_token, "x@region.fr") == "SUDIA-A010"
    trust.directory.add_to_group(as_admin, "agent@region.fr", "rh")
    entry = trust.audit.entries(limit=1)[0]
    assert (entry.actor, entry.action, entry.target, dict(entry.details)) == (
        "user:admin@region.fr", "group.add", "agent@region.fr", {"group": "rh"})


def test_every_change_is_audited_without_secrets(trust: Trust) -> None:
    d = trust.directory
    d.create_admin("cli:ops", "admin@region.fr", STRONG)
    d.add_user("cli:ops", "agent@region.fr", password=STRONG + "x")
    d.set_password("cli:ops", "agent@region.fr", STRONG + "y")
    d.set_admin("cli:ops", "agent@region.fr", True)
    d.add_to_group("cli:ops", "agent@region.fr", "rh")
    d.remove_from_group("cli:ops", "agent@region.fr", "rh")
    issued = d.create_token("cli:ops", "agent@region.fr", "ask", 10)
    d.revoke_token("cli:ops", issued.token.id)
    d.set_active("cli:ops", "agent@region.fr", False)
    d.set_active("cli:ops", "agent@region.fr", True)
    entries = list(trust.audit.iter_entries())
    assert [e.action for e in entries] == ["user.add", "user.add", "user.password", "user.admin", "group.add",
                                           "group.remove", "token.create", "token.revoke", "user.disable",
                                           "user.enable"]
    assert all(e.kind == "admin" and e.actor == "cli:ops" for e in entries)
    dump = " ".join(str(e) for e in entries)
    assert STRONG not in dump and issued.secret not in dump and "$argon2" not in dump
    assert trust.audit.verify().ok


def test_an_administrator_cannot_lock_themself_out(trust: Trust) -> None:
    """Issue #11: no self-deactivation or self-demotion, whatever the entry point calling the directory."""
    admin = trust.directory.create_admin("cli:ops", "admin@region.fr", STRONG)
    other = trust.directory.create_admin("cli:ops", "autre@region.fr", STRONG)
    me = Principal.user(admin.id, admin.email, (), True)
    assert code(trust.directory.set_active, me, "admin@region.fr", False) == "SUDIA-A025"
    assert code(trust.directory.set_admin, me, "admin@region.fr", False) == "SUDIA-A025"
    assert code(trust.directory.set_password, me, "admin@region.fr", STRONG + "x") == "SUDIA-A026"
    assert trust.directory.user("admin@region.fr").is_admin and trust.directory.user("admin@region.fr").active
    trust.directory.set_admin(me, other.email, False)  # another administrator may be demoted
    trust.directory.set_admin("cli:ops", "admin@region.fr", False)  # and an operator with the database may


def test_a_person_changes_their_own_password_with_the_current_one(trust: Trust) -> None:
    agent = trust.directory.add_user("cli:ops", "agent@region.fr", password=STRONG)
    me = Principal.user(agent.id, agent.email)
    issued = trust.directory.create_token("cli:ops", "agent@region.fr", "ask", 10)
    assert code(trust.directory.change_own_password, me, "pas-le-bon", STRONG + "x") == "SUDIA-A024"
    assert code(trust.directory.change_own_password, me, STRONG, "court") == "SUDIA-A003"
    assert code(trust.directory.change_own_password, Principal.anonymous(), STRONG, STRONG + "x") == "SUDIA-A007"
    trust.directory.change_own_password(me, STRONG, STRONG + "x")
    assert trust.auth.login("agent@region.fr", STRONG + "x")
    assert code(trust.auth.token, issued.secret) == "SUDIA-A009"  # its tokens went with the old password
    entries = [e for e in trust.audit.iter_entries() if e.action == "user.password"]
    assert [(e.actor, e.outcome) for e in entries] == [("user:agent@region.fr", "denied"),
                                                       ("user:agent@region.fr", "ok")]
