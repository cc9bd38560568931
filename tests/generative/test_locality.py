"""Local support (#14, guard4): one place of one passage must state a generated sentence.

Each error class the real 1.5B model made on held-out 2, reproduced with text written for these
tests (never the held-out pages): every word and figure of the sentence is in the cited passage,
but not together, or in another role.
"""

from __future__ import annotations

from sudia.answer.guard import AnswerGuard
from sudia.answer.locality import counts, qualified, windows
from sudia.answer.support import SupportCheck
from sudia.types import Chunk, Hit


def hit(text: str, title: str = "Document", section: str = "") -> Hit:
    return Hit(Chunk(title[:8], title, "c", 0, text, section=section, document_title=title), 1.0)


CONCOURS = hit("Le concours régional des jeunes inventeurs a réuni 450 candidats cette année. "
               "À l'issue des sélections départementales, 40 finalistes ont présenté leur projet à Marseille.",
               "Concours des jeunes inventeurs")


def test_windows_are_sentences_pairs_and_lists():
    found = [w.text for w in windows("Titre.\nUne phrase. Une autre.\nLes pièces :\n- une photo\n- un RIB")]
    assert "Une phrase." in found and "Une phrase.\nUne autre." in found
    assert "Les pièces :\n- une photo\n- un RIB" in found
    assert "Titre.\nUne phrase.\nUne autre." not in found  # two sentences at most


def test_a_count_is_read_with_what_it_counts():
    assert counts("Il y a eu 40 finalistes, sur 450 candidats inscrits.") == [(40, ("final",)),
                                                                                (450, ("candidat", "inscrit"))]
    assert counts("L'aide s'élève à 500 euros le 12 mai 2024.") == []  # amounts, dates, years have a unit
    assert counts("Permanence de 13h30 à 17h30 au numéro indiqué.") == []  # times


def test_a_count_given_to_another_noun_is_not_supported():
    # The finalists given as the entrants: both numbers and both nouns are in the passage.
    check = SupportCheck("Combien de jeunes ont participé au concours ?", [CONCOURS])
    wrong = check.verdict("Le concours des jeunes inventeurs a réuni 40 candidats [1].", (1,))
    assert not wrong.supported and "40" in wrong.reason
    right = check.verdict("Le concours des jeunes inventeurs a réuni 450 candidats [1].", (1,))
    assert right.supported, right


def test_a_count_with_another_qualifier_is_not_supported():
    parcs = hit("La région compte 9 parcs naturels régionaux. Elle accueille aussi 4 parcs nationaux.", "Parcs")
    check = SupportCheck("Combien de parcs naturels régionaux ?", [parcs])
    assert not check.verdict("La région compte 4 parcs naturels régionaux [1].", (1,)).supported
    assert check.verdict("La région compte 9 parcs naturels régionaux [1].", (1,)).supported


def test_a_price_word_must_qualify_the_same_thing():
    # A free card read as free tickets.
    carte = hit("La carte Zou Études est gratuite et donne droit à 90 % de réduction sur les billets de train.",
                "Carte Zou Études")
    assert qualified("Les billets de train sont gratuits avec la carte.") == [("gratuit", frozenset({"billet", "train"}))]
    check = SupportCheck("Les billets de train sont-ils gratuits pour les étudiants ?", [carte])
    wrong = check.verdict("Avec la carte Zou Études, les billets de train sont gratuits [1].", (1,))
    assert not wrong.supported and "gratuit" in wrong.reason
    assert check.verdict("La carte Zou Études est gratuite [1].", (1,)).supported
    assert check.verdict("Elle donne droit à 90 % de réduction sur les billets de train [1].", (1,)).supported


def test_a_price_word_said_through_a_pronoun_is_found():
    card = hit("Le Pass Culture Sud est une carte réservée aux lycéens. Elle donne accès à 50 euros de livres. "
               "Elle est gratuite.", "Pass Culture Sud")
    check = SupportCheck("Combien coûte le Pass Culture Sud ?", [card])
    assert check.verdict("Le Pass Culture Sud est gratuit [1].", (1,)).supported


def test_a_year_from_the_date_line_is_not_stated_by_the_sentence_that_gives_the_day():
    article = hit("Publié le 3 février 2025\nLa Région a présenté son plan pour les lycées. Les travaux du lycée "
                  "Pasteur commenceront en septembre, après deux ans d'études. Le chantier durera 18 mois.\n"
                  "Le nouveau réfectoire ouvrira le 4 mars.", "Lycée Pasteur")
    check = SupportCheck("Quand ouvrira le réfectoire du lycée Pasteur ?", [article])
    wrong = check.verdict("Le réfectoire du lycée Pasteur ouvrira le 4 mars 2025 [1].", (1,))
    assert not wrong.supported and "2025" in wrong.reason
    assert check.verdict("Le réfectoire du lycée Pasteur ouvrira le 4 mars [1].", (1,)).supported


def test_words_scattered_over_a_passage_do_not_state_a_sentence():
    # Costs the aid excludes said to be covered: each word is somewhere, the statement nowhere.
    aide = hit("L'aide couvre les frais d'inscription au BAFA. Le stage se déroule sur huit jours en internat. "
               "Les repas pris pendant les sorties sont organisés par le centre. Le transport jusqu'au centre "
               "reste à la charge de la famille.", "Colonies de vacances")
    check = SupportCheck("Que couvre l'aide ?", [aide])
    wrong = check.verdict("L'aide au BAFA couvre le transport et les repas des sorties [1].", (1,))
    assert not wrong.supported and "dispersés" in wrong.reason
    assert check.verdict("L'aide au BAFA couvre les frais d'inscription [1].", (1,)).supported


