"""A day's forecast for a canteen, and the number of meals to prepare for a chosen shortage risk.

The quantity is the (1 − risk) quantile of the forecast. It is compared with what the kitchen
would prepare with its usual margin (its recent median of (prepared − served) / served, or the
kitchen's own forecast when it gave one for that day): the difference is the meals, food, carbon
and euros the recommendation spares, with the factors' source (`impact.py`).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from sudia.cantines.calendar import KINDS, SchoolCalendar
from sudia.cantines.forecast.baselines import baseline_forecasts
from sudia.cantines.forecast.features import build_features
from sudia.cantines.forecast.forecaster import TrainedModel
from sudia.cantines.impact import ImpactFactors

INTERVAL = (0.1, 0.9)  # the interval shown: 8 days out of 10 fall inside


@dataclass(frozen=True)
class DayForecast:
    canteen_id: str
    day: date
    expected: int | None
    low: int | None
    high: int | None
    recommended: int | None
    risk: float
    usual_margin_pct: float
    usual_quantity: int | None
    meals_saved: int | None
    saved: dict[str, float] = field(default_factory=dict)
    baselines: dict[str, float | None] = field(default_factory=dict)
    events: list[str] = field(default_factory=list)
    model_version: str = ""
    calendar_version: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["day"] = self.day.isoformat()
        return d


def usual_margin(history: pd.DataFrame, canteen_id: str, default: float, services: int = 60) -> float:
    """The kitchen's habit: median of (prepared, else planned, − served) / served on its last services."""
    h = history[(history["canteen"] == canteen_id) & (history["served"] > 0)].tail(services)
    made = h["prepared"].fillna(h["planned"]) if "prepared" in h else h["planned"]
    ok = made.notna()
    if ok.sum() < 5:
        return default
    return float(np.median((made[ok] - h.loc[ok, "served"]) / h.loc[ok, "served"]))


def _int(x: float) -> int | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else int(round(x))


def forecast_days(model: TrainedModel, history: pd.DataFrame, calendar: SchoolCalendar, zones: dict[str, str],
                  requests: list[tuple[str, date]], risk: float, factors: ImpactFactors, default_margin: float,
                  menus: pd.DataFrame | None = None, planned: dict[tuple[str, date], int] | None = None
                  ) -> list[DayForecast]:
    """Forecasts for (canteen, day) pairs, from the history known today."""
    if not requests:
        return []
    targets = pd.DataFrame({"canteen": [c for c, _ in requests], "date": pd.to_datetime([d for _, d in requests])})
    targets["planned"] = [float((planned or {}).get(r, np.nan)) for r in requests]
    # The as-of join takes the last services known: for a day further away, `gap_days` says how old they are.
    feats = build_features(history, targets, calendar, zones, model.spec.features, menus)
    expected = model.expected(feats)
    level = feats["level"].to_numpy(float)
    base = baseline_forecasts(history, targets, model.spec.features.horizon)
    out = []
    for i, (canteen_id, day) in enumerate(requests):
        zone = zones.get(canteen_id, "B")
        events = [KINDS.get(e.kind, e.kind) + (f" : {e.label}" if e.label else "")
                  for e in calendar.on(day, canteen_id, zone)]
        margin = usual_margin(history, canteen_id, default_margin)
        exp = expected[i]
        if not calendar.is_open(day, canteen_id, zone):
            out.append(DayForecast(canteen_id, day, 0, 0, 0, 0, risk, margin * 100, 0, 0, {}, {}, events,
                                   model.version, calendar.version, "Pas de service ce jour-là"))
            continue
        if math.isnan(exp):
            out.append(DayForecast(canteen_id, day, None, None, None, None, risk, margin * 100, None, None, {}, {},
                                   events, model.version, calendar.version, "Historique insuffisant pour cette cantine"))
            continue
        cal = model.calibration
        if cal is not None:
            low, high = (float(cal.quantity([exp], [level[i]], q)[0]) for q in INTERVAL)
            recommended = math.ceil(float(cal.quantity([exp], [level[i]], 1 - risk)[0]))
            note = ""
        else:
            low = high = float("nan")
            recommended = math.ceil(exp * (1 + margin))
            note = "Erreurs passées trop peu nombreuses : quantité = prévision + marge habituelle"
        staff = (planned or {}).get((canteen_id, day))
        usual = int(staff) if staff is not None else math.ceil(exp * (1 + margin))
        saved = usual - recommended
        out.append(DayForecast(
            canteen_id, day, _int(exp), _int(low), _int(high), recommended, risk, round(margin * 100, 1), usual,
            saved, factors.meals(saved), {k: _int(float(base[k].iloc[i])) for k in base.columns}, events,
            model.version, calendar.version, note))
    return out
