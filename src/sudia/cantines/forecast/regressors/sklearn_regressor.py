"""scikit-learn's histogram gradient boosting on absolute error."""

from __future__ import annotations

from dataclasses import dataclass, field

from sudia.errors import SudiaError


@dataclass
class SklearnRegressor:
    params: dict = field(default_factory=dict)
    seed: int = 0
    name: str = "sklearn"

    def fit(self, X, y, weight) -> None:
        try:
            from sklearn.ensemble import HistGradientBoostingRegressor
        except ImportError as exc:
            raise SudiaError("SUDIA-M002", package="scikit-learn", extra="cantines") from exc
        defaults = {"max_iter": 200, "learning_rate": 0.1, "max_leaf_nodes": 15, "min_samples_leaf": 100}
        self.model = HistGradientBoostingRegressor(loss="absolute_error", categorical_features="from_dtype",
                                                   random_state=self.seed, **{**defaults, **self.params})
        # A column with no value at all (menus unknown) breaks the binning: leave it out.
        self.columns = [c for c in X.columns if X[c].notna().any()]
        self.model.fit(X[self.columns], y, sample_weight=weight)

    def predict(self, X):
        return self.model.predict(X[self.columns])
