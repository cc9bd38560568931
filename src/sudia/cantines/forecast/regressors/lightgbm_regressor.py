"""LightGBM gradient boosting on absolute error (the default: measured best, bench/RESULTS.md)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sudia.errors import SudiaError

# Chosen on the validation period 2014-09 → 2016-07 of the Nantes data (bench/RESULTS.md).
DEFAULTS = {"n_estimators": 200, "learning_rate": 0.1, "num_leaves": 15, "min_child_samples": 100,
            "subsample": 0.8, "subsample_freq": 1, "colsample_bytree": 0.8, "max_bin": 63}


@dataclass
class LightGBMRegressor:
    params: dict = field(default_factory=dict)
    threads: int = 1
    seed: int = 0
    name: str = "lightgbm"

    def fit(self, X, y, weight) -> None:
        try:
            import lightgbm
        except ImportError as exc:
            raise SudiaError("SUDIA-M002", package="lightgbm", extra="cantines") from exc
        self.model = lightgbm.LGBMRegressor(objective="l1", **{**DEFAULTS, **self.params}, n_jobs=self.threads,
                                            random_state=self.seed, verbose=-1)
        self.model.fit(X, y, sample_weight=weight)

    def predict(self, X):
        return self.model.predict(X)
