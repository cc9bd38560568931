"""The learned choice of a figure's actor and a person's organisation (#9): loading and scoring."""

from __future__ import annotations

import json

import pytest

from sudia.observatoire import learned
from sudia.observatoire.learned import Logistic, load_models
from sudia.observatoire.pair_features import FACT_FEATURES, PERSON_FEATURES, dep_path


def _model(names: tuple[str, ...], weight_of: dict[str, float], threshold: float = 0.0) -> Logistic:
    return Logistic(names, tuple(0.0 for _ in names), tuple(1.0 for _ in names),
                    tuple(weight_of.get(n, 0.0) for n in names), 0.0, threshold)


def test_the_best_scored_candidate_wins() -> None:
    model = _model(FACT_FEATURES, {"rule_pick": 2.0, "subject_of_verb": 3.0})
    rows = [[0.0] * len(FACT_FEATURES) for _ in range(2)]
    rows[0][FACT_FEATURES.index("rule_pick")] = 1.0
    rows[1][FACT_FEATURES.index("subject_of_verb")] = 1.0
    name, probability = model.best(["Rule", "Subject"], rows)
    assert name == "Subject" and probability > 0.9


def test_the_shipped_model_is_read_once_and_matches_the_features() -> None:
    first, second = load_models(), load_models()
    assert first is second
    if learned.MODEL_PATH.is_file():
        data = json.loads(learned.MODEL_PATH.read_text("utf-8"))
        assert tuple(data["facts"]["names"]) == FACT_FEATURES and tuple(data["people"]["names"]) == PERSON_FEATURES
        assert 0.0 <= data["facts"]["threshold"] < 1.0


def test_rules_can_be_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUDIA_OBS_ATTRIBUTION", "rules")
    load_models.cache_clear()
    try:
        assert load_models().facts is None and load_models().people is None
    finally:
        monkeypatch.delenv("SUDIA_OBS_ATTRIBUTION")
        load_models.cache_clear()


def test_a_model_fitted_on_other_features_is_refused() -> None:
    data = {"names": ["x"], "mean": [0.0], "scale": [1.0], "weights": [1.0], "bias": 0.0}
    with pytest.raises(ValueError):
        Logistic.from_dict(data, FACT_FEATURES)


def test_dependency_path_without_a_parse_is_long() -> None:
    assert dep_path(None, None) == 20
