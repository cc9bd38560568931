"""Typed data of the canteens use case: canteens, daily services, menus, waste weighings.

Plain frozen dataclasses travel between import, storage, forecasting and pages; the calendar's
own types live in `calendar/entries.py`, the forecasts' in `forecast/types.py`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

# Waste weighing categories, in the order a kitchen weighs them (ma cantine's categories, simplified).
WASTE_CATEGORIES: tuple[str, ...] = ("pain", "entree", "plat", "accompagnement", "dessert", "restes_assiettes")
WASTE_LABELS: dict[str, str] = {
    "pain": "Pain", "entree": "Entrée", "plat": "Plat principal", "accompagnement": "Accompagnement",
    "dessert": "Dessert / laitage", "restes_assiettes": "Restes d'assiettes",
}
# Dish categories of a menu.
DISH_CATEGORIES: tuple[str, ...] = ("entree", "plat", "accompagnement", "laitage", "dessert")
DISH_LABELS: dict[str, str] = {"entree": "Entrée", "plat": "Plat", "accompagnement": "Accompagnement",
                               "laitage": "Laitage", "dessert": "Dessert"}


@dataclass(frozen=True)
class Canteen:
    """A lycée's kitchen. `zone` is derived from the académie unless given."""

    id: str
    name: str
    commune: str = ""
    academie: str = ""
    zone: str = "B"
    lycee: str = ""  # the lycée (establishment) the canteen belongs to; chefs are bound to it
    capacity: int | None = None

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Service:
    """One canteen's lunch service on one day. Any count may be unknown (None) until entered."""

    canteen_id: str
    day: date
    planned: int | None = None  # the kitchen's own forecast (staff forecast)
    prepared: int | None = None
    served: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {"canteen_id": self.canteen_id, "day": self.day.isoformat(), "planned": self.planned,
                "prepared": self.prepared, "served": self.served}


@dataclass(frozen=True)
class Dish:
    name: str
    category: str = "plat"


@dataclass(frozen=True)
class Menu:
    """The dishes served on a day; `canteen_id` empty = the same menu everywhere (central kitchen)."""

    day: date
    dishes: tuple[Dish, ...]
    canteen_id: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"day": self.day.isoformat(), "canteen_id": self.canteen_id,
                "dishes": [{"name": d.name, "category": d.category} for d in self.dishes]}


@dataclass(frozen=True)
class WasteWeighing:
    """Kilograms thrown away on a day, by category (missing categories were not weighed)."""

    canteen_id: str
    day: date
    kg: dict[str, float] = field(default_factory=dict)

    @property
    def total_kg(self) -> float:
        return float(sum(self.kg.values()))

    def to_dict(self) -> dict[str, object]:
        return {"canteen_id": self.canteen_id, "day": self.day.isoformat(), "kg": dict(self.kg),
                "total_kg": round(self.total_kg, 3)}
