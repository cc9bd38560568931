"""LLM-assisted extraction against a stand-in OpenAI-compatible server (the model is outside the project):
the real client, prompt, JSON validation, verbatim-quote check and merge with the offline pipeline run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_llm import FakeLLM

from sudia.llm.openai_compat import OpenAICompatibleModel
from sudia.observatoire.extractor import Extractor
from sudia.observatoire.llm_extraction import LlmExtractor, assistant_from_settings
from sudia.settings import Settings

TEXT = ("La start-up niçoise Vigilia a levé 3 millions d'euros auprès du fonds Azur Capital.\n\n"
        "Ses logiciels sont utilisés par le centre hospitalier de Grasse, qui emploie 900 personnes.\n")


@pytest.fixture
def llm() -> Iterator[FakeLLM]:
    server = FakeLLM().start()
    yield server
    server.stop()


def _answer(**parts: list[dict]) -> str:
    return "Voici le JSON :\n```json\n" + json.dumps(parts, ensure_ascii=False) + "\n```"


def test_items_must_quote_the_document_and_fit_the_schema(llm: FakeLLM, extractor: Extractor, tmp_path: Path) -> None:
    llm.script(_answer(
        actors=[{"name": "Centre hospitalier de Grasse", "kind": "public_body",
                 "quote": "utilisés par le centre hospitalier de Grasse"},
                {"name": "Hallucinatech", "kind": "startup", "quote": "Hallucinatech a levé 50 M€"},  # not in the text
                {"name": "Vigilia", "kind": "licorne", "quote": "La start-up niçoise Vigilia"}],  # kind out of schema
        facts=[{"actor": "Centre hospitalier de Grasse", "type": "jobs", "value": 900, "quote": "qui emploie 900 personnes"},
               {"actor": "Vigilia", "type": "funding_eur", "value": 3000000, "quote": "Vigilia a levé 3 millions d'euros"},
               {"actor": "Vigilia", "type": "jobs", "value": 5300000000, "quote": "qui emploie 900 personnes"},  # implausible
               {"actor": "Vigilia", "type": "funding_eur", "value": "beaucoup", "quote": "Vigilia a levé"}],  # invalid
        people=[{"name": "Jean Inventé", "role": "PDG", "organisation": "Vigilia", "quote": "Jean Inventé, PDG"}]))
    document = tmp_path / "cp_vigilia.txt"
    document.write_text(TEXT, "utf-8")
    assisted = Extractor(nlp=extractor.nlp, geography=extractor.geography,
                         assistant=LlmExtractor(OpenAICompatibleModel(llm.url, llm.model)))
    offline = extractor.extract_file(document)
    result = assisted.extract_file(document)
    names = {a.name for a in result.actors}
    assert "Hallucinatech" not in names and "Centre hospitalier de Grasse" in names | {a.name for a in offline.actors}
    assert {a.name for a in offline.actors} <= names  # the offline pipeline's actors all stay
    hospital = [f for f in result.facts if f.value == 900]
    assert len(hospital) == 1 and hospital[0].source.quote.startswith("Ses logiciels")
    funding = [f for f in result.facts if f.type == "funding_eur"]
    assert len(funding) == 1 and funding[0].actor == "Vigilia"  # the same figure is not added twice
    assert not any(f.value > 1e9 for f in result.facts)
    assert not any(p.name == "Jean Inventé" for p in result.people)
    assert "Vigilia a levé 3 millions" in llm.last_prompt  # the document was sent


def test_a_failing_or_silent_model_leaves_the_offline_extraction(llm: FakeLLM, extractor: Extractor, tmp_path: Path) -> None:
    document = tmp_path / "cp.txt"
    document.write_text(TEXT, "utf-8")
    offline = extractor.extract_file(document)
    llm.script("Je ne sais pas.")
    assisted = Extractor(nlp=extractor.nlp, geography=extractor.geography,
                         assistant=LlmExtractor(OpenAICompatibleModel(llm.url, llm.model)))
    assert assisted.extract_file(document) == offline
    down = Extractor(nlp=extractor.nlp, geography=extractor.geography,
                     assistant=LlmExtractor(OpenAICompatibleModel("http://127.0.0.1:9/v1", "absent", timeout_s=2)))
    assert down.extract_file(document) == offline


def test_assistant_only_when_configured(llm: FakeLLM) -> None:
    assert assistant_from_settings(Settings(llm_base_url="", llm_model="")) is None
    assert assistant_from_settings(Settings(llm_base_url=llm.url, llm_model=llm.model)) is not None
