"""Fixtures of the conversations tests: every database engine, PostgreSQL in a fresh schema per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_schema import postgres_schema

from sudia.conversations.base import ConversationStore
from sudia.conversations.factory import open_conversation_store

ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.integration)]


@pytest.fixture(params=ENGINES)
def engine_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{(tmp_path / 'sudia.db').as_posix()}"
    else:
        with postgres_schema("sudia_conv") as url:
            yield url


@pytest.fixture
def store(engine_url: str) -> Iterator[ConversationStore]:
    s = open_conversation_store(engine_url)
    yield s
    s.close()
