"""The trade-off between meals left over and days short, and whether it beats the kitchen's own.

Preparing the (1 − α) quantile of the forecast for α from 1 % to 60 % traces a curve of
(over-production %, shortage days %). The kitchen's forecast is one point; the curve dominates it
when, at the kitchen's over-production, it is short on fewer days, and at the kitchen's shortage
rate, it over-produces less (both read on the curve by linear interpolation).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sudia.cantines.forecast.metrics import score

CURVE_RISKS: tuple[float, ...] = tuple(round(0.01 * k, 2) for k in range(1, 61))


def risk_column(risk: float) -> str:
    return f"q{risk:.2f}"


def curve(rows: pd.DataFrame) -> list[dict[str, float]]:
    served = rows["served"].to_numpy(float)
    out = []
    for risk in CURVE_RISKS:
        s = score(rows[risk_column(risk)].to_numpy(float), served)
        out.append({"risk": risk, "over_production_pct": round(s.over_production_pct, 3),
                    "surplus_pct": round(s.surplus_pct, 3), "shortage_days_pct": round(s.shortage_days_pct, 3)})
    return out


def read_curve(points: list[dict[str, float]], x: str, y: str, at: float) -> float | None:
    """y on the curve where x == at (linear interpolation); None outside the curve."""
    xs = np.array([p[x] for p in points])
    ys = np.array([p[y] for p in points])
    order = np.argsort(xs)
    xs, ys = xs[order], ys[order]
    if not xs[0] <= at <= xs[-1]:
        return None
    return float(np.interp(at, xs, ys))


def tradeoff_summary(rows: pd.DataFrame, reference: str | None) -> dict[str, object]:
    points = curve(rows)
    out: dict[str, object] = {"curve": points}
    if reference is None:
        return out
    ref = score(rows[reference].to_numpy(float), rows["served"].to_numpy(float))
    shortage = read_curve(points, "over_production_pct", "shortage_days_pct", ref.over_production_pct)
    over = read_curve(points, "shortage_days_pct", "over_production_pct", ref.shortage_days_pct)
    out["reference"] = {"method": reference, "over_production_pct": round(ref.over_production_pct, 3),
                        "shortage_days_pct": round(ref.shortage_days_pct, 3)}
    out["shortage_days_pct_at_reference_over_production"] = None if shortage is None else round(shortage, 3)
    out["over_production_pct_at_reference_shortage"] = None if over is None else round(over, 3)
    out["dominates_reference"] = bool(shortage is not None and over is not None
                                      and shortage < ref.shortage_days_pct and over < ref.over_production_pct)
    return out
