"""Forecasting on generated canteens: causal features, a model that beats the baselines, a monotone trade-off."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

pytest.importorskip("lightgbm")

from sudia.cantines.calendar import SchoolCalendar  # noqa: E402
from sudia.cantines.forecast.backtest import BacktestOptions, backtest  # noqa: E402
from sudia.cantines.forecast.features import build_features  # noqa: E402
from sudia.cantines.forecast.forecaster import ModelSpec, train  # noqa: E402
from sudia.cantines.forecast.history import history_frame, menu_frame  # noqa: E402
from sudia.cantines.forecast.recommendation import forecast_days  # noqa: E402
from sudia.cantines.impact import ImpactFactors  # noqa: E402


def _inputs(synthetic):
    calendar = SchoolCalendar.national(2022, 2026).extended(synthetic.calendar, "test")
    zones = {c.id: c.zone for c in synthetic.canteens}
    return history_frame(synthetic.services), calendar, zones, menu_frame(synthetic.menus)


def test_features_never_look_ahead(synthetic) -> None:
    history, calendar, zones, menus = _inputs(synthetic)
    day = pd.Timestamp("2025-03-11")
    targets = history[history["date"] == day]
    before = build_features(history, targets, calendar, zones, menus=menus)
    changed = history.copy()
    changed.loc[changed["date"] >= day, "served"] = 0.0  # the day itself and the future, wiped out
    after = build_features(changed, targets, calendar, zones, menus=menus)
    columns = [c for c in before.columns if c not in ("served", "planned", "prepared")]
    pd.testing.assert_frame_equal(before[columns], after[columns])


def test_backtest_beats_the_baselines_and_the_curve_is_monotone(synthetic) -> None:
    history, calendar, zones, menus = _inputs(synthetic)
    result = backtest(history, calendar, zones, BacktestOptions(date(2025, 3, 1), date(2025, 6, 1)), menus)
    report = result.to_dict()
    overall = report["overall"]
    assert report["canteen_days"] > 150 and set(report["by_canteen"]) == set(zones)
    assert overall["model"]["mae"] < overall["last_week"]["mae"]
    assert overall["model"]["mae"] < overall["staff"]["mae"]
    curve = report["tradeoff"]["curve"]
    shortages = [p["shortage_days_pct"] for p in curve]
    assert shortages == sorted(shortages)  # a higher risk never gives fewer shortage days
    assert overall["recommended"]["shortage_days_pct"] < 20  # 5 % asked; a few months of data


def test_recommendation_for_a_chosen_risk(synthetic) -> None:
    history, calendar, zones, menus = _inputs(synthetic)
    model = train(ModelSpec(), history, calendar, zones, date(2025, 6, 2), menus)
    requests = [(c.id, date(2025, 6, 2)) for c in synthetic.canteens]
    safe = forecast_days(model, history, calendar, zones, requests, 0.02, ImpactFactors(), 0.1, menus)
    bold = forecast_days(model, history, calendar, zones, requests, 0.3, ImpactFactors(), 0.1, menus)
    for s, b in zip(safe, bold):
        assert s.low <= s.expected <= s.high and s.recommended >= b.recommended
        assert b.saved["kg"] == pytest.approx(b.meals_saved * 0.665, abs=0.1)
    closed = forecast_days(model, history, calendar, zones, [(synthetic.canteens[0].id, date(2025, 6, 9))], 0.05,
                           ImpactFactors(), 0.1, menus)[0]  # Whit Monday
    assert closed.recommended == 0 and "Jour férié" in closed.events[0]
