"""The language model interface: chat messages in, text (whole or streamed) out, with token counts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from sudia.errors import SudiaError


@dataclass(frozen=True)
class Completion:
    text: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    estimated: bool = False  # counts guessed from the text: the server reported no usage


class GenerationFailed(SudiaError):
    """The server failed or ran out of time; `completion` is what it had written (counts estimated),
    so that the energy of an abandoned generation is still counted."""

    def __init__(self, code: str, completion: Completion, **params: object) -> None:
        super().__init__(code, **params)
        self.completion = completion


class LanguageModel(Protocol):
    name: str
    can_stream: bool

    def complete(self, messages: list[dict[str, str]], max_tokens: int) -> Completion: ...

    def stream(self, messages: list[dict[str, str]], max_tokens: int) -> Iterator[str | Completion]:
        """Yields text deltas, then one final `Completion` with the whole text and token counts.

        Closing the iterator early cancels the request on the server.
        """
        ...


def estimate_tokens(text: str) -> int:
    """Rough token count when the server does not report usage (~4 characters a token in French)."""
    return max(1, len(text) // 4) if text else 0


def estimated(messages: list[dict[str, str]], text: str, model: str) -> Completion:
    """A completion whose token counts are guessed from the prompt and the text written."""
    return Completion(text, model, estimate_tokens(" ".join(m["content"] for m in messages)),
                      estimate_tokens(text), estimated=True)
