"""Realistic synthetic lycée canteens, for tests, CI and the demonstration (no real person's data).

Attendance follows what the real Nantes data and kitchen staff show: a level per canteen that
drifts over the year and changes between school years, a weekday profile (Wednesday lunch is
thin in lycées), dips before holidays, on bridges, strike days and trips, a slow June decline
with the exams, dishes that draw pupils or keep them away, and noise. The kitchen's own
forecast is last weeks' mean plus a margin, as many kitchens do; prepared meals follow it; waste
is weighed by category from the surplus and from plate leftovers (more for unpopular dishes).
Same seed, same data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from sudia.cantines.calendar import CalendarEntry, SchoolCalendar
from sudia.cantines.types import Canteen, Dish, Menu, Service, WasteWeighing

# Fictitious lycées in the Région's two académies (zone B); names are invented for the demonstration.
LYCEES = (
    ("Lycée des Calanques", "Marseille", "Aix-Marseille"), ("Lycée du Mistral", "Avignon", "Aix-Marseille"),
    ("Lycée de la Sainte-Victoire", "Aix-en-Provence", "Aix-Marseille"), ("Lycée des Alpilles", "Arles", "Aix-Marseille"),
    ("Lycée du Luberon", "Apt", "Aix-Marseille"), ("Lycée de la Durance", "Manosque", "Aix-Marseille"),
    ("Lycée des Écrins", "Gap", "Aix-Marseille"), ("Lycée de l'Estérel", "Fréjus", "Nice"),
    ("Lycée du Mercantour", "Nice", "Nice"), ("Lycée des Maures", "Toulon", "Nice"), ("Lycée de Lérins", "Cannes", "Nice"),
)
DISHES = {  # name, category, popularity (share of pupils drawn or kept away)
    "entree": [("Carottes râpées", 0.0), ("Salade de lentilles", -0.03), ("Taboulé", 0.01), ("Betteraves", -0.02),
               ("Melon", 0.01), ("Œuf mimosa", 0.0)],
    "plat": [("Frites et steak haché", 0.08), ("Pizza", 0.07), ("Poisson pané", -0.02), ("Lasagnes", 0.04),
             ("Poulet rôti", 0.02), ("Chili sin carne", -0.05), ("Filet de colin", -0.06), ("Burger", 0.09),
             ("Boulettes de bœuf", 0.01), ("Curry de légumes", -0.04), ("Couscous", 0.03), ("Omelette", -0.03)],
    "accompagnement": [("Haricots verts", -0.01), ("Riz", 0.0), ("Purée", 0.01), ("Épinards", -0.02),
                       ("Pâtes", 0.01), ("Ratatouille", -0.01)],
    "dessert": [("Yaourt", 0.0), ("Fruit de saison", -0.01), ("Mousse au chocolat", 0.02), ("Compote", 0.0),
                ("Tarte aux pommes", 0.01)],
}


@dataclass
class SyntheticData:
    canteens: list[Canteen]
    services: list[Service]
    menus: list[Menu]
    waste: list[WasteWeighing]
    calendar: list[CalendarEntry] = field(default_factory=list)


def _school_days(calendar: SchoolCalendar, start: date, end: date, canteen: Canteen) -> list[date]:
    days, d = [], start
    while d < end:
        if calendar.is_open(d, canteen.id, canteen.zone):
            days.append(d)
        d += timedelta(days=1)
    return days


def generate(n_canteens: int = 6, start: date = date(2023, 9, 4), end: date = date(2025, 7, 1),
             seed: int = 7) -> SyntheticData:
    """Canteens, their services from `start` to `end` (excluded), menus, weighings and local calendar."""
    rng = np.random.default_rng(seed)
    national = SchoolCalendar.national(start.year - 1, end.year + 1)
    canteens = []
    for i in range(n_canteens):
        name, commune, academie = LYCEES[i % len(LYCEES)]
        suffix = "" if i < len(LYCEES) else f" {i // len(LYCEES) + 1}"
        uai = f"0{13 + (i % 3)}{i:04d}X"
        canteens.append(Canteen(f"demo-{i + 1:02d}", f"{name}{suffix}", commune, academie, "B", uai,
                                int(rng.integers(400, 1100))))
    # Local calendar: a few strikes a year for every canteen, trips and exams per canteen.
    entries: list[CalendarEntry] = []
    all_days = [start + timedelta(days=k) for k in range((end - start).days)]
    weekdays = [d for d in all_days if d.weekday() < 5]
    for d in rng.choice(weekdays, size=max(1, len(weekdays) // 90), replace=False):
        entries.append(CalendarEntry("greve", d, d, "Grève nationale"))
    for year in range(start.year, end.year + 1):
        exam = date(year, 6, 15)
        if start <= exam < end:
            entries.append(CalendarEntry("examen", exam, exam + timedelta(days=10), "Épreuves du baccalauréat"))
    for c in canteens:
        for d in rng.choice(weekdays, size=max(1, len(weekdays) // 60), replace=False):
            entries.append(CalendarEntry("sortie", d, d, "Sortie scolaire", canteen_id=c.id,
                                         share_absent=float(rng.choice([0.1, 0.2, 0.3]))))
    calendar = national.extended(entries, "synthetic")
    # One menu a day for every canteen (a central kitchen's), chosen at random.
    menus, menu_effect = [], {}
    for d in weekdays:
        dishes, effect = [], 0.0
        for category, choices in DISHES.items():
            name, pop = choices[int(rng.integers(len(choices)))]
            dishes.append(Dish(name, category))
            effect += pop
        menus.append(Menu(d, tuple(dishes)))
        menu_effect[d] = effect
    services, waste = [], []
    for c in canteens:
        base = c.capacity * rng.uniform(0.55, 0.8)  # type: ignore[operator]
        profile = np.array([1.0, 1.02, rng.uniform(0.45, 0.7), 1.0, rng.uniform(0.85, 0.95)])
        noise = rng.uniform(0.03, 0.07)
        recent: dict[int, list[float]] = {k: [] for k in range(7)}
        year_factor, last_year = 1.0, None
        for d in _school_days(calendar, start, end, c):
            school_year = d.year if d.month >= 8 else d.year - 1
            if school_year != last_year:
                year_factor, last_year = rng.uniform(0.9, 1.1), school_year
            f = _day_features(calendar, c, d)
            month_drift = 1.0 - 0.04 * ((d.month - 9) % 12) / 10
            demand = base * year_factor * profile[d.weekday()] * month_drift * (1 + menu_effect.get(d, 0.0))
            demand *= (1 - 0.35 * f["bridge"]) * (1 - 0.3 * f["strike"]) * (1 - f["share_absent"])
            demand *= (1 - 0.25 * f["exam"]) * (1 - 0.08 * (f["next_open_gap"] > 3)) * (1 - 0.04 * (f["prev_open_gap"] > 3))
            served = max(0, int(rng.normal(demand, noise * demand + 3)))
            same_weekday = recent[d.weekday()][-4:] or [demand]
            planned = int(round(np.mean(same_weekday) * rng.uniform(1.04, 1.12)))
            prepared = max(0, int(round(planned * rng.uniform(0.98, 1.02))))
            services.append(Service(c.id, d, planned, prepared, served))
            recent[d.weekday()].append(served)
            surplus = max(prepared - served, 0)
            plate = served * 0.05 * (1 - 2 * menu_effect.get(d, 0.0)) * rng.uniform(0.8, 1.2)
            waste.append(WasteWeighing(c.id, d, {
                "pain": round(served * rng.uniform(0.006, 0.012), 1),
                "entree": round(surplus * 0.08 + plate * 0.2, 1),
                "plat": round(surplus * 0.18 + plate * 0.35, 1),
                "accompagnement": round(surplus * 0.14 + plate * 0.3, 1),
                "dessert": round(surplus * 0.05 + plate * 0.15, 1),
                "restes_assiettes": round(plate, 1),
            }))
    return SyntheticData(canteens, services, menus, waste, entries)


def _day_features(calendar: SchoolCalendar, canteen: Canteen, d: date) -> dict[str, float]:
    arrays = calendar.features([canteen.id], [canteen.zone], np.array([d], dtype="datetime64[D]"))
    return {k: float(v[0]) for k, v in arrays.items()}
