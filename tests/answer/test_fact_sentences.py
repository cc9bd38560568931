"""The first sentence of an extractive answer carries the asked fact (issue #8, point 4)."""

from __future__ import annotations

import pytest

from sudia.answer.asked import asked_kind, fact_strength
from sudia.answer.extractive import extract_answer
from sudia.answer.units import passage_units
from sudia.types import Chunk, Hit


def hits(*texts: str, title: str = "Transports scolaires") -> list[Hit]:
    return [Hit(Chunk(f"d-{i}", "d", "c", i, t, document_title=title, document_source="t.pdf"),
                1.0 / (i + 1), dense_score=0.9) for i, t in enumerate(texts)]


def first_sentence(text: str) -> str:
    return text.split(" [", 1)[0]


@pytest.mark.parametrize("question, kind", [
    ("Jusqu'à quand peut-on demander la carte de transport scolaire ?", "date"),
    ("Jusqu’à quelle date s'inscrire ?", "date"),
    ("Combien coûte l'abonnement ?", "amount"),
    ("Quel est le montant de l'aide pour un vélo ?", "amount"),
    ("Qui instruit les demandes de bourse ?", "who"),
    ("Où déposer le dossier ?", "where"),
    ("Peut-on cumuler les deux aides ?", "yesno"),
    ("Comment faire une demande ?", None),
])
def test_the_kind_of_fact_asked_is_recognised(question, kind):
    assert asked_kind(question) == kind


def test_a_deadline_question_is_answered_by_the_sentence_with_the_date():
    passage = ("La carte de transport scolaire permet de voyager gratuitement sur le réseau régional. "
               "Les demandes de carte de transport scolaire sont ouvertes à tous les élèves. "
               "Elles doivent être faites au plus tard le 15 juillet 2026 sur le site de la Région.")
    text, citations = extract_answer("Jusqu'à quand peut-on demander la carte de transport scolaire ?", hits(passage))
    assert "15 juillet 2026" in first_sentence(text)
    assert citations[0].quote.startswith("Elles doivent")


def test_an_amount_question_is_answered_by_the_sentence_with_the_amount():
    passage = ("L'aide à l'achat d'un vélo est versée par la Région aux habitants majeurs. "
               "Son montant est de 100 euros pour un vélo classique. "
               "L'aide à l'achat d'un vélo se demande en ligne après l'achat du vélo.")
    text, _ = extract_answer("Combien verse la Région pour l'aide à l'achat d'un vélo ?", hits(passage))
    assert "100 euros" in first_sentence(text)


def test_a_combien_de_question_wants_its_unit():
    passage = ("Le stage de découverte dure 5 jours en entreprise. Il coûte 30 euros par élève.")
    text, _ = extract_answer("Combien de jours dure le stage de découverte ?", hits(passage))
    assert "5 jours" in first_sentence(text)


def test_a_table_row_is_shown_with_its_header_and_cited_verbatim():
    passage = "Équipement | Montant de l'aide\nVélo classique | 50 €\nVélo à assistance électrique | 100 €"
    text, citations = extract_answer("Quel montant pour un vélo à assistance électrique ?", hits(passage))
    assert first_sentence(text) == "Vélo à assistance électrique : 100 €"
    assert citations[0].quote == "Vélo à assistance électrique | 100 €"


def test_a_row_of_a_wide_table_names_its_columns():
    units = passage_units("Ligne | Tarif | Durée\nCarte jeune | 15 € | 1 an")
    assert [u.shown for u in units] == ["Carte jeune — Tarif : 15 € ; Durée : 1 an"]
    assert units[0].context == "Ligne Tarif Durée"


def test_list_items_are_whole_and_never_start_with_their_number():
    passage = ("Pièces à fournir :\n1. Une copie de la pièce d'identité du demandeur.\n"
               "2. Un justificatif de domicile de moins de trois mois. Il peut être une facture.")
    text, citations = extract_answer("Quel justificatif de domicile fournir ?", hits(passage))
    assert first_sentence(text) == "Un justificatif de domicile de moins de trois mois. Il peut être une facture."
    assert citations[0].quote.startswith("2. Un justificatif")


def test_a_list_number_cut_from_its_item_is_not_shown_alone():
    units = passage_units("Les étapes sont simples. 2. Envoyez le dossier complet à la Région.")
    assert [u.shown for u in units] == ["Les étapes sont simples.", "Envoyez le dossier complet à la Région."]
    assert units[1].quote == "2. Envoyez le dossier complet à la Région."


def test_a_who_question_prefers_the_organisation():
    passage = ("Les bourses régionales aident les étudiants en formation sanitaire et sociale. "
               "Les demandes de bourse sont instruites par le service des formations de la Région.")
    text, _ = extract_answer("Qui instruit les demandes de bourse ?", hits(passage))
    assert "service des formations" in first_sentence(text)


