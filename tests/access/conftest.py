"""Fixtures of the access tests: each engine."""

from accounts.engines import engine_url, trust, trust_settings  # noqa: F401 - fixtures
