"""Quote-only fallback (#14, guard5): a supported sentence that does not follow one passage sentence
in order is shown as that passage sentence, quoted, with a warning.

The error class (held-out 3: the right words of one passage sentence recombined into a claim it does
not make) is reproduced with text written for these tests, never the held-out pages.
"""

from __future__ import annotations

from sudia.answer.alignment import PassageAlignment, QuoteThresholds, common_in_order
from sudia.answer.guard import AnswerGuard
from sudia.types import Chunk, Hit


def hit(text: str, title: str = "Document") -> Hit:
    return Hit(Chunk(title[:8], title, "c", 0, text, document_title=title), 1.0)


CLASSEMENT = hit("Au classement des départements les plus boisés, le Var arrive en tête, devant les "
                 "Alpes-de-Haute-Provence, puis les Hautes-Alpes. Les Bouches-du-Rhône ferment la marche.",
                 "Forêts de la région")


def test_common_terms_are_counted_in_order():
    assert common_in_order(["a", "b", "c"], ["a", "b", "c"]) == 3
    assert common_in_order(["c", "b", "a"], ["a", "b", "c"]) == 1
    assert common_in_order(["a", "x", "c"], ["a", "b", "c"]) == 2
    assert common_in_order([], ["a"]) == 0


def test_a_copied_sentence_aligns_fully_and_a_reordered_one_does_not():
    alignment = PassageAlignment([CLASSEMENT.chunk.text])
    copied = alignment.closest("Le Var arrive en tête, devant les Alpes-de-Haute-Provence, puis les Hautes-Alpes.", (1,))
    assert copied.score == 1.0 and copied.passage == 1
    swapped = alignment.closest("Les Hautes-Alpes arrivent en tête, devant les Alpes-de-Haute-Provence, puis le Var.",
                                (1,))
    assert swapped.score < 0.8 and swapped.sentence.startswith("Au classement")


def test_yes_or_no_in_front_is_not_asked_of_the_passage():
    alignment = PassageAlignment(["Les calculatrices ne sont pas fournies par la Région."])
    assert alignment.closest("Non, les calculatrices ne sont pas fournies par la Région.", (1,)).score == 1.0


def test_the_guard_quotes_the_passage_sentence_a_reordered_claim_comes_from():
    review = AnswerGuard("Quel département est le plus boisé ?", [CLASSEMENT]).review(
        "Les Hautes-Alpes arrivent en tête, devant les Alpes-de-Haute-Provence, puis le Var [1].")
    assert review.problem is None
    assert review.text.startswith("« Au classement des départements les plus boisés, le Var arrive en tête")
    assert review.text.endswith("» [1].")
    assert any(w.startswith("Phrase générée remplacée par la phrase de l'extrait 1") for w in review.warnings)


def test_a_copied_answer_is_shown_as_written():
    text = "Le Var arrive en tête, devant les Alpes-de-Haute-Provence [1]."
    review = AnswerGuard("Quel département est le plus boisé ?", [CLASSEMENT]).review(text)
    assert review.text == text and not review.warnings


def test_quote_only_can_be_turned_off():
    text = "Les Hautes-Alpes arrivent en tête, devant les Alpes-de-Haute-Provence, puis le Var [1]."
    review = AnswerGuard("Quel département est le plus boisé ?", [CLASSEMENT],
                         quotes=QuoteThresholds(enabled=False)).review(text)
    assert not review.text.startswith("«")


def test_one_passage_sentence_is_quoted_once():
    passage = hit("Le Var arrive en tête devant les Hautes-Alpes et les Alpes-Maritimes pour la surface boisée.")
    review = AnswerGuard("Quel département est le plus boisé ?", [passage]).review(
        "Les Alpes-Maritimes arrivent devant le Var pour la surface boisée [1]. "
        "Les Hautes-Alpes arrivent devant le Var pour la surface boisée [1].")
    assert review.text.count("«") == 1


def test_a_figure_left_out_of_the_claim_is_quoted():
    # « 1/3 des émissions … proviennent du transport » said as « les émissions proviennent du transport ».
    passage = hit("Un tiers, soit 1/3 des émissions de gaz à effet de serre proviennent du transport routier.",
                  "Climat et transports")
    alignment = PassageAlignment([passage.chunk.text])
    assert alignment.closest("Les émissions de gaz à effet de serre proviennent du transport routier.", (1,)).dropped
    assert alignment.closest("1/3 des émissions de gaz à effet de serre proviennent du transport routier.",
                             (1,)).dropped is None
    review = AnswerGuard("D'où viennent les émissions ?", [passage]).review(
        "Les émissions de gaz à effet de serre proviennent du transport routier [1].")
    assert review.text.startswith("« Un tiers, soit 1/3 des émissions")
    assert any("omet le nombre" in w for w in review.warnings)


def test_a_quoted_table_row_reads_with_its_header():
    # A quoted row came out as bare cells, « Vélo cargo | 300 € | 40 % du prix »; extractive answers
    # show a row with its header, and so does the quote that replaces a generated sentence.
    table = hit("Montants de l'aide à l'achat d'un vélo.\n\nVéhicule | Montant | Plafond\n"
                "Vélo à assistance électrique | 100 € | 25 % du prix\nVélo cargo | 300 € | 40 % du prix\n", "Aide vélo")
    review = AnswerGuard("Combien pour un vélo cargo ?", [table]).review(
        "Pour un vélo cargo, le plafond est de 40 % du prix et le montant 300 € [1].")
    assert review.text == "« Vélo cargo — Montant : 300 € ; Plafond : 40 % du prix » [1]."
