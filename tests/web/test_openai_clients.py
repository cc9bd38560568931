"""Third-party OpenAI clients against a real server: openai, LangChain and LlamaIndex as users run them.

Each client is used the way its documentation shows, pointed at `/v1`, with a token of the
instance as key. The language model is the scripted stand-in (tests/fake_llm.py).
"""

from __future__ import annotations

from pathlib import Path

import httpx
import openai
import pytest
from openai import OpenAI
from web.conftest import admin_token

from sudia.platform import Platform
from sudia.settings import Settings

INGEST_SAMPLES = Path(__file__).parents[1] / "samples" / "ingest"
QUESTION = "Combien coûte l'abonnement Zou Études par mois ?"
REPLY = "L'abonnement Zou Études coûte 15 euros par mois [1]."
EMBEDDER = "multilingual-e5-small-q4"


@pytest.fixture(scope="module")
def server(start_server, tmp_path_factory, fake_llm):
    data = tmp_path_factory.mktemp("clients") / "data"
    platform = Platform.from_settings(Settings(data_dir=data, demo=False))
    try:
        platform.store.ensure_collection("aides")
        assert platform.ingestor.ingest_file("aides", INGEST_SAMPLES / "faq-ter.md").status == "added"
    finally:
        platform.close()
    settings = Settings(data_dir=data, demo=False, llm_base_url=fake_llm.url, llm_model=fake_llm.model,
                        default_collection="aides")
    server = start_server(settings)
    server.key = admin_token(settings, ("ask", "search"))
    return server


def test_openai_errors_have_message_type_param_and_code(server):
    base = f"{server.url}/v1"
    auth = {"Authorization": f"Bearer {server.key}"}
    cases = [
        httpx.post(f"{base}/chat/completions", json={"model": "sudia-rag"}, headers=auth),  # no messages
        httpx.post(f"{base}/chat/completions", json={"model": "gpt-4o", "messages": [{"role": "user",
                                                                                     "content": "x"}]}, headers=auth),
        httpx.get(f"{base}/models/gpt-4o", headers=auth),
        httpx.get(f"{base}/nulle-part", headers=auth),
        httpx.post(f"{base}/chat/completions", json={"model": "sudia-rag", "messages": [{"role": "user",
                                                                                        "content": "x"}]},
                   headers={"Authorization": "Bearer faux"}),
    ]
    for response in cases:
        error = response.json()["error"]
        assert set(error) == {"message", "type", "param", "code"}, error
        assert error["message"] and error["type"].endswith("_error")
    assert cases[0].status_code == 400 and cases[0].json()["error"]["param"] == "messages"
    assert cases[1].status_code == 404 and cases[1].json()["error"]["param"] == "model"
    assert cases[2].json()["error"]["type"] == "not_found_error"
    assert cases[4].status_code == 401 and cases[4].json()["error"]["type"] == "authentication_error"


def test_openai_client_model_detail_and_completions(server, fake_llm):
    client = OpenAI(base_url=f"{server.url}/v1", api_key=server.key, max_retries=0)
    assert client.models.retrieve("sudia-rag").id == "sudia-rag"
    assert client.models.retrieve(EMBEDDER).id == EMBEDDER
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve("gpt-4o")
    fake_llm.script(REPLY, REPLY)
    whole = client.completions.create(model="sudia-rag", prompt=QUESTION)
    assert whole.object == "text_completion" and "15 euros" in whole.choices[0].text
    assert whole.model_extra["sudia"]["mode"] == "generative"
    parts = list(client.completions.create(model="sudia-rag", prompt=QUESTION, stream=True,
                                           stream_options={"include_usage": True}))
    assert "".join(p.choices[0].text for p in parts if p.choices) == whole.choices[0].text
    assert parts[-1].usage is not None and parts[-1].usage.total_tokens > 0


def test_langchain_chat_and_embeddings(server, fake_llm):
    from langchain_openai import ChatOpenAI, OpenAIEmbeddings

    chat = ChatOpenAI(model="sudia-rag", base_url=f"{server.url}/v1", api_key=server.key, max_retries=0,
                      extra_body={"collections": ["aides"]})
    fake_llm.script(REPLY, REPLY)
    assert "15 euros" in chat.invoke(QUESTION).content
    assert "15 euros" in "".join(chunk.content for chunk in chat.stream(QUESTION))
    # No tiktoken: its vocabulary would be downloaded, and this server counts its own tokens.
    embeddings = OpenAIEmbeddings(model=EMBEDDER, base_url=f"{server.url}/v1", api_key=server.key,
                                  check_embedding_ctx_length=False, max_retries=0)
    vectors = embeddings.embed_documents(["Abonnement de train", "Bourse d'études"])
    assert len(vectors) == 2 and len(vectors[0]) == 384
    assert len(embeddings.embed_query("abonnement")) == 384


def test_llamaindex_chat_completion_and_embeddings(server, fake_llm):
    from llama_index.core.llms import ChatMessage
    from llama_index.embeddings.openai_like import OpenAILikeEmbedding
    from llama_index.llms.openai_like import OpenAILike

    common = {"model": "sudia-rag", "api_base": f"{server.url}/v1", "api_key": server.key, "max_retries": 0,
              "additional_kwargs": {"extra_body": {"collections": ["aides"]}}}
    fake_llm.script(REPLY, REPLY, REPLY)
    chat = OpenAILike(is_chat_model=True, **common)
    assert "15 euros" in chat.chat([ChatMessage(role="user", content=QUESTION)]).message.content
    completion = OpenAILike(is_chat_model=False, **common)
    assert "15 euros" in completion.complete(QUESTION).text
    assert "15 euros" in "".join(r.delta or "" for r in completion.stream_complete(QUESTION))
    embedding = OpenAILikeEmbedding(model_name=EMBEDDER, api_base=f"{server.url}/v1", api_key=server.key)
    assert len(embedding.get_text_embedding("Abonnement de train")) == 384


def test_earlier_messages_make_a_follow_up_understood(server, fake_llm):
    client = OpenAI(base_url=f"{server.url}/v1", api_key=server.key, max_retries=0)
    messages = [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": REPLY},
                {"role": "user", "content": "Et par an ?"}]
    # The configured model rewrites the follow-up first (as the chat page does), then answers it.
    fake_llm.script("Combien coûte l'abonnement Zou Études par an ?",
                    "L'abonnement Zou Études annuel coûte 150 euros [1].")
    reply = client.chat.completions.create(model="sudia-rag", messages=messages)
    assert "Zou Études" in reply.model_extra["sudia"]["question"]
    assert "Zou Études" in fake_llm.requests[-1]["messages"][-1]["content"].rsplit("Question :", 1)[-1]
    assert "150 euros" in reply.choices[0].message.content
