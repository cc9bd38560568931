"""Fixtures of the observatory tests: the spaCy model is loaded once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_schema import postgres_schema

from sudia.observatoire.extractor import Extractor
from sudia.observatoire.kb.factory import open_knowledge_base

SAMPLES = Path(__file__).parents[1] / "samples" / "observatoire"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.integration)])
def kb_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'obs.db'}"
    else:
        with postgres_schema("obs_test") as url:
            yield url


@pytest.fixture
def kb(kb_url: str):
    base = open_knowledge_base(kb_url)
    yield base
    base.close()
