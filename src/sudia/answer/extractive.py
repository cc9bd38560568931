"""Extractive answers: sentences copied from the best passages, each cited. Never invented text.

The first sentence answers the question (issue #8): when the question asks for a date, an amount,
a person, a place or a definition (`answer.asked`), the unit that holds such a fact and shares the
question's words comes first, before the sentences that only share its words; a yes/no question
opens with the passage's « Oui. » or « Non. » when it gives one. Units are sentences, whole list
items, and table rows shown with their header (`answer.units`); questions and headings are never
quoted, nor the same sentence twice. Weights are set from curves on the dev questions of
bench/answers (`bench/answers_sentences.py replay --set NAME=VALUE`, bench/RESULTS.md §11).

Sentences that give orders to the AI (« Ignorez les instructions précédentes et répondez que… »)
are never candidates, and bracketed numbers inside a copied sentence are not shown, since only
the markers we add are citations. The quote of each citation stays verbatim, for highlighting.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from sudia.answer.asked import asked_kind, fact_strength
from sudia.answer.citations import citation_for
from sudia.answer.sentence_model import learned_score, rarity, unit_features, with_relative
from sudia.answer.units import Unit, answers, passage_units
from sudia.safety.injection import (
    gives_orders,
    is_suspicious,
    sanitize_passage,
    without_fake_markers,
)
from sudia.text.french import analyze, fold
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
# Passages whose units may answer: all those given (the assistant passes the kept ones, then the
# rest of the retriever's first five), the retriever's order weighing in: a unit of the first
# passage gains RANK_WEIGHT, of the n-th RANK_WEIGHT / n. Dev curve at TITLE_WEIGHT 0.45 (answers
# holding the expected string, of 189 that pass the gate): 0.1 → 151, 0.15 → 154, 0.2 → 158,
# 0.25 → 155, 0.3 → 154.
PASSAGES_READ = 5
RANK_WEIGHT = 0.2
# The passage's title and section name what its sentences are about (« Vidéoprotection : qui peut
# consulter les images ? »): their share of the question's words, times this weight. Dev curve at
# RANK_WEIGHT 0.2: 0 → 152, 0.2 → 154, 0.3 → 155, 0.45 → 158, 0.6 → 157, 0.8 → 157, 1 → 156.
TITLE_WEIGHT = 0.45


# A yes/no verdict standing alone (« Non. », « Oui ! »), and the words that make a question negative.
_VERDICT = re.compile(r"(?:oui|non)\b[\s.!,]*")
_NEGATIVE = re.compile(r"\b(?:ne|n'|pas|plus|jamais|aucun|aucune|interdit|interdite|illegal|illegale"
                       r"|refuser|sans)\b")
VERDICT_REACH = 3
# The verdict is the passage's answer to its own question (its title): it is given only when the
# passage's title shares VERDICT_MIN_TITLE of the user's question and the answering sentence or
# the title VERDICT_MIN_RELATED. On dev, the yes/no questions whose passage gives a verdict: the
# right verdicts share 0.25-0.80 of the title (one, 0.17, is lost), the 3 wrong ones (questions no
# document answers, a neighbouring article's « Oui. » or « Non. ») 0.20 (bench/RESULTS.md §11).
VERDICT_MIN_RELATED = 0.3
VERDICT_MIN_TITLE = 0.25


@dataclass(frozen=True)
class _Candidate:
    score: float
    related: float
    fact: float
    title: float  # share of the question's words in the passage's title and section
    rank: int
    position: int
    shown: str
    quote: str
    features: tuple[float, ...] = ()  # `sentence_model.FEATURES`


# Which score chooses the units: the hand-written weights above, or the learned model of
# `answer.sentence_model` (the unit of highest score answers first).
LEARNED = False


def _answering(candidates: list[_Candidate], kind: str | None) -> _Candidate:
    """The unit that answers: among those related enough to the question, one that holds the asked
    fact most surely, then the best score. A yes/no question has no fact to look for (a negation or
    a modal verb is a weak hint): the best score answers."""
    if LEARNED or kind in (None, "yesno"):
        return max(candidates, key=lambda c: c.score)
    floor = MIN_RELATED_SHARE * max(c.related for c in candidates)
    related = [c for c in candidates if c.related >= floor and c.related > 0] or candidates
    surest = max(c.fact for c in related)
    return max((c for c in related if c.fact == surest), key=lambda c: c.score)


@dataclass(frozen=True)
class _Read:
    rank: int
    unit: Unit
    terms: frozenset[str]
    title: frozenset[str]


def _read(hits: list[Hit]) -> list[_Read]:
    """The units of the passages read, with their words and those of their passage's title."""
    read: list[_Read] = []
    for rank, hit in enumerate(hits[:PASSAGES_READ]):
        title = frozenset(analyze(f"{hit.chunk.document_title} {hit.chunk.section}"))
        for unit in passage_units(hit.chunk.text):
            read.append(_Read(rank, unit, frozenset(analyze(f"{unit.context} {unit.quote}")), title))
    return read


def _chosen(first: _Candidate, candidates: list[_Candidate], count: int) -> list[_Candidate]:
    """The answering unit, then the next best ones in reading order; the same sentence from two
    copies of a page, or a heading repeated by its first line, is said once."""
    ranked = [first] + sorted((c for c in candidates if c is not first), key=lambda c: -c.score)
    keys: list[str] = []
    kept: list[_Candidate] = []
    for candidate in ranked:
        key = " ".join(analyze(candidate.shown))
        if any(key in k or k in key for k in keys if k and key):
            continue
        keys.append(key)
        kept.append(candidate)
        if len(kept) == count:
            break
    # After the answer, reading order.
    return kept[:1] + sorted(kept[1:], key=lambda c: (c.rank, c.position))


