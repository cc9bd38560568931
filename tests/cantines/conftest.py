"""Fixtures of the canteens tests: generated canteens (never real data), a repository on SQLite or PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from sudia.cantines.synthetic import SyntheticData, generate


@pytest.fixture(scope="session")
def synthetic() -> SyntheticData:
    """Four canteens over two school years: enough to train and to backtest a few months."""
    return generate(4, date(2023, 9, 1), date(2025, 7, 1), seed=3)
