"""CSV export of the feedback on answers, safe to open in a spreadsheet (the satisfaction analysis reads it)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from sudia.conversations.base import Feedback

COLUMNS = ("date", "avis", "commentaire", "question", "question_comprise", "reponse", "mode", "modele",
           "collections", "sources", "citations", "tour")
RATINGS = {1: "utile", -1: "pas utile"}
# A cell starting with one of these is run as a formula by spreadsheets (CSV injection): questions,
# comments and quotes come from people and documents, so such cells are prefixed with an apostrophe.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA) else value


def row(f: Feedback) -> list[str]:
    sources = []
    for c in f.citations:
        label = f"[{c.number}] {c.document}" + (f", page {c.page}" if c.page else "")
        if label not in sources:
            sources.append(label)
    quotes = " | ".join(f"[{c.number}] {c.quote}" for c in f.citations)
    values = [f.at, RATINGS.get(f.rating, str(f.rating)), f.comment, f.question, f.query, f.answer, f.mode, f.model,
              ";".join(f.collections), " ; ".join(sources), quotes, f.turn_id]
    return [_cell(v) for v in values]


def write_feedback_csv(feedback: Iterable[Feedback], stream: TextIO) -> int:
    """A header and one row per feedback; returns how many rows were written."""
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    count = 0
    for f in feedback:
        writer.writerow(row(f))
        count += 1
    return count
