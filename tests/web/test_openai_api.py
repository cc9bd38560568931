"""The OpenAI-compatible API, driven by the official `openai` client against a real server."""

from __future__ import annotations

from pathlib import Path

import httpx
import numpy as np
import openai
import pytest
from openai import OpenAI
from web.conftest import admin_token

from sudia.answer.prompt import ABSTAIN_SENTENCE
from sudia.platform import Platform
from sudia.settings import Settings

INGEST_SAMPLES = Path(__file__).parents[1] / "samples" / "ingest"
QUESTION = "Combien coûte l'abonnement Zou Études par mois ?"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """Collection `aides` ingested once with the library; both servers below share its database."""
    data = tmp_path_factory.mktemp("openai") / "data"
    platform = Platform.from_settings(Settings(data_dir=data, demo=False))
    try:
        platform.store.ensure_collection("aides")
        for name in ("faq-ter.md", "page-bourses.html", "guide-transport.pdf"):
            assert platform.ingestor.ingest_file("aides", INGEST_SAMPLES / name).status == "added"
    finally:
        platform.close()
    return data


@pytest.fixture(scope="module")
def api_key(data_dir) -> str:
    """OpenAI clients always send a key: a token of this instance, for asking and searching."""
    return admin_token(Settings(data_dir=data_dir, demo=False), ("ask", "search"))


@pytest.fixture(scope="module")
def extractive(start_server, data_dir, api_key) -> OpenAI:
    """A server without a language model: answers are quoted sentences."""
    server = start_server(Settings(data_dir=data_dir, demo=False, llm_base_url="", llm_model="",
                                   default_collection="aides"))
    return OpenAI(base_url=f"{server.url}/v1", api_key=api_key, max_retries=0)


@pytest.fixture(scope="module")
def generative(start_server, data_dir, fake_llm, api_key) -> OpenAI:
    """A server whose language model is the scripted stand-in; at most 3 passages in each prompt."""
    server = start_server(Settings(data_dir=data_dir, demo=False, llm_base_url=fake_llm.url,
                                   llm_model=fake_llm.model, answer_passages=3, default_collection="aides"))
    return OpenAI(base_url=f"{server.url}/v1", api_key=api_key, max_retries=0)


def passages_in_prompt(fake_llm) -> int:
    return fake_llm.last_prompt.count("<extrait numero=")


def chunk_text(client: OpenAI, document_id: str, chunk_id: str) -> str:
    detail = httpx.get(f"{str(client.base_url).removesuffix('/v1/')}/api/documents/{document_id}",
                       headers={"Authorization": f"Bearer {client.api_key}"}).json()
    return [c["text"] for c in detail["chunks"] if c["id"] == chunk_id][0]


def test_models_lists_the_assistant_and_the_embedding_model(extractive, generative, fake_llm):
    assert [m.id for m in extractive.models.list()] == ["sudia-rag", "multilingual-e5-small-q4"]
    assert [m.id for m in generative.models.list()] == ["sudia-rag", fake_llm.model, "multilingual-e5-small-q4"]


def test_chat_answers_from_collections_with_citations(extractive):
    reply = extractive.chat.completions.create(
        model="sudia-rag", messages=[{"role": "user", "content": QUESTION}], extra_body={"collections": ["aides"]})
    assert reply.object == "chat.completion"
    assert "15 euros" in reply.choices[0].message.content
    extras = reply.model_extra
    assert extras["sudia"]["mode"] == "extractive"
    assert set(extras["sudia"]["usage"]) >= {"energy_wh", "carbon_gco2e"}
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens
    assert extras["citations"]
    for citation in extras["citations"]:
        assert f"[{citation['number']}]" in reply.choices[0].message.content
        text = chunk_text(extractive, citation["document_id"], citation["chunk_id"])
        assert " ".join(citation["quote"].split()) in " ".join(text.split())


def test_chat_uses_the_default_collection_and_abstains(extractive):
    reply = extractive.chat.completions.create(
        model="sudia-rag", messages=[{"role": "user", "content": "Quelle est la recette de la bouillabaisse ?"}])
    assert reply.model_extra["sudia"]["mode"] == "abstention"
    assert reply.model_extra["sudia"]["collections"] == ["aides"]
    assert reply.model_extra["citations"] == []


def test_chat_streams_the_answer_then_its_citations(extractive):
    whole = extractive.chat.completions.create(
        model="sudia-rag", messages=[{"role": "user", "content": QUESTION}], extra_body={"collections": ["aides"]})
    chunks = list(extractive.chat.completions.create(
        model="sudia-rag", messages=[{"role": "user", "content": QUESTION}], stream=True,
        extra_body={"collections": ["aides"]}))
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == whole.choices[0].message.content
    last = chunks[-1]
    assert last.choices[0].finish_reason == "stop"
    assert last.model_extra["citations"] == whole.model_extra["citations"]
    assert last.usage is not None and last.model_extra["sudia"]["mode"] == "extractive"


def test_unknown_model_and_unknown_collection_are_openai_errors(extractive):
    with pytest.raises(openai.NotFoundError) as error:
        extractive.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Bonjour"}])
    assert "Modèle inconnu : gpt-4o" in error.value.message
    with pytest.raises(openai.NotFoundError) as error:
        extractive.chat.completions.create(model="sudia-rag", messages=[{"role": "user", "content": QUESTION}],
                                           extra_body={"collections": ["nulle-part"]})
    assert "Collection inconnue" in error.value.message


