"""The real app on a data folder, for the observatory web tests (the demo observatory built or not)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient

from sudia.settings import Settings
from sudia.web.app import create_app


def offline_settings(data_dir: Path, **overrides: object) -> Settings:
    return Settings(data_dir=data_dir, demo=False, embedder="none", llm_base_url="", llm_model="", **overrides)


@contextmanager
def client_on(data_dir: Path, **overrides: object) -> Iterator[TestClient]:
    app = create_app(offline_settings(data_dir, **overrides))
    try:
        yield TestClient(app)
    finally:
        app.state.platform.close()
