"""One small collection ingested for real, and the scripted stand-in LLM over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_llm import FakeLLM

from sudia.platform import Platform
from sudia.settings import Settings

INGEST_SAMPLES = Path(__file__).parents[1] / "samples" / "ingest"


@pytest.fixture(scope="module")
def fake_llm() -> Iterator[FakeLLM]:
    llm = FakeLLM().start()
    yield llm
    llm.stop()


@pytest.fixture(scope="module")
def platform(tmp_path_factory, fake_llm) -> Iterator[Platform]:
    data = tmp_path_factory.mktemp("generative") / "data"
    p = Platform.from_settings(Settings(data_dir=data, demo=False, llm_base_url=fake_llm.url, llm_model=fake_llm.model,
                                        llm_timeout_s=20, default_collection="aides"))
    p.store.ensure_collection("aides")
    assert p.ingestor.ingest_file("aides", INGEST_SAMPLES / "faq-ter.md").status == "added"
    yield p
    p.close()