def test_embeddings_are_normalised_vectors_of_384_dimensions(extractive):
    result = extractive.embeddings.create(model="multilingual-e5-small-q4",
                                          input=["Abonnement de train", "Bourse d'études"])
    assert [d.index for d in result.data] == [0, 1]
    vectors = np.array([d.embedding for d in result.data])
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    as_floats = extractive.embeddings.create(model="multilingual-e5-small-q4", input="Abonnement de train",
                                             encoding_format="float")
    assert np.allclose(as_floats.data[0].embedding, vectors[0], atol=1e-5)
    query = extractive.embeddings.create(model="multilingual-e5-small-q4", input="Abonnement de train",
                                         extra_body={"input_type": "query"})
    assert not np.allclose(query.data[0].embedding, vectors[0], atol=1e-3)  # E5 prefixes queries differently
    with pytest.raises(openai.NotFoundError):
        extractive.embeddings.create(model="text-embedding-3-small", input="x")


def test_generated_answer_keeps_only_markers_of_given_passages(generative, fake_llm):
    fake_llm.script("L'abonnement Zou Études coûte 15 euros par mois [1]. Il se résilie chaque mois [7].")
    reply = generative.chat.completions.create(
        model="sudia-rag", messages=[{"role": "user", "content": QUESTION}], extra_body={"collections": ["aides"]})
    assert 1 <= passages_in_prompt(fake_llm) <= 3
    content = reply.choices[0].message.content
    assert reply.model_extra["sudia"]["mode"] == "generative"
    assert "[1]" in content and "[7]" not in content
    assert [c["number"] for c in reply.model_extra["citations"]] == [1]
    assert reply.usage.completion_tokens > 0
    assert reply.model_extra["sudia"]["usage"]["model"] == fake_llm.model


def test_generated_answer_streams_without_invalid_markers(generative, fake_llm):
    fake_llm.script("L'abonnement Zou Études coûte 15 euros par mois [1]. Il se résilie chaque mois [7].")
    chunks = list(generative.chat.completions.create(
        model="sudia-rag", messages=[{"role": "user", "content": QUESTION}], stream=True,
        extra_body={"collections": ["aides"]}))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert "[1]" in text and "[7]" not in text
    assert [c["number"] for c in chunks[-1].model_extra["citations"]] == [1]
    assert chunks[-1].usage.completion_tokens > 0


def test_generated_answer_without_markers_falls_back_to_quotes(generative, fake_llm):
    # No marker, and an amount in words that no passage holds (the passage says 15 euros): set aside.
    fake_llm.script("L'abonnement coûte vingt euros.")
    reply = generative.chat.completions.create(
        model="sudia-rag", messages=[{"role": "user", "content": QUESTION}], extra_body={"collections": ["aides"]})
    sudia = reply.model_extra["sudia"]
    assert sudia["mode"] == "extractive"
    assert "phrase sans citation" in sudia["notice"]
    assert reply.model_extra["citations"]
    assert "vingt" not in reply.choices[0].message.content

    fake_llm.script("L'abonnement coûte vingt euros.")
    chunks = list(generative.chat.completions.create(
        model="sudia-rag", messages=[{"role": "user", "content": QUESTION}], stream=True,
        extra_body={"collections": ["aides"]}))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    # Sentences are shown once checked: nothing of the refused text was shown, only the quotes.
    assert text == reply.choices[0].message.content
    assert "phrase sans citation" in chunks[-1].model_extra["sudia"]["notice"]
    assert chunks[-1].model_extra["sudia"]["answer"] == reply.choices[0].message.content


def test_a_model_refusal_on_relevant_passages_gives_quoted_sentences(generative, fake_llm):
    # The gate found passages that answer; a small model refuses often when they do (#14):
    # the reader gets the quoted sentences, and the notice says the model found nothing.
    fake_llm.script(ABSTAIN_SENTENCE)
    reply = generative.chat.completions.create(
        model="sudia-rag", messages=[{"role": "user", "content": QUESTION}], extra_body={"collections": ["aides"]})
    assert reply.model_extra["sudia"]["mode"] == "extractive"
    assert "n'a pas trouvé la réponse" in reply.model_extra["sudia"]["notice"]
    assert "15 euros" in reply.choices[0].message.content and reply.model_extra["citations"]


def test_the_language_model_id_is_passed_through(generative, fake_llm):
    fake_llm.script("Bonjour, je suis le modèle.", "Bonjour en flux.")
    messages = [{"role": "system", "content": "Sois bref."}, {"role": "user", "content": "Bonjour"}]
    reply = generative.chat.completions.create(model=fake_llm.model, messages=messages)
    assert reply.choices[0].message.content == "Bonjour, je suis le modèle."
    assert fake_llm.requests[-1]["messages"] == messages  # no passages added
    chunks = list(generative.chat.completions.create(model=fake_llm.model, messages=messages, stream=True))
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "Bonjour en flux."
    assert chunks[-1].usage.total_tokens > 0
