"""JSON API of the agents' chat: ask within a conversation (streamed), history, feedback.

`POST /api/conversations/ask` answers in NDJSON, one event a line: `start` (the question as it was
understood), `delta` (text as it is written; a whole extractive answer at once), then `done` (the
answer, where it was stored, and its HTML as the pages show it) or `error`. Refusals (scope, rate,
collections, unknown conversation) come before the stream, with their HTTP status.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from sudia.conversations.base import COMMENT_CHARS, TITLE_CHARS, Conversation
from sudia.errors import SudiaError
from sudia.usecases.conversations import Answered, Prepared
from sudia.web.auth import AiRequest, check_api_csrf, csrf_token, get_principal, require_reader, resolve
from sudia.web.conversation_views import (
    TurnView, audited_question, check_feedback_target, conversation_views, get_chat, history_owner, owner_of,
    readable_names, render_turn,
)

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/conversations", tags=["conversations"])

QUESTION_CHARS = 4000


class AskIn(BaseModel):
    question: str = Field(max_length=QUESTION_CHARS, description="La question, telle que l'agent l'a écrite")
    collections: list[Annotated[str, Field(max_length=64)]] = Field(default_factory=list, max_length=50)
    conversation: str | None = Field(default=None, max_length=64,
                                     description="Conversation à poursuivre (agents connectés)")
    previous: list[Annotated[str, Field(max_length=QUESTION_CHARS)]] = Field(
        default_factory=list, max_length=3,
        description="Questions précédentes, pour les visiteurs anonymes (rien n'est conservé pour eux)")


class RenameIn(BaseModel):
    title: str = Field(max_length=TITLE_CHARS * 4)


class FeedbackIn(BaseModel):
    rating: Literal[1, -1] = Field(description="1 : réponse utile ; -1 : pas utile")
    comment: str = Field(default="", max_length=COMMENT_CHARS)


def _conversation(c: Conversation) -> dict:
    return {"id": c.id, "title": c.title, "created_at": c.created_at, "updated_at": c.updated_at,
            "turns": c.turn_count}


def _event(kind: str, **data: object) -> bytes:
    return (json.dumps({"type": kind, **data}, ensure_ascii=False) + "\n").encode()


@router.post("/ask", summary="Poser une question dans une conversation (réponse en flux NDJSON)",
             response_class=StreamingResponse,
             responses={200: {"content": {"application/x-ndjson": {}},
                              "description": "Événements start, delta…, puis done ou error"}})
async def ask(body: AskIn, request: Request) -> Response:
    """Une question de suivi reprend le sujet des précédentes ; l'échange est gardé dans l'historique de l'agent."""
    check_api_csrf(request)
    audit = AiRequest(request, "ask", body.question, body.collections, "web")
    prepared, names = await run_in_threadpool(_admit, request, audit, body)
    chat = get_chat(request)

    def events() -> Iterator[bytes]:
        yield _event("start", question=prepared.question, query=prepared.rewrite.query,
                     rewritten=prepared.rewrite.rewritten)
        answered: Answered | None = None
        try:
            with audit.guard():
                for item in chat.answer(prepared, names, resolve(request, [])):
                    if isinstance(item, Answered):
                        answered = item
                    else:
                        yield _event("delta", text=item)
        except SudiaError as exc:
            yield _event("error", error=exc.to_dict())
            return
        except Exception:  # recorded like any failure; the page shows a French message
            log.exception("answer stream failed")
            failure = SudiaError("SUDIA-R002", detail="la réponse a été interrompue par une erreur interne")
            audit.failed(failure)
            yield _event("error", error=failure.to_dict())
            return
        if answered is None:
            return
        audit.done(answer=answered.answer)
        yield _done(request, prepared, answered)

    return StreamingResponse(events(), media_type="application/x-ndjson",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def _admit(request: Request, audit: AiRequest, body: AskIn) -> tuple[Prepared, list[str]]:
    with audit.guard():
        require_reader(request)
        names = audit.admit("ask")
        owner = owner_of(get_principal(request))
        prepared = get_chat(request).prepare(owner, body.question, body.conversation or "", body.previous)
    audit.question = audited_question(prepared)
    return prepared, names


def _done(request: Request, prepared: Prepared, answered: Answered) -> bytes:
    turn, conversation = answered.turn, answered.conversation
    if turn is not None and conversation is not None:
        view = TurnView(f"tour-{turn.id}", turn.question, turn.query, turn.answer, turn.id, conversation.id)
    else:
        view = TurnView(f"tour-{uuid.uuid4().hex[:12]}", prepared.question, answered.query, answered.answer)
    return _event("done", conversation=conversation.id if conversation else None, turn=turn.id if turn else None,
                  title=conversation.title if conversation else None, query=answered.query,
                  answer=answered.answer.to_dict() | {"warnings": []},
                  html=render_turn(request, view, csrf_token(request) if turn else ""))


@router.get("", summary="Mes conversations")
def list_conversations(request: Request) -> list[dict]:
    """Les conversations de l'agent, les plus récentes d'abord (sans leurs réponses)."""
    owner = history_owner(request)
    return [_conversation(c) for c in get_chat(request).history(owner, 500)]


@router.get("/{conversation_id}", summary="Une conversation")
def get_conversation(conversation_id: str, request: Request) -> dict:
    """Ses questions et réponses ; une réponse venue d'une collection qui n'est plus lisible est masquée."""
    owner = history_owner(request)
    found = get_chat(request).conversation(owner, conversation_id)
    views = conversation_views(found, readable_names(request))
    turns = [{"id": v.turn_id, "question": v.question, "query": v.query, "rating": v.rating, "comment": v.comment,
              "answer": (v.answer.to_dict() | {"warnings": []}) if v.answer else None} for v in views]
    return _conversation(found) | {"turns_detail": turns}


@router.patch("/{conversation_id}", summary="Renommer une conversation")
def rename_conversation(conversation_id: str, body: RenameIn, request: Request) -> dict:
    owner = history_owner(request)
    check_api_csrf(request)
    chat = get_chat(request)
    chat.rename(owner, conversation_id, body.title)
    return _conversation(chat.conversation(owner, conversation_id))


@router.delete("/{conversation_id}", summary="Supprimer une conversation", status_code=204)
def delete_conversation(conversation_id: str, request: Request) -> Response:
    owner = history_owner(request)
    check_api_csrf(request)
    get_chat(request).delete(owner, conversation_id)
    return Response(status_code=204)


@router.put("/{conversation_id}/turns/{turn_id}/feedback", summary="Donner son avis sur une réponse")
def give_feedback(conversation_id: str, turn_id: str, body: FeedbackIn, request: Request) -> dict:
    """👍 ou 👎, avec un commentaire facultatif ; un nouvel avis remplace le précédent."""
    owner = history_owner(request)
    check_api_csrf(request)
    check_feedback_target(request, owner, conversation_id, turn_id)
    feedback = get_chat(request).give_feedback(owner, conversation_id, turn_id, body.rating, body.comment)
    return {"turn": feedback.turn_id, "rating": feedback.rating, "comment": feedback.comment, "at": feedback.at}
