"""The school calendar: holidays by zone, computed public holidays and bridges, causal day features."""

from __future__ import annotations

from datetime import date

import numpy as np

from sudia.cantines.calendar import CalendarEntry, SchoolCalendar, zone_of
from sudia.cantines.calendar.national import bridges, easter, public_holidays


def test_easter_and_public_holidays() -> None:
    assert easter(2024) == date(2024, 3, 31) and easter(2025) == date(2025, 4, 20)
    days = {h.start: h.label for h in public_holidays(2025)}
    assert days[date(2025, 5, 29)] == "Ascension" and days[date(2025, 6, 9)] == "Lundi de Pentecôte"
    assert bridges(public_holidays(2025))[0].start == date(2025, 5, 2)  # Friday after Thursday 1 May


def test_zone_b_holidays_and_academies() -> None:
    calendar = SchoolCalendar.national(2024, 2026)
    assert zone_of("Aix-Marseille") == "B" and zone_of("nice") == "B" and zone_of("Créteil") == "C"
    assert not calendar.is_open(date(2025, 2, 12), "x", "B")  # winter holidays, zone B
    assert calendar.is_open(date(2025, 2, 12), "x", "C")
    assert calendar.next_open_day(date(2025, 2, 7), "x", "B") == date(2025, 2, 24)


def test_local_entries_apply_to_their_canteen_only() -> None:
    calendar = SchoolCalendar.national(2024, 2025).extended(
        [CalendarEntry("sortie", date(2025, 3, 4), date(2025, 3, 4), "Musée", canteen_id="a", share_absent=0.3),
         CalendarEntry("greve", date(2025, 3, 6), date(2025, 3, 6))], "v1")
    days = np.array(["2025-03-04", "2025-03-04", "2025-03-06"], dtype="datetime64[D]")
    f = calendar.features(["a", "b", "b"], ["B", "B", "B"], days)
    assert list(f["share_absent"]) == [0.3, 0.0, 0.0] and list(f["strike"]) == [0.0, 0.0, 1.0]
    assert f["weekday"][0] == 1.0  # Tuesday
