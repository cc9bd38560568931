"""A versioned school calendar, and the day features forecasts read from it.

`SchoolCalendar` is immutable: the administrator's change makes a new one with a new version,
and each forecast records the version it used. Features are computed for many canteen-days at
once on day-indexed numpy arrays (one per canteen), so a backtest over 100,000 rows stays fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from sudia.cantines.calendar.entries import CLOSED_KINDS, CalendarEntry
from sudia.cantines.calendar.national import national_entries

EPOCH = np.datetime64("1970-01-01", "D")
_FAR = 10_000
# Day features read by the forecasting model, in order.
FEATURES = ("weekday", "month", "school_year_day", "days_to_vacation", "days_since_vacation",
            "prev_open_gap", "next_open_gap", "open_days_in_week", "bridge", "strike", "exam",
            "share_absent", "event")


def _ordinal(days: np.ndarray) -> np.ndarray:
    return (days.astype("datetime64[D]") - EPOCH).astype(np.int64)


@dataclass(frozen=True)
class SchoolCalendar:
    entries: tuple[CalendarEntry, ...]
    version: str = "national"
    _cache: dict[tuple[str, str, int, int], dict[str, np.ndarray]] = field(default_factory=dict, compare=False,
                                                                           repr=False)

    @classmethod
    def national(cls, first_year: int = 2009, last_year: int = 2030) -> SchoolCalendar:
        return cls(tuple(national_entries(first_year, last_year)), "national")

    def extended(self, extra: Iterable[CalendarEntry], version: str) -> SchoolCalendar:
        return SchoolCalendar(self.entries + tuple(extra), version)

    def on(self, day: date, canteen_id: str, zone: str) -> list[CalendarEntry]:
        return [e for e in self.entries if e.covers(day) and e.applies_to(canteen_id, zone)]

    def is_open(self, day: date, canteen_id: str, zone: str) -> bool:
        return day.weekday() < 5 and not any(e.kind in CLOSED_KINDS for e in self.on(day, canteen_id, zone))

    def next_open_day(self, after: date, canteen_id: str, zone: str, limit_days: int = 120) -> date | None:
        for k in range(1, limit_days + 1):
            day = after + timedelta(days=k)
            if self.is_open(day, canteen_id, zone):
                return day
        return None

    # -- vectorised features -------------------------------------------------------------------
    def features(self, canteen_ids: Sequence[str], zones: Sequence[str], days: np.ndarray) -> dict[str, np.ndarray]:
        """Day features for each (canteen, zone, day) row; `days` is datetime64[D]."""
        ordinals = _ordinal(np.asarray(days))
        n = len(ordinals)
        out = {name: np.zeros(n, dtype=np.float64) for name in FEATURES}
        if n == 0:
            return out
        lo, hi = int(ordinals.min()) - 400, int(ordinals.max()) + 400
        keys = np.array([f"{c}\x1f{z}" for c, z in zip(canteen_ids, zones)], dtype=object)
        for key in np.unique(keys):
            rows = np.flatnonzero(keys == key)
            canteen_id, zone = key.split("\x1f")
            arrays = self._arrays(canteen_id, zone, lo, hi)
            idx = ordinals[rows] - lo
            for name in FEATURES:
                out[name][rows] = arrays[name][idx]
        return out

    def _arrays(self, canteen_id: str, zone: str, lo: int, hi: int) -> dict[str, np.ndarray]:
        specific = any(e.canteen_id == canteen_id for e in self.entries)
        cache_key = (canteen_id if specific else "", zone, lo, hi)
        if cache_key not in self._cache:
            self._cache[cache_key] = self._build(canteen_id if specific else "", zone, lo, hi)
        return self._cache[cache_key]

    def _build(self, canteen_id: str, zone: str, lo: int, hi: int) -> dict[str, np.ndarray]:
        size = hi - lo + 1
        ords = np.arange(lo, hi + 1)
        weekday = (ords + 3) % 7  # 1970-01-01 was a Thursday
        closed = weekday >= 5
        vacation = np.zeros(size, bool)
        summer_end = np.zeros(size, bool)
        flags = {k: np.zeros(size) for k in ("bridge", "strike", "exam", "share_absent", "event")}
        for e in self.entries:
            if not e.applies_to(canteen_id, zone) or (e.canteen_id and e.canteen_id != canteen_id):
                continue
            a = max((e.start - date(1970, 1, 1)).days - lo, 0)
            b = min((e.end - date(1970, 1, 1)).days - lo, size - 1)
            if b < a:
                continue
            if e.kind in CLOSED_KINDS:
                closed[a:b + 1] = True
            if e.kind == "vacances":
                vacation[a:b + 1] = True
                if (e.end - e.start).days > 40 and b + 1 < size:
                    summer_end[b + 1] = True  # first day after the summer holidays
            elif e.kind == "pont":
                flags["bridge"][a:b + 1] = 1
            elif e.kind == "greve":
                flags["strike"][a:b + 1] = 1
            elif e.kind == "examen":
                flags["exam"][a:b + 1] = 1
            elif e.kind == "sortie":
                flags["share_absent"][a:b + 1] = np.maximum(flags["share_absent"][a:b + 1], e.share_absent or 0.5)
            elif e.kind == "evenement":
                flags["event"][a:b + 1] = 1
        idx = np.arange(size)
        open_ = ~closed
        prev_open = np.maximum.accumulate(np.where(open_, idx, -_FAR))
        next_open = np.minimum.accumulate(np.where(open_, idx, _FAR)[::-1])[::-1]
        prev_open_strict = np.concatenate([[-_FAR], prev_open[:-1]])
        next_open_strict = np.concatenate([next_open[1:], [_FAR]])
        prev_vac = np.maximum.accumulate(np.where(vacation, idx, -_FAR))
        next_vac = np.minimum.accumulate(np.where(vacation, idx, _FAR)[::-1])[::-1]
        year_start = np.maximum.accumulate(np.where(summer_end, idx, -_FAR))
        week = (ords + 3) // 7  # weeks start on Monday
        open_weekdays = open_ & (weekday < 5)
        per_week = np.bincount(week - week.min(), weights=open_weekdays.astype(float))
        months = (ords.astype("datetime64[D]").astype("datetime64[M]").astype(int) % 12) + 1
        return {
            "weekday": weekday.astype(float), "month": months.astype(float),
            "school_year_day": np.clip(idx - year_start, 0, 400).astype(float),
            "days_to_vacation": np.clip(next_vac - idx, 0, 120).astype(float),
            "days_since_vacation": np.clip(idx - prev_vac, 0, 120).astype(float),
            "prev_open_gap": np.clip(idx - prev_open_strict, 0, 120).astype(float),
            "next_open_gap": np.clip(next_open_strict - idx, 0, 120).astype(float),
            "open_days_in_week": per_week[week - week.min()],
            **flags,
        }
