"""Store fixtures: every backend, each PostgreSQL test in a fresh schema dropped afterwards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pg_schema import postgres_schema


@pytest.fixture
def pg_url() -> Iterator[str]:
    with postgres_schema() as url:
        yield url


@pytest.fixture(scope="module")
def pg_module_url() -> Iterator[str]:
    with postgres_schema() as url:
        yield url
