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
        dummies = self._design(X)
        # Weighting by level = repeating rows: QuantReg has no weights, so scale rows by sqrt-free trick:
        # the weighted L1 loss is the L1 loss of (y, X) multiplied by the weight, row by row.
        w = np.asarray(weight, dtype=float)
        self.model = sm.QuantReg(np.asarray(y) * w, dummies.to_numpy() * w[:, None]).fit(q=0.5, max_iter=2000)

    def _design(self, X):
        import pandas as pd

        num = X[self.columns].fillna(self.medians).fillna(0.0)
        weekday = pd.get_dummies(num["weekday"].astype(int), prefix="wd").reindex(
            columns=[f"wd_{i}" for i in range(5)], fill_value=0)
        return pd.concat([num.drop(columns=["weekday"]), weekday.astype(float)], axis=1).assign(const=1.0)

    def predict(self, X):
        return self._design(X).to_numpy() @ self.model.params
