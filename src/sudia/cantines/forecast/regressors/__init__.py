"""Regressor backends and their factory."""

from __future__ import annotations

from sudia.cantines.forecast.regressors.base import Regressor
from sudia.errors import SudiaError

BACKENDS = ("lightgbm", "sklearn", "statsmodels")


def make_regressor(name: str, params: dict | None = None, threads: int = 1, seed: int = 0) -> Regressor:
    if name == "lightgbm":
        from sudia.cantines.forecast.regressors.lightgbm_regressor import LightGBMRegressor

        return LightGBMRegressor(dict(params or {}), threads, seed)
    if name == "sklearn":
        from sudia.cantines.forecast.regressors.sklearn_regressor import SklearnRegressor

        return SklearnRegressor(dict(params or {}), seed)
    if name == "statsmodels":
        from sudia.cantines.forecast.regressors.statsmodels_regressor import StatsmodelsRegressor

        return StatsmodelsRegressor()
    raise SudiaError("SUDIA-K006", detail=f"modèle « {name} » inconnu (choix : {', '.join(BACKENDS)})")
