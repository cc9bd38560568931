"""Decides whether retrieved passages can answer a question at all (else the system abstains).

A passage is relevant when the dense similarity (of its best window, `sudia.ingest.windows`) is
high, or when it is fairly high and the passage also contains a good share of the question's
meaningful words. The thresholds are learned on the dev questions of bench/answers (194 answerable,
50 unanswerable, real long documents), as the triple that makes the most right decisions (answer
the answerable, abstain on the others), with the curve in docs/adr/0003 (`bench/answers_gate.py`);
they were re-checked on the demo questions of tests/answer/test_abstention.py (in-domain best
passages 0.876-0.932, off-topic 0.790-0.870 with at most half of the question's words).
"""

from __future__ import annotations

from dataclasses import dataclass

from sudia.text.french import analyze
from sudia.types import Hit


@dataclass(frozen=True)
class RelevanceGate:
    min_dense: float = 0.875
    min_dense_with_words: float = 0.84
    min_word_coverage: float = 0.6

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