def test_a_duration_in_words_answers_combien_de_temps():
    passage = ("Le chèque permis est instruit par le service jeunesse de la Région. "
               "La réponse est envoyée dans un délai de six semaines après réception du dossier complet.")
    text, _ = extract_answer("Combien de temps faut-il attendre une réponse pour le chèque permis ?", hits(passage))
    assert "six semaines" in first_sentence(text)


def test_a_phone_question_is_answered_by_the_number():
    passage = ("L'Espace Jeunes accueille les jeunes du lundi au vendredi. "
               "On peut joindre l'Espace Jeunes au 04 00 10 20 30 ou par courriel.")
    assert asked_kind("Quel est le numéro de téléphone de l'Espace Jeunes ?") == "contact"
    text, _ = extract_answer("Quel est le numéro de téléphone de l'Espace Jeunes ?", hits(passage))
    assert "04 00 10 20 30" in first_sentence(text)


@pytest.mark.parametrize("question, kind", [
    ("Comment supprimer mon numéro de téléphone des listes de démarchage ?", None),
    ("À quel numéro appeler Allo Région ?", "contact"),
    ("Comment joindre l'Espace Jeunes ?", "contact"),
])
def test_a_question_about_a_number_is_not_a_question_asking_for_it(question, kind):
    assert asked_kind(question) == kind


def test_a_yes_no_question_is_answered_by_the_sentence_that_shares_its_words():
    """Dev regression: a weak yes/no hint (« pouvez ») must not beat the sentence that answers."""
    passage = ("Vous avez le droit de connaître les informations que les organismes détiennent sur vous. "
               "Dans la plupart des cas, vous pouvez demander directement ces informations aux organismes.")
    text, _ = extract_answer("Ai-je le droit de connaître les informations détenues sur moi ?", hits(passage))
    assert first_sentence(text).startswith("Vous avez le droit de connaître")


def test_a_deadline_in_the_fourth_passage_answers_when_the_first_three_hold_no_sure_date():
    # The demo's own example: three passages of the guide share more of the question's words than
    # the one with the deadline, and only one of them names a month (« en mai »), not a date.
    first = ("Le renouvellement de la carte de transport scolaire n'est pas automatique : "
             "la famille reçoit un courriel de rappel en mai.")
    second = "En cas de garde alternée, chaque parent peut demander une carte de transport scolaire."
    third = "Pour demander la carte, créer un compte famille sur le portail avec une adresse électronique."
    fourth = "La demande de carte doit être déposée avant le 15 juillet 2026 pour la recevoir avant la rentrée."
    text, _ = extract_answer("Jusqu'à quand peut-on demander la carte de transport scolaire ?",
                             hits(first, second, third, fourth))
    assert "15 juillet 2026" in first_sentence(text)


def test_a_sure_fact_in_the_first_passage_answers_before_one_in_the_fourth():
    first = "La carte de transport scolaire se demande avant le 15 juillet 2026 sur le portail."
    others = ["Le portail des transports scolaires est ouvert à toutes les familles de la région."] * 2
    late = "Une carte de transport scolaire perdue se redemande avant le 30 septembre 2026."
    text, _ = extract_answer("Jusqu'à quand peut-on demander la carte de transport scolaire ?",
                             hits(first, *others, late))
    assert "15 juillet 2026" in first_sentence(text)


@pytest.mark.parametrize("question, kind", [
    ("Qu'est-ce qu'une aide régionale ?", "define"),
    ("C'est quoi le Pass Jeunes ?", "define"),
    ("Qu'est-ce qu'on appelle le quotient familial ?", "define"),
    ("Qu'est-ce que je dois fournir ?", None),
    ("Sur quelle distance faut-il débroussailler ?", "amount"),
    ("Le lycéen garde-t-il son ordinateur ?", "yesno"),
    ("Les apprentis doivent-ils payer la carte ?", "yesno"),
    ("On me demande ma carte d'identité, c'est normal ?", "yesno"),
    ("Comment l'école peut-elle utiliser ces photos ?", None),
])
def test_more_kinds_of_questions_are_recognised(question, kind):
    assert asked_kind(question) == kind


def test_a_definition_question_is_answered_by_the_sentence_that_defines():
    passage = ("Les informations sur le quotient familial sont transmises par la caisse chaque année. "
               "C'est le revenu du foyer divisé par le nombre de parts du foyer. "
               "Le quotient familial sert à calculer le tarif de la cantine.")
    text, _ = extract_answer("Qu'est-ce que le quotient familial ?", hits(passage))
    assert first_sentence(text).startswith("C'est le revenu du foyer")


def test_a_distance_question_wants_a_length_not_an_area():
    passage = ("La commune compte 3 000 ha de forêt. "
               "Le débroussaillement se fait sur une profondeur de 50 mètres autour de la maison.")
    text, _ = extract_answer("Sur quelle distance débroussailler autour de la maison ?", hits(passage))
    assert "50 mètres" in first_sentence(text)


def test_a_short_sentence_with_the_amount_is_not_dropped():
    passage = ("Le chèque permis aide les apprentis à financer le permis de conduire. L'aide est de 600 euros. "
               "Le chèque permis se demande avant l'examen.")
    text, _ = extract_answer("Combien donne le chèque permis ?", hits(passage))
    assert first_sentence(text) == "L'aide est de 600 euros."


