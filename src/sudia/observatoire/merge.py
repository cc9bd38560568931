"""Merges extractions of several documents: one actor per organisation, one fact per figure, contradictions."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from sudia.observatoire.geography import Geography
from sudia.observatoire.names import accent_score, name_key, same_name
from sudia.observatoire.objects import figure_object, same_object
from sudia.observatoire.types import Actor, Contradiction, Extraction, Fact, Person
from sudia.text.french import fold

KIND_RANK = ("startup", "infrastructure", "lab", "school", "event", "venue", "accelerator", "investor",
             "public_body", "company")
VALUE_TOLERANCE = 0.05  # two figures within 5 % are the same figure, rounded differently
CONFLICT_TOLERANCE = 0.10  # beyond 10 % apart, two sources contradict each other (#9)


def same_actor(a: Actor, b: Actor) -> bool:
    names_a = (a.name, *a.aliases)
    names_b = (b.name, *b.aliases)
    if any(same_name(x, y) for x in names_a for y in names_b):
        return True
    keys_b = {name_key(y) for y in names_b}
    return any(name_key(x) in keys_b for x in names_a)


def merge_actor(a: Actor, b: Actor) -> Actor:
    name = max((a.name, b.name), key=accent_score)
    aliases = tuple(dict.fromkeys(n for n in (a.name, b.name, *a.aliases, *b.aliases) if n != name))
    kinds = [k for k in (a.kind, b.kind) if k]
    kind = min(kinds, key=KIND_RANK.index) if kinds else "company"
    if "company" in kinds and "startup" not in kinds and len(set(kinds)) > 1:
        kind = next(k for k in kinds if k != "company")
    return Actor(name, kind, aliases, tuple(dict.fromkeys(a.places + b.places)), tuple(dict.fromkeys(a.sectors + b.sectors)),
                 a.description or b.description, tuple(dict.fromkeys(a.sources + b.sources)))


# A company's investments and jobs told as a running total ("au total", "cumulé", "depuis son
# arrivée", "atteint déjà") grow from one article to the next.
_RUNNING_TYPES = ("investment_eur", "jobs")
_RUNNING = re.compile(r"\b(?:total|totale|totaux|au total|cumule\w*|cumul|depuis|atteint deja|en dix ans|durant cette periode)\b")


# A public body or an investor puts money into many projects: two articles giving two of its investments
# tell of two projects, not of one figure told two ways (a data centre or a company has one plan).
_FUNDERS = ("public_body", "investor")
_MONEY_OUT = ("investment_eur", "budget_eur", "funding_eur")


def same_figure(a: Fact, b: Fact) -> bool:
    if a.actor != b.actor or a.type != b.type or (a.type == "count" and a.unit != b.unit):
        return False
    close = abs(a.value - b.value) <= VALUE_TOLERANCE * max(abs(a.value), abs(b.value), 1e-9)
    return close and (not a.date or not b.date or a.date[:4] == b.date[:4])


def conflicting(a: Fact, b: Fact, site: bool = False) -> bool:
    """Same actor, type and scope, other documents, values more than 10 % apart, the same year (or
    undated), and about the same thing (`objects`: both figures name no project, or name the same one;
    unsure is no contradiction) — except for a site (`site`): a data centre has one power, one area,
    one budget, whenever told and whatever the sentence says it is spent on."""
    if a.actor != b.actor or a.type != b.type or a.source.document == b.source.document or a.scope != b.scope:
        return False
    if a.type == "count" and a.unit != b.unit:
        return False
    if a.date and b.date and a.date[:4] != b.date[:4] and not site:
        return False
    if a.type in _RUNNING_TYPES and any(_RUNNING.search(fold(f.source.quote)) for f in (a, b)):
        return False  # "au total, 90 M€ depuis son arrivée": a running total grows, it does not contradict
    if not site and not same_object(figure_object(a.source.quote, a.value), figure_object(b.source.quote, b.value)):
        return False  # two projects of one body ("12 M€ dans la piscine", "40 M€ pour un pôle numérique")
    return abs(a.value - b.value) > CONFLICT_TOLERANCE * min(abs(a.value), abs(b.value))  # 36 vs 40 MW: 11 %


def merge_extractions(parts: list[Extraction], geography: Geography | None = None) -> Extraction:
    actors: list[Actor] = []
    rename: dict[str, str] = {}
    for part in parts:
        for actor in part.actors:
            for i, known in enumerate(actors):
                if same_actor(known, actor):
                    actors[i] = merge_actor(known, actor)
                    break
            else:
                actors.append(actor)
    for actor in actors:
        for alias in (actor.name, *actor.aliases):
            rename[alias] = actor.name
    facts: list[Fact] = []
    all_facts = [replace(f, actor=rename.get(f.actor, f.actor)) for part in parts for f in part.facts]
    for fact in all_facts:
        if not any(same_figure(fact, known) for known in facts):
            facts.append(fact)
    # A document giving several figures of one kind for an actor (two investments) tells of several
    # things: only figures that are the document's one figure of that kind are compared.
    per_document = Counter((f.actor, f.type, f.unit, f.scope, f.source.document) for f in all_facts)
    single = [f for f in facts if per_document[(f.actor, f.type, f.unit, f.scope, f.source.document)] == 1]
    sites = {a.name for a in actors if a.kind == "infrastructure"}
    funders = {a.name for a in actors if a.kind in _FUNDERS}
    contradictions = [
        Contradiction(a.actor, a.type, "value", a, b)
        for i, a in enumerate(single) for b in single[i + 1:]
        if conflicting(a, b, a.actor in sites) and not (a.actor in funders and a.type in _MONEY_OUT)
    ]
    people: list[Person] = []
    for person in (p for part in parts for p in part.people):
        person = replace(person, organisation=rename.get(person.organisation, person.organisation))
        for i, known in enumerate(people):
            if same_name(known.name, person.name):
                people[i] = Person(max((known.name, person.name), key=accent_score), known.role or person.role,
                                   known.organisation or person.organisation,
                                   tuple(dict.fromkeys(known.sources + person.sources)))
                break
        else:
            people.append(person)
    if geography is not None:
        actors = [locate_actor(a, geography) for a in actors]
        contradictions += place_contradictions(actors, geography)
    return Extraction(tuple(actors), tuple(facts), tuple(people), tuple(contradictions))


def locate_actor(actor: Actor, geography: Geography) -> Actor:
    """At its first known place; a venue or campus that is itself a named site is at that site."""
    for place in actor.places or (actor.name, *actor.aliases):
        location = geography.locate(place)
        if location is not None:
            return replace(actor, department=location.department, lat=location.lat, lon=location.lon)
    return actor


def place_contradictions(actors: list[Actor], geography: Geography) -> list[Contradiction]:
    """A site, venue or event placed in two departments by two different documents (a company may
    well have offices in several places; a data centre has one)."""
    found = []
    for actor in actors:
        if actor.kind not in ("infrastructure", "venue", "event"):
            continue
        seen: dict[str, tuple[str, str]] = {}
        for source in actor.sources:
            for place in actor.places:
                location = geography.locate(place)
                if location is None or place.lower() not in source.quote.lower():
                    continue
                for department, (document, quote) in seen.items():
                    if department != location.department and document != source.document:
                        first = Fact(actor.name, "place", 0, "", "", place, source)
                        other = Fact(actor.name, "place", 0, "", "", seen[department][1], source.__class__(document, quote))
                        found.append(Contradiction(actor.name, "place", "place", other, first))
                seen.setdefault(location.department, (source.document, source.quote))
    return found
