"""Fixtures of the observatory web tests: the real app on a temporary database holding the demo observatory."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sudia.observatoire.demo import build_demo_observatory
from sudia.observatoire.kb.factory import open_knowledge_base
from sudia.observatoire.observatory import Observatory

from .app_client import client_on, offline_settings, sign_in_editor


@pytest.fixture(scope="package")
def demo_db(extractor, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo observatory built once by the real pipeline; tests that write use a copy."""
    settings = offline_settings(tmp_path_factory.mktemp("obs-web"))
    kb = open_knowledge_base(settings.resolved_database_url())
    build_demo_observatory(kb, settings, Observatory(kb, extractor))
    kb.close()
    return settings.data_dir / "sudia.db"


@pytest.fixture(scope="package")
def client(demo_db: Path) -> Iterator[TestClient]:
    """Read-only tests share this one."""
    with client_on(demo_db.parent) as client:
        yield client


@pytest.fixture
def data_dir(demo_db: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database, for a test that corrects it."""
    folder = tmp_path / "data"
    folder.mkdir()
    source, copy = sqlite3.connect(demo_db), sqlite3.connect(folder / "sudia.db")
    source.backup(copy)  # consistent even if the shared app has the file open in WAL mode
    source.close()
    copy.close()
    return folder


@pytest.fixture
def writable_client(data_dir: Path) -> Iterator[TestClient]:
    """Signed in as an administrator (corrections need the rights); `client.csrf` is the form token."""
    with client_on(data_dir) as client:
        client.csrf = sign_in_editor(client)  # type: ignore[attr-defined]
        yield client
