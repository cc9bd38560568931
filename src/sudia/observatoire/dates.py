"""Finds dates in French text and returns them as partial ISO strings ('2024', '2024-11', '2024-11-20')."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sudia.observatoire.repair import fold_keep_length

MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}
_MONTH = "|".join(MONTHS)
_YEAR = r"(?P<year>(?:19[5-9]|20[0-5])\d)"
_DATE = re.compile(
    rf"(?:(?P<day>\d{{1,2}})(?:er)?\s+(?:et\s+\d{{1,2}}\s+)?)?(?P<month>{_MONTH})\s+{_YEAR}\b"
    rf"|\b(?P<d2>\d{{1,2}})/(?P<m2>\d{{1,2}})/(?P<y2>(?:19|20)\d\d)\b"
    rf"|(?<![\d\u00a0\u202f ]\d)(?<![\d,.])\b{_YEAR.replace('year', 'y3')}\b(?!\s*(?:€|m2|mw|\d))"
)


@dataclass(frozen=True)
class DateMention:
    iso: str
    start: int
    end: int


def find_dates(text: str) -> list[DateMention]:
    found = []
    for match in _DATE.finditer(fold_keep_length(text)):
        if match.group("month"):
            month = MONTHS[match.group("month")]
            iso = f"{match.group('year')}-{month:02d}"
            if match.group("day"):
                iso += f"-{int(match.group('day')):02d}"
        elif match.group("y2"):
            month, day = int(match.group("m2")), int(match.group("d2"))
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            iso = f"{match.group('y2')}-{month:02d}-{day:02d}"
        else:
            iso = match.group("y3")
        found.append(DateMention(iso, match.start(), match.end()))
    return found
