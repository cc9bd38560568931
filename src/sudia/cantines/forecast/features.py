"""Features of a canteen-day, computed only from what was known `horizon` days before it.

Every statistic is first computed on each canteen's observed days (its running state after that
day), then attached to each day to forecast with an as-of join on `day - horizon`: a forecast
never sees the day itself nor anything after its cut-off. Features are therefore causal for
every row at once, and a rolling backtest computes them a single time.

Attendance is modelled relative to the canteen's *level*: the median of its last four services
on the same weekday. The model predicts the ratio served / level, so one model serves a canteen
of 60 and one of 900 meals alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sudia.cantines.calendar import FEATURES as CALENDAR_FEATURES
from sudia.cantines.calendar import SchoolCalendar
from sudia.cantines.forecast.history import as_days
from sudia.cantines.forecast.menus import MENU_FEATURES, menu_features

# Chosen on the validation period (bench/RESULTS.md): the network-wide ratio of the last days
# brought nothing once the canteen is a feature, and is left out.
LAG_FEATURES = ("wd_last_r", "wd_prev_r", "wd_med8_r", "wd_mad_r", "r_last", "r_mean3", "r_mean10",
                "gap_days", "wd_gap_days", "log_level", "trend_r")
PLANNED_FEATURE = "planned_r"
CANTEEN_FEATURE = "canteen"


@dataclass(frozen=True)
class FeatureOptions:
    horizon: int = 1  # days between the forecast and the day forecast (1 = the evening before)
    use_planned: bool = False  # read the kitchen's own forecast as a feature (off: the model stands alone)
    use_menus: bool = True  # dishes' observed popularity (missing values where menus are unknown)
    use_canteen: bool = True  # the canteen itself, as a category (its own habits)


def _obs(history: pd.DataFrame) -> pd.DataFrame:
    """The observed days, with each canteen's running statistics after each of them."""
    h = history.loc[history["served"].notna(), ["canteen", "date", "served"]].copy()
    h["served"] = h["served"].astype(float)
    h = h.sort_values(["canteen", "date"], kind="stable").reset_index(drop=True)
    h["weekday"] = h["date"].dt.day_of_week
    wd = h.groupby(["canteen", "weekday"], sort=False)["served"]
    h["wd_med4"] = wd.transform(lambda s: s.rolling(4, min_periods=1).median())
    h["wd_med8"] = wd.transform(lambda s: s.rolling(8, min_periods=1).median())
    h["wd_prev"] = wd.shift(1)
    # median absolute deviation of the last 8 same weekdays around their median: the canteen's noise
    h["wd_mad"] = wd.transform(lambda s: (s - s.rolling(8, min_periods=2).median()).abs()
                               .rolling(8, min_periods=2).median())
    level_before = wd.transform(lambda s: s.shift(1).rolling(4, min_periods=1).median())
    h["r"] = h["served"] / level_before.clip(lower=1.0)
    anyday = h.groupby("canteen", sort=False)["r"]
    h["r_mean3"] = anyday.transform(lambda s: s.rolling(3, min_periods=1).mean())
    h["r_mean10"] = anyday.transform(lambda s: s.rolling(10, min_periods=1).mean())
    h["med20"] = h.groupby("canteen", sort=False)["served"].transform(lambda s: s.rolling(20, min_periods=1).median())
    h["med60"] = h.groupby("canteen", sort=False)["served"].transform(lambda s: s.rolling(60, min_periods=1).median())
    return h


def build_features(history: pd.DataFrame, targets: pd.DataFrame, calendar: SchoolCalendar,
                   zones: dict[str, str], options: FeatureOptions = FeatureOptions(),
                   menus: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per target (canteen, date) with `level` and the model's features, in target order.

    `history`: canteen, date, served (and planned when known); `targets`: canteen, date (and
    planned). Targets without any history keep a missing level: they cannot be forecast.
    """
    history = history.assign(date=as_days(history["date"]))
    targets = targets.assign(date=as_days(targets["date"]))
    if menus is not None:
        menus = menus.assign(date=as_days(menus["date"]))
    obs = _obs(history)
    t = targets[["canteen", "date"]].copy()
    t["_row"] = np.arange(len(t))
    t["weekday"] = t["date"].dt.day_of_week
    t["cutoff"] = t["date"] - pd.Timedelta(days=options.horizon)
    t = t.sort_values("cutoff", kind="stable")
    left = t[["_row", "canteen", "weekday", "cutoff"]]
    same_wd = obs[["canteen", "weekday", "date", "served", "wd_med4", "wd_med8", "wd_prev", "wd_mad"]].rename(
        columns={"date": "wd_date", "served": "wd_last"}).sort_values("wd_date")
    j1 = pd.merge_asof(left, same_wd, left_on="cutoff", right_on="wd_date", by=["canteen", "weekday"])
    any_wd = obs[["canteen", "date", "r", "r_mean3", "r_mean10", "med20", "med60"]].rename(
        columns={"date": "last_date", "r": "r_last"}).sort_values("last_date")
    j2 = pd.merge_asof(left[["_row", "canteen", "cutoff"]], any_wd, left_on="cutoff", right_on="last_date",
                       by="canteen")
    f = j1.set_index("_row").join(j2.drop(columns=["canteen", "cutoff"]).set_index("_row")).sort_index()
    out = targets.reset_index(drop=True).copy()
    level = f["wd_med4"].fillna(f["med20"]).to_numpy()
    out["level"] = level
    lv = np.clip(level, 1.0, None)
    out["wd_last_r"] = f["wd_last"].to_numpy() / lv
    out["wd_prev_r"] = f["wd_prev"].to_numpy() / lv
    out["wd_med8_r"] = f["wd_med8"].to_numpy() / lv
    out["wd_mad_r"] = f["wd_mad"].to_numpy() / lv
    out["r_last"] = f["r_last"].to_numpy()
    out["r_mean3"] = f["r_mean3"].to_numpy()
    out["r_mean10"] = f["r_mean10"].to_numpy()
    # Days since the last service (any / same weekday); missing (NaN, not NaT's huge integer) without one.
    dates = pd.Series(out["date"].to_numpy())
    out["gap_days"] = (dates - pd.Series(f["last_date"].to_numpy())).dt.days.astype(float).to_numpy()
    out["wd_gap_days"] = (dates - pd.Series(f["wd_date"].to_numpy())).dt.days.astype(float).to_numpy()
    out["log_level"] = np.log1p(level)
    out["trend_r"] = f["med20"].to_numpy() / np.clip(f["med60"].to_numpy(), 1.0, None)
    cal = calendar.features(out["canteen"].tolist(), [zones.get(c, "B") for c in out["canteen"]],
                            out["date"].to_numpy().astype("datetime64[D]"))
    for name in CALENDAR_FEATURES:
        out[name] = cal[name]
    if options.use_planned:
        planned = out["planned"] if "planned" in out else pd.Series(np.nan, index=out.index)
        out[PLANNED_FEATURE] = planned.astype(float) / lv
    if options.use_menus:
        found = menu_features(menus, obs[["canteen", "date", "r"]], out, options.horizon)
        for name in MENU_FEATURES:
            out[name] = found[name].astype(float).to_numpy()
    return out


def feature_names(options: FeatureOptions) -> list[str]:
    """Numeric features in model order; the canteen category (`CANTEEN_FEATURE`) comes last."""
    names = list(CALENDAR_FEATURES) + list(LAG_FEATURES)
    if options.use_menus:
        names += list(MENU_FEATURES)
    if options.use_planned:
        names.append(PLANNED_FEATURE)
    if options.use_canteen:
        names.append(CANTEEN_FEATURE)
    return names
