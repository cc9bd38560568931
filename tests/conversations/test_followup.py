"""Follow-up questions made to stand alone by the offline rules, on the phrasings agents use."""

from __future__ import annotations

import pytest

from sudia.conversations.followup import standalone, subject_of
from sudia.conversations.followup_llm import clean

PASS_AGE = "À quel âge peut-on avoir le Pass Jeunes Sud ?"
PASS_PRICE = "Combien coûte le Pass Jeunes Sud pour les lycéens ?"
CARD = "Jusqu'à quand peut-on demander la carte de transport scolaire ?"
LICENCE = "Quel est le montant de l'aide au permis de conduire ?"
HOURS = "Quels sont les horaires d'Allo Région ?"
BIKE = "Quelle aide pour un vélo électrique ?"


@pytest.mark.parametrize("previous, question, expected", [
    # a fragment completes the previous question
    (PASS_AGE, "Et pour les moins de 15 ans ?", "À quel âge peut-on avoir le Pass Jeunes Sud pour les moins de 15 ans ?"),
    (PASS_PRICE, "Et pour les apprentis ?", "Combien coûte le Pass Jeunes Sud pour les apprentis ?"),
    (PASS_PRICE, "Qu'en est-il des apprentis ?", "Combien coûte le Pass Jeunes Sud pour les apprentis ?"),
    (PASS_PRICE, "Même question pour les étudiants", "Combien coûte le Pass Jeunes Sud pour les étudiants ?"),
    (LICENCE, "Les apprentis ?", "Quel est le montant de l'aide au permis de conduire pour les apprentis ?"),
    (LICENCE, "Et en 2025 ?", "Quel est le montant de l'aide au permis de conduire en 2025 ?"),
    (CARD, "Et si je suis apprenti ?",
     "Jusqu'à quand peut-on demander la carte de transport scolaire si je suis apprenti ?"),
    (HOURS, "Et le samedi ?", "Quels sont les horaires d'Allo Région le samedi ?"),
    (BIKE, "Et pour les apprentis ?", "Quelle aide pour un vélo électrique pour les apprentis ?"),  # not replaced
    (HOURS, "Et les jours fériés ?", "Quels sont les horaires d'Allo Région les jours fériés ?"),
    # a noun phrase naming another thing: the same question about it
    ("Combien coûte le permis B ?", "Et le permis moto ?", "Combien coûte le permis moto ?"),
    ("Qui peut avoir le Pass Jeunes Sud ?", "Et la bourse au mérite ?", "Qui peut avoir la bourse au mérite ?"),
    (LICENCE, "Et l'aide au vélo ?", "Quel est le montant de l'aide au vélo ?"),
    ("Quel est le prix du Pass Jeunes ?", "Et la carte scolaire ?", "Quel est le prix de la carte scolaire ?"),
    ("Quel est le prix du Pass Jeunes ?", "Et le permis moto ?", "Quel est le prix du permis moto ?"),
    ("Combien coûte la carte de transport scolaire ?", "Et le Pass Jeunes ?", "Combien coûte le Pass Jeunes ?"),
    # a question about the same subject gets the subject
    (PASS_PRICE, "Qui peut en bénéficier ?", "Qui peut en bénéficier (Pass Jeunes Sud pour les lycéens) ?"),
    (PASS_AGE, "Combien ça coûte ?", "Combien ça coûte (Pass Jeunes Sud) ?"),
    (PASS_AGE, "Et le montant ?", "Le montant (Pass Jeunes Sud) ?"),
    (PASS_AGE, "Est-elle gratuite ?", "Est-elle gratuite (Pass Jeunes Sud) ?"),
    (PASS_AGE, "Comment faire la demande ?", "Comment faire la demande (Pass Jeunes Sud) ?"),
    (CARD, "Où la retirer ?", "Où la retirer (carte de transport scolaire) ?"),
    (CARD, "Faut-il un justificatif ?", "Faut-il un justificatif (carte de transport scolaire) ?"),
    (LICENCE, "Jusqu'à quand ?", "Jusqu'à quand (aide au permis de conduire) ?"),
    (HOURS, "Merci, et le numéro de téléphone ?", "Le numéro de téléphone (Allo Région) ?"),
    (BIKE, "Elle est cumulable avec le Pass Jeunes ?",
     "Elle est cumulable avec le Pass Jeunes (aide pour un vélo électrique) ?"),
])
def test_follow_ups_are_made_to_stand_alone(previous: str, question: str, expected: str) -> None:
    rewrite = standalone(question, [previous])
    assert rewrite.rewritten
    assert rewrite.query == expected


