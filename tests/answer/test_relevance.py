"""The relevance gate: a passage may answer when its similarity is high, or fairly high with the words."""

from __future__ import annotations

import pytest

from sudia.answer.relevance import RelevanceGate
from sudia.settings import Settings
from sudia.types import Chunk, Hit

QUESTION = "Quel est le montant de l'aide au permis de conduire ?"  # terms: montant, aide, permis, conduire


def hit(text: str, dense: float | None, title: str = "Fiche") -> Hit:
    return Hit(Chunk("d-0", "d", "c", 0, text, document_title=title), 0.01, dense_score=dense)


def test_the_settings_default_is_the_gate_default():
    gate = RelevanceGate()
    assert Settings.model_fields["min_dense_score"].default == gate.min_dense
    assert Settings.model_fields["min_dense_with_words"].default == gate.min_dense_with_words
    assert Settings.model_fields["min_word_coverage"].default == gate.min_word_coverage


def test_coverage_counts_question_terms_found_in_title_section_and_text():
    gate = RelevanceGate()
    assert gate.coverage(QUESTION, hit("L'aide au permis s'élève à 500 euros.", 0.9)) == pytest.approx(2 / 4)
    assert gate.coverage(QUESTION, hit("Montant : 500 euros.", 0.9, title="Aide au permis de conduire")) == 1.0
    assert gate.coverage("le la les", hit("texte", 0.9)) == 0.0


@pytest.mark.parametrize(("text", "dense", "relevant"), [
    ("Un passage sans les mots de la question.", 0.95, True),        # very similar: enough alone
    ("Un passage sans les mots de la question.", 0.87, False),       # fairly similar, no shared words
    ("L'aide au permis de conduire s'élève à 500 euros.", 0.85, True),  # fairly similar and 3 words in 4
    ("L'aide au permis s'élève à 500 euros.", 0.85, False),          # half the words: not enough (dev curve)
    ("L'aide au permis de conduire s'élève à 500 euros.", 0.80, False),  # the words alone are not enough
    ("L'aide au vélo s'élève à 400 euros.", 0.87, False),            # one word in four
])
def test_dense_similarity_and_shared_words(text, dense, relevant):
    assert RelevanceGate().is_relevant(QUESTION, hit(text, dense)) is relevant


def test_without_dense_scores_most_words_must_be_found():
    gate = RelevanceGate()
    assert gate.is_relevant(QUESTION, hit("Le montant de l'aide au permis de conduire est de 500 euros.", None))
    assert not gate.is_relevant(QUESTION, hit("L'aide au permis B.", None))


def test_keep_filters_and_keeps_the_order():
    gate = RelevanceGate()
    hits = [hit("a", 0.95), hit("b", 0.5), hit("c", 0.9)]
    assert gate.keep(QUESTION, hits) == [hits[0], hits[2]]
    assert RelevanceGate(min_dense=0.99).keep(QUESTION, hits) == []
