"""A fresh PostgreSQL schema, dropped afterwards: the one helper of every suite that runs on PostgreSQL.

The server is SUDIA_TEST_POSTGRES_URL, else the local one of this machine kind. CI always has one
(scripts/test.sh): there a missing server fails the run, since a skip would hide a broken backend;
elsewhere the PostgreSQL tests are skipped.
"""

from __future__ import annotations

import gzip
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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


@contextmanager
def postgres_schema_from_dump(dump: Path, dumped_schema: str, prefix: str) -> Iterator[str]:
    """A fresh schema holding a gzipped plain-SQL dump of `dumped_schema` (databases of earlier releases)."""
    import psycopg

    with postgres_schema(prefix) as url:
        schema = url.rsplit("search_path%3D", 1)[-1]
        text = gzip.decompress(dump.read_bytes()).decode("utf-8")
        text = "\n".join(line for line in text.splitlines() if not line.startswith("\\"))  # psql meta-commands
        with psycopg.connect(postgres_base(), autocommit=True) as db:
            db.execute(text.replace(dumped_schema, schema))
        yield url
