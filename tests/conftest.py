"""Shared fixtures: real SQLite (and PostgreSQL where tests ask for it), real bundled models."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sudia.platform import Platform
from sudia.settings import Settings

SAMPLES = Path(__file__).parent / "samples"
INGEST_SAMPLES = SAMPLES / "ingest"
DEMO_DIR = Path(__file__).parents[1] / "src" / "sudia" / "demo" / "allo-region"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for an isolated instance: its own data directory, no demo, no LLM."""
    return Settings(data_dir=tmp_path / "data", demo=False, llm_base_url="", llm_model="")


@pytest.fixture
def platform(settings: Settings):
    p = Platform.from_settings(settings)
    yield p
    p.close()


@pytest.fixture(scope="session")
def demo_platform(tmp_path_factory: pytest.TempPathFactory):
    """One platform with the demo collection ingested, shared by read-only tests (ingestion is slow)."""
    data = tmp_path_factory.mktemp("demo-data")
    p = Platform.from_settings(Settings(data_dir=data, demo=False, llm_base_url="", llm_model=""))
    from sudia.demo.setup import ensure_demo

    ensure_demo(p, background=False)
    yield p
    p.close()


def postgres_url() -> str | None:
    """The PostgreSQL server used by tests; CI always provides one (scripts/test.sh)."""
    return os.environ.get("SUDIA_TEST_POSTGRES_URL") or None


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop at once, saying why, when the installed package metadata misses a use case that
    pyproject.toml declares (a venv installed before the declaration): otherwise its pages and
    commands would be missing and dozens of tests would fail for no visible reason."""
    import tomllib
    from importlib.metadata import entry_points

    declared = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = declared["project"].get("entry-points", {}).get("sudia.usecases", {})
    installed = {point.name for point in entry_points(group="sudia.usecases")}
    missing = sorted(set(wanted) - installed)
    if missing:
        pytest.exit(f"Cas d'usage déclarés mais absents des métadonnées installées : {', '.join(missing)}. "
                    "Réinstallez le paquet : pip install -e . --no-deps", returncode=4)
