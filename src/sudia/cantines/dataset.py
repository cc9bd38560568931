"""A data set for forecasting, read from files: services, and optionally calendar entries and menus.

What `sudia cantines backtest --data FILE` reads: the same import code (column mapping, line
errors) as the web import, so the benchmark exercises it on real files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sudia.cantines.calendar import CalendarEntry, SchoolCalendar
from sudia.cantines.forecast.history import history_frame, menu_frame
from sudia.cantines.importing import LineError, import_file

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Dataset:
    history: pd.DataFrame
    calendar: SchoolCalendar
    zones: dict[str, str]
    menus: pd.DataFrame | None = None
    errors: dict[str, list[LineError]] = field(default_factory=dict)

    def summary(self) -> dict[str, object]:
        h = self.history
        return {"services": int(h["served"].notna().sum()), "canteens": int(h["canteen"].nunique()),
                "first_day": h["date"].min().date().isoformat(), "last_day": h["date"].max().date().isoformat(),
                "calendar_version": self.calendar.version,
                "menu_days": 0 if self.menus is None else int(self.menus["date"].nunique()),
                "rejected_lines": {name: len({e.line for e in errs}) for name, errs in self.errors.items()}}


def load_dataset(data: Path, mapping: list[str] | None = None, zone: str = "B",
                 calendar_file: Path | None = None, calendar_mapping: list[str] | None = None,
                 menus_file: Path | None = None, menus_mapping: list[str] | None = None) -> Dataset:
    services = import_file(data, "services", mapping)
    errors = {data.name: services.errors}
    history = history_frame(services.records)
    entries: list[CalendarEntry] = []
    version = "national"
    if calendar_file is not None:
        imported = import_file(calendar_file, "calendar", calendar_mapping)
        entries = imported.records
        errors[calendar_file.name] = imported.errors
        version = f"national+{calendar_file.name}"
    first, last = history["date"].min().year - 1, history["date"].max().year + 1
    calendar = SchoolCalendar.national(first, last).extended(entries, version)
    menus = None
    if menus_file is not None:
        imported = import_file(menus_file, "menus", menus_mapping)
        menus = menu_frame(imported.records)
        errors[menus_file.name] = imported.errors
    zones = {c: zone for c in history["canteen"].unique()}
    return Dataset(history, calendar, zones, menus, errors)
