"""Generative answers: the LLM writes from numbered passages; its citations are verified in code."""

from __future__ import annotations

from collections.abc import Iterator

from sudia.answer.citations import MarkerFilter, best_quote, citation_for, context_of, verify_markers
from sudia.answer.prompt import build_messages, is_abstention
from sudia.llm.base import Completion, LanguageModel
from sudia.types import Citation, Hit


def cite(text: str, hits: list[Hit]) -> tuple[str, list[Citation]]:
    cleaned, used = verify_markers(text, len(hits))
    citations = [citation_for(n, hits[n - 1].chunk, best_quote(hits[n - 1].chunk.text, context_of(cleaned, n)))
                 for n in used]
    return cleaned, citations


def generate(llm: LanguageModel, question: str, hits: list[Hit], max_tokens: int) -> tuple[Completion, str, list[Citation]]:
    completion = llm.complete(build_messages(question, hits), max_tokens)
    text, citations = cite(completion.text, hits)
    return completion, text, citations


def generate_stream(llm: LanguageModel, question: str, hits: list[Hit], max_tokens: int) -> Iterator[str | Completion]:
    """Text deltas with invalid markers already removed, then the final `Completion`."""
    markers = MarkerFilter(len(hits))
    for item in llm.stream(build_messages(question, hits), max_tokens):
        if isinstance(item, Completion):
            tail = markers.flush()
            if tail:
                yield tail
            yield item
        else:
            yield from (d for d in markers.feed(item) if d)


__all__ = ["cite", "generate", "generate_stream", "is_abstention"]
