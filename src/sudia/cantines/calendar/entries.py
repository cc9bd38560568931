"""Calendar entries: holidays, bridges, exams, strikes, trips and local events, and the zones.

An entry covers a span of days (both ends included), for every canteen of a zone or for one
canteen. The administrator adds and corrects entries; each change makes a new calendar version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Kinds of entry, with their French label. `effect` says what an entry does to attendance.
KINDS: dict[str, str] = {
    "vacances": "Vacances scolaires",
    "ferie": "Jour férié",
    "pont": "Pont",
    "examen": "Examens",
    "greve": "Grève",
    "sortie": "Sortie scolaire",
    "evenement": "Événement local",
    "fermeture": "Fermeture de la cantine",
}
# Kinds on which no meal is served at all.
CLOSED_KINDS = frozenset({"vacances", "ferie", "fermeture"})

# Académies by school-holiday zone (arrêté fixant le calendrier scolaire, zones since 2016).
ACADEMIES: dict[str, str] = {
    **{a: "A" for a in ("Besançon", "Bordeaux", "Clermont-Ferrand", "Dijon", "Grenoble", "Limoges", "Lyon",
                        "Poitiers")},
    **{a: "B" for a in ("Aix-Marseille", "Amiens", "Lille", "Nancy-Metz", "Nantes", "Nice", "Normandie",
                        "Orléans-Tours", "Reims", "Rennes", "Strasbourg")},
    **{a: "C" for a in ("Créteil", "Montpellier", "Paris", "Toulouse", "Versailles")},
}
ZONES = ("A", "B", "C")


def zone_of(academie: str, default: str = "B") -> str:
    """The holiday zone of an académie, matched without accents or case; `default` when unknown."""
    from sudia.cantines.text import fold

    wanted = fold(academie)
    for name, zone in ACADEMIES.items():
        if fold(name) == wanted:
            return zone
    return default


@dataclass(frozen=True)
class CalendarEntry:
    kind: str
    start: date
    end: date
    label: str = ""
    zone: str = ""  # "" = every zone
    canteen_id: str = ""  # "" = every canteen (of the zone)
    share_absent: float | None = None  # for trips/events: expected share of pupils away (0–1)

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end

    def applies_to(self, canteen_id: str, zone: str) -> bool:
        return (not self.zone or self.zone == zone) and (not self.canteen_id or self.canteen_id == canteen_id)

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "kind_label": KINDS.get(self.kind, self.kind), "start": self.start.isoformat(),
                "end": self.end.isoformat(), "label": self.label, "zone": self.zone, "canteen_id": self.canteen_id,
                "share_absent": self.share_absent}

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> CalendarEntry:
        share = d.get("share_absent")
        return cls(str(d["kind"]), date.fromisoformat(str(d["start"])), date.fromisoformat(str(d["end"])),
                   str(d.get("label") or ""), str(d.get("zone") or ""), str(d.get("canteen_id") or ""),
                   None if share in (None, "") else float(share))  # type: ignore[arg-type]
