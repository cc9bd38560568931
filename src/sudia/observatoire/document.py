"""Extraction from one document: sentences -> mentions -> actors, facts and people with their quotes."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from sudia.observatoire.dates import find_dates
from sudia.observatoire.facts import Context, sentence_facts
from sudia.observatoire.geography import Geography
from sudia.observatoire.lexicon import SECTORS
from sudia.observatoire.mentions import Mention, find_mentions
from sudia.observatoire.names import accent_score, name_key, same_name
from sudia.observatoire.nlp import is_known_word
from sudia.observatoire.people import find_people
from sudia.observatoire.quantities import find_quantities
from sudia.observatoire.repair import fold_keep_length, join_lines, repair
from sudia.observatoire.types import Actor, Extraction, Fact, Person, Source
from sudia.text.french import sentences

# When two keywords disagree, the more specific kind wins ("start-up" over "entreprise").
KIND_RANK = ("startup", "infrastructure", "lab", "school", "event", "venue", "accelerator", "investor",
             "public_body", "company")
_PLACE_LINK = re.compile(r"^[\s,]*(?:\([^)]*\)\s*)?(?:,\s*)?(?:installee?s?|basee?s?|implantee?s?|situee?s?|ne|nee)?\s*"
                         r"(?:a|au|aux|sur|dans|en)\s+(?:le\s+|la\s+|l')?$")


@dataclass
class _Sentence:
    quote: str
    text: str
    folded: str
    block: int


def split_sentences(blocks: list[str]) -> list[_Sentence]:
    out = []
    for index, block in enumerate(blocks):
        for quote in sentences(join_lines(block)):
            text = repair(quote)
            out.append(_Sentence(quote, text, fold_keep_length(text), index))
    return out


def document_date(parts: list[_Sentence]) -> str:
    early = [s for s in parts if s.block < 3]
    dates = [d for s in early for d in find_dates(s.text)]
    precise = [d.iso for d in dates if len(d.iso) >= 7]
    return (precise or [d.iso for d in dates] or [""])[0]


class DocumentExtractor:
    def __init__(self, nlp: Any, geography: Geography) -> None:
        self.nlp = nlp
        self.geo = geography

    def extract(self, name: str, blocks: list[str]) -> Extraction:
        parts = split_sentences(blocks)
        docs = list(self.nlp.pipe([p.text for p in parts]))
        persons = [[(e.start_char, e.end_char) for e in d.ents if e.label_ == "PER" and " " in e.text] for d in docs]
        known = lambda w: is_known_word(self.nlp, w)  # noqa: E731
        mentions = [find_mentions(p.text, known, persons[i], self.geo.is_place) for i, p in enumerate(parts)]
        groups = self._group([m for ms in mentions for m in ms])
        resolved = [[(m.start, m.end, groups[m.key]) for m in ms if m.key in groups] for ms in mentions]
        kinds = self._kinds(mentions, groups)
        counts = Counter(n for rs in resolved for _, _, n in rs)
        subjects = [n for n, _ in counts.most_common() if kinds[n] not in ("investor", "public_body")]
        context = Context(kinds=kinds, focus=(subjects or [n for n, _ in counts.most_common()] or [""])[0])
        default_date = document_date(parts)

        facts: dict[tuple[str, str, float], Fact] = {}
        people: list[Person] = []
        for i, part in enumerate(parts):
            quantities = find_quantities(part.text)
            if quantities:
                for raw in sentence_facts(part.folded, quantities, find_dates(part.text), resolved[i], context, default_date):
                    place = self._place_near(part.text, raw.start)
                    fact = Fact(raw.actor, raw.type, raw.value, raw.unit, raw.date, place, Source(name, part.quote))
                    key = (raw.actor, raw.type, raw.value)
                    if key not in facts or len(fact.date) > len(facts[key].date):
                        facts[key] = fact
            context.remember([n for _, _, n in sorted(resolved[i])])
            confirmed = [m for m in mentions[i] if m.key in groups]
            for p in find_people(part.text, persons[i], confirmed, context.focus):
                organisation = groups.get(name_key(p.organisation), p.organisation) if p.organisation else ""
                people.append(Person(p.name, p.role, organisation, (Source(name, part.quote),)))
        actors = self._actors(name, parts, resolved, groups, kinds)
        return Extraction(tuple(actors), tuple(facts.values()), tuple(_merge_people(people)))

    def _group(self, mentions: list[Mention]) -> dict[str, str]:
        """Maps each mention key to its actor's display name; only names with evidence become actors."""
        by_key: dict[str, list[Mention]] = defaultdict(list)
        for m in mentions:
            by_key[m.key].append(m)
        aliases = {name_key(m.acronym): m.key for m in mentions if m.acronym}
        clusters: list[list[str]] = []
        for key in sorted(by_key, key=lambda k: -len(k)):
            target = aliases.get(key)
            for cluster in clusters:
                if (target and target in cluster) or any(same_name(by_key[key][0].name, by_key[k][0].name) for k in cluster):
                    cluster.append(key)
                    break
            else:
                clusters.append([key])
        clusters = _absorb_prefixes(clusters, by_key)
        out: dict[str, str] = {}
        for cluster in clusters:
            members = [m for k in cluster for m in by_key[k]]
            if not any(m.evidence or m.acronym for m in members):
                continue
            full = [m.name for m in members if len(m.name) > 6 or not m.name.isupper()]
            best = max(full or [m.name for m in members], key=lambda n: (accent_score(n), -len(n) if n.isupper() else 0))
            for key in cluster:
                out[key] = best
        return out

    def _kinds(self, mentions: list[list[Mention]], groups: dict[str, str]) -> dict[str, str]:
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        for ms in mentions:
            for m in ms:
                if m.key in groups and m.kind:
                    votes[groups[m.key]][m.kind] += 1
        kinds = {}
        for name in set(groups.values()):
            ranked = sorted(votes[name].items(), key=lambda kv: (-kv[1], KIND_RANK.index(kv[0])))
            if "startup" in votes[name]:
                kinds[name] = "startup"
            else:
                kinds[name] = ranked[0][0] if ranked else "company"
        return kinds

    def _place_near(self, text: str, position: int) -> str:
        places = self.geo.find(text)
        return places[0].location.name if places else ""

    def _actors(self, name, parts, resolved, groups, kinds) -> list[Actor]:
        info: dict[str, dict[str, Any]] = {}
        for i, part in enumerate(parts):
            places = self.geo.find(part.text)
            for start, end, actor in resolved[i]:
                entry = info.setdefault(actor, {"aliases": set(), "places": [], "sectors": [], "quotes": [], "desc": ""})
                entry["aliases"].add(part.text[start:end].strip())
                if len(entry["quotes"]) < 3 and part.quote not in entry["quotes"]:
                    entry["quotes"].append(part.quote)
                for place in places:
                    if _linked(part.folded, start, end, place.start, place.end):
                        if place.location.name not in entry["places"]:
                            entry["places"].append(place.location.name)
                for cue, sector in SECTORS.items():
                    if cue in part.folded and sector not in entry["sectors"]:
                        entry["sectors"].append(sector)
                if not entry["desc"] and re.search(r"\b(?:developpe|concoit|applique|detecte|pilote|propose|specialisee?)\b", part.folded):
                    entry["desc"] = part.quote
        actors = []
        for actor, entry in info.items():
            aliases = sorted(a for a in entry["aliases"] if a != actor and name_key(a) != name_key(actor) or (a != actor and a.isupper()))
            actors.append(Actor(actor, kinds.get(actor, "company"), tuple(dict.fromkeys(aliases)), tuple(entry["places"]),
                                tuple(entry["sectors"][:4]), entry["desc"], tuple(Source(name, q) for q in entry["quotes"])))
        return actors


