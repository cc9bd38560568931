"""Generative answers: the LLM writes from numbered passages; its citations are verified in code.

With a `Redactor`, personal data leaves as placeholders and comes back in the text before the
citations are checked, streamed deltas included.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from sudia.answer.citations import MarkerFilter, best_quote, citation_for, context_of, verify_markers
from sudia.answer.guard import StreamGuard
from sudia.answer.prompt import build_messages, is_abstention
from sudia.llm.base import Completion, LanguageModel, estimate_tokens
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


def generate(llm: LanguageModel, question: str, hits: list[Hit], max_tokens: int,
             redactor: Redactor | None = None) -> tuple[Completion, str, list[Citation]]:
    completion = llm.complete(messages_for(question, hits, redactor), max_tokens)
    text = redactor.restore(completion.text) if redactor is not None else completion.text
    text, citations = cite(text, hits)
    return completion, text, citations


def generate_stream(llm: LanguageModel, question: str, hits: list[Hit], max_tokens: int,
                    redactor: Redactor | None = None, guard: StreamGuard | None = None) -> Iterator[str | Completion]:
    """Text deltas (placeholders restored, invalid markers removed, checked by `guard`), then the
    final `Completion`, its text restored too.

    When the guard objects, generation stops at once (the rest would not be shown, and would only
    cost energy); the final `Completion` then counts the tokens of what was written, estimated.
    """
    messages = messages_for(question, hits, redactor)
    restorer = redactor.stream() if redactor is not None else None
    markers = MarkerFilter(len(hits))
    written: list[str] = []

    def relay(delta: str) -> Iterator[str]:
        shown = restorer.feed(delta) if restorer is not None else delta
        for piece in markers.feed(shown):
            out = guard.feed(piece) if guard is not None else piece
            if out:
                yield out

    def tail() -> str:
        shown = restorer.flush() if restorer is not None else ""
        pieces = [*markers.feed(shown), markers.flush()]
        out = "".join(guard.feed(p) if guard is not None else p for p in pieces if p)
        return out + (guard.flush() if guard is not None else "")

    stream = llm.stream(messages, max_tokens)
    try:
        for item in stream:
            if isinstance(item, Completion):
                last = tail()
                if last:
                    yield last
                yield replace(item, text=redactor.restore(item.text)) if redactor is not None else item
                return
            written.append(item)
            yield from relay(item)
            if guard is not None and guard.problem is not None:
                text = "".join(written)
                prompt_tokens = estimate_tokens("".join(m["content"] for m in messages))
                yield Completion(redactor.restore(text) if redactor is not None else text, llm.name,
                                 prompt_tokens, estimate_tokens(text))
                return
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()


__all__ = ["cite", "generate", "generate_stream", "is_abstention", "messages_for"]
