"""Turn a table's rows into typed records; a bad line becomes a French error, never a silent loss.

Each rejected line is reported with its number, column and value, so the person can fix the file
and import it again (imports are idempotent: a service or weighing replaces the same day's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sudia.cantines.calendar.entries import KINDS as CALENDAR_KINDS
from sudia.cantines.calendar.entries import ZONES, CalendarEntry, zone_of
from sudia.cantines.importing.mapping import KINDS, parse_overrides, resolve
from sudia.cantines.importing.tables import Table
from sudia.cantines.text import fold
from sudia.cantines.types import DISH_CATEGORIES, WASTE_CATEGORIES, Canteen, Dish, Menu, Service, WasteWeighing
from sudia.errors import SudiaError


@dataclass(frozen=True)
class LineError:
    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"ligne {self.line}" + (f", colonne « {self.column} »" if self.column else "")
        return f"{where} : {self.message}" + (f" (valeur « {self.value} »)" if self.value else "")

    def to_dict(self) -> dict[str, object]:
        return {"line": self.line, "column": self.column, "value": self.value, "message": self.message}


@dataclass
class ImportResult:
    kind: str
    source: str
    mapping: dict[str, str]
    records: list = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)

    def to_dict(self, max_errors: int = 200) -> dict[str, object]:
        return {"kind": self.kind, "source": self.source, "mapping": self.mapping, "accepted": len(self.records),
                "rejected_lines": len({e.line for e in self.errors}),
                "errors": [e.to_dict() for e in self.errors[:max_errors]]}


class _LineProblem(Exception):
    def __init__(self, column: str, value: str, message: str) -> None:
        self.column, self.value, self.message = column, value, message


_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$")


def parse_day(text: str, column: str) -> date:
    value = text.strip()
    try:
        if _DMY.match(value):
            d, m, y = (int(x) for x in _DMY.match(value).groups())  # type: ignore[union-attr]
            return date(y + 2000 if y < 100 else y, m, d)
        return datetime.fromisoformat(value[:19]).date() if "T" in value or " " in value else date.fromisoformat(value)
    except ValueError:
        raise _LineProblem(column, text, "date invalide (attendu : AAAA-MM-JJ ou JJ/MM/AAAA)") from None


def parse_count(text: str, column: str) -> int | None:
    value = text.strip().replace("\u202f", "").replace(" ", "")
    if value in ("", "-", "NA", "NaN", "nan"):
        return None
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        raise _LineProblem(column, text, "nombre de repas invalide") from None
    if number < 0 or number != int(number):
        raise _LineProblem(column, text, "le nombre de repas doit être un entier positif ou nul")
    return int(number)


def parse_kg(text: str, column: str) -> float | None:
    value = text.strip().replace(" ", "")
    if value in ("", "-"):
        return None
    try:
        kg = float(value.replace(",", "."))
    except ValueError:
        raise _LineProblem(column, text, "poids invalide (en kg, ex. 3,5)") from None
    if kg < 0 or kg > 10_000:
        raise _LineProblem(column, text, "poids hors limites (0 à 10 000 kg)")
    return kg


def _category(text: str, choices: tuple[str, ...], column: str) -> str:
    folded = fold(text).replace(" ", "_")
    if folded.isdigit() and 1 <= int(folded) <= len(choices):  # a menu's rank: 1 = starter…
        return choices[int(folded) - 1]
    for choice in choices:
        if folded == choice or folded.rstrip("s") == choice:
            return choice
    raise _LineProblem(column, text, f"catégorie inconnue (choix : {', '.join(choices)})")


def import_table(table: Table, kind: str, mapping: list[str] | dict[str, str] | None = None) -> ImportResult:
    """Records of `kind` (services, menus, waste, calendar, canteens) read from `table`."""
    columns = resolve(kind, table.header, parse_overrides(mapping), table.name)
    labels = {f.name: f.label for f in KINDS[kind]}
    shown = {name: f"={idx}" if isinstance(idx, str) else "+".join(table.header[i] for i in idx)
             for name, idx in columns.items()}
    result = ImportResult(kind, table.name, shown)

    def get(cells: tuple[str, ...], name: str) -> str:
        if name not in columns:
            return ""
        if isinstance(columns[name], str):
            return columns[name]  # type: ignore[return-value]
        parts = [cells[i].strip() if i < len(cells) else "" for i in columns[name]]
        return " ".join(p for p in parts if p)

    builder = _BUILDERS[kind]
    for line, cells in table.rows:
        try:
            record = builder(lambda name: get(cells, name), lambda name: shown.get(name, labels[name]))
        except _LineProblem as p:
            result.errors.append(LineError(line, p.column, p.value, p.message))
            continue
        result.records.append(record)
    if not result.records and table.rows:
        raise SudiaError("SUDIA-K013", path=table.name, rejected=len(table.rows))
    return result


def _service(get, col) -> Service:
    canteen = get("canteen")
    if not canteen:
        raise _LineProblem(col("canteen"), "", "cantine manquante")
    if get("canteen_type"):  # one site, several kitchens (Nantes: maternelle / élémentaire)
        canteen = f"{canteen} ({get('canteen_type')})"
    day = parse_day(get("date"), col("date"))
    counts = {f: parse_count(get(f), col(f)) for f in ("planned", "prepared", "served")}
    if all(v is None for v in counts.values()):
        raise _LineProblem("", "", "aucun nombre de repas (prévus, préparés ou servis)")
    return Service(canteen, day, counts["planned"], counts["prepared"], counts["served"])


def _menu(get, col) -> Menu:
    day = parse_day(get("date"), col("date"))
    dish = get("dish")
    if not dish or dish in ("-", "—"):
        raise _LineProblem(col("dish"), dish, "plat manquant")
    category = _category(get("category"), DISH_CATEGORIES, col("category")) if get("category") else "plat"
    return Menu(day, (Dish(dish, category),), get("canteen"))


def _waste(get, col) -> WasteWeighing:
    canteen = get("canteen")
    if not canteen:
        raise _LineProblem(col("canteen"), "", "cantine manquante")
    day = parse_day(get("date"), col("date"))
    kg: dict[str, float] = {}
    if get("category"):
        category = _category(get("category"), WASTE_CATEGORIES, col("category"))
        value = parse_kg(get("kg"), col("kg"))
        if value is None:
            raise _LineProblem(col("kg"), "", "poids manquant")
        kg[category] = value
    for category in WASTE_CATEGORIES:
        value = parse_kg(get(category), col(category))
        if value is not None:
            kg[category] = value
    if not kg:
        raise _LineProblem("", "", "aucun poids (une colonne par catégorie, ou catégorie + kg)")
    return WasteWeighing(canteen, day, kg)


def _calendar(get, col) -> CalendarEntry:
    kind = fold(get("kind")).replace(" ", "_")
    aliases = {fold(label): k for k, label in CALENDAR_KINDS.items()} | {"jour_ferie": "ferie", "greves": "greve"}
    kind = aliases.get(kind.replace("_", " "), kind)
    if kind not in CALENDAR_KINDS:
        raise _LineProblem(col("kind"), get("kind"), f"type inconnu (choix : {', '.join(CALENDAR_KINDS)})")
    start = parse_day(get("start"), col("start"))
    end = parse_day(get("end"), col("end")) if get("end") else start
    if end < start:
        raise _LineProblem(col("end"), get("end"), "la fin précède le début")
    zone = get("zone").upper()
    if zone and zone not in ZONES:
        raise _LineProblem(col("zone"), zone, "zone inconnue (A, B ou C)")
    share = None
    if get("share_absent"):
        try:
            share = float(get("share_absent").replace(",", ".").rstrip("%")) / (100 if "%" in get("share_absent") else 1)
        except ValueError:
            raise _LineProblem(col("share_absent"), get("share_absent"), "part invalide (entre 0 et 1, ou en %)") from None
        if not 0 <= share <= 1:
            raise _LineProblem(col("share_absent"), get("share_absent"), "part hors de 0–1")
    return CalendarEntry(kind, start, end, get("label"), zone, get("canteen"), share)


def _canteen(get, col) -> Canteen:
    capacity = parse_count(get("capacity"), col("capacity")) if get("capacity") else None
    zone = get("zone").upper() or zone_of(get("academie"))
    if zone not in ZONES:
        raise _LineProblem(col("zone"), zone, "zone inconnue (A, B ou C)")
    return Canteen(get("id"), get("name"), get("commune"), get("academie"), zone, get("lycee") or get("name"), capacity)


_BUILDERS = {"services": _service, "menus": _menu, "waste": _waste, "calendar": _calendar, "canteens": _canteen}
