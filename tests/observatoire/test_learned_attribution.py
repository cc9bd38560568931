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
    first, second = load_models(mode="learned"), load_models(mode="learned")
    assert first is second and first.facts is not None and first.people is not None
    data = json.loads(learned.MODEL_PATH.read_text("utf-8"))
    assert tuple(data["facts"]["names"]) == FACT_FEATURES and tuple(data["people"]["names"]) == PERSON_FEATURES
    assert 0.0 <= data["facts"]["threshold"] < 1.0


def test_the_figures_model_is_the_default_and_the_rules_can_be_asked_for() -> None:
    from sudia.settings import Settings

    assert Settings().obs_attribution == learned.DEFAULT_MODE == "facts"  # one default, CLI and demo alike
    assert load_models().facts is not None and load_models().people is None
    assert load_models(mode="rules").facts is None and load_models(mode="rules").people is None


def test_the_setting_reaches_the_cli_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    from sudia.observatoire.cli import _extractor

    monkeypatch.setenv("SUDIA_OBS_ATTRIBUTION", "facts")
    assert _extractor().models == load_models(mode="facts")
    monkeypatch.setenv("SUDIA_OBS_ATTRIBUTION", "rules")
    assert _extractor().models == load_models(mode="rules")


def test_learned_extraction_keeps_a_plain_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    from sudia.observatoire.extractor import Extractor

    learned.use(load_models(mode="learned"))
    try:
        result = Extractor().extract_text("t.txt", ["La start-up marseillaise Kelvo a levé 5 millions d'euros en mars 2024."])
    finally:
        learned.use(None)
    assert [(f.actor, f.value) for f in result.facts] == [("Kelvo", 5_000_000)]


def test_a_model_fitted_on_other_features_is_refused() -> None:
    data = {"names": ["x"], "mean": [0.0], "scale": [1.0], "weights": [1.0], "bias": 0.0}
    with pytest.raises(ValueError):
        Logistic.from_dict(data, FACT_FEATURES)


def test_dependency_path_without_a_parse_is_long() -> None:
    assert dep_path(None, None) == 20
