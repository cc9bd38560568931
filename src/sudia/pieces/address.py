"""The declared address against a piece's text: postcode and city, then the street words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sudia.pieces.names import distance, fold

# La Poste abbreviations of street types (folded), so that « BD » and « BOULEVARD » agree.
STREET_TYPES = {"AV": "AVENUE", "AVE": "AVENUE", "BD": "BOULEVARD", "BLD": "BOULEVARD", "R": "RUE", "CH": "CHEMIN",
                "CHE": "CHEMIN", "PL": "PLACE", "ALL": "ALLEE", "IMP": "IMPASSE", "RTE": "ROUTE", "QU": "QUAI",
                "CRS": "COURS", "SQ": "SQUARE", "LOT": "LOTISSEMENT", "RES": "RESIDENCE", "TRAV": "TRAVERSE",
                "MTE": "MONTEE", "FG": "FAUBOURG", "HAM": "HAMEAU", "ST": "SAINT", "STE": "SAINTE"}
_STOP = {"DE", "DU", "DES", "LA", "LE", "LES", "L", "D", "ET"}


def words(text: str) -> list[str]:
    return [STREET_TYPES.get(w, w) for w in fold(text).split()]


@dataclass(frozen=True)
class AddressMatch:
    postcode_found: bool
    city_found: bool
    street_coverage: float  # share of the declared street's words found on the piece (0..1)


def _found(word: str, pool: set[str]) -> bool:
    if word in pool:
        return True
    if len(word) < 5 or word.isdigit():
        return False
    return any(abs(len(w) - len(word)) <= 1 and distance(w, word) <= 1 for w in pool)


def compare_address(text: str, street: str, postcode: str, city: str) -> AddressMatch:
    pool = set(words(text))
    significant = [w for w in words(street) if w not in _STOP]
    covered = sum(_found(w, pool) for w in significant) / len(significant) if significant else 0.0
    postcode_found = bool(postcode) and re.search(rf"\b{re.escape(postcode)}\b", re.sub(r"(\d) (\d)", r"\1\2", text)) is not None
    city_words = [w for w in words(city) if w not in _STOP]
    city_found = bool(city_words) and all(_found(w, pool) for w in city_words)
    return AddressMatch(postcode_found, city_found, round(covered, 3))
