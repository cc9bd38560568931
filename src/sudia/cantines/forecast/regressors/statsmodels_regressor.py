"""statsmodels' linear median (quantile 0.5) regression: the transparent, linear candidate."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sudia.cantines.forecast.regressors.base import numeric
from sudia.errors import SudiaError


@dataclass
class StatsmodelsRegressor:
    name: str = "statsmodels"

    def fit(self, X, y, weight) -> None:
        try:
            import statsmodels.api as sm
        except ImportError as exc:
            raise SudiaError("SUDIA-M002", package="statsmodels", extra="cantines") from exc
        num = numeric(X)
        self.columns = list(num.columns)
        self.medians = num.median()
        # Unweighted median regression of the ratio: QuantReg has no weights, and multiplying rows by
        # the level (the exact weighted L1 loss) made its solver diverge on the Nantes validation data.
        design = self._design(X)
        # Constant columns (an event never seen, menus unknown) and a reference weekday make the
        # design singular, and QuantReg's solver then returns zeros: keep informative columns only.
        varying = [c for c in design.columns if c != "const" and c != "wd_0" and design[c].std() > 0]
        self.kept = varying + ["const"]
        self.model = sm.QuantReg(np.asarray(y, dtype=float), design[self.kept].to_numpy(dtype=float)).fit(
            q=0.5, max_iter=2000)

    def _design(self, X):
        import pandas as pd

        num = X[self.columns].fillna(self.medians).fillna(0.0)
        weekday = pd.get_dummies(num["weekday"].astype(int), prefix="wd").reindex(
            columns=[f"wd_{i}" for i in range(5)], fill_value=0)
        return pd.concat([num.drop(columns=["weekday"]), weekday.astype(float)], axis=1).assign(const=1.0)

    def predict(self, X):
        return self._design(X)[self.kept].to_numpy(dtype=float) @ np.asarray(self.model.params)
