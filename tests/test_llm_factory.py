"""The language model is chosen by configuration (SUDIA_LLM_BACKEND), like the embedder (#11)."""

from __future__ import annotations

import pytest
from fake_llm import FakeLLM

from sudia.errors import SudiaError
from sudia.llm import factory
from sudia.settings import Settings


def test_known_servers_are_configuration_with_their_usual_address() -> None:
    ollama = Settings(llm_backend="ollama", llm_model="mistral-small")
    assert ollama.llm_url == "http://127.0.0.1:11434/v1" and ollama.llm_configured
    model = factory.make_llm(ollama)
    assert model is not None and model.name == "mistral-small" and model.base_url == ollama.llm_url
    llamacpp = Settings(llm_backend="llamacpp", llm_model="qwen", llm_base_url="http://gpu:9000/v1")
    assert factory.make_llm(llamacpp).base_url == "http://gpu:9000/v1"  # the given address wins


def test_no_model_means_extractive_answers() -> None:
    assert factory.make_llm(Settings(llm_base_url="", llm_model="")) is None
    assert factory.make_llm(Settings(llm_backend="none", llm_base_url="http://x/v1", llm_model="m")) is None
    assert not Settings(llm_backend="none", llm_base_url="http://x/v1", llm_model="m").llm_configured


def test_unknown_backend_and_missing_key_are_refused_in_french() -> None:
    with pytest.raises(SudiaError) as unknown:
        factory.make_llm(Settings(llm_backend="gpt5", llm_model="m"))
    assert unknown.value.code == "SUDIA-M007" and "ollama" in unknown.value.message
    with pytest.raises(SudiaError) as keyless:
        factory.make_llm(Settings(llm_backend="albert", llm_model="albert-large", llm_api_key=""))
    assert keyless.value.code == "SUDIA-M006" and "SUDIA_LLM_API_KEY" in keyless.value.message


def test_the_generic_backend_talks_to_any_openai_compatible_server() -> None:
    server = FakeLLM().start()
    try:
        server.script("Bonjour [1].")
        model = factory.make_llm(Settings(llm_base_url=server.url, llm_model="local"))
        assert model.complete([{"role": "user", "content": "Bonjour ?"}], max_tokens=20).text == "Bonjour [1]."
    finally:
        server.stop()


def test_a_backend_declared_by_a_package_is_used(monkeypatch) -> None:
    class Point:
        name = "echo"

        def load(self):
            return factory.LlmBackend("echo", lambda settings: f"écho:{settings.llm_model}")  # type: ignore[arg-type,return-value]

    monkeypatch.setattr(factory, "entry_points", lambda group: [Point()])
    assert "echo" in factory.choices()
    assert factory.make_llm(Settings(llm_backend="echo", llm_base_url="http://x/v1", llm_model="m")) == "écho:m"
