"""Generative answers: the LLM writes from numbered passages; every sentence is checked before it is shown.

`Generation` streams one answer: the model's deltas have personal-data placeholders restored,
markers naming no passage removed, then go through the guard (`answer.guard.StreamGuard`), which
releases checked sentences only. When the guard sets the text aside, generation stops at once (the
rest would not be shown, and would only cost energy). Whatever happens, `cost()` says what the
request consumed, estimated when the server reported no usage or never finished.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from sudia.answer.citations import MarkerFilter, best_quote, citation_for, context_of, verify_markers
from sudia.answer.guard import StreamGuard
from sudia.answer.prompt import build_messages, is_abstention
from sudia.llm.base import Completion, LanguageModel, estimated
from sudia.safety.redaction import Redactor
from sudia.types import Citation, Hit


def cite(text: str, hits: list[Hit]) -> tuple[str, list[Citation]]:
    cleaned, used = verify_markers(text, len(hits))
    citations = [citation_for(n, hits[n - 1].chunk, best_quote(hits[n - 1].chunk.text, context_of(cleaned, n)))
                 for n in used]
    return cleaned, citations


def messages_for(question: str, hits: list[Hit], redactor: Redactor | None = None) -> list[dict[str, str]]:
    """The messages as they leave for the LLM: sanitised passages, and no personal data when redacting."""
    messages = build_messages(question, hits)
    return redactor.redact_messages(messages) if redactor is not None else messages


class Generation:
    """One answer being generated: checked deltas out, and its cost even when it stops half-way."""

    def __init__(self, llm: LanguageModel, messages: list[dict[str, str]], passages: int, max_tokens: int,
                 guard: StreamGuard, redactor: Redactor | None = None) -> None:
        self.llm = llm
        self.messages = messages
        self.max_tokens = max_tokens
        self.guard = guard
        self.redactor = redactor
        self.markers = MarkerFilter(passages)
        self.written: list[str] = []  # the model's own deltas, placeholders not restored
        self.completion: Completion | None = None

    def cost(self) -> Completion:
        """Tokens consumed so far: the server's count when it finished, else an estimate."""
        if self.completion is not None:
            return self.completion
        return estimated(self.messages, "".join(self.written), self.llm.name)

    def deltas(self) -> Iterator[str]:
        restorer = self.redactor.stream() if self.redactor is not None else None
        stream = self.llm.stream(self.messages, self.max_tokens)
        try:
            for item in stream:
                if isinstance(item, Completion):
                    shown = restorer.flush() if restorer is not None else ""
                    out = "".join(self.guard.feed(p) for p in [*self.markers.feed(shown), self.markers.flush()] if p)
                    out += self.guard.flush()
                    if out:
                        yield out
                    text = self.redactor.restore(item.text) if self.redactor is not None else item.text
                    self.completion = replace(item, text=text)
                    return
                self.written.append(item)
                shown = restorer.feed(item) if restorer is not None else item
                out = "".join(self.guard.feed(piece) for piece in self.markers.feed(shown))
                if out:
                    yield out
                if self.guard.problem is not None or self.guard.abstained:
                    return  # `finally` closes the stream: the server stops generating
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()


__all__ = ["Generation", "cite", "is_abstention", "messages_for"]
