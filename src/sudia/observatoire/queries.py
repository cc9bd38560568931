"""Read side for the web pages: directory filters, actor profile, dashboard aggregates, CSV and GeoJSON."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sudia.observatoire.geography import DEPARTMENTS, load_geography
from sudia.observatoire.names import same_name
from sudia.observatoire.spreadsheet import actors_csv, facts_csv, safe_cell  # noqa: F401 (re-exported)
from sudia.observatoire.types import Actor, Contradiction, Extraction, Fact, Person
from sudia.text.french import fold

MONEY_TYPES = ("investment_eur", "funding_eur")


@dataclass(frozen=True)
class ActorProfile:
    """An actor page: the actor, its facts with their quotes, its people, its contradictions."""

    actor: Actor
    facts: tuple[Fact, ...]
    people: tuple[Person, ...]
    contradictions: tuple[Contradiction, ...]


@dataclass(frozen=True)
class Dashboard:
    money_by_year: dict[str, dict[str, float]]  # year -> fact type -> euros
    money_by_kind: dict[str, float]
    money_by_department: dict[str, float]
    datacentre_power: tuple[tuple[str, float, str], ...]  # (actor, MW, department)
    counts_by_kind: dict[str, int]
    counted: tuple[int, ...] = ()  # positions in `state.facts` of the amounts in the totals, each once
    outside: tuple[int, ...] = ()  # amounts left out: national, other region or worldwide scope


def searchable_text(actor: Actor) -> str:
    """What the directory's free search looks in: names, description, places with their commune,
    and the department (code and name), without accents."""
    geography = load_geography()
    communes = [loc.commune for loc in (geography.locate(p) for p in actor.places) if loc is not None]
    department = f"{actor.department} {DEPARTMENTS.get(actor.department, '')}" if actor.department else ""
    return fold(" ".join((actor.name, *actor.aliases, actor.description, *actor.places, *communes, department)))


def list_actors(state: Extraction, kind: str = "", department: str = "", sector: str = "", query: str = "") -> list[Actor]:
    """The directory: filters combine; `query` searches names, aliases, descriptions, places and
    department without accents ('sophia', 'marseille', '06', 'var')."""
    needle = fold(query).strip()
    out = []
    for actor in state.actors:
        if kind and actor.kind != kind or department and actor.department != department:
            continue
        if sector and sector not in actor.sectors:
            continue
        if needle and not _matches(needle, actor):
            continue
        out.append(actor)
    return sorted(out, key=lambda a: fold(a.name))


def _matches(needle: str, actor: Actor) -> bool:
    if needle in DEPARTMENTS:  # "06": the department code, not any 06 in a text
        return actor.department == needle
    haystack = searchable_text(actor)
    return all(re.search(rf"(?<![a-z0-9]){re.escape(word)}", haystack) for word in needle.split())


def actor_profile(state: Extraction, name: str) -> ActorProfile | None:
    actor = next((a for a in state.actors if any(same_name(name, n) for n in (a.name, *a.aliases))), None)
    if actor is None:
        return None
    return ActorProfile(
        actor,
        tuple(f for f in state.facts if f.actor == actor.name),
        tuple(p for p in state.people if p.organisation == actor.name),
        tuple(c for c in state.contradictions if c.actor == actor.name),
    )


def dashboard(state: Extraction) -> Dashboard:
    """Regional totals: only figures of regional scope, each counted once (the same amount quoted
    from the same sentence for an operator and its data centre is one amount)."""
    kinds = {a.name: a.kind for a in state.actors}
    departments = {a.name: a.department for a in state.actors}
    by_year: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    by_kind: dict[str, float] = defaultdict(float)
    by_department: dict[str, float] = defaultdict(float)
    counted: list[int] = []
    outside: list[int] = []
    seen: set[tuple[str, float, str]] = set()
    for i, fact in enumerate(state.facts):
        if fact.type not in MONEY_TYPES:
            continue
        if fact.scope != "regional":
            outside.append(i)
            continue
        key = (fact.type, round(fact.value), fact.source.quote)
        if key in seen:
            continue
        seen.add(key)
        counted.append(i)
        by_year[fact.date[:4] or "?"][fact.type] += fact.value
        by_kind[kinds.get(fact.actor, "company")] += fact.value
        by_department[DEPARTMENTS.get(departments.get(fact.actor, ""), "inconnu")] += fact.value
    power: dict[str, float] = {}
    for fact in state.facts:  # the latest figure of each site, not the sum of contradicting ones
        if fact.type == "power_mw" and fact.scope == "regional":
            power[fact.actor] = fact.value
    counts: dict[str, int] = defaultdict(int)
    for actor in state.actors:
        counts[actor.kind] += 1
    return Dashboard(
        {y: dict(t) for y, t in sorted(by_year.items())}, dict(by_kind), dict(by_department),
        tuple((a, mw, departments.get(a, "")) for a, mw in sorted(power.items(), key=lambda kv: -kv[1])),
        dict(counts), tuple(counted), tuple(outside),
    )


def actors_geojson(state: Extraction) -> dict[str, Any]:
    """Located actors as GeoJSON points (the department outlines are in `geography.department_outlines`)."""
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [a.lon, a.lat]},
         "properties": {"name": a.name, "kind": a.kind, "department": a.department, "places": list(a.places)}}
        for a in state.actors if a.lat is not None and a.lon is not None
    ]
    return {"type": "FeatureCollection", "features": features}
