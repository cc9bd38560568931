"""A learned score for the unit an extractive answer quotes first (issue #8, point 4).

The hand-written weights of `answer.extractive` were read off the dev misses and did not carry
over to held-out (bench/RESULTS.md §11: dev +0.12, held-out +0.02). This model scores each unit
from generic features that say nothing of a particular document: whether it holds the kind of fact
the question asks for (`answer.asked`), how much of the question it covers (plain share, share
weighted by each word's rarity among the units read, share lent by the previous unit or the
paragraph introducing a table, share of the passage's title), the passage's rank and fused score,
the unit's place in the passage, its length and shape (table row, list item, line of its own).

score = Σ WEIGHTS · features (a conditional logit: the unit of highest score answers first).
Fitted on the dev questions of bench/answers only, by `python bench/sentence_scorer.py fit`, with
cross-validation grouped by document; figures and command in bench/RESULTS.md §11. It did not beat
the rules out of fold, so the rules stay the default (`extractive.LEARNED = False`); the features
are kept on every candidate so that the model can be refitted and replayed
(`bench/answers_sentences.py replay --set LEARNED=True`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

FEATURES = (
    "overlap",  # share of the question's words in the unit (and its table header)
    "weighted_overlap",  # the same, each word weighted by its rarity among the units read
    "lent",  # share lent by the previous unit of the passage, or the table's introduction
    "title",  # share in the passage's title and section
    "fact",  # holds the asked fact surely (`fact_strength` 1), for date/amount/who/contact/where
    "fact_weak",  # holds it weakly (0.5)
    "fact_related",  # fact × overlap: the fact next to the question's words
    "defines",  # a definition, for « qu'est-ce que… »
    "settles",  # « Oui, … » / « Non, … » for a yes/no question
    "first_passage",  # 1 / (rank + 1)
    "passage_score",  # fused retrieval score relative to the first passage's
    "early",  # 1 / (position in the passage + 1)
    "length",  # log of the length, 0 at 40 characters
    "row",  # a table row
    "item",  # a list item
    "line",  # a sentence that is its line whole
    "digit",  # holds a figure
    "lent_fact",  # lent × holds the fact: « Elle est à demander avant le 15 juillet. » after its topic
    # Relative to the question's most related unit (the same share is a lot for a long question):
    "overlap_rel",  # overlap / the best overlap among the units
    "weighted_rel",  # weighted_overlap / the best one
    "fact_rel",  # holds the fact surely × overlap_rel
)
_BASE = len(FEATURES) - 3
# Conditional logit fitted on the 189 dev questions that pass the gate (`bench/sentence_scorer.py fit
# --loss listwise --l2 30`, L2 on standardised features, weights on the raw ones). Not the default
# (`extractive.LEARNED`): out of fold (10 folds grouped by document, 3 repeats) it quotes the expected
# string for 153.7 of them on average, the hand-written rules 157 (in sample); bench/RESULTS.md §11.
WEIGHTS: tuple[float, ...] = (0.0541, 1.5473, -0.6944, 1.2519, 1.4209, 0.1616, 1.0861, 4.0178, 3.7139, 1.7460,
                              7.3129, 0.8553, 0.0400, 0.0000, 0.8059, 0.3676, 0.2622, 3.8466, 0.4352, 1.5133,
                              0.7292)

_DIGIT = re.compile(r"\d")


def unit_features(*, kind: str | None, fact: float, overlap: float, weighted_overlap: float, lent: float,
                  title: float, rank: int, passage_score: float, position: int, quote: str,
                  unit_kind: str) -> tuple[float, ...]:
    """The features of one unit, in the order of FEATURES."""
    located = kind not in (None, "yesno", "define")
    sure = float(located and fact >= 1.0)
    return (
        overlap,
        weighted_overlap,
        lent,
        title,
        sure,
        float(located and 0 < fact < 1.0),
        sure * overlap,
        float(kind == "define" and fact >= 1.0),
        float(kind == "yesno" and fact >= 1.0),
        1.0 / (rank + 1),
        passage_score,
        1.0 / (position + 1),
        math.log(max(len(quote), 1) / 40.0),
        float(unit_kind == "row"),
        float(unit_kind == "item"),
        float(unit_kind == "line"),
        float(bool(_DIGIT.search(quote))),
        lent * float(fact > 0),
    )


def with_relative(rows: Sequence[tuple[float, ...]]) -> list[tuple[float, ...]]:
    """Each unit's features completed by those relative to the other units of the same answer."""
    best = max((r[0] for r in rows), default=0.0) or 1.0
    best_weighted = max((r[1] for r in rows), default=0.0) or 1.0
    return [r[:_BASE] + (r[0] / best, r[1] / best_weighted, r[4] * r[0] / best) for r in rows]


def learned_score(features: Sequence[float], weights: Sequence[float] | None = None) -> float:
    return sum(w * x for w, x in zip(weights if weights is not None else WEIGHTS, features))


def rarity(units_terms: Sequence[frozenset[str]]) -> dict[str, float]:
    """IDF of each word among the units read: a word in every unit tells none of them apart."""
    total = len(units_terms)
    counts: dict[str, int] = {}
    for terms in units_terms:
        for term in terms:
            counts[term] = counts.get(term, 0) + 1
    return {t: math.log((total + 1) / (n + 1)) + 1e-3 for t, n in counts.items()}