NIR = "Numéro de sécurité sociale des élèves : une mairie peut-elle le demander ?"
NIR_PASSAGE = ("Non.\nLes communes ne doivent pas enregistrer le numéro de sécurité sociale des élèves "
               "lors de l'inscription scolaire.")


def test_a_yes_no_answer_opens_with_the_verdict_that_the_passage_gives():
    text, citations = extract_answer("Une mairie peut-elle demander le numéro de sécurité sociale d'un élève ?",
                                     hits(NIR_PASSAGE, title=NIR))
    assert text.startswith("Non. [1] Les communes ne doivent pas")
    assert citations[0].quote == "Non."


def test_no_verdict_for_a_negative_question_or_a_passage_about_another_question():
    negative = extract_answer("Est-il interdit de demander le numéro de sécurité sociale d'un élève ?",
                              hits(NIR_PASSAGE, title=NIR))[0]
    other = extract_answer("Une école peut-elle installer des caméras dans la cour ?", hits(NIR_PASSAGE, title=NIR))[0]
    untitled = extract_answer("Une mairie peut-elle demander le numéro de sécurité sociale d'un élève ?",
                              hits(NIR_PASSAGE, title="Guide des familles"))[0]
    assert not any(t.startswith("Non.") for t in (negative, other, untitled))


def test_questions_headings_and_repeats_are_not_quoted():
    page = ("Fiche 5 — Le Parcours Santé\nQui peut en bénéficier ?\n"
            "Le Parcours Santé prend en charge un bilan dentaire pour les jeunes de 15 à 25 ans.")
    text, _ = extract_answer("Qui peut bénéficier du Parcours Santé ?", hits(page, page))
    assert "Fiche 5" not in text and "?" not in text
    assert text.count("bilan dentaire") == 1


def test_a_price_question_wants_euros_not_an_age():
    passage = ("L'abonnement Études permet de voyager sans limite. Il est réservé aux étudiants de moins de 28 ans.\n"
               "Formule | Prix | Validité\nMensuelle | 18 euros | Un mois\nAnnuelle | 150 euros | Douze mois")
    text, _ = extract_answer("Combien coûte l'abonnement annuel Études ?", hits(passage))
    assert first_sentence(text) == "Annuelle — Prix : 150 euros ; Validité : Douze mois"


def test_a_step_number_without_its_dot_does_not_start_an_answer():
    units = passage_units("1 Faire établir un devis. 2 Déposer la demande avant le 30 avril.\n12 000 euros sont versés.")
    assert [u.shown for u in units] == ["Faire établir un devis.", "Déposer la demande avant le 30 avril.",
                                       "12 000 euros sont versés."]
    assert units[1].quote == "2 Déposer la demande avant le 30 avril."


@pytest.mark.parametrize("question, kind", [
    ("Quel budget la Région a-t-elle voté pour la culture ?", "amount"),
    ("Quelle réduction donne la carte ?", "amount"),
    ("Quels revenus faut-il avoir pour le chèque ?", "amount"),
    ("Quel est l'âge limite pour l'aide ?", "amount"),
    ("Jusqu'à quel âge peut-on obtenir le chéquier ?", "amount"),
    ("Quels jours et à quelles heures répond la permanence ?", "date"),
])
def test_a_quantity_named_by_what_it_measures_is_an_amount(question, kind):
    assert asked_kind(question) == kind


@pytest.mark.parametrize("kind, sentence, question", [
    ("amount", "Le musée a coûté 7,5 millions d'€ à la commune.", "Combien la commune a-t-elle mis ?"),
    ("amount", "La durée de remboursement est fixée à 3 ans.", "Sur combien de temps rembourse-t-on le prêt ?"),
    ("date", "La banque le fait au plus tard le deuxième jour ouvré.", "Dans quel délai la banque doit-elle agir ?"),
    ("date", "8 jours.", "Sous quel délai dois-je l'avoir ?"),
    ("contact", "Appelez le 0800 123 456, numéro gratuit.", "Quel numéro appeler ?"),
])
def test_the_fact_is_sure_in_these_shapes(kind, sentence, question):
    assert fact_strength(kind, sentence, question) == 1.0


def test_a_long_statement_ending_with_a_question_mark_may_answer_when_it_holds_the_fact():
    text = ("Le club a remarqué que 1 200 coureurs prennent le départ du trail chaque printemps "
            "et que la moitié seulement franchit l'arrivée ?")
    answer, _ = extract_answer("Combien de coureurs prennent le départ du trail ?", hits(text))
    assert "1 200 coureurs" in answer


def test_a_magnitude_may_stand_between_the_figure_and_the_counted_unit():
    sentence = "Le camping a compté 1,2 million de nuitées."
    assert fact_strength("amount", sentence, "Combien de nuitées les touristes passent-ils ?") == 1.0
