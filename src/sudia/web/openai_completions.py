"""The rest of the OpenAI surface that clients call: `GET /v1/models/{id}` and `/v1/completions`.

LlamaIndex's `OpenAILike` in completion mode, and older clients, send a `prompt` to
`/v1/completions`: it is answered as a chat with one user message (same access rights, limits,
audit, streaming and checks as `/v1/chat/completions`), then written in the `text_completion`
format. Model detail comes from the same list as `GET /v1/models`.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse

from sudia.errors import SudiaError
from sudia.web.openai_api import chat_completions, list_models, openai_error
from sudia.web.schemas import ChatCompletionIn, ChatMessage, CompletionIn

router = APIRouter(prefix="/v1", tags=["compatible OpenAI"])


@router.get("/models/{model_id:path}", summary="Décrire un modèle", response_model=None)
def get_model(model_id: str, request: Request) -> dict | JSONResponse:
    """Un modèle de la liste `/v1/models`, par son identifiant."""
    listed = list_models(request)
    if isinstance(listed, JSONResponse):
        return listed
    for row in listed["data"]:
        if row["id"] == model_id:
            return row
    return openai_error(SudiaError("SUDIA-M005", name=model_id), "model")


@router.post("/completions", summary="Complétion de texte (réponses sourcées ou modèle de langage)",
             response_model=None)
def completions(body: CompletionIn, request: Request) -> dict | JSONResponse | StreamingResponse:
    """Complétion compatible OpenAI : le `prompt` est traité comme le message d'un utilisateur."""
    prompt = body.prompt if isinstance(body.prompt, str) else "\n".join(body.prompt)
    chat = ChatCompletionIn(model=body.model, messages=[ChatMessage(role="user", content=prompt)],
                            stream=body.stream, max_tokens=body.max_tokens, collections=body.collections,
                            stream_options=body.stream_options)
    reply = chat_completions(chat, request)
    if isinstance(reply, JSONResponse):
        return reply
    if isinstance(reply, StreamingResponse):
        return StreamingResponse(_text_events(reply.body_iterator), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache"})
    return {**{k: v for k, v in reply.items() if k != "choices"}, "id": reply["id"].replace("chatcmpl", "cmpl"),
            "object": "text_completion", "choices": [_text_choice(c) for c in reply["choices"]]}


def _text_choice(choice: dict) -> dict:
    text = (choice.get("message") or choice.get("delta") or {}).get("content") or ""
    return {"index": choice.get("index", 0), "text": text, "logprobs": None,
            "finish_reason": choice.get("finish_reason")}


async def _text_events(lines: AsyncIterator[str | bytes]) -> AsyncIterator[str]:
    """Chat chunks rewritten as `text_completion` chunks; errors and `[DONE]` pass unchanged."""
    async for line in lines:
        text = line.decode() if isinstance(line, bytes) else line
        payload = text.removeprefix("data: ").strip()
        if not text.startswith("data: ") or payload == "[DONE]":
            yield text
            continue
        event = json.loads(payload)
        if "choices" in event:
            event = {**event, "id": event.get("id", "").replace("chatcmpl", "cmpl"), "object": "text_completion",
                     "choices": [_text_choice(c) for c in event["choices"]]}
        yield f"data: {json.dumps(event, ensure_ascii=False)}\n\n"
