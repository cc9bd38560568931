"""Store fixtures: every backend, each PostgreSQL test in a fresh schema dropped afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


def postgres_url() -> str | None:
    # Same source as tests/conftest.py's postgres_url(), which a nested conftest cannot import.
    return os.environ.get("SUDIA_TEST_POSTGRES_URL") or None


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A database URL whose tables live in a new schema; skipped only outside CI without a server URL."""
    base = postgres_url()
    if base is None:
        if os.environ.get("CI"):
            pytest.fail("SUDIA_TEST_POSTGRES_URL doit être défini en CI : les tests PostgreSQL y sont obligatoires")
        pytest.skip("PostgreSQL non configuré (SUDIA_TEST_POSTGRES_URL)")
    import psycopg
    from psycopg import sql

    from sudia.store.postgres import schema_url

    name = f"sudia_test_{uuid.uuid4().hex[:12]}"
    try:
        yield schema_url(base, name)
    finally:
        with psycopg.connect(base, autocommit=True) as db:
            db.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))


@pytest.fixture
def pg_url() -> Iterator[str]:
    with postgres_schema() as url:
        yield url


@pytest.fixture(scope="module")
def pg_module_url() -> Iterator[str]:
    with postgres_schema() as url:
        yield url
