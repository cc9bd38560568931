"""Extractive answers are made only of sentences copied from the passages, each with its citation."""

from __future__ import annotations

import re

import pytest

from sudia.answer.extractive import extract_answer
from sudia.types import Chunk, Hit

PASSAGES = [
    "Restauration — Tarifs\nCatégorie | Prix\nRepas élève demi-pensionnaire | 3,20 euros\n"
    "Les familles dont le quotient familial est inférieur à 500 euros paient 1 euro le repas.",
    "Le fonds social lycéen peut prendre en charge les frais de restauration des élèves en difficulté. "
    "La demande est faite auprès de l'assistante sociale.",
    "Au moins 50 %  de produits durables,\tdont 25 % de produits biologiques, sont servis. M. le proviseur veille "
    "au respect de l'art. 3 du règlement.",
    "Le plan Zéro gaspi réduit les déchets alimentaires de moitié d'ici 2026.",
]


def hits(texts: list[str]) -> list[Hit]:
    return [
        Hit(Chunk(f"d-{i}", "d", "c", i, text, page=i + 1, section="Cantine", document_title="Cantine",
                  document_source="cantine.md"), 1.0 / (i + 1), dense_score=0.9)
        for i, text in enumerate(texts)
    ]


@pytest.mark.parametrize("question", [
    "Quel est le prix du repas à la cantine ?",
    "Qui paie 1 euro le repas ?",
    "Comment demander une aide du fonds social ?",
    "Combien de produits biologiques ?",
    "Que fait le proviseur ?",
    "Question sans aucun rapport avec les passages",
])
def test_the_answer_contains_nothing_but_text_of_the_passages(question):
    found = hits(PASSAGES)
    text, citations = extract_answer(question, found)
    assert citations
    pieces = [p.strip() for p in re.split(r"\s*\[\d+\]\s*", text) if p.strip()]
    # A table row « a | b » reads « a : b »; the words are the passage's, in its order.
    assert [re.sub(r"[|:]", " ", p).split() for p in pieces] == [re.sub(r"[|:]", " ", c.quote).split() for c in citations]
    for citation in citations:
        passage = next(h.chunk.text for h in found if h.chunk.id == citation.chunk_id)
        assert citation.quote in passage  # verbatim, whitespace included


def test_the_best_matching_sentences_are_chosen_and_numbered_by_passage():
    found = hits(PASSAGES)
    text, citations = extract_answer("Les familles au quotient familial faible paient combien le repas ?", found)
    assert "Les familles dont le quotient familial est inférieur à 500 euros paient 1 euro le repas. [1]" in text
    assert len(citations) <= 3
    numbers = {}
    for c in citations:
        numbers.setdefault(c.chunk_id, c.number)
        assert numbers[c.chunk_id] == c.number  # one number per passage
    assert sorted(set(numbers.values())) == list(range(1, len(numbers) + 1))
    assert [c.number for c in citations] == sorted(c.number for c in citations)  # reading order
    first = citations[0]
    assert (first.document, first.source, first.page, first.section) == ("Cantine", "cantine.md", 1, "Cantine")


def test_table_rows_are_not_glued_to_the_next_sentence():
    _, citations = extract_answer("prix du repas élève demi-pensionnaire", hits(PASSAGES[:1]))
    assert all("\n" not in c.quote for c in citations)
    assert "Repas élève demi-pensionnaire | 3,20 euros" in [c.quote for c in citations]


def test_only_the_five_passages_read_are_quoted():
    extra = ["Le restaurant scolaire ouvre à midi.", "Les déchets alimentaires sont pesés chaque semaine."]
    _, citations = extract_answer("déchets alimentaires", hits(PASSAGES + extra))
    assert citations and {c.chunk_id for c in citations} <= {f"d-{i}" for i in range(5)}


def test_short_passages_are_quoted_whole():
    found = hits(["Gratuit.", "Oui."])
    text, citations = extract_answer("Le transport est-il gratuit ?", found)
    assert text == "Gratuit. [1]" and citations[0].quote == "Gratuit."


def test_no_passage_no_answer():
    assert extract_answer("Une question ?", []) == ("", [])
