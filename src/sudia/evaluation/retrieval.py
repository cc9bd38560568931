"""Retrieval evaluation: hit@k and MRR where a question is answered by one document.

Documents are ranked by their best passage; a question is answered at rank r when its document is
the r-th distinct document returned (the format of shared/benchmarks/cnil-faq).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sudia.errors import SudiaError
from sudia.retrieve.hybrid import HybridRetriever

T = TypeVar("T")

CUTOFFS = (1, 3, 5, 10)


@dataclass(frozen=True)
class Question:
    question: str
    document: str


@dataclass(frozen=True)
class RetrievalScores:
    questions: int
    hit_at: dict[int, float]
    mrr: float

    def to_dict(self) -> dict[str, float | int]:
        out: dict[str, float | int] = {"questions": self.questions}
        out.update({f"hit@{k}": round(v, 4) for k, v in self.hit_at.items()})
        out["mrr"] = round(self.mrr, 4)
        return out


def read_question_lines(path: Path, build: Callable[[dict[str, Any]], T]) -> list[T]:
    """One item per non-empty JSON line of a questions file; a bad line is SUDIA-R003 with its number."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(build(json.loads(line)))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise SudiaError("SUDIA-R003", path=path.name, line=number, detail=type(exc).__name__) from exc
    return items


def load_questions(path: Path) -> list[Question]:
    return read_question_lines(path, lambda row: Question(row["question"], row["document"]))


def document_ranking(retriever: HybridRetriever, question: str, collection: str, depth: int = 50) -> list[str]:
    ranked: list[str] = []
    for hit in retriever.search(question, [collection], k=depth):
        if hit.chunk.document_source not in ranked:
            ranked.append(hit.chunk.document_source)
    return ranked


def evaluate(retriever: HybridRetriever, collection: str, questions: list[Question]) -> RetrievalScores:
    hits = {k: 0 for k in CUTOFFS}
    reciprocal = 0.0
    for q in questions:
        ranked = document_ranking(retriever, q.question, collection)
        if q.document in ranked:
            rank = ranked.index(q.document) + 1
            reciprocal += 1.0 / rank
            for k in CUTOFFS:
                hits[k] += rank <= k
    n = max(len(questions), 1)
    return RetrievalScores(len(questions), {k: hits[k] / n for k in CUTOFFS}, reciprocal / n)
