"""A fresh PostgreSQL schema, dropped afterwards: the one helper of every suite that runs on PostgreSQL.

The server is SUDIA_TEST_POSTGRES_URL, else the local one of this machine kind. CI always has one
(scripts/test.sh): there a missing server fails the run, since a skip would hide a broken backend;
elsewhere the PostgreSQL tests are skipped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

LOCAL_SERVER = "postgresql://postgres@127.0.0.1:5432/test"


def postgres_base() -> str:
    return os.environ.get("SUDIA_TEST_POSTGRES_URL") or LOCAL_SERVER


@contextmanager
def postgres_schema(prefix: str = "sudia_test") -> Iterator[str]:
    """Yields a database URL whose tables live in a new schema named `prefix_<random>`."""
    import psycopg
    from psycopg import sql

    from sudia.store.postgres import schema_url

    base = postgres_base()
    try:
        psycopg.connect(base, connect_timeout=3).close()
    except psycopg.Error:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL injoignable ({base.split('@')[-1]}) : les tests PostgreSQL sont obligatoires en CI")
        pytest.skip("PostgreSQL injoignable : définissez SUDIA_TEST_POSTGRES_URL")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    try:
        yield schema_url(base, name)
    finally:
        with psycopg.connect(base, autocommit=True) as db:
            db.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))
