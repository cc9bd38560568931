"""OpenAI-compatible API under /v1, like the French State's Albert API: models, chat, embeddings.

Model `sudia-rag` answers the last user message from collections (`collections` is an extra field,
as in Albert): extractive without a language model, generative with one. The configured language
model's own id is passed through to it. Answers carry their verified `citations` and a `sudia`
block (mode, energy, carbon) besides the standard fields, which OpenAI clients keep as extras.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from itertools import chain

import numpy as np
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse

from sudia.energy import parameters_from_name
from sudia.errors import SudiaError
from sudia.llm.base import Completion, estimate_tokens
from sudia.platform import Platform
from sudia.safety.redaction import Redactor
from sudia.types import Answer, Usage
from sudia.web.deps import get_platform
from sudia.web.errors import error_headers, public_error
from sudia.limits import Limits
from sudia.web.auth import AiRequest, get_principal, require_reader, resolve
from sudia.web.disconnect import client_gone
from sudia.web.schemas import ChatCompletionIn, EmbeddingsIn

router = APIRouter(prefix="/v1", tags=["compatible OpenAI"])

RAG_MODEL = "sudia-rag"
EMBEDDING_BATCH = 8  # texts embedded between two checks that the client is still there


_KINDS = {401: "authentication_error", 403: "permission_error", 404: "not_found_error", 429: "rate_limit_error"}


def openai_error(exc: SudiaError, param: str | None = None) -> JSONResponse:
    """An error as OpenAI clients expect it (`error.message` is what they show)."""
    exc = public_error(exc)
    status = exc.status
    kind = _KINDS.get(status, "api_error" if status >= 500 else "invalid_request_error")
    body = {"error": {"message": exc.message, "type": kind, "param": param, "code": exc.code}}
    return JSONResponse(body, status_code=status, headers=error_headers(exc))


@router.get("/models", summary="Lister les modèles", response_model=None)
def list_models(request: Request) -> dict | JSONResponse:
    """Modèles servis : l'assistant sourcé, le modèle de langage configuré, le modèle d'embeddings."""
    try:
        require_reader(request, ())
    except SudiaError as exc:
        return openai_error(exc)
    p = get_platform(request)
    created = int(time.time())
    rows = [{"id": RAG_MODEL, "type": "text-generation",
             "description": "Réponses sourcées à partir des collections (extractives sans modèle de langage)"}]
    if p.settings.llm_configured:
        rows.append({"id": p.settings.llm_model, "type": "text-generation", "description": "Modèle de langage"})
    if p.embedder is not None:
        rows.append({"id": p.embedder.name, "type": "text-embeddings-inference",
                     "description": f"Embeddings de dimension {p.embedder.dim}"})
    return {"object": "list",
            "data": [{**row, "object": "model", "created": created, "owned_by": "sudia"} for row in rows]}


@router.post("/chat/completions", summary="Chat (réponses sourcées ou modèle de langage)", response_model=None)
def chat_completions(body: ChatCompletionIn, request: Request) -> dict | JSONResponse | StreamingResponse:
    """Chat compatible OpenAI ; champ en plus `collections` pour répondre depuis des collections."""
    p = get_platform(request)
    llm_id = p.settings.llm_model if p.settings.llm_configured else None
    from_collections = body.model == RAG_MODEL or bool(body.collections)
    question = next((m.text() for m in reversed(body.messages) if m.role == "user"), "")
    audit = AiRequest(request, "chat" if from_collections else "chat.llm", question, body.collections, "openai")

    def check(limits: Limits) -> None:
        limits.check_chat([m.text() for m in body.messages])
        limits.check_completion_tokens(body.max_completion_tokens or body.max_tokens)
        if from_collections:
            limits.check_text("question", question)

    try:
        with audit.guard():
            names = audit.admit("ask", default=from_collections, check=check)
            if body.model not in (RAG_MODEL, llm_id):
                raise SudiaError("SUDIA-M005", name=body.model)
            if not from_collections and not get_principal(request).authenticated:
                # The direct model is for agents and token holders (see the register): an anonymous
                # visitor never sends the LLM a system prompt or a length of their choosing.
                raise SudiaError("SUDIA-A007")
            if from_collections:
                return _answer(p, body, names, audit)
            return _pass_through(p, body, audit)
    except SudiaError as exc:
        return openai_error(exc, "model" if exc.code == "SUDIA-M005" else None)


@router.post("/embeddings", summary="Embeddings", response_model=None)
def embeddings(body: EmbeddingsIn, request: Request) -> dict | JSONResponse:
    """Embeddings compatibles OpenAI ; `input_type` (query ou passage) choisit le préfixe du modèle E5."""
    p = get_platform(request)
    audit = AiRequest(request, "embeddings", "", [], "openai")
    texts = [body.input] if isinstance(body.input, str) else list(body.input)
    try:
        with audit.guard():
            audit.admit("search", default=False, check=lambda limits: _embeddings_allowed(request, limits, texts))
    except SudiaError as exc:
        return openai_error(exc, "input" if exc.code.startswith(("SUDIA-L", "SUDIA-R")) else None)
    embedder = p.embedder
    if embedder is None or body.model not in (embedder.name, p.settings.embedder):
        audit.failed(SudiaError("SUDIA-M005", name=body.model))
        return openai_error(SudiaError("SUDIA-M005", name=body.model), "model")
    wall, cpu = time.perf_counter(), time.process_time()
    embed = embedder.embed_queries if body.input_type == "query" else embedder.embed_passages
    parts = []
    for start in range(0, len(texts), EMBEDDING_BATCH):
        if client_gone(request):  # nobody will read the vectors: stop spending CPU on them
            audit.done(outcome="cancelled", details={"inputs": len(texts), "embedded": start})
            return openai_error(SudiaError("SUDIA-R002", detail="requête abandonnée par le client"))
        parts.append(embed(texts[start:start + EMBEDDING_BATCH]))
    vectors = np.concatenate(parts) if parts else np.zeros((0, embedder.dim), dtype=np.float32)
    tokens = sum(estimate_tokens(t) for t in texts)
    cpu_s = time.process_time() - cpu
    wh = p.energy.cpu_wh(cpu_s)
    usage = Usage(model=embedder.name, prompt_tokens=tokens, latency_ms=round((time.perf_counter() - wall) * 1000, 1),
                  cpu_seconds=round(cpu_s, 4), energy_wh=round(wh, 6), carbon_gco2e=round(p.energy.carbon_g(wh), 6),
                  energy_method="CPU local")
    p.store.record_usage("embeddings", [], "embeddings", usage)
    audit.done(usage=usage, details={"inputs": len(texts)})
    data = [{"object": "embedding", "index": i, "embedding": _encode(v, body.encoding_format)}
            for i, v in enumerate(vectors)]
    return {"object": "list", "data": data, "model": embedder.name,
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens}}


def _embeddings_allowed(request: Request, limits: Limits, texts: list[str]) -> None:
    """Vectors are computing time, not documents: for agents and token holders, within the limits."""
    if not get_principal(request).authenticated:
        raise SudiaError("SUDIA-A007")
    limits.check_embeddings(texts)


# -- answers from collections ----------------------------------------------------------------------
def _answer(p: Platform, body: ChatCompletionIn, names: list[str], audit: AiRequest) -> dict | StreamingResponse:
    question = _last_user_message(body)
    # Earlier user messages are the conversation: a follow-up (« Et pour les moins de 15 ans ? ») is
    # understood as the chat page understands it (sudia.conversations), offline or through the LLM.
    previous = [m.text() for m in body.messages if m.role == "user" and m.text().strip()][:-1]
    prepared = p.chat.prepare("", question, previous=previous)
    items = _answers_of(p.chat.answer(prepared, names, resolve(audit.request, [])))
    if not body.stream:
        *_, answer = items
        assert isinstance(answer, Answer)
        audit.done(answer=answer)
        reply = _completion(body.model, answer.text, answer.usage.prompt_tokens, answer.usage.completion_tokens,
                            answer.usage.tokens_estimated)
        return {**reply, **_answer_extras(answer, query=prepared.rewrite.query)}
    first = next(items)  # retrieval runs now, so a bad request still gets a proper HTTP error
    return _sse(_answer_events(body.model, chain([first], items), audit, prepared.rewrite.query), audit)


def _answers_of(items: Iterator) -> Iterator[str | Answer]:
    """`Chat.answer`'s events as the assistant's: text deltas, then the `Answer`."""
    for item in items:
        yield item if isinstance(item, str) else item.answer


def _answer_events(model: str, items: Iterable[str | Answer], audit: AiRequest, query: str = "") -> Iterator[dict]:
    stream = _ChunkFactory(model)
    yield stream.delta({"role": "assistant", "content": ""})
    for item in items:
        if isinstance(item, Answer):
            # The deltas already said everything shown (a switch to quotes included): only the
            # definitive text and the citations come now, in the extras.
            audit.done(answer=item, details={"stream": True})
            usage = _usage(item.usage.prompt_tokens, item.usage.completion_tokens, item.usage.tokens_estimated)
            yield {**stream.final(usage), **_answer_extras(item, final_text=True, query=query)}
        elif item:
            yield stream.delta({"content": item})


def _answer_extras(answer: Answer, final_text: bool = False, query: str = "") -> dict:
    sudia = {"mode": answer.mode, "notice": answer.notice, "collections": answer.collections,
             "usage": asdict(answer.usage), "question": query or answer.question}  # the question understood
    if final_text:
        sudia["answer"] = answer.text  # the definitive text, when it differs from the streamed one
    return {"citations": [asdict(c) for c in answer.citations], "sudia": sudia}


def _last_user_message(body: ChatCompletionIn) -> str:
    for message in reversed(body.messages):
        if message.role == "user" and message.text().strip():
            return message.text()
    raise SudiaError("SUDIA-R001")


# -- pass-through to the configured language model -----------------------------------------------
def _pass_through(p: Platform, body: ChatCompletionIn, audit: AiRequest) -> dict | StreamingResponse:
    assert p.llm is not None  # the model id matched the configured one
    messages = [{"role": m.role, "content": m.text()} for m in body.messages]
    # With redact_pii, personal data leaves as placeholders here too, and comes back in the reply.
    redactor = p.assistant.new_redactor()
    if redactor is not None:
        messages = redactor.redact_messages(messages)
    max_tokens = body.max_completion_tokens or body.max_tokens or p.settings.llm_max_tokens
    started = time.perf_counter()
    if not body.stream:
        completion = p.llm.complete(messages, max_tokens)
        text = redactor.restore(completion.text) if redactor is not None else completion.text
        audit.done(usage=_record(p, completion, started), outcome="answered")
        return _completion(completion.model, text, completion.prompt_tokens, completion.completion_tokens,
                           completion.estimated)
    items = p.llm.stream(messages, max_tokens)
    first = next(items)
    return _sse(_llm_events(p, body.model, chain([first], items), started, audit, redactor), audit)


def _llm_events(p: Platform, model: str, items: Iterable[str | Completion], started: float,
                audit: AiRequest, redactor: Redactor | None = None) -> Iterator[dict]:
    stream = _ChunkFactory(model)
    restorer = redactor.stream() if redactor is not None else None
    yield stream.delta({"role": "assistant", "content": ""})
    for item in items:
        if isinstance(item, Completion):
            tail = restorer.flush() if restorer is not None else ""
            if tail:
                yield stream.delta({"content": tail})
            audit.done(usage=_record(p, item, started), outcome="answered", details={"stream": True})
            yield stream.final(_usage(item.prompt_tokens, item.completion_tokens, item.estimated))
        elif item:
            text = restorer.feed(item) if restorer is not None else item
            if text:
                yield stream.delta({"content": text})


def _record(p: Platform, completion: Completion, started: float) -> Usage:
    """Energy of a pass-through generation, estimated like the assistant's (EcoLogits' method)."""
    latency_s = time.perf_counter() - started
    active, total = parameters_from_name(completion.model)
    if p.settings.llm_active_params_b:
        active, total = p.settings.llm_active_params_b, max(total, p.settings.llm_active_params_b)
    wh = p.energy.generation_wh(completion.completion_tokens, active, total, latency_s)
    usage = Usage(model=completion.model, prompt_tokens=completion.prompt_tokens,
                  completion_tokens=completion.completion_tokens, latency_ms=round(latency_s * 1000, 1),
                  energy_wh=round(wh, 6), carbon_gco2e=round(p.energy.carbon_g(wh), 6),
                  energy_method=f"EcoLogits ({active:g} Md de paramètres actifs)")
    p.store.record_usage("chat", [], "llm", usage)
    return usage


# -- OpenAI wire format ---------------------------------------------------------------------------
def _completion(model: str, text: str, prompt_tokens: int, completion_tokens: int, estimated: bool = False) -> dict:
    return {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion", "created": int(time.time()),
            "model": model, "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                                         "finish_reason": "stop"}],
            "usage": _usage(prompt_tokens, completion_tokens, estimated)}


def _usage(prompt_tokens: int, completion_tokens: int, estimated: bool = False) -> dict:
    usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
             "total_tokens": prompt_tokens + completion_tokens}
    return {**usage, "estimated": True} if estimated else usage  # the server sent no counts


class _ChunkFactory:
    """`chat.completion.chunk` events sharing one id, as OpenAI streams them."""

    def __init__(self, model: str) -> None:
        self.head = {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion.chunk",
                     "created": int(time.time()), "model": model}

    def delta(self, delta: dict) -> dict:
        return {**self.head, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}

    def final(self, usage: dict) -> dict:
        return {**self.head, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}], "usage": usage}


def _sse(events: Iterator[dict], audit: AiRequest) -> StreamingResponse:
    def lines() -> Iterator[str]:
        try:
            for event in events:
                if client_gone(audit.request):
                    # Closing the generators closes the LLM's stream: no token is generated for nobody.
                    audit.done(outcome="cancelled", details={"stream": True})
                    return
                yield f"data: {json.dumps(event, ensure_ascii=False)}\n\n"
        except SudiaError as exc:  # after the first byte the status is sent: report in the stream
            audit.failed(exc)
            yield f"data: {json.dumps({'error': exc.to_dict() | {'type': 'api_error'}}, ensure_ascii=False)}\n\n"
        finally:
            close = getattr(events, "close", None)
            if close is not None:
                close()
        yield "data: [DONE]\n\n"

    return StreamingResponse(lines(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


def _encode(vector: np.ndarray, encoding_format: str) -> list[float] | str:
    if encoding_format == "base64":  # what the official client asks for by default
        return base64.b64encode(np.asarray(vector, dtype="<f4").tobytes()).decode("ascii")
    return [float(x) for x in vector]
