"""Fixtures of the accounts tests: each engine, a trust layer on it."""

from accounts.engines import engine_url, trust, trust_settings  # noqa: F401 - fixtures
