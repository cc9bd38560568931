"""The abstention model: its features, read from a real store, and its decision (issue #8, point 5)."""

from __future__ import annotations

import math

import pytest

from sudia.answer.abstention import (
    FEATURES, MIN_ANSWER_PROBABILITY, TermStats, answer_probability, gate_features, prefix, term_stats,
)
from sudia.answer.relevance import RelevanceGate
from sudia.settings import Settings
from sudia.store.sqlite import SqliteStore
from sudia.types import Chunk, Document, Hit

QUESTION = "Quel est le montant de l'aide pour acheter un scooter ?"  # aid, mont, achet, scoot


def hit(text: str, dense: float | None, title: str = "Fiche") -> Hit:
    return Hit(Chunk("d-0", "d", "c", 0, text, document_title=title), 0.01, dense_score=dense)


def test_the_settings_default_is_the_model_threshold():
    assert Settings.model_fields["min_answer_probability"].default == MIN_ANSWER_PROBABILITY
    assert RelevanceGate().min_answer_probability == MIN_ANSWER_PROBABILITY


def test_a_term_is_unknown_when_no_passage_holds_it_nor_a_word_starting_like_it():
    stats = TermStats(10, {"bours": 3, "boursier": 0, "scoot": 0}, {"boursier": 2, "scoot": 0})
    assert not stats.unknown("bours") and not stats.unknown("boursier") and stats.unknown("scoot")
    assert prefix("boursier") == "boursi" and prefix("scoot") == "scoo" and prefix("cv") == "cv"
    assert stats.idf("scoot") == pytest.approx(math.log(11)) and stats.idf("bours") < stats.idf("scoot")


def test_features_weigh_rare_terms_and_flag_unknown_ones():
    stats = TermStats(100, {"aid": 60, "mont": 30, "achet": 10, "scoot": 0}, {"scoot": 0})
    vague = gate_features(QUESTION, [hit("L'aide à l'achat d'un vélo : montant de 100 euros.", 0.87)], stats)
    assert vague["dense"] == 0.87 and vague["unknown"] == 1.0
    # Three terms in four are found, but the rarest one is missing: weighted, well under 3/4.
    assert vague["weighted_coverage"] < 0.6
    stats = TermStats(100, {"aid": 60, "mont": 30, "achet": 10, "scoot": 2}, {})
    exact = gate_features(QUESTION, [hit("Le montant de l'aide pour acheter un scooter est de 300 euros.", 0.9)],
                          stats)
    # Every term, the rarest included, is in the unit that holds the asked amount.
    assert exact == {"dense": 0.9, "weighted_coverage": 1.0, "unknown": 0.0, "yes_no": 0.0, "fact_missing": 0.0}
    assert set(exact) == set(FEATURES)
    # The words are in the passage, but the unit holding an amount lacks « scooter »: the rarest term.
    apart = gate_features(QUESTION, [hit("Une aide pour acheter un scooter existe.\n\nLes vélos sont nombreux.\n\n"
                                         "Le montant du vélo est de 300 euros.", 0.9)], stats)
    assert apart["weighted_coverage"] == 1.0 and apart["fact_missing"] == 1.0


def test_the_model_answers_close_passages_and_declines_unknown_subjects():
    close = {"dense": 0.91, "weighted_coverage": 0.8, "unknown": 0.0, "yes_no": 0.0, "fact_missing": 0.0}
    assert answer_probability(close) > MIN_ANSWER_PROBABILITY
    far = {"dense": 0.86, "weighted_coverage": 0.4, "unknown": 1.0, "yes_no": 0.0, "fact_missing": 1.0}
    assert answer_probability(far) < MIN_ANSWER_PROBABILITY
    # Each feature moves the probability the way the dev data says.
    base = {"dense": 0.88, "weighted_coverage": 0.5, "unknown": 0.0, "yes_no": 0.0, "fact_missing": 0.5}
    assert answer_probability({**base, "dense": 0.89}) > answer_probability(base)
    assert answer_probability({**base, "weighted_coverage": 0.7}) > answer_probability(base)
    assert answer_probability({**base, "unknown": 1.0}) < answer_probability(base)
    assert answer_probability({**base, "yes_no": 1.0}) < answer_probability(base)
    assert answer_probability({**base, "fact_missing": 1.0}) < answer_probability(base)


def test_keep_gives_every_passage_or_none_and_falls_back_to_the_passage_rule():
    gate = RelevanceGate()
    stats = TermStats(100, {"aid": 60, "mont": 30, "achet": 10, "scoot": 2}, {})
    hits = [hit("Le montant de l'aide pour acheter un scooter est de 300 euros.", 0.9), hit("Autre.", 0.8)]
    assert gate.keep(QUESTION, hits, stats) == hits
    assert RelevanceGate(min_answer_probability=0.999999).keep(QUESTION, hits, stats) == []
    assert gate.keep(QUESTION, [], stats) == []
    # Without term counts, or without dense scores, the passage rule decides passage by passage.
    assert gate.keep(QUESTION, hits) == [hits[0]]
    lexical = [hit("Le montant de l'aide pour acheter un scooter.", None), hit("Autre.", None)]
    assert gate.keep(QUESTION, lexical, stats) == [lexical[0]]


def test_term_stats_read_the_collections_of_a_real_store(tmp_path):
    store = SqliteStore(f"sqlite:///{tmp_path}/s.db")
    store.ensure_collection("aides")
    texts = ["Aide aux boursiers pour acheter un ordinateur.", "Montant de l'aide au permis.", "Transport scolaire."]
    chunks = [Chunk(f"c{i}", "d1", "aides", i, t, document_title="Guide", document_source="aides.md")
              for i, t in enumerate(texts)]
    store.replace_document(Document("d1", "aides", "aides.md", "Aides", "x", "text/markdown", 1, chunks=3),
                           chunks, None)
    stats = term_stats(store, ["aides"], "Quelle aide pour une boursière qui achète un scooter ?")
    assert stats.total == 3
    assert stats.frequency["aid"] == 2 and stats.frequency["scoot"] == 0
    assert stats.frequency["boursier"] == 0 and not stats.unknown("boursier")  # « boursiers » starts so
    assert stats.unknown("scoot")
    store.close()