@pytest.mark.parametrize("previous, question", [
    (PASS_AGE, HOURS),  # a new subject
    (PASS_AGE, "Y a-t-il une aide pour les trottinettes ?"),
    (PASS_AGE, "Je voudrais connaître les aides pour acheter un vélo électrique"),
    (CARD, "Faut-il un justificatif de domicile pour le Pass Jeunes Sud ?"),
])
def test_questions_with_their_own_subject_are_left_alone(previous: str, question: str) -> None:
    rewrite = standalone(question, [previous])
    assert not rewrite.rewritten and rewrite.query == question


def test_an_opening_and_is_dropped_from_a_new_question() -> None:
    rewrite = standalone("Et combien coûte la carte de transport scolaire ?", [PASS_AGE])
    assert rewrite.query == "Combien coûte la carte de transport scolaire ?" and not rewrite.rewritten


def test_the_first_question_and_empty_history_are_alone() -> None:
    assert standalone("Et pour les moins de 15 ans ?", []).query == "Et pour les moins de 15 ans ?"
    assert not standalone("Combien ?", []).rewritten


def test_a_chain_of_follow_ups_keeps_the_subject() -> None:
    history = [PASS_AGE]
    for question in ("Qui peut en bénéficier ?", "Et pour les apprentis ?", "Combien ça coûte ?"):
        history.append(standalone(question, history).query)
    assert all("Pass Jeunes Sud" in q for q in history)
    assert history[2] == "Qui peut en bénéficier (Pass Jeunes Sud) pour les apprentis ?"
    assert history[3] == "Combien ça coûte (Pass Jeunes Sud pour les apprentis) ?"


def test_the_rewritten_query_is_bounded() -> None:
    rewrite = standalone("Et pour les apprentis ?", ["Combien coûte " + "le Pass Jeunes Sud " * 60 + "?"])
    assert len(rewrite.query) <= 600


@pytest.mark.parametrize("question, subject", [
    (CARD, "carte de transport scolaire"),
    ("Combien coûte le Pass Jeunes Sud ?", "Pass Jeunes Sud"),
    (LICENCE, "aide au permis de conduire"),
    (HOURS, "Allo Région"),
    ("Comment obtenir une aide pour un vélo électrique ?", "aide pour un vélo électrique"),
    (BIKE, "aide pour un vélo électrique"),
    ("Pass Jeunes Sud", "Pass Jeunes Sud"),
    ("Qui peut en bénéficier (Pass Jeunes Sud) ?", "Pass Jeunes Sud"),
])
def test_subject_of_a_question(question: str, subject: str) -> None:
    assert subject_of(question) == subject


@pytest.mark.parametrize("reply, expected", [
    ("Quel est le prix du Pass Jeunes Sud pour les moins de 15 ans ?", "Quel est le prix du Pass Jeunes Sud pour les moins de 15 ans ?"),
    ("Question reformulée : « Qui peut avoir le Pass ? »\n\nExplication : ...", "Qui peut avoir le Pass ?"),
    ("", ""),
    ("Voir https://exemple.fr [1]", ""),
    ("x" * 700, ""),
])
def test_model_replies_are_cleaned_or_set_aside(reply: str, expected: str) -> None:
    assert clean(reply) == expected