def test_a_date_given_to_two_aids_when_the_passage_dates_one():
    aides = hit("Le Pass Permis et le Chèque Mobilité sont ouverts aux 18-25 ans. Les dossiers sont instruits "
                "par la Région. Depuis le 1er mars, le Pass Permis se demande en ligne.", "Aides mobilité")
    check = SupportCheck("Depuis quand peut-on demander ces aides ?", [aides])
    assert not check.verdict("Le Pass Permis et le Chèque Mobilité se demandent en ligne depuis le 1er mars [1].",
                             (1,)).supported
    assert check.verdict("Le Pass Permis se demande en ligne depuis le 1er mars [1].", (1,)).supported


def test_the_passage_that_states_the_sentence_is_cited_rather_than_one_sharing_its_words():
    # [1] names the subject and shares the words; [2] states the fact.
    intro = hit("Aide à l'équipement des lycéens : les lycéens de seconde reçoivent un ordinateur portable. "
                "Le montant de l'aide dépend des ressources de la famille.", "Équipement des lycéens")
    fact = hit("Le montant de l'aide à l'équipement est de 200 euros pour les lycéens boursiers, "
               "versé à la rentrée.", "Équipement des lycéens")
    question = "Quel est le montant de l'aide à l'équipement des lycéens ?"
    review = AnswerGuard(question, [intro, fact]).review(
        "Le montant de l'aide à l'équipement des lycéens dépend des ressources [1]. Il est de 200 euros pour les "
        "lycéens boursiers [1][2].")
    assert review.problem is None
    # [1] shares its words, [2] states its figure: only [2] is cited.
    assert review.text.endswith("200 euros pour les lycéens boursiers [2].")
    assert any("Citation corrigée" in w for w in review.warnings)


def test_a_restatement_of_the_question_is_dropped_and_the_answer_after_it_kept():
    # The question restated as a fact, while the passage only envisages it.
    refus = hit("La Région pourrait, dans certains cas, revoir le montant de la bourse. Un dossier incomplet "
                "est renvoyé à la famille sous quinze jours.", "Bourse régionale")
    question = "La Région peut-elle refuser ma bourse ?"
    review = AnswerGuard(question, [refus]).review(
        "La Région peut refuser votre bourse [1]. Un dossier incomplet est renvoyé à la famille sous quinze jours [1].")
    assert review.problem is None, review
    assert review.text == "Un dossier incomplet est renvoyé à la famille sous quinze jours [1]."
    assert any("reprend la question" in w for w in review.warnings)


def test_a_restatement_that_one_passage_sentence_says_is_an_answer():
    manuels = hit("Les manuels scolaires sont gratuits au lycée. Les calculatrices restent à la charge des "
                  "familles.", "Manuels")
    review = AnswerGuard("Les manuels scolaires sont-ils gratuits au lycée ?", [manuels]).review(
        "Les manuels scolaires sont gratuits au lycée [1].")
    assert review.problem is None and review.text == "Les manuels scolaires sont gratuits au lycée [1]."
    # « Non » with a negation the question does not make is an answer too, checked like any other.
    non = hit("Les calculatrices ne sont pas fournies par la Région.", "Manuels")
    review = AnswerGuard("Les calculatrices sont-elles fournies par la Région ?", [non]).review(
        "Non, les calculatrices ne sont pas fournies par la Région [1].")
    assert review.problem is None and review.text.startswith("Non")


def test_costs_the_aid_excludes_are_not_said_covered():
    equipements = hit("La Région finance la construction et la rénovation des vestiaires, en dehors des frais "
                      "d'études préalables. Les travaux hors taxes sont retenus.", "Équipements sportifs")
    check = SupportCheck("Les frais d'études préalables sont-ils couverts par l'aide ?", [equipements])
    wrong = check.verdict("La Région finance les frais d'études préalables des vestiaires [1].", (1,))
    assert not wrong.supported and "négation" in wrong.reason, wrong
    assert check.verdict("La Région finance la rénovation des vestiaires [1].", (1,)).supported


def test_facts_of_two_sentences_joined_into_one_claim_are_not_stated():
    # Two neighbouring sentences of one passage, joined by the model into a claim neither makes.
    pass_culture = hit("Le Pass Culture Sud permet d'acheter des livres auprès de 150 librairies partenaires. "
                       "Les bibliothèques sont associées grâce à la collaboration avec l'agence Arcadia.",
                       "Pass Culture Sud")
    check = SupportCheck("Qui sont les partenaires du Pass Culture Sud ?", [pass_culture])
    wrong = check.verdict("Le Pass Culture Sud compte 150 librairies partenaires, dont l'agence Arcadia [1].", (1,))
    assert not wrong.supported and "deux phrases" in wrong.reason, wrong
    assert check.verdict("Le Pass Culture Sud compte 150 librairies partenaires [1].", (1,)).supported
    # Terms may come from two adjacent sentences when the facts are in one of them.
    assert check.verdict("Les bibliothèques du Pass Culture Sud sont associées grâce à l'agence Arcadia [1].",
                         (1,)).supported
