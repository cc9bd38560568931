"""Passages shown to people after a search: only those relevant enough, with the query's words marked.

Relevance is the passage rule of the assistant's gate (`answer.relevance.RelevanceGate.is_relevant`;
the assistant's abstention itself is decided per question by a model fitted on questions, which a
list of search words is not); a passage that holds most of the query's words is
kept as well (the gate's rule for lexical-only deployments), since a search names words rather
than asking a question. Below both, the page says that no passage is relevant.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from sudia.answer.relevance import RelevanceGate
from sudia.text.french import analyze
from sudia.types import Hit

_WORD = re.compile(r"\w+", re.UNICODE)


def relevant_hits(gate: RelevanceGate, query: str, hits: list[Hit]) -> list[Hit]:
    return [h for h in hits if gate.is_relevant(query, h) or gate.is_relevant(query, replace(h, dense_score=None))]


@lru_cache(maxsize=20_000)
def _stem(word: str) -> str:
    stems = analyze(word)
    return stems[0] if len(stems) == 1 else ""


def marked(text: str, query: str) -> list[tuple[str, bool]]:
    """`text` cut into (piece, is a query word) pairs; words match on their French stem, accents folded."""
    wanted = set(analyze(query))
    pieces: list[tuple[str, bool]] = []
    last = 0
    for match in _WORD.finditer(text):
        if wanted and _stem(match.group()) in wanted:
            if match.start() > last:
                pieces.append((text[last:match.start()], False))
            pieces.append((match.group(), True))
            last = match.end()
    if last < len(text):
        pieces.append((text[last:], False))
    return _joined(pieces)


def _joined(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Adjacent marked words separated by spaces only become one mark (« transport scolaire »)."""
    out: list[tuple[str, bool]] = []
    for piece, mark in pieces:
        if mark and len(out) >= 2 and out[-1][0].isspace() and out[-2][1]:
            space = out.pop()[0]
            out[-1] = (out[-1][0] + space + piece, True)
        else:
            out.append((piece, mark))
    return out
