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


# -- the fast inner loop ------------------------------------------------------------------------
# `pytest -m "not slow"` leaves out what takes long; CI (scripts/test.sh) runs everything. Chosen
# from `pytest -m "not slow" --durations=40` (README, « Tests »): browsers, fuzzing, OCR, demo
# ingestion, subprocess CLI runs, whole corpora, multi-process starts.
SLOW_PREFIXES = (
    "tests/browser/",  # headless Chromium, the demo ingested
    "tests/fuzz/",  # schemathesis fuzzing of the OpenAPI schema
    "tests/generative/test_injection_corpus.py",  # one ingestion per injected document
    "tests/cli/test_cli_commands.py",  # the real `sudia` command in subprocesses
    "tests/web/test_openai_clients.py",  # LangChain and LlamaIndex against /v1
    "tests/limits/test_malformed_pdfs.py",  # PDF parsers in sandboxed children, one per file
    "tests/ingest/test_resume.py::test_a_killed_ingestion_resumes_without_duplicates",
    "tests/security/test_fail_closed.py::test_ingest_creates_private_collections_unless_told_otherwise",
    "tests/security/test_fail_closed.py::test_collections_can_be_created_with_their_rights_before_any_file",
    "tests/security/test_chunking_bounds.py::test_unpunctuated_text_is_split_in_linear_time",
    "tests/observatoire/web/test_startup.py::test_two_workers_starting_together_build_the_demo_once",
    "tests/safety/test_pii.py::test_names_by_french_ner",  # loads spaCy's French model
    "tests/usecase_example/test_extension.py::test_the_example_adds_cli_commands_and_an_evaluation",
    "tests/store/test_conformance.py::test_hybrid_search_finds_the_same_document_on_every_backend",
    "tests/limits/test_parse_budget.py::test_the_page_count_is_capped",
    "tests/observatoire/test_extraction.py::test_dev_set_meets_targets",  # the whole labelled set
    "tests/observatoire/test_extraction.py::test_holdout_meets_targets",  # the whole labelled set
    "tests/store/test_conformance.py::test_pipeline_keeps_pages_of_pdf_passages",  # a PDF parsed and OCRed
    "tests/cli/test_cli_collections.py::test_collections_create_access_and_delete_share_the_rules",  # subprocesses
    "tests/cli/test_eval_answers.py::test_eval_answers_reports_answer_metrics_as_json_and_leaves_no_collection",
)
SLOW_FIXTURES = ("demo_platform",)  # the demo collection ingested with the real embedding model
# Suites run on both engines whose PostgreSQL twin is the long one: the inner loop keeps SQLite's.
SLOW_ON_POSTGRES = ("tests/accounts/test_oidc.py", "tests/access_matrix/")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        slow = (item.nodeid.startswith(SLOW_PREFIXES) or any(f in SLOW_FIXTURES for f in item.fixturenames)
                or (item.nodeid.startswith(SLOW_ON_POSTGRES) and "[postgres" in item.nodeid))
        if slow and "slow" not in item.keywords:
            item.add_marker(pytest.mark.slow)
