"""Turns the amounts of a sentence into typed facts: which actor, which type, which date."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sudia.observatoire.dates import DateMention
from sudia.observatoire.lexicon import ANAPHORA, EURO_CUES
from sudia.observatoire.quantities import Quantity

_DIMENSION_TYPE = {"mw": "power_mw", "m2": "area_m2", "jobs": "jobs", "count": "count"}
_AGENT_BEFORE = re.compile(r"(?:par|aupres\s+(?:de|du|des)|avec|chez|pour)\s*(?:la\s+|le\s+|l'|les\s+)?"
                           r"(?:[a-z-]+\s+){0,2}$")
_ANAPHORA = re.compile(r"(?:^|(?<=[\s,;«\"(]))(" + "|".join(re.escape(a) for a in sorted(ANAPHORA, key=len, reverse=True)) + r")\b")


@dataclass
class Context:
    """What earlier sentences of the document tell: the last actor of each kind, the last subject."""

    kinds: dict[str, str]  # actor name -> kind
    focus: str = ""
    last_by_kind: dict[str, str] = field(default_factory=dict)
    last_subject: str = ""

    def remember(self, names: list[str]) -> None:
        for name in names:
            self.last_by_kind[self.kinds.get(name, "company")] = name
        if names:
            self.last_subject = names[0]


@dataclass(frozen=True)
class RawFact:
    actor: str
    type: str
    value: float
    unit: str
    date: str
    start: int


def euro_type(folded: str, quantity: Quantity) -> str:
    best, distance = "investment_eur", 10**6
    for cue, kind in EURO_CUES.items():
        for match in re.finditer(rf"(?<![a-z]){re.escape(cue)}(?![a-z])", folded):
            gap = quantity.start - match.end() if match.end() <= quantity.start else match.start() - quantity.end + 5
            if 0 <= gap < distance:
                best, distance = kind, gap
    return best


def _clause_bounds(folded: str, position: int) -> tuple[int, int]:
    left = max(folded.rfind(",", 0, position), folded.rfind(";", 0, position)) + 1
    rights = [i for i in (folded.find(",", position), folded.find(";", position)) if i >= 0]
    return left, min(rights) if rights else len(folded)


def fact_date(folded: str, quantity: Quantity, quantities: list[Quantity], dates: list[DateMention], default: str) -> str:
    left, right = _clause_bounds(folded, quantity.start)
    best, distance = "", 10**6
    for date in dates:
        if not (left <= date.start < right):
            continue
        nearest = min(quantities, key=lambda q: min(abs(date.start - q.end), abs(q.start - date.end)))
        if nearest is not quantity:
            continue  # the date belongs to the figure it stands next to
        if abs(date.start - quantity.start) < distance:
            best, distance = date.iso, abs(date.start - quantity.start)
    if best:
        return best
    first_comma = folded.find(",")
    for date in dates:  # "En mars 2024, SEMAPHORE a levé...": an opening date covers the sentence
        opening = folded[:date.start].strip(" «\"")
        if 0 <= first_comma and date.end <= first_comma and opening in ("", "en", "le", "depuis", "des", "fin", "debut"):
            return date.iso
    return default


def _resolve_anaphora(phrase: str, context: Context) -> str:
    kinds = ANAPHORA.get(phrase, ())
    if not kinds:
        return context.last_subject or context.focus
    for kind in kinds:
        if kind in context.last_by_kind:
            return context.last_by_kind[kind]
    return ""


def fact_actor(folded: str, quantity: Quantity, fact_type: str, mentions: list[tuple[int, int, str]],
               context: Context) -> str:
    """Nearest actor or anaphora before the amount; then after it; then the document's subject."""
    candidates: list[tuple[int, str]] = []
    preceding = [(end, name) for _, end, name in mentions if end <= quantity.start]
    if preceding:
        end, name = max(preceding)
        # "avec l'Institut X, basé à Gap, qui compte 60 chercheurs": "qui" takes the nearest name.
        if re.search(r"(?:^|[\s,])qui\s", folded[end:quantity.start]):
            return name
    for start, end, name in mentions:
        if fact_type == "funding_eur" and context.kinds.get(name) == "investor":
            continue
        if _AGENT_BEFORE.search(folded[max(0, start - 30):start]):
            continue  # "financé par la Région", "auprès de Calanques Ventures": not the subject
        candidates.append((end, name))
    possessive = []
    for match in _ANAPHORA.finditer(folded):
        name = _resolve_anaphora(match.group(1), context)
        if name:
            (possessive if not ANAPHORA[match.group(1)] else candidates).append((match.end(), name))
    before = [(end, name) for end, name in candidates if end <= quantity.start]
    # "son budget", "de son côté": a possessive refers to the subject only when no name stands before.
    before = before or [(end, name) for end, name in possessive if end <= quantity.start]
    if before:
        return max(before)[1]
    after = [(end, name) for end, name in candidates if end > quantity.end]
    if after:
        return min(after)[1]
    return context.last_subject or context.focus


def sentence_facts(folded: str, quantities: list[Quantity], dates: list[DateMention],
                   mentions: list[tuple[int, int, str]], context: Context, default_date: str) -> list[RawFact]:
    facts = []
    for quantity in quantities:
        fact_type = euro_type(folded, quantity) if quantity.dimension == "eur" else _DIMENSION_TYPE[quantity.dimension]
        actor = fact_actor(folded, quantity, fact_type, mentions, context)
        if not actor:
            continue
        unit = quantity.unit if fact_type == "count" else {"eur": "EUR"}.get(quantity.dimension, quantity.unit)
        date = fact_date(folded, quantity, quantities, dates, default_date)
        facts.append(RawFact(actor, fact_type, quantity.value, unit, date, quantity.start))
    return facts
