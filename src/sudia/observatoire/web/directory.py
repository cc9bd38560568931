"""The filters shared by the map, the directory, the exports and the API, and the directory's sort."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from fastapi import Request

from sudia.observatoire.geography import DEPARTMENTS
from sudia.observatoire.queries import list_actors
from sudia.observatoire.types import Actor, Extraction
from sudia.observatoire.web.labels import kind_label
from sudia.text.french import fold

# Column key -> French header; the directory sorts on the one named in `?tri=`.
COLUMNS = {"nom": "Nom", "type": "Type", "secteurs": "Secteurs", "departement": "Département", "faits": "Faits"}


@dataclass(frozen=True)
class Filters:
    """What the reader asked for, as in the URL: ?type=startup&secteur=robotique&departement=13&q=…"""

    kind: str = ""
    sector: str = ""
    department: str = ""
    query: str = ""

    @classmethod
    def from_request(cls, request: Request) -> Filters:
        params = request.query_params
        return cls(*(params.get(name, "").strip()[:200] for name in ("type", "secteur", "departement", "q")))

    @property
    def active(self) -> bool:
        return any((self.kind, self.sector, self.department, self.query))

    def params(self) -> dict[str, str]:
        pairs = {"type": self.kind, "secteur": self.sector, "departement": self.department, "q": self.query}
        return {k: v for k, v in pairs.items() if v}

    def query_string(self, **extra: str) -> str:
        """'?type=startup&tri=nom' or '' — the filters plus `extra`, for links that keep them."""
        params = self.params() | {k: v for k, v in extra.items() if v}
        return "?" + urlencode(params) if params else ""

    def apply(self, state: Extraction) -> list[Actor]:
        return list_actors(state, self.kind, self.department, self.sector, self.query)

    def restrict(self, state: Extraction) -> Extraction:
        """The state limited to the chosen actors and their facts and people, for the exports."""
        actors = tuple(self.apply(state))
        names = {a.name for a in actors}
        return replace(state, actors=actors, facts=tuple(f for f in state.facts if f.actor in names),
                       people=tuple(p for p in state.people if p.organisation in names),
                       contradictions=tuple(c for c in state.contradictions if c.actor in names))


@dataclass(frozen=True)
class Choices:
    """The options of the filter form: only the kinds and sectors that exist, all six departments."""

    kinds: tuple[tuple[str, str], ...]
    sectors: tuple[str, ...]
    departments: tuple[tuple[str, str], ...]


def choices(state: Extraction) -> Choices:
    kinds = sorted({a.kind for a in state.actors}, key=lambda k: fold(kind_label(k)))
    sectors = sorted({s for a in state.actors for s in a.sectors}, key=fold)
    return Choices(tuple((k, kind_label(k)) for k in kinds), tuple(sectors),
                   tuple((code, f"{name} ({code})") for code, name in DEPARTMENTS.items()))


def fact_counts(state: Extraction) -> dict[str, int]:
    counts: dict[str, int] = {}
    for fact in state.facts:
        counts[fact.actor] = counts.get(fact.actor, 0) + 1
    return counts


def sort_actors(actors: list[Actor], column: str, descending: bool, counts: dict[str, int]) -> list[Actor]:
    """Stable sort on one column, then by name; actors missing the value go last either way."""
    by_name = sorted(actors, key=lambda a: fold(a.name))
    if column == "nom":
        return list(reversed(by_name)) if descending else by_name
    keys = {
        "type": lambda a: fold(kind_label(a.kind)),
        "secteurs": lambda a: fold(", ".join(a.sectors)),
        "departement": lambda a: a.department,
        "faits": lambda a: counts.get(a.name, 0),
    }
    key = keys.get(column, keys["type"])
    present = [a for a in by_name if key(a) not in ("", None)]
    missing = [a for a in by_name if key(a) in ("", None)]
    return sorted(present, key=key, reverse=descending) + missing
