"""Prediction intervals and shortage risks from out-of-sample errors.

Errors are standardised by √level (a canteen of 400 errs more, in meals, than one of 100, but
less than four times more) and their quantiles kept on a grid. Served meals are then
`expected + z_q · √level` at quantile q: the interval is (q=0.1, q=0.9), the quantity to prepare
for a shortage risk α is the (1 − α) quantile. The standardisation and the 120-day window were
chosen on the validation period (2014-09 → 2016-07) of the Nantes data (bench/RESULTS.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

GRID = np.round(np.arange(0.005, 1.0, 0.005), 3)  # 0.5 % … 99.5 %
MIN_RESIDUALS = 30


def scale_of(level: np.ndarray) -> np.ndarray:
    return np.sqrt(np.clip(np.asarray(level, dtype=float), 1.0, None))


@dataclass(frozen=True)
class Calibration:
    quantiles: tuple[float, ...]  # z at each GRID level
    n: int  # residuals it was estimated from
    mae: float  # their mean absolute error, in meals

    @classmethod
    def from_residuals(cls, expected: np.ndarray, served: np.ndarray, level: np.ndarray) -> Calibration | None:
        e = np.asarray(expected, float)
        s = np.asarray(served, float)
        ok = ~np.isnan(e) & ~np.isnan(s) & ~np.isnan(np.asarray(level, float))
        if ok.sum() < MIN_RESIDUALS:
            return None
        z = (s[ok] - e[ok]) / scale_of(np.asarray(level, float)[ok])
        return cls(tuple(float(v) for v in np.quantile(z, GRID)), int(ok.sum()), float(np.mean(np.abs(s[ok] - e[ok]))))

    def z(self, q: float) -> float:
        return float(np.interp(q, GRID, np.asarray(self.quantiles)))

    def quantity(self, expected: np.ndarray, level: np.ndarray, q: float) -> np.ndarray:
        """Meals at quantile q (never below 0)."""
        return np.clip(np.asarray(expected, float) + self.z(q) * scale_of(level), 0.0, None)

    def to_dict(self) -> dict[str, object]:
        return {"quantiles": list(self.quantiles), "n": self.n, "mae": self.mae}

    @classmethod
    def from_dict(cls, d: dict) -> Calibration:
        return cls(tuple(float(v) for v in d["quantiles"]), int(d["n"]), float(d["mae"]))
