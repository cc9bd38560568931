"""The language model interface: chat messages in, text (whole or streamed) out, with token counts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Completion:
    text: str
    model: str
    prompt_tokens: int
    completion_tokens: int


class LanguageModel(Protocol):
    name: str
    can_stream: bool

    def complete(self, messages: list[dict[str, str]], max_tokens: int) -> Completion: ...

    def stream(self, messages: list[dict[str, str]], max_tokens: int) -> Iterator[str | Completion]:
        """Yields text deltas, then one final `Completion` with the whole text and token counts."""
        ...


def estimate_tokens(text: str) -> int:
    """Rough token count when the server does not report usage (~4 characters a token in French)."""
    return max(1, len(text) // 4) if text else 0
