"""Conversations of the assistant: their typed records and the `ConversationStore` interface.

A conversation belongs to one owner (`user:<id>`); every read and write of the store names the
owner, so one agent's history is never reachable from another's, whatever the caller asks for.
Feedback keeps a copy of what it judges (question, answer, collections, citations) so that it
outlives the conversation it came from: the satisfaction analysis reads feedback alone.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Protocol

from sudia.errors import SudiaError
from sudia.types import Answer, Chunk, Citation, Hit, Usage

TITLE_CHARS = 120  # a conversation's title: its first question, cut, until its owner renames it
COMMENT_CHARS = 2000


@dataclass(frozen=True)
class Turn:
    """One question of a conversation and the answer it got."""

    id: str
    conversation_id: str
    position: int
    at: str
    question: str  # as the agent typed it
    query: str  # the standalone question that was searched and answered (== question when alone)
    answer: Answer
    rating: int = 0  # the owner's feedback: 1 useful, -1 not useful, 0 none
    comment: str = ""

    @property
    def rewritten(self) -> bool:
        return self.query != self.question


@dataclass(frozen=True)
class Conversation:
    id: str
    owner: str
    title: str
    created_at: str
    updated_at: str
    turn_count: int = 0
    turns: tuple[Turn, ...] = ()  # filled by `ConversationStore.get`, empty in listings


@dataclass(frozen=True)
class Feedback:
    """An agent's judgement of one answer, with a copy of the answer judged."""

    turn_id: str
    at: str
    rating: int
    comment: str
    question: str
    query: str
    answer: str
    mode: str
    model: str
    collections: tuple[str, ...]
    citations: tuple[Citation, ...] = field(default_factory=tuple)


class ConversationStore(Protocol):
    """Conversations, their turns and feedback. Implementations: sqlite.py, postgres.py."""

    url: str

    def create(self, owner: str, title: str) -> Conversation: ...
    def get(self, owner: str, conversation_id: str, since: str = "") -> Conversation | None:
        """With its turns in order; None when unknown, another owner's, or not updated since `since`."""
        ...
    def list_conversations(self, owner: str, since: str = "", limit: int = 50) -> list[Conversation]:
        """The owner's conversations updated since `since`, most recent first, without their turns."""
        ...
    def add_turn(self, owner: str, conversation_id: str, question: str, query: str, answer: Answer) -> Turn | None:
        """Appends a turn; None when the conversation is unknown or another owner's."""
        ...
    def rename(self, owner: str, conversation_id: str, title: str) -> bool: ...
    def delete(self, owner: str, conversation_id: str) -> bool: ...
    def set_feedback(self, owner: str, conversation_id: str, turn_id: str, rating: int,
                     comment: str) -> Feedback | None:
        """Records (or replaces) the owner's feedback on a turn of their conversation; None when unknown."""
        ...
    def list_feedback(self, since: str = "", limit: int | None = None) -> list[Feedback]:
        """All feedback given since `since`, most recent first (callers filter by readable collections)."""
        ...
    def purge(self, conversations_before: str, feedback_before: str) -> tuple[int, int]:
        """Deletes conversations not updated since, and feedback older than, the given instants."""
        ...
    def close(self) -> None: ...


# -- shared rules ---------------------------------------------------------------------------------
def new_id() -> str:
    return uuid.uuid4().hex


def now_iso() -> str:
    """One fixed format, so that instants compare as strings in both databases."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def cutoff(days: int) -> str:
    """The instant `days` ago; "" (everything kept) when `days` is 0 or less."""
    if days <= 0:
        return ""
    return (datetime.now(timezone.utc) - timedelta(days=days)).isoformat(timespec="milliseconds")


def title_from(question: str) -> str:
    text = " ".join(question.split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


def check_title(title: str) -> str:
    text = " ".join((title or "").split())
    if not text:
        raise SudiaError("SUDIA-H002", detail="le titre est vide")
    if len(text) > TITLE_CHARS:
        raise SudiaError("SUDIA-H002", detail=f"le titre dépasse {TITLE_CHARS} caractères")
    return text


def check_feedback(rating: int, comment: str) -> tuple[int, str]:
    if rating not in (1, -1):
        raise SudiaError("SUDIA-H003", detail="l'avis est 1 (utile) ou -1 (pas utile)")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_CHARS:
        raise SudiaError("SUDIA-H003", detail=f"le commentaire dépasse {COMMENT_CHARS} caractères")
    return rating, comment


# -- answers as stored ------------------------------------------------------------------------------
_USAGE_FIELDS = set(Usage.__dataclass_fields__)
_CITATION_FIELDS = set(Citation.__dataclass_fields__)
_ANSWER_FIELDS = set(Answer.__dataclass_fields__)


def answer_json(answer: Answer) -> str:
    """What history keeps of an answer: everything shown, not the audit-only `warnings`."""
    data = answer.to_dict()
    data.pop("warnings", None)
    return json.dumps(data, ensure_ascii=False)


def answer_from_json(text: str) -> Answer:
    """Tolerant of keys it does not know (fields added to `Answer` later) and of missing ones."""
    data: dict[str, Any] = json.loads(text)
    usage = {k: v for k, v in (data.get("usage") or {}).items() if k in _USAGE_FIELDS}
    answer = Answer(question=data.get("question", ""), text=data.get("answer", ""), mode=data.get("mode", "extractive"),
                    citations=[citation_from(c) for c in data.get("citations") or []],
                    collections=list(data.get("collections") or []), usage=Usage(**usage),
                    notice=data.get("notice", ""))
    # After an abstention: the closest passages and the other collections that seem to answer (issue #8,
    # point 5), when this version of `Answer` has them.
    if "closest" in _ANSWER_FIELDS:
        answer.closest = [hit_from(h) for h in data.get("closest") or [] if isinstance(h, dict)]  # type: ignore[attr-defined]
    if "suggested_collections" in _ANSWER_FIELDS:
        answer.suggested_collections = list(data.get("suggested_collections") or [])  # type: ignore[attr-defined]
    return answer


def hit_from(data: dict[str, Any]) -> Hit:
    """A passage shown after an abstention, as `Answer.to_dict` gives it (no score is kept)."""
    chunk = Chunk(data.get("chunk_id", ""), data.get("document_id", ""), data.get("collection", ""), 0,
                  data.get("text", ""), data.get("page"), data.get("section", ""), data.get("document", ""),
                  data.get("source", ""))
    return Hit(chunk, 0.0)


def citation_from(data: dict[str, Any]) -> Citation:
    values = {k: data.get(k) for k in _CITATION_FIELDS}
    values["number"] = int(values["number"] or 0)
    for key in ("document_id", "document", "source", "collection", "chunk_id", "section", "quote"):
        values[key] = values[key] or ""
    return Citation(**values)


def citations_json(citations: list[Citation] | tuple[Citation, ...]) -> str:
    return json.dumps([asdict(c) for c in citations], ensure_ascii=False)


def feedback_of(turn: Turn, rating: int, comment: str, at: str) -> Feedback:
    a = turn.answer
    return Feedback(turn.id, at, rating, comment, turn.question, turn.query, a.text, a.mode, a.usage.model,
                    tuple(a.collections), tuple(a.citations))


def collections_column(collections: list[str] | tuple[str, ...]) -> str:
    """',a,b,' so that a LIKE '%,name,%' finds a collection (names never hold commas)."""
    return "," + ",".join(collections) + "," if collections else ""


def collections_from(column: str) -> tuple[str, ...]:
    return tuple(c for c in column.split(",") if c)
