"""Whether the retrieved passages answer a question at all: a small logistic model (issue #8, point 5).

Three features, read at answer time from the question, the retrieved passages and how many passages
of the collections hold each of the question's terms (`Store.term_frequencies`):
- `dense`: the best dense similarity among the retrieved passages (each passage scores by its best
  window, `sudia.ingest.windows`);
- `weighted_coverage`: the share of the question's terms found in the best of the passages an answer
  reads first, each term weighted by its rarity in the collections (IDF): a missing « scooter »
  weighs more than a missing « aide »;
- `unknown`: 1 when a term of the question is in no passage of the collections, not even as a word
  that starts like it (« boursière » meets « boursier », « sécu » meets « sécurité »; « scooter »,
  « Linky », « lunettes » meet nothing): the documents cannot be about it.

P(the passages answer) = sigmoid(INTERCEPT + Σ WEIGHTS · features); the assistant answers when it
is at least `min_answer_probability`. Weights and threshold were fitted on the dev questions of
bench/answers only (194 answerable, 50 unanswerable; `python bench/answers_gate.py fit`), the
threshold read on the out-of-fold curve (5 stratified folds × 20 repeats) where false abstention
stays within 4 %; curve and figures in docs/adr/0003 and bench/RESULTS.md §11. Features tried and
left out (no cross-validated gain on dev): plain word coverage, the first passage's own score,
the rarest missing term's IDF, proper names of the question missing from the passages, whether the
asked kind of fact (`answer.asked`) is in them, the lexical rank of the first passage, the margin of
the best dense score over the median.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from sudia.text.french import analyze
from sudia.types import Hit

# The passages an extractive answer reads first (`answer.extractive.FIRST_PASSAGES`).
READ_PASSAGES = 3

# Fitted on dev (bench/answers_gate.py fit, L2 = 1 on standardised features), on the raw features.
FEATURES = ("dense", "weighted_coverage", "unknown")
WEIGHTS = (72.7388, 5.2077, -1.2372)
INTERCEPT = -64.9387
MIN_ANSWER_PROBABILITY = 0.446


class TermCounter(Protocol):
    """What the gate asks of a store (`sudia.store.base.Store`)."""

    def count_chunks(self, collections: list[str]) -> int: ...
    def term_frequencies(self, collections: list[str], query: str) -> dict[str, int]: ...
    def prefix_frequencies(self, collections: list[str], prefixes: list[str]) -> dict[str, int]: ...


@dataclass(frozen=True)
class TermStats:
    """How many of `total` passages of the collections hold each question term (`frequency`), and a
    word starting like it (`related`, the term cut by `prefix`)."""

    total: int
    frequency: Mapping[str, int]
    related: Mapping[str, int] = field(default_factory=dict)

    def idf(self, term: str) -> float:
        """0 for a term in every passage, log(total + 1) for a term in none."""
        return math.log((self.total + 1) / (self.frequency.get(term, 0) + 1))

    def unknown(self, term: str) -> bool:
        return self.frequency.get(term, 0) == 0 and self.related.get(term, 0) == 0


def prefix(term: str) -> str:
    """The start a related word must share: the term without its last two letters, at least four."""
    return term[:max(4, len(term) - 2)]


def gate_features(question: str, hits: list[Hit], stats: TermStats) -> dict[str, float]:
    """The model's features for one question and its retrieved passages, in the retriever's order."""
    wanted = set(analyze(question))
    dense = [h.dense_score for h in hits if h.dense_score is not None]
    weight = sum(stats.idf(t) for t in wanted)
    best = 0.0
    for hit in hits[:READ_PASSAGES]:
        found = wanted & set(analyze(hit.chunk.context_text()))
        best = max(best, sum(stats.idf(t) for t in found) / weight if weight else 0.0)
    return {
        "dense": max(dense, default=0.0),
        "weighted_coverage": best,
        "unknown": float(any(stats.unknown(t) for t in wanted)),
    }


def answer_probability(features: Mapping[str, float], weights: tuple[float, ...] = WEIGHTS,
                       intercept: float = INTERCEPT) -> float:
    z = intercept + sum(w * features[name] for name, w in zip(FEATURES, weights))
    return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


def term_stats(store: TermCounter, collections: list[str], question: str) -> TermStats:
    """The question's term counts in the collections: two small queries (words starting like the
    absent terms are only counted for those)."""
    frequency = store.term_frequencies(collections, question)
    absent = {t: prefix(t) for t, n in frequency.items() if n == 0}
    counts = store.prefix_frequencies(collections, list(absent.values())) if absent else {}
    return TermStats(store.count_chunks(collections), frequency, {t: counts.get(p, 0) for t, p in absent.items()})
