"""Dishes' observed popularity: how attendance moved, relative to its usual level, when a dish was served.

For each dish, the running mean of (served / level − 1) over the canteen-days it was on the menu,
shrunk toward 0 by `prior` pseudo-days (a dish seen twice says little). A day's feature is the
mean popularity of its dishes, as known `horizon` days before; unknown menus give missing values,
which the model handles.
"""

from __future__ import annotations

import re

import pandas as pd

from sudia.cantines.text import fold

MENU_FEATURES = ("menu_pop", "menu_pop_max", "menu_known")
_MARKS = re.compile(r"\b(bio|label rouge|aop|igp|maison)\b")


def dish_key(name: str) -> str:
    """Dish names as cooks write them vary: « Poisson pané bio* » and « poisson pane » are one dish."""
    return re.sub(r"\s+", " ", _MARKS.sub(" ", fold(name))).strip()


def menu_features(menus: pd.DataFrame, obs_ratio: pd.DataFrame, targets: pd.DataFrame, horizon: int,
                  prior: float = 20.0) -> pd.DataFrame:
    """`menus`: date, canteen, dish; `obs_ratio`: canteen, date, r (served / level); `targets`: canteen, date."""
    out = pd.DataFrame(index=targets.index, columns=list(MENU_FEATURES), dtype=float)
    if menus is None or menus.empty:
        return out
    m = menus.assign(key=menus["dish"].map(dish_key))[["date", "canteen", "key"]].drop_duplicates()
    canteens = obs_ratio["canteen"].unique()
    shared = m[m["canteen"] == ""].drop(columns="canteen")
    own = m[m["canteen"] != ""]
    # Each canteen-day's dishes: its own menu, else the shared one (a central kitchen's).
    expanded = pd.concat([own, shared.merge(pd.DataFrame({"canteen": canteens}), how="cross")], ignore_index=True)
    expanded = expanded.drop_duplicates(["canteen", "date", "key"])
    seen = expanded.merge(obs_ratio.dropna(subset=["r"]), on=["canteen", "date"])
    seen["dev"] = seen["r"].clip(0, 2) - 1.0
    daily = seen.groupby(["key", "date"])["dev"].agg(["sum", "count"]).reset_index().sort_values("date")
    daily[["cum_sum", "cum_n"]] = daily.groupby("key")[["sum", "count"]].cumsum()
    t = targets[["canteen", "date"]].reset_index().rename(columns={"index": "_row"})
    wanted = t.merge(expanded, on=["canteen", "date"])
    if wanted.empty:
        return out
    wanted["cutoff"] = wanted["date"] - pd.Timedelta(days=horizon)
    joined = pd.merge_asof(wanted.sort_values("cutoff"), daily[["key", "date", "cum_sum", "cum_n"]]
                           .rename(columns={"date": "seen"}).sort_values("seen"),
                           left_on="cutoff", right_on="seen", by="key")
    joined["pop"] = joined["cum_sum"].fillna(0.0) / (joined["cum_n"].fillna(0.0) + prior)
    per_row = joined.groupby("_row")["pop"].agg(["mean", "max"])
    out.loc[per_row.index, "menu_pop"] = per_row["mean"].to_numpy()
    out.loc[per_row.index, "menu_pop_max"] = per_row["max"].to_numpy()
    out.loc[per_row.index, "menu_known"] = 1.0
    return out
