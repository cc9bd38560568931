"""Password login with throttling shared through the database, and server-side web sessions."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from accounts.engines import CHEAP

from sudia.accounts.authenticator import Authenticator
from sudia.accounts.base import now
from sudia.accounts.passwords import HashingCost, Passwords
from sudia.accounts.trust import Trust
from sudia.errors import SudiaError

PASSWORD = "Calanques-Sainte-Victoire-13"


@pytest.fixture
def agent(trust: Trust):
    return trust.directory.add_user("cli:ops", "agent@region.fr", "Agent", PASSWORD, groups=["rh"])


def code(call, *args, **kwargs) -> str:
    with pytest.raises(SudiaError) as error:
        call(*args, **kwargs)
    return error.value.code


def test_login_opens_a_server_side_session(trust: Trust, agent) -> None:
    signed = trust.auth.login(" Agent@Region.fr ", PASSWORD, ip="10.0.0.1")
    assert signed.principal.email == "agent@region.fr" and signed.principal.groups == {"rh"}
    assert signed.principal.scopes is None  # a session carries every right of its user
    # the cookie value is not stored: only its SHA-256 is
    assert signed.session.key == hashlib.sha256(signed.cookie.encode()).hexdigest()
    assert trust.store.get_session(signed.cookie) is None
    principal, session = trust.auth.session(signed.cookie)
    assert principal == signed.principal and len(session.csrf_token) >= 32
    assert trust.store.get_user(agent.id).last_login_at


def test_sessions_are_shared_by_workers(trust: Trust, agent, engine_url: str, trust_settings) -> None:
    """A second trust layer on the same database (another worker) recognises the session."""
    signed = trust.auth.login("agent@region.fr", PASSWORD)
    other = Trust.open(engine_url, trust_settings, cost=CHEAP)
    try:
        assert other.auth.session(signed.cookie)[0] == signed.principal
    finally:
        other.close()


def test_wrong_password_and_unknown_account_look_the_same(trust: Trust, agent) -> None:
    assert code(trust.auth.login, "agent@region.fr", "mauvais") == "SUDIA-A001"
    assert code(trust.auth.login, "inconnu@region.fr", PASSWORD) == "SUDIA-A001"


def test_account_without_password_cannot_log_in_with_one(trust: Trust) -> None:
    trust.directory.add_user("cli:ops", "oidc@region.fr")
    assert code(trust.auth.login, "oidc@region.fr", "") == "SUDIA-A001"


def test_throttling_per_account_and_address_even_with_the_right_password(trust: Trust, agent) -> None:
    for _ in range(trust.settings.login_max_failures):
        assert code(trust.auth.login, "agent@region.fr", "mauvais", ip="10.0.0.1") == "SUDIA-A001"
    with pytest.raises(SudiaError) as locked:
        trust.auth.login("agent@region.fr", PASSWORD, ip="10.0.0.1")
    assert locked.value.code == "SUDIA-A002" and "minute" in locked.value.message
    # The account's owner, elsewhere, is not locked out by a stranger's guesses (#10).
    assert trust.auth.login("agent@region.fr", PASSWORD, ip="10.0.0.2").principal.email == "agent@region.fr"
    # after the lockout window, the right password works and clears the count
    trust.auth.clock = lambda: now() + timedelta(minutes=2 * trust.settings.login_lockout_minutes)
    assert trust.auth.login("agent@region.fr", PASSWORD, ip="10.0.0.1").principal.email == "agent@region.fr"


def test_throttling_per_ip_across_accounts(trust: Trust, agent) -> None:
    for n in range(trust.settings.login_max_failures_per_ip):
        code(trust.auth.login, f"essai{n}@region.fr", "mauvais", ip="203.0.113.9")
    assert code(trust.auth.login, "agent@region.fr", PASSWORD, ip="203.0.113.9") == "SUDIA-A002"
    assert trust.auth.login("agent@region.fr", PASSWORD, ip="10.0.0.1")  # another address is not blocked


def test_success_resets_the_account_counter(trust: Trust, agent) -> None:
    for _ in range(trust.settings.login_max_failures - 1):
        code(trust.auth.login, "agent@region.fr", "mauvais")
    trust.auth.login("agent@region.fr", PASSWORD)
    for _ in range(trust.settings.login_max_failures - 1):
        code(trust.auth.login, "agent@region.fr", "mauvais")
    assert trust.auth.login("agent@region.fr", PASSWORD)


def test_disabled_account(trust: Trust, agent) -> None:
    signed = trust.auth.login("agent@region.fr", PASSWORD)
    trust.directory.set_active("cli:ops", "agent@region.fr", False)
    assert trust.auth.session(signed.cookie) is None  # its sessions were closed
    assert code(trust.auth.login, "agent@region.fr", PASSWORD) == "SUDIA-A018"


def test_session_expiry_logout_and_password_change(trust: Trust, agent) -> None:
    first = trust.auth.login("agent@region.fr", PASSWORD)
    trust.auth.logout(first.cookie)
    assert trust.auth.session(first.cookie) is None
    second = trust.auth.login("agent@region.fr", PASSWORD)
    trust.directory.set_password("cli:ops", "agent@region.fr", PASSWORD + "-bis")
    assert trust.auth.session(second.cookie) is None
    third = trust.auth.login("agent@region.fr", PASSWORD + "-bis")
    trust.auth.clock = lambda: now() + timedelta(days=trust.settings.session_days, minutes=1)
    assert trust.auth.session(third.cookie) is None
    for junk in ("", "inconnu"):
        assert trust.auth.session(junk) is None


def test_hash_is_upgraded_when_the_cost_is_raised(trust: Trust, agent) -> None:
    before = trust.store.password_hash(agent.id)
    stronger = Passwords(HashingCost(time_cost=2, memory_kib=8192, parallelism=1))
    auth = Authenticator(trust.store, stronger, trust.store, trust.settings)
    auth.login("agent@region.fr", PASSWORD)
    after = trust.store.password_hash(agent.id)
    assert after != before and "t=2" in after
    assert auth.login("agent@region.fr", PASSWORD)


def test_principal_from_header_or_cookie(trust: Trust, agent) -> None:
    signed = trust.auth.login("agent@region.fr", PASSWORD)
    issued = trust.directory.create_token("cli:ops", "agent@region.fr", "search", 5)
    assert trust.principal(cookie=signed.cookie) == signed.principal
    assert trust.principal(f"Bearer {issued.secret}", signed.cookie).kind == "token"  # the header wins
    assert trust.principal().kind == "anonymous" and trust.principal(cookie="perimee").kind == "anonymous"
    for header in ("Bearer sudia_faux", "Basic YTpi", "Bearer "):
        assert code(trust.principal, header) == "SUDIA-A009"
