"""Finding 2: bounded work. Every text is held to a length limit before any model or index runs,
on every entry point, with a French error; the request body is bounded while it arrives."""

from __future__ import annotations

import json

import pytest

from security.conftest import bearer

LONG = "transport scolaire " * 200  # 3 800 characters


@pytest.fixture
def client(make_app, monkeypatch):
    client = make_app(allow_anonymous=True, max_query_chars=1000, max_question_chars=2000)
    platform = client.app.state.platform
    platform.store.ensure_collection("allo-region", "", "public")

    def never(*args, **kwargs):
        raise AssertionError("the model or the index ran on a refused request")

    monkeypatch.setattr(platform.retriever, "search", never)
    return client


def _error(response) -> dict:
    body = response.json()
    return body["error"]


def test_json_api_refuses_long_queries_and_questions_before_searching(client) -> None:
    search = client.post("/api/search", json={"query": LONG})
    assert search.status_code == 413 and _error(search)["code"] == "SUDIA-L002"
    assert "la recherche fait 3800 caractères (maximum 1000)" in _error(search)["message"]
    ask = client.post("/api/ask", json={"question": LONG})
    assert ask.status_code == 413 and _error(ask)["code"] == "SUDIA-L002"


def test_pages_refuse_long_questions_in_french(client) -> None:
    # Questions are posted (issue #8's assistant page bounds its form field itself).
    page = client.post("/", data={"question": LONG})
    assert page.status_code in (400, 413) and "SUDIA-" in page.text
    found = client.post("/recherche", data={"q": "repas " * 300})  # within the form's bound, past the setting's
    assert found.status_code == 413 and "Texte trop long" in found.text
    streamed = client.post("/api/conversations/ask", json={"question": LONG})
    assert streamed.status_code == 413 and "SUDIA-L002" in streamed.text


def test_chat_is_bounded_in_messages_length_and_tokens(client) -> None:
    def chat(**body):
        return client.post("/v1/chat/completions", json={"model": "sudia-rag", **body})

    many = chat(messages=[{"role": "user", "content": "tarif ?"}] * 51)
    assert many.status_code == 413 and _error(many)["code"] == "SUDIA-L003"
    long_message = chat(messages=[{"role": "system", "content": "x" * 8001}, {"role": "user", "content": "tarif ?"}])
    assert long_message.status_code == 413 and _error(long_message)["code"] == "SUDIA-L002"
    long_question = chat(messages=[{"role": "user", "content": LONG}])
    assert long_question.status_code == 413 and "la question" in _error(long_question)["message"]
    tokens = chat(messages=[{"role": "user", "content": "tarif ?"}], max_tokens=100_000)
    assert tokens.status_code == 400 and _error(tokens)["code"] == "SUDIA-L004"


def test_embeddings_are_bounded_in_number_and_length(make_app) -> None:
    client = make_app(embedder="none")
    agent = bearer(client, "agent@region.fr")
    many = agent.post("/v1/embeddings", json={"model": "x", "input": ["bonjour"] * 33})
    assert many.status_code == 413 and _error(many)["code"] == "SUDIA-L003"
    assert _error(many)["param"] == "input"
    long_input = agent.post("/v1/embeddings", json={"model": "x", "input": ["a" * 2001]})
    assert long_input.status_code == 413 and _error(long_input)["code"] == "SUDIA-L002"


def test_request_bodies_are_bounded_while_they_arrive(client) -> None:
    big = json.dumps({"query": "a" * (600 * 1024)})
    declared = client.post("/api/search", content=big, headers={"content-type": "application/json"})
    assert declared.status_code == 413 and _error(declared)["code"] == "SUDIA-L005"

    def chunks():
        for _ in range(20):
            yield b" " * 64 * 1024  # JSON whitespace, sent without a length
        yield b'{"query": "tarif"}'

    streamed = client.post("/api/search", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413 and _error(streamed)["code"] == "SUDIA-L005"
    form = client.post("/connexion", data={"email": "a@b.fr", "password": "p" * (600 * 1024)})
    assert form.status_code == 413 and "Requête trop volumineuse" in form.text


def test_cli_refuses_long_queries(tmp_path) -> None:
    from cli.conftest import run_cli

    result = run_cli(tmp_path, "search", LONG, "-c", "allo-region")
    assert result.returncode == 1 and "SUDIA-L002" in result.stderr and "Texte trop long" in result.stderr


def test_embeddings_are_for_agents_and_token_holders(make_app) -> None:
    client = make_app(allow_anonymous=True)
    anonymous = client.post("/v1/embeddings", json={"model": "multilingual-e5-small-q4", "input": "bonjour"})
    assert anonymous.status_code == 401 and _error(anonymous)["code"] == "SUDIA-A007"
