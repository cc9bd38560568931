"""Offline geography of the Région Sud: 946 communes, named sites, demonyms, department outlines."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from sudia.observatoire.repair import fold_keep_length
from sudia.observatoire.types import Location
from sudia.observatoire.wordlist import parts_of_speech

DEPARTMENTS: dict[str, str] = {
    "04": "Alpes-de-Haute-Provence", "05": "Hautes-Alpes", "06": "Alpes-Maritimes",
    "13": "Bouches-du-Rhône", "83": "Var", "84": "Vaucluse",
}
ACTOR_SITES = ("venue", "campus", "research_centre")
# Adjectives of inhabitants ("la start-up niçoise") point to the commune; written by hand, no coordinates.
DEMONYMS: dict[str, str] = {
    "marseillais": "Marseille", "nicois": "Nice", "toulonnais": "Toulon", "aixois": "Aix-en-Provence",
    "avignonnais": "Avignon", "gapencais": "Gap", "dignois": "Digne-les-Bains", "antibois": "Antibes",
    "cannois": "Cannes", "grassois": "Grasse", "hyerois": "Hyères", "arlesien": "Arles", "aubagnais": "Aubagne",
    "manosquin": "Manosque", "brianconnais": "Briançon", "cagnois": "Cagnes-sur-Mer", "frejusien": "Fréjus",
    "draguignanais": "Draguignan", "carpentrassien": "Carpentras", "orangeois": "Orange",
    "cavaillonnais": "Cavaillon", "martegal": "Martigues", "istreen": "Istres", "salonais": "Salon-de-Provence",
    "vitrollais": "Vitrolles", "ciotaden": "La Ciotat", "seynois": "La Seyne-sur-Mer", "mentonnais": "Menton",
    "sisteronnais": "Sisteron", "valbonnais": "Valbonne", "pertuisien": "Pertuis",
}
_DEMONYM = re.compile(r"\b(" + "|".join(DEMONYMS) + r")(?:e|es|s|ne|nes)?\b")


@dataclass(frozen=True)
class PlaceMention:
    location: Location
    start: int
    end: int


def _key(name: str) -> str:
    return re.sub(r"[\s'-]+", " ", fold_keep_length(name)).strip()


class Geography:
    """Looks up communes and sites by name and finds them in text; loaded once from package data."""

    def __init__(self, communes: list[dict[str, Any]], sites: list[dict[str, Any]]) -> None:
        self.communes = tuple(
            Location(c["name"], "commune", c["insee"], c["name"], c["department"], c["lat"], c["lon"])
            for c in sorted(communes, key=lambda c: c.get("population", 0))
        )
        self._by_key: dict[str, Location] = {}
        for location in self.communes:  # most populous last, so it wins homonyms
            self._by_key[_key(location.name)] = location
        # "Saint-Cézaire" for Saint-Cézaire-sur-Siagne, "Digne" for Digne-les-Bains, when no commune has that name.
        short: dict[str, list[Location]] = {}
        for location in self.communes:
            head = re.split(r"-(?:sur|sous|de|du|des|les|lès|en|la|le|d')-", location.name)[0]
            if head != location.name:
                short.setdefault(_key(head), []).append(location)
        for key, locations in short.items():
            if len(locations) == 1 and key not in self._by_key and len(key) > 4:
                self._by_key[key] = locations[0]
        by_insee = {c.insee: c for c in self.communes}
        for site in sites:
            commune = by_insee.get(site["insee"])
            location = Location(site["name"], site["kind"], site["insee"], site["commune"],
                                commune.department if commune else "", site["lat"], site["lon"])
            for name in (site["name"], *site.get("aliases", ())):
                self._by_key[_key(name)] = location
        self._first_word: dict[str, list[str]] = {}
        for key in sorted(self._by_key, key=len, reverse=True):
            self._first_word.setdefault(key.split(" ")[0], []).append(key)

    def locate(self, name: str) -> Location | None:
        return self._by_key.get(_key(name))

    def is_place(self, name: str) -> bool:
        """A commune, a department or a site that is only a place (a technopole, a port); venues,
        campuses and research centres are places that are also actors."""
        key = _key(name)
        location = self._by_key.get(key)
        if location is not None:
            return location.kind not in ACTOR_SITES
        return any(_key(d) == key for d in DEPARTMENTS.values())

    def find(self, text: str) -> list[PlaceMention]:
        """Capitalised commune or site names in `text`, longest first, with their offsets."""
        folded = re.sub(r"['’-]", " ", fold_keep_length(text))
        found: list[PlaceMention] = []
        for word in re.finditer(r"[a-z0-9]+", folded):
            start = word.start()
            if found and start < found[-1].end:
                continue
            for key in self._first_word.get(word.group(), ()):
                end = start + len(key)
                if folded.startswith(key, start) and (end == len(folded) or not folded[end].isalnum()):
                    if text[start].isupper() and not _kind_word_of_name(text, start, end):
                        found.append(PlaceMention(self._by_key[key], start, end))
                    break
        for match in _DEMONYM.finditer(folded):
            location = self.locate(DEMONYMS[match.group(1)])
            if location is not None:
                found.append(PlaceMention(location, match.start(), match.end()))
        return sorted(found, key=lambda m: m.start)


def _kind_word_of_name(text: str, start: int, end: int) -> bool:
    """'Salon Vivatech', 'Orange Vélodrome': a one-word commune that is also a French common noun, with a
    capitalised word glued after it, is the head of a name (a kind word, a brand), not the commune."""
    word = text[start:end]
    if " " in word or "-" in word or "NOUN" not in parts_of_speech(fold_keep_length(word)):
        return False
    return bool(re.match(r" [A-ZÀ-ÖØ-Þ]", text[end:end + 2])) and not re.match(r" (?:De|Du|Des|La|Le)\b", text[end:end + 4])


@lru_cache(maxsize=1)
def load_geography() -> Geography:
    data = resources.files("sudia.observatoire") / "data"
    communes = json.loads((data / "communes.json").read_text("utf-8"))
    sites = json.loads((data / "sites.json").read_text("utf-8"))
    return Geography(communes, sites)


def department_outlines() -> dict[str, Any]:
    """Simplified GeoJSON outlines of the six departments, as a base layer for the map."""
    data = resources.files("sudia.observatoire") / "data"
    return json.loads((data / "departements.geojson").read_text("utf-8"))
