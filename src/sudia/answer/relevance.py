"""Decides whether retrieved passages can answer a question at all (else the system abstains).

Two decisions, each measured on the dev questions of bench/answers (docs/adr/0003):
- the question (`answers`, the assistant's abstention): a small logistic model over the best dense
  similarity, the IDF-weighted share of the question's terms in the best passage read, whether
  a term of the question is in no passage of the collections, whether it asks yes or no, and
  whether the unit holding the asked fact lacks its rarest term (`answer.abstention`, `answer.reading`).
  With the term counts of the store (`abstention.term_stats`), the assistant answers when
  P ≥ `min_answer_probability` (0.544: on the pooled dev questions of three spent sets, out of fold
  grouped by document, false abstention 5 %, unanswerable abstained 69.5 %; the former rule below,
  0.580 at 3.1 % on dev alone).
  Re-checked on the demo questions of tests/answer/test_abstention.py.
- the passage (`is_relevant`, the search page, and the assistant without term counts or dense
  scores): relevant when its best-window similarity is high, or fairly high with a good share of
  the question's words (the thresholds of the former gate, learned on the same dev questions).
"""

from __future__ import annotations

from dataclasses import dataclass

from sudia.answer.abstention import MIN_ANSWER_PROBABILITY, TermStats, answer_probability, gate_features
from sudia.text.french import analyze
from sudia.types import Hit


@dataclass(frozen=True)
class RelevanceGate:
    min_dense: float = 0.875
    min_dense_with_words: float = 0.84
    min_word_coverage: float = 0.6
    min_answer_probability: float = MIN_ANSWER_PROBABILITY

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

    def probability(self, question: str, hits: list[Hit], stats: TermStats) -> float:
        """How likely the passages answer the question (the model of `answer.abstention`)."""
        return answer_probability(gate_features(question, hits, stats))

    def keep(self, question: str, hits: list[Hit], stats: TermStats | None = None) -> list[Hit]:
        """The passages to answer from, in the retriever's order; none when the question must be declined.

        With term counts and dense scores, all the retrieved passages when the model says they
        answer (dev: filtering them by the passage rule as well lost two answers, bench/RESULTS.md
        §11); without, the passages relevant by the passage rule."""
        if stats is None or all(h.dense_score is None for h in hits):
            return [h for h in hits if self.is_relevant(question, h)]
        return list(hits) if self.probability(question, hits, stats) >= self.min_answer_probability else []
