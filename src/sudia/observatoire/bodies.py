"""Public bodies named without their territory: "le conseil départemental" is the council of the
département the text is about. Press texts of one territory name it so once the territory is clear;
the body is named in full only when one département holds most of the places the text names."""

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


def name_bare_bodies(texts: list[str], mentions: list[list[Mention]], geography: Geography) -> list[list[Mention]]:
    """Renames "le conseil départemental" after the text's département; dropped when none dominates."""
    bare = name_key(BARE_COUNCIL)
    if not any(m.key == bare for ms in mentions for m in ms):
        return mentions
    code = dominant_department(texts, geography)
    if not code:  # no territory: a council of no known département is no actor
        return [[m for m in ms if m.key != bare] for ms in mentions]
    full = council_name(code)
    return [[replace(m, name=full, key=name_key(full)) if m.key == bare else m for m in ms] for ms in mentions]
