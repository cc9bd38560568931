"""The learned unit score of extractive answers (`answer.sentence_model`, an option beside the rules)."""

from __future__ import annotations

import pytest

from sudia.answer import extractive
from sudia.answer.sentence_model import FEATURES, WEIGHTS, rarity, with_relative
from sudia.types import Chunk, Hit


def hits(*texts: str) -> list[Hit]:
    return [Hit(Chunk(f"d-{i}", "d", "c", i, t, document_title="Transports scolaires", document_source="t.pdf"),
                1.0 / (i + 1), dense_score=0.9) for i, t in enumerate(texts)]


PASSAGE = ("La carte de transport scolaire permet de voyager sur le réseau régional. "
           "Les demandes de carte de transport scolaire sont ouvertes à tous les élèves. "
           "Elles doivent être faites au plus tard le 15 juillet 2026 sur le site de la Région.")


def test_every_candidate_carries_one_value_per_feature():
    _, candidates = extractive.candidates_for("Jusqu'à quand demander la carte de transport scolaire ?", hits(PASSAGE))
    assert candidates and all(len(c.features) == len(FEATURES) == len(WEIGHTS) for c in candidates)


def test_relative_features_compare_a_unit_with_the_most_related_one():
    base = [(0.5, 0.2) + (0.0,) * 2 + (1.0,) + (0.0,) * (len(FEATURES) - 8), (0.25, 0.4) + (0.0,) * (len(FEATURES) - 5)]
    first, second = with_relative(base)
    assert first[-3:] == (1.0, 0.5, 1.0)
    assert second[-3:] == (0.5, 1.0, 0.0)


def test_a_word_in_every_unit_tells_none_apart():
    idf = rarity([frozenset({"carte", "juillet"}), frozenset({"carte"})])
    assert idf["juillet"] > idf["carte"] > 0


@pytest.fixture
def learned():
    extractive.LEARNED = True
    yield
    extractive.LEARNED = False


def test_the_learned_score_also_quotes_the_deadline_first(learned):
    text, _ = extractive.extract_answer("Jusqu'à quand peut-on demander la carte de transport scolaire ?", hits(PASSAGE))
    assert "15 juillet 2026" in text.split(" [", 1)[0]
