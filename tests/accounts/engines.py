"""Database fixtures shared by the trust-layer tests: every engine, PostgreSQL in a fresh schema per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_schema import postgres_schema

from sudia.accounts.passwords import HashingCost
from sudia.settings import TrustSettings
from sudia.accounts.trust import Trust

CHEAP = HashingCost(time_cost=1, memory_kib=8192, parallelism=1)  # argon2id still, at test speed
ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.integration)]


@pytest.fixture(params=ENGINES)
def engine_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The main store's database URL on each engine (the trust tables live beside the store's)."""
    if request.param == "sqlite":
        yield f"sqlite:///{(tmp_path / 'sudia.db').as_posix()}"
    else:
        with postgres_schema("sudia_trust") as url:
            yield url


@pytest.fixture
def trust_settings(tmp_path: Path) -> TrustSettings:
    # The audit key and the head anchor live outside the database: here, in the test's own folder.
    return TrustSettings(allow_anonymous=False, login_max_failures=3, login_max_failures_per_ip=5,
                         audit_questions="full", rate_limit_per_minute=5, rate_limit_anonymous_per_minute=2,
                         audit_key_file=tmp_path / "audit.key", audit_anchor_file=tmp_path / "audit-anchor.json")


@pytest.fixture
def trust(engine_url: str, trust_settings: TrustSettings) -> Iterator[Trust]:
    t = Trust.open(engine_url, trust_settings, cost=CHEAP)
    yield t
    t.close()
