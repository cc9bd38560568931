"""The national calendar: school holidays by zone (packaged data), public holidays and bridges.

School holidays come from the Ministry's calendar (see `data/vacances_scolaires.json` for the
source); public holidays are computed (Easter by the Gregorian computus), so they never run out;
bridges are the school days caught between a public holiday and a weekend.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from sudia.cantines.calendar.entries import CalendarEntry

DATA = Path(__file__).parent / "data" / "vacances_scolaires.json"


@lru_cache(maxsize=1)
def _holiday_data() -> dict[str, object]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def school_holidays(zones: tuple[str, ...] = ("A", "B", "C")) -> list[CalendarEntry]:
    zones_data: dict[str, list[list[str]]] = _holiday_data()["zones"]  # type: ignore[assignment]
    return [CalendarEntry("vacances", date.fromisoformat(start), date.fromisoformat(end), name, zone)
            for zone in zones for name, start, end in zones_data.get(zone, [])]


def easter(year: int) -> date:
    """Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def public_holidays(year: int) -> list[CalendarEntry]:
    """Metropolitan France's public holidays (Code du travail, art. L3133-1)."""
    e = easter(year)
    named = [
        (date(year, 1, 1), "Jour de l'an"), (e + timedelta(days=1), "Lundi de Pâques"),
        (date(year, 5, 1), "Fête du travail"), (date(year, 5, 8), "Victoire 1945"),
        (e + timedelta(days=39), "Ascension"), (e + timedelta(days=50), "Lundi de Pentecôte"),
        (date(year, 7, 14), "Fête nationale"), (date(year, 8, 15), "Assomption"),
        (date(year, 11, 1), "Toussaint"), (date(year, 11, 11), "Armistice"), (date(year, 12, 25), "Noël"),
    ]
    return [CalendarEntry("ferie", d, d, label) for d, label in named]


def bridges(holidays: list[CalendarEntry]) -> list[CalendarEntry]:
    """A Friday after a Thursday holiday, a Monday before a Tuesday one: many families take it off."""
    off = {h.start for h in holidays}
    out = []
    for day in sorted(off):
        if day.weekday() == 3 and day + timedelta(days=1) not in off:
            out.append(CalendarEntry("pont", day + timedelta(days=1), day + timedelta(days=1), "Pont"))
        if day.weekday() == 1 and day - timedelta(days=1) not in off:
            out.append(CalendarEntry("pont", day - timedelta(days=1), day - timedelta(days=1), "Pont"))
    return out


def national_entries(first_year: int, last_year: int) -> list[CalendarEntry]:
    feries = [h for year in range(first_year, last_year + 1) for h in public_holidays(year)]
    return school_holidays() + feries + bridges(feries)
