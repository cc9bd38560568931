"""CSV exports for French spreadsheet software: semicolon separators, UTF-8 with a byte order mark
(so accents survive a double-click in a spreadsheet), French headers and labels, plain numbers with
a decimal comma, and text that a spreadsheet would run as a formula neutralised (#10)."""

from __future__ import annotations

import csv
import io

from sudia.observatoire.geography import DEPARTMENTS
from sudia.observatoire.types import Extraction
from sudia.observatoire.vocabulary import KIND_LABELS, SCOPE_LABELS, fact_label

BOM = "\ufeff"
# A spreadsheet runs a cell starting with one of these as a formula (=HYPERLINK(...) sends data away).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
UNITS = {"EUR": "euros", "MW": "MW", "m2": "m²", "persons": "personnes"}


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would evaluate gets a leading apostrophe (OWASP CSV injection); numbers stay."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def plain_number(value: float | None) -> str:
    """1234567.5 -> '1234567,5': no thousands separator, no unit, a decimal comma."""
    if value is None:
        return ""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _write(header: list[str], rows: list[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return BOM + out.getvalue()


def _department(code: str) -> str:
    return f"{DEPARTMENTS[code]} ({code})" if code in DEPARTMENTS else ""


def actors_csv(state: Extraction) -> str:
    return _write(
        ["Nom", "Type", "Autres noms", "Lieux", "Département", "Latitude", "Longitude", "Secteurs", "Description"],
        [[a.name, KIND_LABELS.get(a.kind, a.kind), " ; ".join(a.aliases), " ; ".join(a.places), _department(a.department),
          plain_number(a.lat), plain_number(a.lon), " ; ".join(a.sectors), a.description] for a in state.actors])


def facts_csv(state: Extraction) -> str:
    return _write(
        ["Acteur", "Fait", "Valeur", "Unité", "Date", "Lieu", "Portée", "Document", "Citation"],
        [[f.actor, fact_label(f.type, f.unit), plain_number(f.value), UNITS.get(f.unit, f.unit), f.date, f.place,
          SCOPE_LABELS.get(f.scope, f.scope), f.source.document, f.source.quote] for f in state.facts])
