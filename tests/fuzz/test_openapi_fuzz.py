"""Fuzzing the HTTP API from its own OpenAPI description: no input may cause a server error.

Schemathesis generates requests for every operation of `/openapi.json` (valid and invalid
bodies, odd path parameters, random uploads) and sends them to the real application in process,
on a real store holding a small collection, as an administrator (so that no operation stops at
the access check). The budget is bounded: a few examples per operation, no example database.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from schemathesis import GenerationMode
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from web.conftest import admin_token

from sudia.platform import Platform
from sudia.settings import Settings
from sudia.web.app import create_app
from sudia.web.openai_api import RAG_MODEL

INGEST_SAMPLES = Path(__file__).parents[1] / "samples" / "ingest"
EXAMPLES_PER_OPERATION = 25


@pytest.fixture(scope="module")
def instance(tmp_path_factory) -> Iterator[tuple[object, str]]:
    """The application on a store with collection `aides` (two documents), and an administrator's token."""
    data = tmp_path_factory.mktemp("fuzz") / "data"
    settings = Settings(data_dir=data, demo=False, llm_base_url="", llm_model="", allow_anonymous=True,
                        default_collection="aides", max_file_mb=1, rate_limit_per_minute=0,
                        rate_limit_anonymous_per_minute=0)
    platform = Platform.from_settings(settings)
    try:
        for name in ("faq-ter.md", "page-bourses.html"):
            assert platform.ingestor.ingest_file("aides", INGEST_SAMPLES / name).status == "added"
    finally:
        platform.close()
    token = admin_token(settings)
    app = create_app(settings)
    yield app, token
    uploads = getattr(app.state, "uploads", None)
    if uploads is not None:
        uploads.wait()  # random files sent to the upload route are still being read
    app.state.platform.close()


def _fuzz(operation, mode: GenerationMode, token: str, model: str = "", **overrides) -> str | None:
    """Run one operation's examples; the first server error, shrunk, as text (None when there is none).

    With `model`, bodies name that model and no collection: the request reaches the assistant.
    """
    strategy = operation.as_strategy(mode, **overrides)
    if model:
        strategy = strategy.map(lambda case: _addressed_to(case, model))

    headers = {"authorization": f"Bearer {token}"}
    last: list = []

    @given(case=strategy)
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def run(case):
        last[:] = [case]
        response = case.call(headers=headers)
        case.validate_response(response, checks=[not_a_server_error])

    try:
        run()
    except Unsatisfiable:
        return None  # no invalid data exists for this operation (no parameter, no body)
    except Exception as exc:  # hypothesis replays the shrunk failing example last, then re-raises
        curl = last[0].as_curl_command(headers={"authorization": "Bearer …"}) if last else ""
        return f"{operation.label} ({mode.value}): {type(exc).__name__}: {exc}\n{curl}"
    return None


def _addressed_to(case, model: str):
    """The generated body, sent to a real model; a chat also ends with a user question (generated text
    appended), otherwise nearly every request stops at « La question est vide »."""
    if isinstance(case.body, dict):
        body = {**{k: v for k, v in case.body.items() if k != "collections"}, "model": model}
        if isinstance(body.get("messages"), list):
            text = " ".join(str(m.get("content")) for m in body["messages"] if isinstance(m, dict) and m.get("content"))
            body["messages"] = [*body["messages"], {"role": "user", "content": f"Combien coûte le Pass ? {text}"}]
        case.body = body
    return case


def test_no_input_causes_a_server_error(instance):
    """Every operation with valid then invalid data, then again on the real collection and documents
    (random path parameters only ever meet 404s); deletions keep random parameters."""
    app, token = instance
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 16
    document = app.state.platform.store.list_documents("aides")[0].id
    real = {"name": "aides", "document_id": document}
    models = {"/v1/chat/completions": RAG_MODEL, "/v1/embeddings": app.state.platform.embedder.name}
    failures = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failures.append(_fuzz(operation, mode, token))
        params = {p.name for p in operation.iter_parameters() if p.location == "path"}
        if params and params <= real.keys() and operation.method.upper() != "DELETE":
            failures.append(_fuzz(operation, GenerationMode.POSITIVE, token,
                                  path_parameters={k: real[k] for k in params}))
        if operation.path in models:
            failures.append(_fuzz(operation, GenerationMode.POSITIVE, token, model=models[operation.path]))
    failures = [f for f in failures if f]
    assert not failures, "\n\n".join(failures)
