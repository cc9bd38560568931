"""Baselines every forecast is measured against, computed from the same causal history.

- `staff`: the kitchen's own forecast (`planned`), when the data has it;
- `last_week`: the same canteen on the same weekday one week earlier (the last such service when
  that day had none, e.g. after a holiday);
- `mean4_weekday` / `median4_weekday`: mean / median of the last four services on the same weekday.
All use only services known `horizon` days before the day forecast.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sudia.cantines.forecast.history import as_days

BASELINES: dict[str, str] = {
    "staff": "Prévision de la cuisine",
    "last_week": "Même jour la semaine précédente",
    "mean4_weekday": "Moyenne des 4 derniers mêmes jours",
    "median4_weekday": "Médiane des 4 derniers mêmes jours",
}


def baseline_forecasts(history: pd.DataFrame, targets: pd.DataFrame, horizon: int = 1) -> pd.DataFrame:
    """One column per baseline, in the order of `targets` (canteen, date[, planned])."""
    history = history.assign(date=as_days(history["date"]))
    targets = targets.assign(date=as_days(targets["date"]))
    obs = history.loc[history["served"].notna(), ["canteen", "date", "served"]].copy()
    obs["served"] = obs["served"].astype(float)
    obs = obs.sort_values(["canteen", "date"], kind="stable")
    obs["weekday"] = obs["date"].dt.day_of_week
    wd = obs.groupby(["canteen", "weekday"], sort=False)["served"]
    obs["mean4"] = wd.transform(lambda s: s.rolling(4, min_periods=1).mean())
    obs["median4"] = wd.transform(lambda s: s.rolling(4, min_periods=1).median())
    t = targets[["canteen", "date"]].copy()
    t["_row"] = np.arange(len(t))
    t["weekday"] = t["date"].dt.day_of_week
    t["cutoff"] = t["date"] - pd.Timedelta(days=horizon)  # the same weekday: a week before at the latest
    joined = pd.merge_asof(t.sort_values("cutoff"), obs.rename(columns={"date": "seen"}).sort_values("seen"),
                           left_on="cutoff", right_on="seen", by=["canteen", "weekday"]).set_index("_row").sort_index()
    out = pd.DataFrame(index=targets.index)
    out["staff"] = targets["planned"].astype(float) if "planned" in targets else np.nan
    out["last_week"] = joined["served"].to_numpy()
    out["mean4_weekday"] = joined["mean4"].to_numpy()
    out["median4_weekday"] = joined["median4"].to_numpy()
    return out
