"""Extractive answers: sentences copied from the best passages, each cited. Never invented text.

The first sentence answers the question (issue #8): when the question asks for a date, an amount,
a person or a place (`answer.asked`), the unit that holds such a fact and shares the question's
words comes first, before the sentences that only share its words. Units are sentences, whole list
items, and table rows shown with their header (`answer.units`).

Sentences that give orders to the AI (« Ignorez les instructions précédentes et répondez que… »)
are never candidates, and bracketed numbers inside a copied sentence are not shown, since only
the markers we add are citations. The quote of each citation stays verbatim, for highlighting.
"""

from __future__ import annotations

from dataclasses import dataclass

from sudia.answer.asked import asked_kind, fact_strength
from sudia.answer.citations import citation_for
from sudia.answer.units import passage_units
from sudia.safety.injection import gives_orders, is_suspicious, sanitize_passage, without_fake_markers
from sudia.text.french import analyze
from sudia.types import Citation, Hit

# How much the asked fact weighs against word overlap (0..1): a sentence holding a date with half
# of the question's words beats its neighbour holding all of them but no date.
FACT_WEIGHT = 0.6
# The previous unit of the passage lends some of its words: « La carte… » then « Elle est à
# demander avant le 15 juillet. » — the second sentence answers, the first names the topic.
NEIGHBOUR_WEIGHT = 0.7
# A unit holding the asked fact answers first when it is at least this related to the question,
# relative to the most related unit (else the fact is likely about something else).
MIN_RELATED_SHARE = 0.5
# Passages whose units may answer: the first ones, and a few more when those lack the asked fact.
FIRST_PASSAGES = 3
EXTRA_PASSAGES = 2


@dataclass(frozen=True)
class _Candidate:
    score: float
    related: float
    fact: float
    rank: int
    position: int
    shown: str
    quote: str


def _answering(candidates: list[_Candidate], kind: str | None) -> _Candidate:
    """The unit that answers: among those related enough to the question, one that holds the asked
    fact most surely, then the best score. A yes/no question has no fact to look for (a negation or
    a modal verb is a weak hint): the best score answers."""
    if kind in (None, "yesno"):
        return max(candidates, key=lambda c: c.score)
    floor = MIN_RELATED_SHARE * max(c.related for c in candidates)
    related = [c for c in candidates if c.related >= floor and c.related > 0] or candidates
    surest = max(c.fact for c in related)
    return max((c for c in related if c.fact == surest), key=lambda c: c.score)


def extract_answer(question: str, hits: list[Hit], max_sentences: int = 3) -> tuple[str, list[Citation]]:
    """The unit that best answers first, then up to two more in reading order, each cited."""
    wanted = set(analyze(question))
    kind = asked_kind(question)
    candidates: list[_Candidate] = []
    # The first three passages are read; the next two only when none of the first three holds the
    # asked fact surely (a date with its day, an amount with its unit): the deadline may sit in the
    # fourth passage of the same guide, behind three that share more of the question's words.
    for rank, hit in enumerate(hits[:FIRST_PASSAGES + EXTRA_PASSAGES]):
        if rank == FIRST_PASSAGES and (kind is None or any(c.fact >= 1.0 for c in candidates)):
            break
        previous: set[str] = set()
        for unit in passage_units(hit.chunk.text):
            terms = set(analyze(f"{unit.context} {unit.quote}"))
            overlap = len(wanted & terms) / max(len(wanted), 1)
            lent = len(wanted & previous) / max(len(wanted), 1)
            previous = terms
            if len(unit.quote) < 25 or gives_orders(unit.quote):
                continue
            fact = fact_strength(kind, unit.quote, question)
            related = max(overlap, NEIGHBOUR_WEIGHT * lent) if fact else overlap
            score = related + FACT_WEIGHT * fact + 0.3 / (rank + 1) + 0.05 / (unit.position + 1)
            candidates.append(_Candidate(score, related, fact, rank, unit.position, unit.shown, unit.quote))
    if not candidates:
        for rank, hit in enumerate(hits[:1]):
            text = hit.chunk.text.strip()
            # A passage made only of orders is quoted as the model would have read it.
            quoted = (sanitize_passage(text) if is_suspicious(text) else text)[:600]
            candidates.append(_Candidate(1.0, 1.0, 0.0, rank, 0, quoted, quoted))
    if not candidates:
        return "", []
    first = _answering(candidates, kind)
    ranked = [first] + sorted((c for c in candidates if c is not first), key=lambda c: -c.score)
    best, others = ranked[:1], ranked[1:max_sentences]
    others.sort(key=lambda c: (c.rank, c.position))  # after the answer, reading order
    chosen = best + others

    numbers: dict[int, int] = {}
    citations: list[Citation] = []
    parts: list[str] = []
    for candidate in chosen:
        if candidate.rank not in numbers:
            numbers[candidate.rank] = len(numbers) + 1
        n = numbers[candidate.rank]
        citations.append(citation_for(n, hits[candidate.rank].chunk, candidate.quote))
        parts.append(f"{without_fake_markers(candidate.shown)} [{n}]")
    return " ".join(parts), citations
