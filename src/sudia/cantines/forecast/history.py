"""Services and menus as the tables the forecasting code reads (pandas, extra `cantines`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sudia.cantines.types import Menu, Service
from sudia.errors import SudiaError

if TYPE_CHECKING:
    import pandas as pd


def pandas():
    """pandas, or an error naming the extra to install."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise SudiaError("SUDIA-M002", package="pandas", extra="cantines") from exc
    return pd


def as_days(values: pd.Series) -> pd.Series:
    """Dates at one resolution (pandas joins refuse to mix seconds and microseconds)."""
    return pandas().to_datetime(values).astype("datetime64[ns]")


def history_frame(services: Iterable[Service]) -> pd.DataFrame:
    """canteen, date, planned, prepared, served: one row per canteen-day (the last one wins)."""
    pd = pandas()
    rows = [(s.canteen_id, s.day, s.planned, s.prepared, s.served) for s in services]
    frame = pd.DataFrame(rows, columns=["canteen", "date", "planned", "prepared", "served"])
    frame["date"] = as_days(frame["date"])
    for column in ("planned", "prepared", "served"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    frame = frame.drop_duplicates(["canteen", "date"], keep="last")
    return frame.sort_values(["canteen", "date"], kind="stable").reset_index(drop=True)


def menu_frame(menus: Iterable[Menu]) -> pd.DataFrame:
    """date, canteen ("" = every canteen), dish, category: one row per dish served."""
    pd = pandas()
    rows = [(m.day, m.canteen_id, d.name, d.category) for m in menus for d in m.dishes]
    frame = pd.DataFrame(rows, columns=["date", "canteen", "dish", "category"])
    frame["date"] = as_days(frame["date"])
    return frame
