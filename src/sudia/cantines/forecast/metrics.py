"""Scores of a forecast or of a quantity prepared, against the meals really served.

- MAE: mean absolute error, meals per canteen-day; MAPE: mean of |error| / served (days served > 0);
- over-production: (Σ prepared − Σ served) / Σ served, in % (the kitchen's margin, net);
- surplus: Σ max(prepared − served, 0) / Σ served, in % (meals left over, the waste side);
- shortage days: share of canteen-days where fewer meals were prepared than served, in %.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np


@dataclass(frozen=True)
class Score:
    n: int
    mae: float
    mape: float
    over_production_pct: float
    surplus_pct: float
    shortage_days_pct: float
    bias: float

    def to_dict(self) -> dict[str, float | int]:
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def score(prepared: np.ndarray, served: np.ndarray) -> Score:
    p = np.asarray(prepared, dtype=float)
    s = np.asarray(served, dtype=float)
    ok = ~np.isnan(p) & ~np.isnan(s)
    p, s = p[ok], s[ok]
    if len(s) == 0:
        nan = float("nan")
        return Score(0, nan, nan, nan, nan, nan, nan)
    e = p - s
    total = max(float(s.sum()), 1.0)
    positive = s > 0
    mape = float(np.mean(np.abs(e[positive]) / s[positive]) * 100) if positive.any() else float("nan")
    return Score(n=int(len(s)), mae=float(np.mean(np.abs(e))), mape=mape,
                 over_production_pct=float(e.sum() / total * 100),
                 surplus_pct=float(np.clip(e, 0, None).sum() / total * 100),
                 shortage_days_pct=float(np.mean(e < 0) * 100), bias=float(np.mean(e)))
