"""Fixtures of the observatory tests: the spaCy model is loaded once per session."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from sudia.observatoire.extractor import Extractor
from sudia.observatoire.kb.factory import open_knowledge_base

SAMPLES = Path(__file__).parents[1] / "samples" / "observatoire"
PG_URL = os.environ.get("SUDIA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


def _postgres_schema_url() -> Iterator[str]:
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(PG_URL, connect_timeout=3, autocommit=True)
    except psycopg.OperationalError:
        if os.environ.get("CI"):
            raise  # in CI the server must be there: a skip would hide a broken backend
        pytest.skip("PostgreSQL injoignable")
    schema = f"obs_test_{uuid.uuid4().hex[:8]}"
    admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.integration)])
def kb_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'obs.db'}"
    else:
        yield from _postgres_schema_url()


@pytest.fixture
def kb(kb_url: str):
    base = open_knowledge_base(kb_url)
    yield base
    base.close()
