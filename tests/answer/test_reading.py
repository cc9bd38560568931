"""Reader features of the abstention gate: one unit must say what is asked (issue #8, gate3)."""

from __future__ import annotations

from sudia.answer.reading import gate_kind, reader_features
from sudia.types import Chunk, Hit


def hit(text: str, title: str = "Fiche", section: str = "") -> Hit:
    return Hit(Chunk("d-0", "d", "c", 0, text, section=section, document_title=title), 0.01, dense_score=0.9)


def idf(term: str) -> float:
    return 1.0


def test_a_passage_that_scatters_the_words_scores_under_one_that_says_them_together():
    question = "Combien d'habitants compte la commune de Valbonne ?"
    scattered = hit("Valbonne accueille un marché le vendredi.\n\nLa commune compte trois écoles.\n\n"
                    "Les habitants du département votent en mars.")
    together = hit("La commune de Valbonne compte 13 000 habitants.")
    low = reader_features(question, [scattered], idf)
    high = reader_features(question, [together], idf)
    assert high["sentence_coverage"] == 1.0 and high["fact_coverage"] == 1.0
    assert low["sentence_coverage"] < 1.0
    # No unit holds a number of inhabitants near the question's words.
    assert low["fact_coverage"] == 0.0


def test_the_title_and_the_previous_unit_lend_their_words():
    question = "Jusqu'à quand peut-on demander la carte scolaire ?"
    passage = hit("La carte scolaire se demande en ligne.\n\nIl faut la demander avant le 15 juillet.",
                  title="Transport", section="Carte scolaire")
    features = reader_features(question, [passage], idf)
    assert features["fact_coverage"] == 1.0


def test_a_question_without_an_asked_fact_reads_the_best_unit_only():
    question = "Comment contester une décision de la Région ?"
    features = reader_features(question, [hit("Pour contester une décision de la Région, écrivez au président.")], idf)
    assert features["fact_coverage"] == features["sentence_coverage"] == 1.0
    assert features["fact_missing"] == 0.0 and features["yes_no"] == 0.0
    empty = reader_features(question, [], idf)
    assert empty["sentence_coverage"] == empty["fact_coverage"] == 0.0 and empty["fact_missing"] == 1.0


def test_quantities_asked_without_combien_want_an_amount():
    assert gate_kind("Quel est le budget total de la Région pour 2024 ?") == "amount"
    assert gate_kind("Quel est le salaire moyen d'un infirmier ?") == "amount"
    assert gate_kind("Quand ouvre le guichet ?") == "date"
    assert gate_kind("Comment s'inscrire ?") is None
    assert reader_features("Le car scolaire a-t-il le wifi ?", [], idf)["yes_no"] == 1.0


def test_the_rarest_term_missing_from_the_unit_holding_the_fact():
    question = "Combien d'emplois compte la filière aéronautique ?"
    rare = {"aeronaut": 4.0, "fili": 2.0}

    def weight(term: str) -> float:
        return rare.get(term, 1.0)

    elsewhere = hit("La filière aéronautique est ancienne.\n\nLe port est grand.\n\nLe tourisme compte 118 000 emplois.")
    features = reader_features(question, [elsewhere], weight)
    assert features["fact_missing"] == 1.0  # the number of jobs is about tourism
    together = hit("La filière aéronautique compte 40 000 emplois.")
    assert reader_features(question, [together], weight)["fact_missing"] == 0.0


def test_read_units_says_which_unit_holds_the_asked_fact():
    from sudia.answer.reading import read_units

    question = "Combien coûte la carte de car pour un lycéen interne ?"
    first = hit("La carte de car est délivrée par la Région.\n\nElle sert aux trajets entre le domicile et le lycée.")
    second = hit("Tarifs\n\nLa carte coûte 110 euros par an pour un lycéen interne.", title="Tarifs du car")
    reading = read_units(question, [first, second], idf)
    assert reading.kind == "amount"
    assert reading.fact.passage == 1 and reading.fact.unit is not None and "110 euros" in reading.fact.unit.quote
    assert reading.best.covered >= reading.fact.covered > 0.0
    # The features read the same units: nothing of the question is missing beside the fare.
    assert reader_features(question, [first, second], idf)["fact_missing"] == 0.0


def test_read_units_without_an_asked_fact_keeps_the_best_unit():
    from sudia.answer.reading import read_units

    question = "Le car scolaire a-t-il le wifi ?"
    passage = hit("Le car scolaire circule du lundi au vendredi.\n\nLes élèves gardent leur ceinture attachée.")
    reading = read_units(question, [passage], idf)
    assert reading.kind == "yesno" and reading.fact == reading.best
    assert "wif" in reading.wanted and "wif" not in reading.best.terms  # stemmed
    assert read_units(question, [], idf).fact.unit is None
