"""Conformance suite of the trust store: SQLite and PostgreSQL must behave the same."""

from __future__ import annotations

import threading

import pytest

from sudia.accounts.base import ApiToken, PendingLogin, Session, User
from sudia.accounts.factory import open_trust_store
from sudia.errors import SudiaError


@pytest.fixture
def store(engine_url: str):
    s = open_trust_store(engine_url)
    yield s
    s.close()


def _user(uid: str = "u1", email: str = "agent@region.fr", **kw) -> User:
    return User(uid, email, "Agent", created_at="2025-01-01T00:00:00.000+00:00", **kw)


def test_users_round_trip_and_unique_email(store) -> None:
    store.add_user(_user(groups=("rh", "agents")), "$argon2id$hash")
    user = store.find_user("agent@region.fr")
    assert user == _user(groups=("agents", "rh"))
    assert store.get_user("u1") == user and store.password_hash("u1") == "$argon2id$hash"
    with pytest.raises(SudiaError) as taken:
        store.add_user(_user("u2"), None)
    assert taken.value.code == "SUDIA-A005"
    assert store.get_user("nobody") is None and store.find_user("x@y.fr") is None


def test_update_user_fields(store) -> None:
    store.add_user(_user(), None)
    store.update_user("u1", name="Agente", is_admin=True, active=False, last_login_at="2025-02-01",
                      oidc_subject="https://idp|42", password_hash="h")
    user = store.get_user("u1")
    assert (user.name, user.is_admin, user.active, user.last_login_at) == ("Agente", True, False, "2025-02-01")
    assert store.find_user_by_subject("https://idp|42") == user and store.password_hash("u1") == "h"
    store.update_user("u1", oidc_subject="")
    assert store.get_user("u1").oidc_subject == ""
    with pytest.raises(ValueError):
        store.update_user("u1", email="other@x.fr")


def test_users_without_oidc_subject_do_not_collide(store) -> None:
    store.add_user(_user("u1", "a@x.fr"), None)
    store.add_user(_user("u2", "b@x.fr"), None)
    assert [u.email for u in store.list_users()] == ["a@x.fr", "b@x.fr"]


def test_groups_by_source(store) -> None:
    store.add_user(_user(), None)
    store.add_group("u1", "pilotes")
    store.add_group("u1", "pilotes")  # idempotent
    store.replace_groups("u1", ["rh", "agents"], "oidc")
    assert store.get_user("u1").groups == ("agents", "pilotes", "rh")
    store.replace_groups("u1", ["formation"], "oidc")  # only the provider's memberships change
    assert store.get_user("u1").groups == ("formation", "pilotes")
    store.remove_group("u1", "pilotes")
    assert store.list_groups() == {"formation": 1}


def test_tokens(store) -> None:
    store.add_user(_user(), None)
    token = ApiToken("t1", "u1", "script", ("ask", "search"), "2025-01-01", "2025-04-01")
    store.add_token(token, "sha-of-secret")
    assert store.find_token("sha-of-secret") == token and store.get_token("t1") == token
    assert store.find_token("other") is None
    store.touch_token("t1", "2025-01-02")
    store.revoke_token("t1", "2025-01-03")
    store.revoke_token("t1", "2025-01-09")  # the first revocation date stays
    revoked = store.get_token("t1")
    assert (revoked.revoked_at, revoked.last_used_at) == ("2025-01-03", "2025-01-02")
    assert not revoked.usable("2025-01-04")
    assert store.list_tokens("u1") == [revoked] and store.list_tokens() == [revoked] and store.list_tokens("u9") == []


def test_sessions(store) -> None:
    store.add_user(_user(), None)
    store.add_session(Session("k1", "u1", "2025-01-01", "2025-01-08", "csrf1"))
    store.add_session(Session("k2", "u1", "2025-01-01", "2025-01-02", "csrf2"))
    assert store.get_session("k1") == Session("k1", "u1", "2025-01-01", "2025-01-08", "csrf1")
    assert store.purge_sessions("2025-01-05") == 1 and store.get_session("k2") is None
    store.delete_session("k1")
    assert store.get_session("k1") is None
    store.add_session(Session("k3", "u1", "2025-01-01", "2025-01-08", "c"))
    store.delete_user_sessions("u1")
    assert store.get_session("k3") is None


def test_pending_login_is_popped_once(store) -> None:
    store.save_pending_login(PendingLogin("s1", "n", "v", "/", "2025-01-01T00:00"))
    store.save_pending_login(PendingLogin("s2", "n", "v", "/", "2024-01-01T00:00"))
    assert store.pop_pending_login("s1") == PendingLogin("s1", "n", "v", "/", "2025-01-01T00:00")
    assert store.pop_pending_login("s1") is None
    assert store.purge_pending_logins("2025-01-01") == 1 and store.pop_pending_login("s2") is None


def test_rate_counters(store) -> None:
    assert store.hit("requests:user:u1", 100) == 1
    assert store.hit("requests:user:u1", 100, 3) == 4
    assert store.count("requests:user:u1", 100) == 4 and store.count("requests:user:u1", 101) == 0
    store.hit("requests:user:u1", 99)
    store.hit("login-user:a@x.fr", 5)
    assert store.prune("requests:", 100) == 1  # only this prefix's old slots
    assert store.count("login-user:a@x.fr", 5) == 1
    store.reset("requests:user:u1")
    assert store.count("requests:user:u1", 100) == 0


def test_rate_counters_are_atomic_across_threads(store) -> None:
    def hammer() -> None:
        for _ in range(25):
            store.hit("requests:shared", 7)

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.count("requests:shared", 7) == 100


def test_reopening_keeps_data_and_schema_creation_is_idempotent(engine_url: str) -> None:
    first = open_trust_store(engine_url)
    first.add_user(_user(), None)
    first.close()
    second = open_trust_store(engine_url)
    try:
        assert second.find_user("agent@region.fr") is not None
    finally:
        second.close()
