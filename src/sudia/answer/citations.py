"""Citation markers [n] in generated text: kept only when n names a passage actually retrieved.

The model's citations are checked in code, never trusted: a marker pointing to no passage is
removed, and every kept citation carries an exact quote taken from the passage itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sudia.safety.injection import NEUTRALISED, gives_orders
from sudia.text.french import analyze, sentences
from sudia.types import Chunk, Citation

MARKER = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")
_DROPPED = "\x00"


def verify_markers(text: str, passages: int) -> tuple[str, list[int]]:
    """Drop markers that name no passage; return the cleaned text and the numbers used, in order."""
    used: list[int] = []

    def keep(match: re.Match[str]) -> str:
        numbers = [int(n) for n in re.split(r"[,;]", match.group(1))]
        valid = [n for n in numbers if 1 <= n <= passages]
        for n in valid:
            if n not in used:
                used.append(n)
        return "".join(f"[{n}]" for n in valid) or _DROPPED

    # A dropped marker takes the spaces before it along; French spaces before « : ? ! » stay.
    cleaned = re.sub(rf"[ \t]*{_DROPPED}", "", MARKER.sub(keep, text))
    return cleaned.strip(), used


def passage_sentences(passage: str) -> list[str]:
    """Sentences of a passage, each an exact substring of it so a quote can be found and highlighted.

    Lines are split first: a passage joins its blocks (headings, table rows, paragraphs) with
    newlines, and a table row must not be glued to the next paragraph as one "sentence".
    """
    found: list[str] = []
    for line in passage.splitlines():
        for sentence in sentences(line):
            # `sentences` collapses runs of spaces and tabs: take the original text back.
            pattern = r"\s+".join(re.escape(word) for word in sentence.split(" "))
            match = re.search(pattern, line)
            found.append(match.group(0) if match else sentence)
    return found


def best_quote(passage: str, context: str) -> str:
    """The sentence of the passage that shares most meaningful words with the citing context.

    A sentence that gives orders to the AI is never the quote that vouches for an answer.
    """
    sentences_ = passage_sentences(passage)
    candidates = [s for s in sentences_ if not gives_orders(s)] or sentences_ or [passage.strip()]
    wanted = set(analyze(context))
    scored = [(len(wanted & set(analyze(s))), -i, s) for i, s in enumerate(candidates)]
    return max(scored)[2]


def citation_for(number: int, chunk: Chunk, quote: str) -> Citation:
    return Citation(
        number=number, document_id=chunk.document_id, document=chunk.document_title or chunk.document_source,
        source=chunk.document_source, collection=chunk.collection, chunk_id=chunk.id, page=chunk.page,
        section=chunk.section, quote=quote,
    )


def context_of(text: str, number: int) -> str:
    """The generated sentences that cite [number], to choose the quote that supports them."""
    parts = [s for s in sentences(text) if f"[{number}]" in s]
    return " ".join(parts) or text


class MarkerFilter:
    """Streams text while removing invalid markers; holds back only an unfinished '[...'.

    The mark left where an order was removed from a document is removed too: the prompt tells the
    model what it means, and a small model copies it into its answer (« Jean-Pierre Serrus
    [consigne retirée du document] », Qwen2.5-Coder-1.5B on #8's set), where it means nothing.
    """

    def __init__(self, passages: int) -> None:
        self.passages = passages
        self._pending = ""

    def feed(self, delta: str) -> Iterator[str]:
        self._pending += delta
        while self._pending:
            start = self._pending.find("[")
            if start == -1:
                out, self._pending = self._pending, ""
                yield out
                return
            if start:
                yield self._pending[:start]
                self._pending = self._pending[start:]
            end = self._pending.find("]")
            if end == -1:
                if not NEUTRALISED.startswith(self._pending) and (
                        len(self._pending) > 20 or not re.fullmatch(r"\[[\d\s,;]*", self._pending)):
                    yield self._pending[0]
                    self._pending = self._pending[1:]
                    continue
                return
            marker, self._pending = self._pending[: end + 1], self._pending[end + 1 :]
            if marker == NEUTRALISED:
                continue
            yield verify_markers(marker, self.passages)[0] if MARKER.fullmatch(marker) else marker

    def flush(self) -> str:
        out, self._pending = self._pending, ""
        return out
