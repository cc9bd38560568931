"""The SQL both conversation backends share: `conv_` tables, answers as JSON text, owner in every query.

The tables are a versioned component of `sudia.migrations` ("conversations"): a database made by an
earlier version (documents, accounts, audit) gains them when the conversations are first opened,
and nothing else in it changes; later versions of these tables add migrations to `MIGRATIONS`.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from typing import Any

from sudia.conversations.base import (
    Conversation, Feedback, Turn, answer_from_json, answer_json, check_feedback, citation_from, citations_json,
    collections_column, collections_from, feedback_of, new_id, now_iso, title_from,
)
from sudia.migrations import Migration, upgrade_url
from sudia.types import Answer

SCHEMA = """
CREATE TABLE IF NOT EXISTS conv_conversations (
    id TEXT PRIMARY KEY, owner TEXT NOT NULL, title TEXT NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, turns INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS conv_conversations_owner ON conv_conversations(owner, updated_at);
CREATE INDEX IF NOT EXISTS conv_conversations_updated ON conv_conversations(updated_at);
CREATE TABLE IF NOT EXISTS conv_turns (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conv_conversations(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, at TEXT NOT NULL, question TEXT NOT NULL, query TEXT NOT NULL,
    answer TEXT NOT NULL, rating INTEGER NOT NULL DEFAULT 0, comment TEXT NOT NULL DEFAULT '',
    UNIQUE (conversation_id, position));
CREATE TABLE IF NOT EXISTS conv_feedback (
    turn_id TEXT PRIMARY KEY, at TEXT NOT NULL, rating INTEGER NOT NULL, comment TEXT NOT NULL,
    question TEXT NOT NULL, query TEXT NOT NULL, answer TEXT NOT NULL, mode TEXT NOT NULL,
    model TEXT NOT NULL, collections TEXT NOT NULL, citations TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS conv_feedback_at ON conv_feedback(at);
"""

MIGRATIONS = [Migration("conversations", 1, "conversations, questions et avis de l'assistant", sql=SCHEMA)]


def create_tables(url: str) -> None:
    """Apply the conversations' pending migrations to the database at `url` (several workers may race)."""
    upgrade_url(url, MIGRATIONS)


_CONVERSATION = "id, owner, title, created_at, updated_at, turns"
_TURN = "id, conversation_id, position, at, question, query, answer, rating, comment"
_FEEDBACK = "turn_id, at, rating, comment, question, query, answer, mode, model, collections, citations"


class SqlConversationStore:
    """DB-API logic; a backend gives its connections (`_db`, `_tx`) and its parameter mark."""

    mark = "?"
    url: str

    def _db(self) -> Any:
        raise NotImplementedError

    def _tx(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def _sql(self, statement: str) -> str:
        return statement if self.mark == "?" else statement.replace("?", self.mark)

    def _run(self, db: Any, statement: str, params: tuple = ()) -> Any:
        return db.execute(self._sql(statement), params)

    # -- conversations -------------------------------------------------------------------------
    def create(self, owner: str, title: str) -> Conversation:
        at = now_iso()
        conversation = Conversation(new_id(), owner, title_from(title), at, at)
        with self._tx() as db:
            self._run(db, f"INSERT INTO conv_conversations({_CONVERSATION}) VALUES (?,?,?,?,?,?)",
                      (conversation.id, owner, conversation.title, at, at, 0))
        return conversation

    def get(self, owner: str, conversation_id: str, since: str = "") -> Conversation | None:
        db = self._db()
        row = self._run(db, f"SELECT {_CONVERSATION} FROM conv_conversations WHERE id = ? AND owner = ?"
                            " AND updated_at >= ?", (conversation_id, owner, since)).fetchone()
        if row is None:
            return None
        turns = self._run(db, f"SELECT {_TURN} FROM conv_turns WHERE conversation_id = ? ORDER BY position",
                          (conversation_id,)).fetchall()
        return Conversation(*row, turns=tuple(_turn(t) for t in turns))

    def list_conversations(self, owner: str, since: str = "", limit: int = 50) -> list[Conversation]:
        rows = self._run(self._db(), f"SELECT {_CONVERSATION} FROM conv_conversations WHERE owner = ?"
                                     " AND updated_at >= ? ORDER BY updated_at DESC, id LIMIT ?",
                         (owner, since, max(int(limit), 0))).fetchall()
        return [Conversation(*r) for r in rows]

    def add_turn(self, owner: str, conversation_id: str, question: str, query: str, answer: Answer) -> Turn | None:
        at = now_iso()
        with self._tx() as db:
            row = self._run(db, "SELECT turns FROM conv_conversations WHERE id = ? AND owner = ?",
                            (conversation_id, owner)).fetchone()
            if row is None:
                return None
            turn = Turn(new_id(), conversation_id, int(row[0]), at, question, query, answer)
            self._run(db, f"INSERT INTO conv_turns({_TURN}) VALUES (?,?,?,?,?,?,?,?,?)",
                      (turn.id, conversation_id, turn.position, at, question, query, answer_json(answer), 0, ""))
            self._run(db, "UPDATE conv_conversations SET turns = turns + 1, updated_at = ? WHERE id = ?",
                      (at, conversation_id))
        return turn

    def rename(self, owner: str, conversation_id: str, title: str) -> bool:
        with self._tx() as db:
            cursor = self._run(db, "UPDATE conv_conversations SET title = ? WHERE id = ? AND owner = ?",
                               (title, conversation_id, owner))
            return cursor.rowcount > 0

    def delete(self, owner: str, conversation_id: str) -> bool:
        with self._tx() as db:
            cursor = self._run(db, "DELETE FROM conv_conversations WHERE id = ? AND owner = ?",
                               (conversation_id, owner))
            return cursor.rowcount > 0

    # -- feedback ------------------------------------------------------------------------------
    def set_feedback(self, owner: str, conversation_id: str, turn_id: str, rating: int,
                     comment: str) -> Feedback | None:
        rating, comment = check_feedback(rating, comment)
        at = now_iso()
        with self._tx() as db:
            row = self._run(db, f"SELECT {', '.join('t.' + c for c in _TURN.split(', '))} FROM conv_turns t"
                                " JOIN conv_conversations c ON c.id = t.conversation_id"
                                " WHERE t.id = ? AND t.conversation_id = ? AND c.owner = ?",
                            (turn_id, conversation_id, owner)).fetchone()
            if row is None:
                return None
            feedback = feedback_of(_turn(row), rating, comment, at)
            self._run(db, "UPDATE conv_turns SET rating = ?, comment = ? WHERE id = ?", (rating, comment, turn_id))
            values = (feedback.turn_id, at, rating, comment, feedback.question, feedback.query, feedback.answer,
                      feedback.mode, feedback.model, collections_column(feedback.collections),
                      citations_json(feedback.citations))
            self._run(db, f"INSERT INTO conv_feedback({_FEEDBACK}) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                          " ON CONFLICT (turn_id) DO UPDATE SET at = excluded.at, rating = excluded.rating,"
                          " comment = excluded.comment", values)
        return feedback

    def list_feedback(self, since: str = "", limit: int | None = None) -> list[Feedback]:
        statement = f"SELECT {_FEEDBACK} FROM conv_feedback WHERE at >= ? ORDER BY at DESC, turn_id"
        params: tuple = (since,)
        if limit is not None:
            statement, params = statement + " LIMIT ?", (since, max(int(limit), 0))
        return [_feedback(r) for r in self._run(self._db(), statement, params).fetchall()]

    # -- retention -----------------------------------------------------------------------------
    def purge(self, conversations_before: str, feedback_before: str) -> tuple[int, int]:
        conversations = feedback = 0
        with self._tx() as db:
            if conversations_before:
                # Turns first: one statement each, whatever the engine's cascade settings.
                self._run(db, "DELETE FROM conv_turns WHERE conversation_id IN"
                              " (SELECT id FROM conv_conversations WHERE updated_at < ?)", (conversations_before,))
                conversations = self._run(db, "DELETE FROM conv_conversations WHERE updated_at < ?",
                                          (conversations_before,)).rowcount
            if feedback_before:
                feedback = self._run(db, "DELETE FROM conv_feedback WHERE at < ?", (feedback_before,)).rowcount
        return conversations, feedback


def _turn(row: tuple) -> Turn:
    return Turn(row[0], row[1], int(row[2]), row[3], row[4], row[5], answer_from_json(row[6]), int(row[7]), row[8])


def _feedback(row: tuple) -> Feedback:
    citations = tuple(citation_from(c) for c in json.loads(row[10] or "[]"))
    return Feedback(row[0], row[1], int(row[2]), row[3], row[4], row[5], row[6], row[7], row[8],
                    collections_from(row[9]), citations)
