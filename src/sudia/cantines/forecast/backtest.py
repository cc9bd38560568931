"""Rolling-origin backtest: retrain every month on the past only, forecast the month, score it all.

No look-ahead: features of a day use services known `horizon` days before it; the model of a fold
is fitted on days before the fold; the error quantiles that set the quantities to prepare come
from the previous folds' out-of-sample errors (the folds of a warm-up before `start` provide the
first ones). Every baseline is scored on the same canteen-days as the model.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from sudia.cantines.calendar import SchoolCalendar
from sudia.cantines.forecast.baselines import BASELINES, baseline_forecasts
from sudia.cantines.forecast.calibration import Calibration
from sudia.cantines.forecast.features import build_features
from sudia.cantines.forecast.forecaster import ModelSpec, fit, trainable
from sudia.cantines.forecast.metrics import score
from sudia.cantines.forecast.tradeoff import CURVE_RISKS, risk_column, tradeoff_summary
from sudia.errors import SudiaError


@dataclass(frozen=True)
class BacktestOptions:
    start: date
    end: date | None = None  # exclusive; None = to the end of the data
    retrain_months: int = 1
    risk: float = 0.05  # the shortage risk the recommendation is set for
    spec: ModelSpec = field(default_factory=ModelSpec)


@dataclass
class BacktestResult:
    rows: pd.DataFrame  # the canteen-days scored, with every method's forecast
    options: BacktestOptions
    folds: int
    elapsed_s: float
    methods: list[str]

    def to_dict(self, by_canteen: bool = True) -> dict[str, object]:
        r = self.rows
        served = r["served"].to_numpy(float)
        overall = {m: score(r[m].to_numpy(float), served).to_dict() for m in self.methods}
        out: dict[str, object] = {
            "period": {"from": self.options.start.isoformat(), "to": r["date"].max().date().isoformat()},
            "canteen_days": int(len(r)), "canteens": int(r["canteen"].nunique()),
            "horizon_days": self.options.spec.features.horizon, "retrain_every_months": self.options.retrain_months,
            "folds": self.folds, "model": {"backend": self.options.spec.backend, **self.options.spec.params,
                                           "use_planned": self.options.spec.features.use_planned,
                                           "use_menus": self.options.spec.features.use_menus},
            "methods": {m: _label(m, self.options.risk) for m in self.methods},
            "overall": overall,
            "tradeoff": tradeoff_summary(r, "staff" if "staff" in self.methods else None),
            "elapsed_s": round(self.elapsed_s, 1),
        }
        if by_canteen:
            out["by_canteen"] = {
                canteen: {m: score(g[m].to_numpy(float), g["served"].to_numpy(float)).to_dict() for m in self.methods}
                for canteen, g in r.groupby("canteen")}
        return out


def _label(method: str, risk: float) -> str:
    if method == "model":
        return "Prévision Sud IA (médiane)"
    if method == "recommended":
        return f"Quantité recommandée Sud IA (risque de manque {risk:.0%})"
    return BASELINES[method]


def _origins(first: pd.Timestamp, last: pd.Timestamp, months: int) -> list[pd.Timestamp]:
    start = first.to_period("M").to_timestamp()
    return list(pd.date_range(start, last + pd.offsets.MonthBegin(1), freq=f"{months}MS"))


def backtest(history: pd.DataFrame, calendar: SchoolCalendar, zones: dict[str, str], options: BacktestOptions,
             menus: pd.DataFrame | None = None,
             progress: Callable[[int, int, str], None] | None = None) -> BacktestResult:
    began = time.perf_counter()
    spec = options.spec
    start = pd.Timestamp(options.start)
    end = pd.Timestamp(options.end) if options.end else history["date"].max() + pd.Timedelta(days=1)
    targets = history[history["served"].notna() & (history["date"] < end)].reset_index(drop=True)
    if not (targets["date"] >= start).any():
        raise SudiaError("SUDIA-K005", detail=f"aucun service connu à partir du {options.start:%d/%m/%Y}")
    feats = build_features(targets, targets, calendar, zones, spec.features, menus)
    base = baseline_forecasts(targets, targets, spec.features.horizon)
    feats["model"] = np.nan
    risks = sorted(set(CURVE_RISKS) | {options.risk})
    quantities = {risk: np.full(len(feats), np.nan) for risk in risks}
    warmup = start - pd.Timedelta(days=spec.calibration_days)
    origins = _origins(warmup, end - pd.Timedelta(days=1), options.retrain_months)
    ok = trainable(feats)
    for i, origin in enumerate(origins[:-1]):
        if progress:
            progress(i + 1, len(origins) - 1, f"{origin:%Y-%m}")
        fold = ok & (feats["date"] >= max(origin, warmup)) & (feats["date"] < origins[i + 1]) & (feats["date"] < end)
        if not fold.any():
            continue
        past = ok & feats["model"].notna() & (feats["date"] >= origin - pd.Timedelta(days=spec.calibration_days)) \
            & (feats["date"] < origin)
        calibration = Calibration.from_residuals(feats.loc[past, "model"], feats.loc[past, "served"],
                                                 feats.loc[past, "level"])
        model = fit(spec, feats, origin.date(), calendar.version, calibration)
        expected = model.expected(feats.loc[fold])
        feats.loc[fold, "model"] = expected
        if calibration is not None:
            level = feats.loc[fold, "level"].to_numpy(float)
            where = fold.to_numpy()
            for risk in risks:
                quantities[risk][where] = np.ceil(calibration.quantity(expected, level, 1 - risk))
    for risk in risks:
        feats[risk_column(risk)] = quantities[risk]
    methods = ["model", "recommended"] + [m for m in BASELINES if m != "staff" or base["staff"].notna().any()]
    feats["recommended"] = feats[risk_column(options.risk)]
    for name in BASELINES:
        feats[name] = base[name].to_numpy()
    scored = (feats["date"] >= start) & feats["recommended"].notna() & feats["model"].notna()
    for name in BASELINES:
        if name != "staff":
            scored &= feats[name].notna()
    if "staff" in methods:
        scored &= feats["staff"].notna()  # the staff forecast is the reference: the same days for all
    rows = feats.loc[scored].reset_index(drop=True)
    return BacktestResult(rows, options, len(origins) - 1, time.perf_counter() - began, methods)
