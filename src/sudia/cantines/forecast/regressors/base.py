"""The swappable part of the forecaster: a regressor of the ratio served / level.

One small interface, one file per library (LightGBM, scikit-learn, statsmodels); the choice
between them is made by measurement (bench/RESULTS.md). Each minimises absolute error, weighted
by the canteen's level, so that the loss is the error in meals. `canteen` arrives as a pandas
category; a backend that cannot use it ignores it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


class Regressor(Protocol):
    name: str

    def fit(self, X: pd.DataFrame, y: np.ndarray, weight: np.ndarray) -> None: ...

    def predict(self, X: pd.DataFrame) -> np.ndarray: ...


def numeric(X: pd.DataFrame) -> pd.DataFrame:
    """The numeric columns, missing values as the column's median (for backends that need it)."""
    num = X.select_dtypes(exclude="category")
    return num.fillna(num.median(numeric_only=True)).fillna(0.0)
