"""The agents' chat: questions asked within a conversation, kept in their owner's history, with feedback.

A follow-up is first made to stand alone (the configured language model when there is one and
the question looks like a follow-up, else the offline rules of `conversations.followup`), then
answered by the assistant like any question. Signed-in agents' turns are stored under their
owner key; anonymous visitors keep nothing on the server (their page sends the previous question).
History older than the retention setting is never shown and is purged as the chat is used.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from sudia.conversations.base import Conversation, ConversationStore, Feedback, Turn, check_title, cutoff
from sudia.conversations.followup import Rewrite, standalone
from sudia.conversations.followup_llm import llm_standalone
from sudia.energy import EnergyModel, parameters_from_name
from sudia.errors import SudiaError
from sudia.llm.base import Completion, LanguageModel
from sudia.types import Answer

log = logging.getLogger(__name__)

PURGE_EVERY_S = 3600.0


class Answerer(Protocol):
    """What the chat needs from the assistant (`usecases.assistant.Assistant` is one)."""

    def ask_stream(self, question: str, collections: list[str],
                   readable: list[str] | None = None) -> Iterator[str | Answer]: ...


@dataclass(frozen=True)
class ChatOptions:
    retention_days: int = 90  # history; 0 keeps it without limit
    feedback_retention_days: int = 730
    llm_followups: bool = True  # let the language model rewrite follow-ups (never when personal data is masked)
    previous_questions: int = 3  # earlier questions used to understand a follow-up


@dataclass(frozen=True)
class Prepared:
    """A question ready to be answered: its conversation (if any) and its standalone form."""

    owner: str
    question: str
    rewrite: Rewrite
    conversation: Conversation | None = None
    rewrite_cost: Completion | None = None


@dataclass(frozen=True)
class Answered:
    """The last event of `Chat.answer`: the answer, and where it was stored (None for anonymous visitors)."""

    answer: Answer
    query: str
    conversation: Conversation | None
    turn: Turn | None


class Chat:
    def __init__(self, store: ConversationStore, answerer: Answerer, llm: LanguageModel | None,
                 energy: EnergyModel, options: ChatOptions = ChatOptions()) -> None:
        self.store = store
        self.answerer = answerer
        self.llm = llm
        self.energy = energy
        self.options = options
        self._purged_at = 0.0
        self._purge_lock = threading.Lock()

    # -- asking --------------------------------------------------------------------------------
    def prepare(self, owner: str, question: str, conversation_id: str = "",
                previous: Sequence[str] = ()) -> Prepared:
        """Finds the conversation (SUDIA-H001 when it is not the owner's) and rewrites the question.

        `owner` "" is an anonymous visitor: `previous` (what their page sent) stands for the history.
        """
        question = " ".join((question or "").split())
        if not question:
            raise SudiaError("SUDIA-R001")
        conversation = None
        if conversation_id:
            if not owner:
                raise SudiaError("SUDIA-H001", id=conversation_id)
            conversation = self.conversation(owner, conversation_id)
            previous = [t.query for t in conversation.turns]
        previous = [p for p in previous if p.strip()][-self.options.previous_questions:]
        rewrite, cost = self.rewrite(question, previous)
        return Prepared(owner, question, rewrite, conversation, cost)

    def rewrite(self, question: str, previous: Sequence[str]) -> tuple[Rewrite, Completion | None]:
        offline = standalone(question, previous)
        if not offline.rewritten or self.llm is None or not self.options.llm_followups:
            return offline, None  # the model is asked only when the rules see a follow-up (sobriety)
        try:
            rewrite, completion = llm_standalone(self.llm, question, previous)
        except SudiaError as exc:
            log.warning("follow-up rewriting by the language model failed, rules used: %s", exc)
            return offline, None
        return (rewrite or offline), completion

    def answer(self, prepared: Prepared, collections: list[str],
               readable: list[str] | None = None) -> Iterator[str | Answered]:
        """Text deltas, then `Answered` once the turn is stored in the owner's conversation.
        `readable`: every collection the caller may read (suggested after an abstention)."""
        started = time.perf_counter()
        answer: Answer | None = None
        extra = {"readable": readable} if readable is not None else {}
        for item in self.answerer.ask_stream(prepared.rewrite.query, collections, **extra):
            if isinstance(item, Answer):
                answer = item
            else:
                yield item
        if answer is None:  # the assistant always ends with its Answer; guard against a broken one
            raise SudiaError("SUDIA-R002", detail="aucune réponse produite")
        self._add_rewrite_cost(answer, prepared.rewrite_cost, time.perf_counter() - started)
        conversation, turn = prepared.conversation, None
        if prepared.owner:
            if conversation is None:
                conversation = self.store.create(prepared.owner, prepared.question)
            turn = self.store.add_turn(prepared.owner, conversation.id, prepared.question, prepared.rewrite.query,
                                       answer)
            self._maybe_purge()
        yield Answered(answer, prepared.rewrite.query, conversation, turn)

    def ask(self, owner: str, question: str, collections: list[str], conversation_id: str = "",
            previous: Sequence[str] = ()) -> Answered:
        """The same, whole (CLI, tests, pages without script)."""
        prepared = self.prepare(owner, question, conversation_id, previous)
        for item in self.answer(prepared, collections):
            if isinstance(item, Answered):
                return item
        raise SudiaError("SUDIA-R002", detail="aucune réponse produite")

    def _add_rewrite_cost(self, answer: Answer, completion: Completion | None, latency_s: float) -> None:
        if completion is None:
            return
        usage = answer.usage
        active, total = parameters_from_name(completion.model)
        wh = self.energy.generation_wh(completion.completion_tokens, active, total, latency_s)
        usage.prompt_tokens += completion.prompt_tokens
        usage.completion_tokens += completion.completion_tokens
        usage.energy_wh = round(usage.energy_wh + wh, 6)
        usage.carbon_gco2e = round(usage.carbon_gco2e + self.energy.carbon_g(wh), 6)

    # -- history ---------------------------------------------------------------------------------
    def _since(self) -> str:
        return cutoff(self.options.retention_days)

    def conversation(self, owner: str, conversation_id: str) -> Conversation:
        found = self.store.get(owner, conversation_id, self._since()) if owner else None
        if found is None:
            raise SudiaError("SUDIA-H001", id=conversation_id)
        return found

    def history(self, owner: str, limit: int = 50) -> list[Conversation]:
        self._maybe_purge()
        return self.store.list_conversations(owner, self._since(), limit) if owner else []

    def rename(self, owner: str, conversation_id: str, title: str) -> None:
        title = check_title(title)
        self.conversation(owner, conversation_id)  # expired ones are gone for their owner too
        if not self.store.rename(owner, conversation_id, title):
            raise SudiaError("SUDIA-H001", id=conversation_id)

    def delete(self, owner: str, conversation_id: str) -> None:
        if not owner or not self.store.delete(owner, conversation_id):
            raise SudiaError("SUDIA-H001", id=conversation_id)

    def give_feedback(self, owner: str, conversation_id: str, turn_id: str, rating: int, comment: str = "") -> Feedback:
        self.conversation(owner, conversation_id)
        feedback = self.store.set_feedback(owner, conversation_id, turn_id, rating, comment)
        if feedback is None:
            raise SudiaError("SUDIA-H004", id=turn_id)
        return feedback

    def feedback(self, readable: set[str], limit: int | None = None) -> list[Feedback]:
        """Feedback whose every collection is in `readable`: nothing of a collection one may not read."""
        since = cutoff(self.options.feedback_retention_days)
        kept = [f for f in self.store.list_feedback(since) if f.collections and set(f.collections) <= readable]
        return kept if limit is None else kept[:limit]

    # -- retention -------------------------------------------------------------------------------
    def purge(self) -> tuple[int, int]:
        """Deletes expired conversations and feedback now; (conversations, feedback) deleted."""
        return self.store.purge(self._since(), cutoff(self.options.feedback_retention_days))

    def _maybe_purge(self) -> None:
        """At most once an hour per process; several workers purging at once delete nothing twice."""
        with self._purge_lock:
            if time.monotonic() - self._purged_at < PURGE_EVERY_S and self._purged_at:
                return
            self._purged_at = time.monotonic()
        try:
            self.purge()
        except SudiaError as exc:  # retention is retried later; the agent's request goes on
            log.warning("conversation retention purge failed: %s", exc)
