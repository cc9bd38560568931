"""Reversible redaction: personal data becomes [PERSONNE_1], [EMAIL_1]... before the text leaves for
an external LLM, and comes back in the answer shown to the agent.

One `Redactor` per request: the question and every passage share its mapping, so that the same
person is [PERSONNE_1] everywhere and the model can still reason about who is who.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sudia.safety.pii import PERSON, find_pii

_PLACEHOLDER = re.compile(r"\[\s*(PERSONNE|EMAIL|TELEPHONE|IBAN|NIR)_(\d+)\s*\]", re.IGNORECASE)
_HOLD = 24  # longest placeholder a stream may have cut in two, e.g. "[PERSONNE_123"


def _normalise(kind: str, value: str) -> str:
    if kind == PERSON:
        return " ".join(value.split()).casefold()
    return re.sub(r"[\s.()-]", "", value).casefold().replace("+33", "0").replace("0033", "0")


class Redactor:
    def __init__(self, names: Callable[[str], list[tuple[int, int]]] | None = None) -> None:
        self.names = names
        self.mapping: dict[str, str] = {}  # placeholder -> original text
        self._known: dict[tuple[str, str], str] = {}  # (kind, normalised value) -> placeholder
        self._counts: dict[str, int] = {}

    def _placeholder(self, kind: str, value: str) -> str:
        key = (kind, _normalise(kind, value))
        if key not in self._known:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            placeholder = f"[{kind}_{self._counts[kind]}]"
            self._known[key] = placeholder
            self.mapping[placeholder] = value
        return self._known[key]

    def redact(self, text: str) -> str:
        parts, last = [], 0
        for span in find_pii(text, self.names):
            parts += [text[last:span.start], self._placeholder(span.kind, span.value)]
            last = span.end
        parts.append(text[last:])
        return "".join(parts)

    def redact_messages(self, messages: list[dict[str, str]]) -> list[dict[str, str]]:
        """Chat messages as sent to an OpenAI-compatible server; the system prompt is ours, left as is."""
        return [m if m.get("role") == "system" else {**m, "content": self.redact(m["content"])} for m in messages]

    def restore(self, text: str) -> str:
        """Put the original values back; a placeholder the model invented is left visible."""
        def back(match: re.Match[str]) -> str:
            placeholder = f"[{match.group(1).upper()}_{match.group(2)}]"
            return self.mapping.get(placeholder, match.group(0))

        return _PLACEHOLDER.sub(back, text)

    def stream(self) -> StreamRestorer:
        return StreamRestorer(self)


class StreamRestorer:
    """Restores placeholders in streamed deltas, holding back only an unfinished "[...": a
    placeholder split across two deltas is restored whole."""

    def __init__(self, redactor: Redactor) -> None:
        self.redactor = redactor
        self._pending = ""

    def feed(self, delta: str) -> str:
        text = self._pending + delta
        cut = text.rfind("[")
        if cut != -1 and "]" not in text[cut:] and len(text) - cut <= _HOLD:
            self._pending, text = text[cut:], text[:cut]
        else:
            self._pending = ""
        return self.redactor.restore(text)

    def flush(self) -> str:
        text, self._pending = self._pending, ""
        return self.redactor.restore(text)
