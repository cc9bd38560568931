"""The adversarial documents ingested once for real; the model is the scripted stand-in over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_llm import FakeLLM

from sudia.platform import Platform
from sudia.settings import Settings
from sudia.usecases.assistant import Assistant

ADVERSARIAL = Path(__file__).parents[1] / "samples" / "adversarial"
COLLECTION = "pieges"


def adversarial_files() -> list[Path]:
    return [p for p in sorted(ADVERSARIAL.iterdir()) if p.name not in ("README.md", "make_samples.py")]


@pytest.fixture(scope="module")
def fake_llm() -> Iterator[FakeLLM]:
    llm = FakeLLM().start()
    yield llm
    llm.stop()


@pytest.fixture(scope="module")
def generative(tmp_path_factory, fake_llm) -> Iterator[Platform]:
    """Every adversarial document in collection `pieges`, with the fake LLM as language model."""
    data = tmp_path_factory.mktemp("pieges") / "data"
    platform = Platform.from_settings(Settings(data_dir=data, demo=False, llm_base_url=fake_llm.url,
                                               llm_model=fake_llm.model, default_collection=COLLECTION))
    for path in adversarial_files():
        assert platform.ingestor.ingest_file(COLLECTION, path).status == "added", path.name
    yield platform
    platform.close()


@pytest.fixture(scope="module")
def extractive(generative) -> Assistant:
    """The same store and retriever, no language model: answers are quoted sentences."""
    a = generative.assistant
    return Assistant(a.store, a.retriever, None, a.energy, a.gate, a.options)
