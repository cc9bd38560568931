"""Train and apply the forecasting model: a regressor of served / level, plus its calibration.

`train` is what production runs (on demand or on schedule): it fits the model on every service
before `until`, and estimates the error distribution honestly, with a model fitted on the data
before `until − calibration_days` and scored on the days after. The backtest calls `fit` with its
own out-of-sample errors instead, so the two never differ but in where the errors come from.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

import numpy as np
import pandas as pd

from sudia.cantines.calendar import SchoolCalendar
from sudia.cantines.forecast.calibration import Calibration
from sudia.cantines.forecast.features import CANTEEN_FEATURE, FeatureOptions, build_features, feature_names
from sudia.cantines.forecast.regressors import Regressor, make_regressor
from sudia.errors import SudiaError

MIN_TRAINING_ROWS = 200


@dataclass(frozen=True)
class ModelSpec:
    backend: str = "lightgbm"
    params: dict = field(default_factory=dict)
    features: FeatureOptions = FeatureOptions()
    calibration_days: int = 120
    threads: int = 1
    seed: int = 0


@dataclass
class TrainedModel:
    spec: ModelSpec
    trained_until: date  # services strictly before this day were used
    feature_names: list[str]
    canteens: list[str]
    regressor: Regressor
    calibration: Calibration | None
    calendar_version: str
    n_rows: int
    trained_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))
    version: str = ""

    def matrix(self, feats: pd.DataFrame) -> pd.DataFrame:
        X = feats[[n for n in self.feature_names if n != CANTEEN_FEATURE]].astype(float)
        if CANTEEN_FEATURE in self.feature_names:
            X[CANTEEN_FEATURE] = pd.Categorical(feats["canteen"], categories=self.canteens)
        return X

    def expected(self, feats: pd.DataFrame) -> np.ndarray:
        """Meals expected (the median forecast); missing where the canteen has no history."""
        out = np.full(len(feats), np.nan)
        ok = feats["level"].notna().to_numpy()
        if ok.any():
            level = np.clip(feats.loc[ok, "level"].to_numpy(float), 1.0, None)
            out[ok] = np.clip(self.regressor.predict(self.matrix(feats.loc[ok])), 0.0, None) * level
        return out

    def to_bytes(self) -> bytes:
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def from_bytes(data: bytes) -> TrainedModel:
        return pickle.loads(data)  # written by `to_bytes` in our own database only

    def describe(self) -> dict[str, object]:
        return {"version": self.version, "backend": self.spec.backend, "trained_at": self.trained_at,
                "trained_until": self.trained_until.isoformat(), "rows": self.n_rows,
                "canteens": len(self.canteens), "calendar_version": self.calendar_version,
                "calibration_mae": None if self.calibration is None else round(self.calibration.mae, 2),
                "features": self.feature_names}


def trainable(feats: pd.DataFrame) -> pd.Series:
    return feats["served"].notna() & feats["level"].notna()


def fit(spec: ModelSpec, feats: pd.DataFrame, until: date, calendar_version: str,
        calibration: Calibration | None) -> TrainedModel:
    """Fit on the rows of `feats` (features already causal) dated before `until`."""
    rows = feats[trainable(feats) & (feats["date"] < pd.Timestamp(until))]
    if len(rows) < MIN_TRAINING_ROWS:
        raise SudiaError("SUDIA-K005", detail=f"{len(rows)} services connus avant le {until:%d/%m/%Y}, "
                                              f"il en faut au moins {MIN_TRAINING_ROWS}")
    names = feature_names(spec.features)
    canteens = sorted(rows["canteen"].unique().tolist())
    regressor = make_regressor(spec.backend, spec.params, spec.threads, spec.seed)
    model = TrainedModel(spec, until, names, canteens, regressor, calibration, calendar_version, len(rows))
    level = np.clip(rows["level"].to_numpy(float), 1.0, None)
    regressor.fit(model.matrix(rows), rows["served"].to_numpy(float) / level, level)
    return model


def train(spec: ModelSpec, history: pd.DataFrame, calendar: SchoolCalendar, zones: dict[str, str],
          until: date, menus: pd.DataFrame | None = None) -> TrainedModel:
    """The production path: features, an honest calibration, then the model on all the history."""
    past = history[history["date"] < pd.Timestamp(until)]
    feats = build_features(past, past, calendar, zones, spec.features, menus)
    split = pd.Timestamp(until) - pd.Timedelta(days=spec.calibration_days)
    calibration = None
    if (trainable(feats) & (feats["date"] < split)).sum() >= MIN_TRAINING_ROWS:
        early = fit(spec, feats, split.date(), calendar.version, None)
        late = feats[trainable(feats) & (feats["date"] >= split)]
        calibration = Calibration.from_residuals(early.expected(late), late["served"].to_numpy(float),
                                                 late["level"].to_numpy(float))
    return fit(spec, feats, until, calendar.version, calibration)
