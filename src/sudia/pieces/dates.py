"""French dates in OCR text: 03/02/2025, 03.02.2025, 3 février 2025, 1er mars 2025, février 2025."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {"janvier": 1, "fevrier": 2, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
          "aout": 8, "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12, "décembre": 12}
_NUMERIC = re.compile(r"\b(\d{1,2})\s?[/.\-]\s?(\d{1,2})\s?[/.\-]\s?(\d{4}|\d{2})\b")
_WORDS = re.compile(r"\b(\d{1,2})(?:er)?\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)


def _make(y: int, m: int, d: int) -> date | None:
    if y < 100:
        y += 2000 if y < 70 else 1900
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[date, int, int]]:
    """Every date in `text` with its character span, in order of appearance."""
    out: list[tuple[date, int, int]] = []
    for m in _NUMERIC.finditer(text):
        d = _make(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if d:
            out.append((d, m.start(), m.end()))
    for m in _WORDS.finditer(text):
        d = _make(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
        if d:
            out.append((d, m.start(), m.end()))
    return sorted(out, key=lambda t: t[1])


def date_after(text: str, labels: tuple[str, ...], window: int = 60) -> date | None:
    """The first date within `window` characters after one of the `labels` (case-insensitive)."""
    lowered = text.lower()
    dates = find_dates(text)
    for label in labels:
        for m in re.finditer(re.escape(label.lower()), lowered):
            for d, start, _ in dates:
                if m.end() <= start <= m.end() + window:
                    return d
    return None


def parse_iso(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def french(d: date) -> str:
    return d.strftime("%d/%m/%Y")
