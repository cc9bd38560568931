"""Plain typed data of the observatory: actors, facts, people, their sources and contradictions."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ActorKind = Literal[
    "company", "startup", "lab", "school", "public_body", "accelerator", "venue", "event",
    "investor", "infrastructure",
]
ACTOR_KINDS: tuple[str, ...] = ActorKind.__args__  # type: ignore[attr-defined]

# `count` carries what is counted in `unit` (visiteurs, étudiants, start-up...).
FactType = Literal[
    "investment_eur", "funding_eur", "budget_eur", "revenue_eur", "power_mw", "area_m2", "jobs", "count",
]
FACT_TYPES: tuple[str, ...] = FactType.__args__  # type: ignore[attr-defined]
FACT_UNITS: dict[str, str] = {
    "investment_eur": "EUR", "funding_eur": "EUR", "budget_eur": "EUR", "revenue_eur": "EUR",
    "power_mw": "MW", "area_m2": "m2", "jobs": "persons",
}


@dataclass(frozen=True)
class Source:
    """Where a statement comes from: a document name and the exact sentence."""

    document: str
    quote: str


@dataclass(frozen=True)
class Location:
    """A commune or a named site of the Région Sud, with its department and centre."""

    name: str
    kind: str  # commune, technopole, campus, port, research_centre...
    insee: str
    commune: str
    department: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    description: str = ""
    sources: tuple[Source, ...] = ()
    department: str = ""
    lat: float | None = None
    lon: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True)
class Fact:
    actor: str
    type: str
    value: float
    unit: str
    date: str = ""
    place: str = ""
    source: Source = field(default_factory=lambda: Source("", ""))
    # regional, national, other_region or worldwide: only regional figures enter regional totals
    scope: str = "regional"
    confidence: float = 1.0  # how sure the attribution to `actor` is (see attribution.py)

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True)
class Person:
    name: str
    role: str = ""
    organisation: str = ""
    sources: tuple[Source, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True)
class Contradiction:
    """Two sources disagree on an actor's fact (field `value`) or place (field `place`)."""

    actor: str
    type: str
    field: str
    first: Fact
    second: Fact

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True)
class Extraction:
    """What the extractor returns for one or several documents."""

    actors: tuple[Actor, ...] = ()
    facts: tuple[Fact, ...] = ()
    people: tuple[Person, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "actors": [a.to_dict() for a in self.actors],
            "facts": [f.to_dict() for f in self.facts],
            "people": [p.to_dict() for p in self.people],
            "contradictions": [c.to_dict() for c in self.contradictions],
        }


@dataclass(frozen=True)
class Correction:
    """A change made by a person; replayed over later re-extractions and kept in the log."""

    id: int
    who: str
    at: str
    target: str  # "actor" or "fact"
    key: str  # actor name, or fact id
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Review:
    """A person's decision on a contradiction or a proposed merge; kept across re-ingestions by `key`."""

    id: int
    key: str  # stable: "contradiction|actor|type|doc1|doc2" or "merge|name1|name2"
    kind: str  # "contradiction" or "merge"
    decision: str  # "accept", "dismiss" or "merge"
    who: str
    at: str
    detail: str = ""


def _plain(obj: Any) -> dict[str, Any]:
    data = asdict(obj)
    return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}