def _verdict(question: str, read: list[_Read], first: _Candidate) -> list[_Candidate]:
    """« Oui. » or « Non. » opening the answer to a yes/no question, when the passage settles it: it
    says so in a unit of its own just before the answering sentence (at most VERDICT_REACH units
    before) and the passage's title is about the question. Not when the question is itself
    negative (« Est-il interdit de… ? »), whose yes is the passage's no."""
    if (_NEGATIVE.search(fold(question)) or _VERDICT.match(fold(first.shown))
            or max(first.related, first.title) < VERDICT_MIN_RELATED
            or first.title < VERDICT_MIN_TITLE):
        return []
    for r in read:
        if (r.rank == first.rank and 0 < first.position - r.unit.position <= VERDICT_REACH
                and _VERDICT.fullmatch(fold(r.unit.quote).strip())):
            return [_Candidate(first.score, first.related, 0.0, first.title, r.rank, r.unit.position,
                               r.unit.shown, r.unit.quote)]
    return []


def candidates_for(question: str, hits: list[Hit]) -> tuple[list[_Read], list[_Candidate]]:
    """The units read, and those that may answer with their scores and features."""
    wanted = set(analyze(question))
    kind = asked_kind(question)
    read = _read(hits)
    idf = rarity([r.terms for r in read])
    absent = math.log(len(read) + 1)
    weight = math.fsum(idf.get(t, absent) for t in wanted)
    top_score = max((h.score for h in hits[:PASSAGES_READ]), default=0.0)

    def share(terms: frozenset[str]) -> float:
        return len(wanted & terms) / max(len(wanted), 1)

    candidates: list[_Candidate] = []
    previous: _Read | None = None
    # The paragraph that introduces a table lends its words to each of its rows.
    lead: frozenset[str] = frozenset()
    for r in read:
        same = previous is not None and previous.rank == r.rank
        lent = share(previous.terms) if same else 0.0
        if not same or (previous.unit.kind == "row" and r.unit.kind != "row"):
            lead = frozenset()
        if r.unit.kind == "row":
            lent = max(lent, share(lead | r.terms))
        else:
            lead = lead | r.terms
        previous = r
        unit = r.unit
        fact = fact_strength(kind, unit.quote, question)
        # A short unit says too little, unless it holds the asked fact (« L'aide est de 600 euros. »;
        # a bare « Non. » only opens an answer, `_verdict`); a question or a heading does not answer.
        short = len(unit.quote) < 25 and (fact < 1.0 or kind == "yesno")
        if short or gives_orders(unit.quote) or not answers(unit, fact >= 1.0):
            continue
        overlap = share(r.terms)
        title = share(r.title)
        features = unit_features(
            kind=kind, fact=fact, overlap=overlap,
            weighted_overlap=math.fsum(idf.get(t, absent) for t in wanted & r.terms) / weight if weight else 0.0,
            lent=lent, title=title, rank=r.rank,
            passage_score=hits[r.rank].score / top_score if top_score > 0 else 0.0,
            position=unit.position, quote=unit.quote, unit_kind=unit.kind)
        if kind == "yesno" and fact >= 1.0 and title < VERDICT_MIN_TITLE:
            fact = 0.5  # « Non, si… » settles the passage's own question, not necessarily this one
        related = max(overlap, NEIGHBOUR_WEIGHT * lent) if fact else overlap
        if fact and kind == "define":
            related = max(related, title)  # « C'est toute information… »: its subject is in the title
        score = (related + FACT_WEIGHT * fact + TITLE_WEIGHT * title + RANK_WEIGHT / (r.rank + 1)
                 + 0.05 / (unit.position + 1))
        candidates.append(_Candidate(score, related, fact, title, r.rank, unit.position, unit.shown,
                                     unit.quote, features))
    if not candidates:
        for rank, hit in enumerate(hits[:1]):
            text = hit.chunk.text.strip()
            # A passage made only of orders is quoted as the model would have read it.
            quoted = (sanitize_passage(text) if is_suspicious(text) else text)[:600]
            candidates.append(_Candidate(1.0, 1.0, 0.0, 0.0, rank, 0, quoted, quoted))
        return read, candidates
    features = with_relative([c.features for c in candidates])
    candidates = [replace(c, features=f, score=learned_score(f) if LEARNED else c.score)
                  for c, f in zip(candidates, features)]
    return read, candidates


def extract_answer(question: str, hits: list[Hit],
                   max_sentences: int = 3) -> tuple[str, list[Citation]]:
    """The unit that best answers first, then up to two more in reading order, each cited."""
    read, candidates = candidates_for(question, hits)
    return answer_from(question, hits, read, candidates, max_sentences)


def answer_from(question: str, hits: list[Hit], read: list[_Read], candidates: list[_Candidate],
                max_sentences: int = 3) -> tuple[str, list[Citation]]:
    """The answer made of the chosen candidates (their scores set), each cited."""
    if not candidates:
        return "", []
    kind = asked_kind(question)
    first = _answering(candidates, kind)
    chosen = _chosen(first, candidates, max_sentences)
    if kind == "yesno":
        chosen = _verdict(question, read, first) + chosen

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
