"""Fixtures of the security regression tests (#10): a real app per test, cheap password hashing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sudia.accounts.trust import Trust
from sudia.settings import Settings
from sudia.web.app import create_app

PASSWORD = "mot-de-passe-des-tests-securite"
AppFactory = Callable[..., TestClient]


def base_settings(data: Path, **overrides: object) -> Settings:
    values: dict[str, object] = dict(data_dir=data, demo=False, embedder="none", llm_base_url="", llm_model="")
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[AppFactory]:
    """`make_app(**settings)` -> a TestClient on a fresh instance with an agent and an administrator."""
    from accounts.engines import CHEAP

    clients: list[TestClient] = []

    def make(**overrides: object) -> TestClient:
        settings = base_settings(tmp_path / f"data{len(clients)}", **overrides)
        app = create_app(settings)
        platform = app.state.platform
        platform.__dict__["trust"] = Trust.open(settings.resolved_database_url(), settings, cost=CHEAP)
        directory = platform.trust.directory
        directory.add_user("cli:test", "agent@region.fr", "Agent", PASSWORD, groups=["accueil"])
        directory.add_user("cli:test", "admin@region.fr", "Admin", PASSWORD, is_admin=True)
        client = TestClient(app).__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)
        llm = client.app.state.platform.__dict__.get("llm")
        if llm is not None:
            llm._client.close()  # its connections to the fake server, closed now rather than by the GC


def bearer(client: TestClient, email: str, scopes: tuple[str, ...] = ("ask", "search")) -> TestClient:
    """Another client on the same app, authenticated by a fresh API token of `email`."""
    secret = client.app.state.platform.trust.directory.create_token("cli:test", email, scopes, 30, "tests").secret
    return TestClient(client.app, headers={"Authorization": f"Bearer {secret}"})