def _linked(folded: str, start: int, end: int, place_start: int, place_end: int) -> bool:
    """Is the place said of this actor? 'X, installée à Nice', 'X, start-up niçoise', 'la start-up niçoise X'."""
    if place_start >= end:
        gap = folded[end:place_start]
        return bool(_PLACE_LINK.match(gap) or re.fullmatch(r"\s*,\s*(?:une?\s+|la\s+|le\s+)?[a-z -]{0,30}\s", gap))
    return 0 <= start - place_end <= 2


def _absorb_prefixes(clusters: list[list[str]], by_key: dict[str, list[Mention]]) -> list[list[str]]:
    """A title cut by a line break ("Laboratoire d'Informatique et") joins the full name it starts."""
    names = [by_key[c[0]][0].name.split() for c in clusters]
    kept: list[list[str]] = []
    for i, cluster in enumerate(clusters):
        longer = [j for j, other in enumerate(names)
                  if j != i and len(names[i]) >= 2 and len(other) > len(names[i]) and other[:len(names[i])] == names[i]]
        if longer:
            clusters[longer[0]].extend(cluster)
        else:
            kept.append(cluster)
    return kept


def _merge_people(people: list[Person]) -> list[Person]:
    merged: list[Person] = []
    for person in people:
        for i, other in enumerate(merged):
            if same_name(person.name, other.name):
                better = person if len(person.role) > len(other.role) else other
                keep_name = max((person.name, other.name), key=accent_score)
                merged[i] = Person(keep_name, better.role, better.organisation or other.organisation or person.organisation,
                                   other.sources + tuple(s for s in person.sources if s not in other.sources))
                break
        else:
            merged.append(person)
    return merged
