"""Database fixtures shared by the trust-layer tests: every engine, PostgreSQL in a fresh schema per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from sudia.accounts.passwords import HashingCost
from sudia.settings import TrustSettings
from sudia.accounts.trust import Trust

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
CHEAP = HashingCost(time_cost=1, memory_kib=8192, parallelism=1)  # argon2id still, at test speed
ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.integration)]


def postgres_base() -> str:
    return os.environ.get("SUDIA_TEST_POSTGRES_URL") or DEFAULT_POSTGRES


def _reachable(url: str) -> bool:
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


def schema_url(base: str, schema: str) -> str:
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options={quote(f'-csearch_path={schema}')}"


def postgres_url(request: pytest.FixtureRequest) -> Iterator[str]:
    base = postgres_base()
    if not _reachable(base):
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL injoignable ({base.split('@')[-1]}) : les tests PostgreSQL sont obligatoires en CI")
        pytest.skip("PostgreSQL injoignable : définissez SUDIA_TEST_POSTGRES_URL")
    import psycopg
    from psycopg import sql

    schema = f"sudia_trust_{uuid.uuid4().hex[:12]}"
    try:
        yield schema_url(base, schema)
    finally:
        with psycopg.connect(base, autocommit=True) as db:
            db.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture(params=ENGINES)
def engine_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The main store's database URL on each engine (the trust tables live beside the store's)."""
    if request.param == "sqlite":
        yield f"sqlite:///{(tmp_path / 'sudia.db').as_posix()}"
    else:
        yield from postgres_url(request)


@pytest.fixture
def trust_settings() -> TrustSettings:
    return TrustSettings(allow_anonymous=False, login_max_failures=3, login_max_failures_per_ip=5,
                         audit_questions="full", rate_limit_per_minute=5, rate_limit_anonymous_per_minute=2)


@pytest.fixture
def trust(engine_url: str, trust_settings: TrustSettings) -> Iterator[Trust]:
    t = Trust.open(engine_url, trust_settings, cost=CHEAP)
    yield t
    t.close()
