"""Rate limits whose counters live in the database, so that every worker sees the same budget."""

from __future__ import annotations

import pytest

from sudia.access import Principal
from sudia.accounts.trust import Trust
from sudia.errors import SudiaError
from sudia.ratelimit import RateLimiter


class Clock:
    def __init__(self, t: float = 1_000_020.0) -> None:  # 20 s into a minute slot
        self.t = t

    def __call__(self) -> float:
        return self.t


def test_limit_then_french_error_then_recovery(trust: Trust) -> None:
    clock = Clock()
    limiter = RateLimiter(trust.store, "requests", 3, 60, clock)
    for _ in range(3):
        limiter.check("user:u1")
    with pytest.raises(SudiaError) as error:
        limiter.check("user:u1")
    assert error.value.code == "SUDIA-L001"
    assert error.value.message.startswith("Trop de requêtes : limite de 3 par minute atteinte, réessayez dans")
    limiter.check("user:u2")  # budgets are per key
    clock.t += 125  # two slots later, the old ones weigh nothing
    limiter.check("user:u1")


def test_sliding_window_smooths_the_slot_boundary(trust: Trust) -> None:
    clock = Clock(1_000_019.0)  # 1 s before the end of a slot
    limiter = RateLimiter(trust.store, "requests", 4, 60, clock)
    for _ in range(4):
        limiter.check("k")
    clock.t += 2  # just after the boundary: the previous slot still counts almost fully
    assert not limiter.peek("k").allowed


def test_workers_share_the_budget(trust: Trust, engine_url: str, trust_settings) -> None:
    from accounts.engines import CHEAP

    other = Trust.open(engine_url, trust_settings, cost=CHEAP)
    clock = Clock()
    try:
        mine = RateLimiter(trust.store, "requests", 4, 60, clock)
        theirs = RateLimiter(other.store, "requests", 4, 60, clock)
        mine.check("user:u1")
        mine.check("user:u1")
        theirs.check("user:u1")
        theirs.check("user:u1")
        with pytest.raises(SudiaError):
            mine.check("user:u1")
    finally:
        other.close()


def test_zero_means_no_limit_and_prune(trust: Trust) -> None:
    clock = Clock()
    unlimited = RateLimiter(trust.store, "free", 0, 60, clock)
    for _ in range(50):
        unlimited.check("k")
    limited = RateLimiter(trust.store, "requests", 10, 60, clock)
    limited.check("k")
    clock.t += 300
    assert limited.prune() == 1


def test_trust_check_rate_per_user_token_and_ip(trust: Trust) -> None:
    user = Principal.user("u1", "a@region.fr")
    token = Principal.token("t1", "u1", "a@region.fr", [], False, ["ask"])
    for _ in range(trust.settings.rate_limit_per_minute):
        trust.check_rate(user)
    with pytest.raises(SudiaError):
        trust.check_rate(user)
    trust.check_rate(token)  # a token has its own budget
    for _ in range(trust.settings.rate_limit_anonymous_per_minute):
        trust.check_rate(Principal.anonymous(), ip="198.51.100.7")
    with pytest.raises(SudiaError) as error:
        trust.check_rate(Principal.anonymous(), ip="198.51.100.7")
    assert error.value.code == "SUDIA-L001"
    trust.check_rate(Principal.anonymous(), ip="198.51.100.8")
