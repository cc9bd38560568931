"""French labels and formats of the observatory pages: kinds, fact types, amounts, units, dates."""

from __future__ import annotations

import re

from sudia.observatoire.geography import DEPARTMENTS
from sudia.observatoire.vocabulary import FACT_LABELS, KIND_LABELS, SCOPE_LABELS, fact_label  # noqa: F401 (the pages read fact labels here)
from sudia.text.french import fold

# One colour per kind, each at least 3:1 against the light map background (WCAG non-text contrast).
KIND_COLOURS: dict[str, str] = {
    "company": "#1b3a6b", "startup": "#d9480f", "lab": "#7048e8", "school": "#0c8599",
    "public_body": "#c92a2a", "accelerator": "#a67c00", "venue": "#2b8a3e", "event": "#d6336c",
    "investor": "#8b4513", "infrastructure": "#1c7ed6",
}
FIELD_LABELS: dict[str, str] = {
    "name": "Nom", "kind": "Type", "description": "Description", "places": "Lieux", "sectors": "Secteurs",
    "aliases": "Autres noms", "value": "Valeur", "date": "Date", "place": "Lieu", "actor": "Acteur",
    "type": "Type de fait", "unit": "Unité",
}
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")
NBSP, THIN = "\u00a0", "\u202f"  # before a unit; between thousands (French typography)


def scope_label(scope: str) -> str:
    return SCOPE_LABELS.get(scope, scope)


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def kind_colour(kind: str) -> str:
    return KIND_COLOURS.get(kind, "#4f5561")


def unit_label(unit: str) -> str:
    return {"EUR": "euros", "m2": "m²", "persons": "personnes"}.get(unit, unit)


def department_label(code: str) -> str:
    return f"{DEPARTMENTS[code]} ({code})" if code in DEPARTMENTS else "—"


def number(value: float, decimals: int = 2) -> str:
    """6000 -> '6 000', 1.5 -> '1,5', 12.25 -> '12,25': at most `decimals`, trailing zeros dropped."""
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", THIN).replace(".", ",")


def euros(value: float) -> str:
    """250e6 -> '250 M€', 1.5e6 -> '1,5 M€', 2.3e9 -> '2,3 Md€', 80e3 -> '80 k€', 950 -> '950 €'."""
    for scale, suffix in ((1e9, "Md€"), (1e6, "M€"), (1e3, "k€")):
        if abs(value) >= scale:
            return f"{number(value / scale)}{NBSP}{suffix}"
    return f"{number(value)}{NBSP}€"


def fact_value(value: float, unit: str, fact_type: str = "") -> str:
    """A fact's value as a French reader writes it: « 250 M€ », « 40 MW », « 1 200 m² », « 32 personnes »."""
    if unit == "EUR":
        return euros(value)
    if unit == "m2":
        return f"{number(value)}{NBSP}m²"
    if unit == "persons":
        word = "emploi" if fact_type == "jobs" else "personne"
        return f"{number(value)}{NBSP}{word}{'s' if value >= 2 else ''}"
    return f"{number(value)}{NBSP}{unit}" if unit else number(value)


def fact_date(date: str) -> str:
    """'2025-02-12' -> '12 février 2025', '2025-04' -> 'avril 2025', '' -> '—'."""
    parts = date.split("-") if date else []
    if not parts or not parts[0].isdigit():
        return date or "—"
    month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12 else 0
    if not month:
        return parts[0]
    day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0
    return f"{'1er' if day == 1 else day} {MONTHS[month - 1]} {parts[0]}" if day else f"{MONTHS[month - 1]} {parts[0]}"


def slug(name: str) -> str:
    """'Institut Méditerranéen de Robotique' -> 'institut-mediterraneen-de-robotique'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "acteur"


def parse_french_number(text: str) -> float:
    """'1 200,5' / '1200.5' / '6e6' -> float; raises ValueError on anything else."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?(e\d+)?", cleaned):
        raise ValueError(text)
    return float(cleaned)
