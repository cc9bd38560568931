"""Public bodies named without their territory or by a short form: "le conseil départemental", "la
CCI" are the council and the chamber of the département the text is about (press texts of one
territory name them so once the territory is clear; the body is named in full only when one
département holds most of the places the text names); "Métropole Aix-Marseille" is the Métropole
Aix-Marseille-Provence. Official names come from the bodies' own designations, not from the texts."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from sudia.observatoire.geography import DEPARTMENTS, Geography
from sudia.observatoire.mentions import Mention
from sudia.observatoire.names import name_key
from sudia.observatoire.repair import fold_keep_length

BARE_COUNCIL = "conseil departemental"
# "des Alpes-Maritimes", "du Var", "de Vaucluse": the article each département takes.
_OF = {"04": "des", "05": "des", "06": "des", "13": "des", "83": "du", "84": "de"}
# Share of the located places that must lie in one département before the body is named after it.
MIN_SHARE = 0.6


def dominant_department(texts: list[str], geography: Geography) -> str:
    """The code of the département most of the text's places lie in, or "" when none dominates."""
    votes: Counter[str] = Counter()
    for text in texts:
        for place in geography.find(text):
            if place.location.department:
                votes[place.location.department] += 1
        folded = fold_keep_length(text)
        for code, name in DEPARTMENTS.items():
            votes[code] += len(re.findall(rf"\b{re.escape(fold_keep_length(name))}\b", folded))
    total = sum(votes.values())
    if not total:
        return ""
    code, count = votes.most_common(1)[0]
    return code if count / total >= MIN_SHARE else ""


def council_name(code: str) -> str:
    return f"Conseil départemental {_OF[code]} {DEPARTMENTS[code]}"


# The chamber of commerce of each département (one per département in the region).
CHAMBERS = {"04": "CCI des Alpes-de-Haute-Provence", "05": "CCI des Hautes-Alpes", "06": "CCI Nice Côte d'Azur",
            "13": "CCI Aix-Marseille-Provence", "83": "CCI du Var", "84": "CCI de Vaucluse"}
_BARE_CHAMBERS = {name_key(n) for n in ("CCI", "Chambre de commerce et d'industrie", "Chambre de commerce")}
# Short forms in common use -> the official name ("prefer the longest form": the label, the map and the
# merge across documents all need one name per body).
OFFICIAL = {name_key(short): official for official, shorts in {
    "Métropole Aix-Marseille-Provence": ("Métropole Aix-Marseille", "Métropole d'Aix-Marseille", "Métropole AMP",
                                         "Aix-Marseille Métropole", "Métropole Aix Marseille"),
    "Métropole Nice Côte d'Azur": ("Métropole NCA", "Métropole de Nice"),
    "Métropole Toulon Provence Méditerranée": ("Métropole TPM", "Métropole de Toulon", "Toulon Provence Méditerranée"),
    "CCI Aix-Marseille-Provence": ("CCI Aix-Marseille", "CCI de Marseille", "CCI Marseille Provence", "CCIAMP",
                                   "CCIMP", "CCI AMP"),
    "CCI Nice Côte d'Azur": ("CCI de Nice", "CCINCA", "CCI NCA", "CCI Côte d'Azur"),
    "CCI de Vaucluse": ("CCI Vaucluse", "CCI du Vaucluse", "CCI d'Avignon", "CCI Avignon"),
    "CCI du Var": ("CCI Var", "CCI de Toulon"),
    "CCI des Hautes-Alpes": ("CCI Hautes-Alpes",),
    "CCI des Alpes-de-Haute-Provence": ("CCI Alpes-de-Haute-Provence",),
}.items() for short in shorts}


def _named(mention: Mention, name: str) -> Mention:
    return replace(mention, name=name, key=name_key(name))


def name_bare_bodies(texts: list[str], mentions: list[list[Mention]], geography: Geography) -> list[list[Mention]]:
    """Renames "le conseil départemental" and a bare "CCI" after the text's département (a council with no
    territory is dropped; a bare chamber is left as it is), and short forms after the official name. A
    bare chamber is left alone when the text names a chamber in full: grouping joins them."""
    mentions = [[_named(m, OFFICIAL[m.key]) if m.key in OFFICIAL else m for m in ms] for ms in mentions]
    bare = name_key(BARE_COUNCIL)
    keys = {m.key for ms in mentions for m in ms}
    chamber_named = any(name_key(n) in keys for n in CHAMBERS.values()) or any(
        k.startswith(("cci", "chambredecommerce")) and k not in _BARE_CHAMBERS for k in keys)
    if bare not in keys and (chamber_named or not keys & _BARE_CHAMBERS):
        return mentions
    code = dominant_department(texts, geography)
    if not code:  # no territory: a council of no known département is no actor
        return [[m for m in ms if m.key != bare] for ms in mentions]
    full = council_name(code)
    chamber = "" if chamber_named else CHAMBERS[code]
    return [[_named(m, full) if m.key == bare else _named(m, chamber) if chamber and m.key in _BARE_CHAMBERS else m
             for m in ms] for ms in mentions]
