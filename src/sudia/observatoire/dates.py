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


# "France 2030", "Horizon 2030", "Plan Sud IA 2024-2028": a year glued to a capitalised name is part of a
# programme's name, not a date ("En 2030", "Fin 2024" are dates).
_NAMED_YEAR = re.compile(r"(?<![.!?]\s)\b(?!(?:En|Le|Fin|Début|Debut|Mi|Depuis|Dès|Des|Avant|Après|Apres|Vers|Jusqu|Au|Du|Pour)\b)"
                         r"[A-ZÀ-Ö][a-zà-ÿ][\wÀ-ÿ-]*\s+(?:[A-Z]{2,}\s+)?$")  # "France 2030", "Sud IA 2024"; not "CA 2022"
# "environ 2000 emplois": a round figure followed by what it counts is an amount, not a year
_COUNTED = re.compile(r"^\s+(?:emplois?|salari|personnes|postes|chercheurs|etudiants|visiteurs|participants|"
                      r"entreprises|start-?ups|m2|metres|hectares|euros|habitants)")


def find_dates(text: str) -> list[DateMention]:
    found = []
    folded = fold_keep_length(text)
    for match in _DATE.finditer(folded):
        before = text[:match.start()]
        span = re.search(r"(\d{4})\s*[-–]\s*$", before)  # "Plan Sud IA 2024-2028": the range is in the name
        if match.group("y3") and (_NAMED_YEAR.search(before) or _COUNTED.match(folded[match.end():])
                                  or span and _NAMED_YEAR.search(before[:span.start()])):
            continue
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
