"""Turns the amounts of a sentence into typed facts: which actor (see `attribution`), which type,
which date, which scope (regional, national, other region, worldwide), within plausible bounds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sudia.observatoire import learned
from sudia.observatoire.attribution import Attribution, Context, Mentions, attribute, verb_of
from sudia.observatoire.pair_features import FACT_FEATURES, fact_rows
from sudia.observatoire.dates import DateMention
from sudia.observatoire.lexicon import EURO_CUES
from sudia.observatoire.quantities import Quantity

_DIMENSION_TYPE = {"mw": "power_mw", "m2": "area_m2", "jobs": "jobs", "count": "count"}
# What one actor's figure can be; outside, the figure is misread ("5,3 milliards de personnes").
BOUNDS: dict[str, tuple[float, float]] = {
    "investment_eur": (1e3, 5e10), "funding_eur": (1e3, 5e10), "budget_eur": (1e3, 5e10), "revenue_eur": (1e3, 1e12),
    "power_mw": (0.01, 5000), "area_m2": (10, 5e7), "jobs": (1, 500_000), "count": (1, 1e7),
}
SCOPES = ("regional", "national", "other_region", "worldwide")
_NATIONAL = re.compile(r"\b(?:en france|de france|francais(?:e|es)?|nationale?s?|l'etat|l'hexagone|le pays)\b")
_OTHER_REGION = re.compile(r"\b(?:paris|region parisienne|ile-de-france|lyon|toulouse|nantes|bordeaux|lille|grenoble|"
                           r"montpellier|strasbourg|rennes|saclay|occitanie|auvergne-rhone-alpes|bretagne|normandie)\b")
_WORLD = re.compile(r"\b(?:monde|mondiale?s?|planete|international(?:e|es)?|etats-unis|europe(?:enne)?|chine|inde)\b")
_REGIONAL = re.compile(r"\b(?:region sud|la region|provence|cote d'azur|paca|regionale?s?|marseille|metropole|"
                       r"sophia|nice|toulon|avignon|aix|departement|var|vaucluse|hautes-alpes|alpes-maritimes|"
                       r"bouches-du-rhone|alpes-de-haute-provence)\b")


# Kinds of actors a figure of that type cannot measure: a fund or a council has no power in MW, a fund or
# an event no floor area of its own. Applied only to figures given by proximity or by default (confidence
# below `_SURE`): there, such an actor means the site the figure measures was not recognised.
_NOT_MEASURED = {"power_mw": ("investor", "public_body", "event", "accelerator", "school"), "area_m2": ("investor", "event")}
_SURE = 0.7


@dataclass(frozen=True)
class RawFact:
    actor: str
    type: str
    value: float
    unit: str
    date: str
    start: int
    confidence: float = 1.0
    scope: str = "regional"


def euro_type(folded: str, quantity: Quantity, default: str = "investment_eur") -> str:
    """The type told by the cue word nearest the amount; `default` when the sentence has none."""
    best, distance = default, 10**6
    for cue, kind in EURO_CUES.items():
        for match in re.finditer(rf"(?<![a-z]){re.escape(cue)}(?![a-z])", folded):
            gap = quantity.start - match.end() if match.end() <= quantity.start else match.start() - quantity.end + 5
            if 0 <= gap < distance:
                best, distance = kind, gap
    return best


def plausible(fact_type: str, value: float) -> bool:
    low, high = BOUNDS.get(fact_type, (0, float("inf")))
    return low <= value <= high


def scope_of(folded: str, has_regional_place: bool) -> str:
    """Scope from the places of the sentence: a regional place wins unless another territory is named too."""
    regional = has_regional_place or bool(_REGIONAL.search(folded))
    other = bool(_OTHER_REGION.search(folded))
    if _WORLD.search(folded) and not regional and not other:
        return "worldwide"
    if other:
        return "national" if regional else "other_region"  # "à Marseille et en région parisienne"
    if _NATIONAL.search(folded) and not regional:
        return "national"
    return "regional"


# Names that hold a country without being one: "France 2030", "France Relance", "Business France",
# "Microsoft France", "Bpifrance" (a capitalised word or a year next to it).
_NAMED_FRANCE = re.compile(r"\b(?:[A-Z][\w'’-]*\s+France|France(?:\s+\d{4}|\s+[A-Z][\w'’-]*)|Bpifrance)\b")
# What cuts a sentence into the pieces a figure's place is read from: "1 200 salariés dans le monde,
# dont 300 à Sophia Antipolis" (two figures, two scopes).
_PIECE_BREAK = re.compile(r"[,;:()]|\s(?:dont|contre|soit)\s|\set\s(?=[^,;]{0,15}\d)")


def _masked(text: str, folded: str, mentions: list[tuple[int, int, str]]) -> str:
    """The folded sentence with actors' names and programme names blanked (same length): the "Côte
    d'Azur" of "Université Côte d'Azur" or the "France" of "France 2030" is no place of the figure."""
    spans = [(start, end) for start, end, _ in mentions] + [(m.start(), m.end()) for m in _NAMED_FRANCE.finditer(text)]
    chars = list(folded)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


# A purpose or a relative clause tells the actor's aims, not where the figure is: "a levé 5 M€ pour se
# développer à l'international", "X, qui cherche à se développer aux États-Unis".
_AIM = re.compile(r"\b(?:pour|afin d[e'])\s+(?:se\s+|s'|l'|le\s+|la\s+|les\s+|son\s+|sa\s+|ses\s+)?[a-z]+(?:er|ir|re)\b[^,;]*"
                  r"|\bqui\b[^,;]*")


def _without_aims(masked: str, quantity: Quantity) -> str:
    chars = list(masked)
    for match in _AIM.finditer(masked):
        if not (match.start() <= quantity.start < match.end()):
            chars[match.start():match.end()] = " " * (match.end() - match.start())
    return "".join(chars)


def figure_scope(text: str, folded: str, quantity: Quantity, mentions: list[tuple[int, int, str]],
                 places: list[tuple[int, int]]) -> str:
    """The scope of one figure, from the places of its own piece of sentence when that piece names any
    ("dont 300 à Sophia Antipolis"), else from the places of the whole sentence. `places` are the spans
    of regional communes and sites found in the sentence; those inside an actor's name do not count."""
    masked = _without_aims(_masked(text, folded, mentions) if text else folded, quantity)
    cuts = [0] + [m.end() for m in _PIECE_BREAK.finditer(masked)] + [len(masked) + 1]
    left = max(c for c in cuts if c <= quantity.start)
    right = min([m.start() for m in _PIECE_BREAK.finditer(masked) if m.start() >= quantity.end] + [len(masked)])
    piece_place = any(left <= s < right for s, _ in places)
    if piece_place or any(p.search(masked[left:right]) for p in (_REGIONAL, _OTHER_REGION, _WORLD, _NATIONAL)):
        return _scope(folded[left:right], masked[left:right], piece_place)
    return _scope(folded, masked, bool(places))


def _scope(folded: str, masked: str, regional_place: bool) -> str:
    """A regional name ("Région Sud", "Université Côte d'Azur") tells a regional figure; a national or
    foreign word inside a name ("Marine nationale", "Microsoft France") tells nothing: read on `masked`."""
    return scope_of(masked, regional_place or bool(_REGIONAL.search(folded)))


def _clause_bounds(folded: str, position: int) -> tuple[int, int]:
    left = max(folded.rfind(",", 0, position), folded.rfind(";", 0, position)) + 1
    rights = [i for i in (folded.find(",", position), folded.find(";", position)) if i >= 0]
    return left, min(rights) if rights else len(folded)


# A year that tells when a body was founded or since when something holds is not when the text was written:
# "Créé en 1998, le technopôle…", "installée depuis 2010".
FOUNDED = re.compile(r"(?:cree|creee|crees|fonde|fondee|fondes|ne|nee|lance|lancee|installee?s?|implantee?s?|depuis|des)\s+(?:en\s+)?$")
DEADLINE = re.compile(r"(?:d'ici|d'ici a|avant|a partir de|des|jusqu'en|jusqu'a|horizon|a l'horizon|prevue? pour|attendue? en)\s*(?:fin|debut|mi-)?\s*$")


def _governor(doc: Any, start: int, end: int) -> Any:
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    return verb_of(span.root) if span is not None else None


def fact_date(folded: str, quantity: Quantity, quantities: list[Quantity], dates: list[DateMention], default: str,
              doc: Any = None) -> str:
    left, right = _clause_bounds(folded, quantity.start)
    best, distance = "", 10**6
    verb = _governor(doc, quantity.start, quantity.end)
    for date in dates:
        if not (left <= date.start < right):
            continue
        if verb is not None and _governor(doc, date.start, date.end) not in (None, verb):
            continue  # "X, qui a absorbé Y fin 2019, précise que…": the date belongs to another verb
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


# After a head count, a verb of moving: the people join or leave, the figure is no organisation's staff.
_MOVING = re.compile(r"^(?:\s+(?:de|du|d'|des)\s*[^,;.]{1,40}?)?\s+(?:vont\s+|devraient\s+|doivent\s+)?"
                     r"(?:rejoindr\w*|rejoign\w*|rejoint|quitt\w*|seront transfer\w*|sont transfer\w*|partent|partiront)\b")


def sentence_facts(folded: str, quantities: list[Quantity], dates: list[DateMention], mentions: Mentions,
                   context: Context, default_date: str, doc: Any = None,
                   places: list[tuple[int, int]] = (), model: Any = None) -> list[RawFact]:
    """The figures of one sentence on their actors; `model`: the learned choice of actor (`learned.py`),
    None for the rules."""
    dates = [d for d in dates if not any(q.start <= d.start < q.end for q in quantities)]  # "environ 2000 emplois"
    facts = []
    for quantity in quantities:
        fact_type = euro_type(folded, quantity) if quantity.dimension == "eur" else _DIMENSION_TYPE[quantity.dimension]
        if not fact_type or not plausible(fact_type, quantity.value):  # "" : a valuation, a market's size
            continue
        if quantity.dimension == "jobs" and _MOVING.match(folded[quantity.end:quantity.end + 80]):
            continue  # "Quinze ingénieurs de X rejoindront Y": people who move are no one's head count
        found = attribute(folded, quantity, fact_type, mentions, context, doc)
        if model is not None or learned.TRACE is not None:
            found = _learned_choice(folded, quantity, fact_type, mentions, context, doc, found, model)
        elif not found.actor or found.confidence < _SURE and context.kinds.get(found.actor) in _NOT_MEASURED.get(fact_type, ()):
            continue  # a power given by proximity to a fund or a council: the site it measures was not found
        if not found.actor:
            continue
        if quantity.dimension == "eur" and not euro_type(folded, quantity, ""):
            # no money word in the sentence ("5 M€ en janvier pour X"): money a start-up or a recipient gets
            # is a round; what any other actor puts in is an investment
            if found.recipient or context.kinds.get(found.actor) == "startup":
                fact_type = "funding_eur"
        unit = quantity.unit if fact_type == "count" else {"eur": "EUR"}.get(quantity.dimension, quantity.unit)
        date = fact_date(folded, quantity, quantities, dates, default_date, doc)
        facts.append(RawFact(found.actor, fact_type, quantity.value, unit, date, quantity.start, found.confidence,
                             figure_scope(doc.text if doc is not None else "", folded, quantity, mentions, list(places))))
    return facts


@dataclass(frozen=True)
class Hybrid:
    """What of the rules the learned choice respects (#9): a pick by one of the `keep` rules with a
    confidence of at least `keep_confidence` stands; a `veto` rule's "no actor" stands; the model chooses
    among the other candidates, less those the structure rules out (`excluded`: a partner after an opening
    phrase) and, with `not_measured`, the kinds `_NOT_MEASURED` says cannot carry the figure's type."""

    keep: frozenset[str] = frozenset()
    keep_confidence: float = 1.01
    vetoes: frozenset[str] = frozenset()
    not_measured: bool = False
    excluded: bool = False
    # for these rules' picks (an anaphora resolved by the context), the model chooses among the actors of the
    # kinds the kind word may stand for ("le site": the sites named so far)
    referents: frozenset[str] = frozenset()
    agents: bool = False  # no candidate named right after an agent word ("par", "avec", "selon"…) unless the rules chose it
    # figures the parse gives to no actor (the verb's subject is some other noun: "une équipe… démolira les
    # 10 000 m²"): the model must score at least this to overrule that reading
    strict: frozenset[str] = frozenset()
    strict_threshold: float = 0.0


# Structural rules (`attribution.attribute`, `syntax.syntactic`): the pick, or the decision that the figure
# is nobody's, comes from the sentence's form, not from proximity.
STRUCTURAL = frozenset({"parenthesis", "relative", "beneficiary", "destination", "owned_site", "fronted", "operated_by",
                        "site_apposition", "participle_agent", "subject", "subject_phrase", "owned_noun", "employer",
                        "passive_agent", "programme_owner", "employer_before"})
VETOES = frozenset({"veto_pronoun", "veto_agent", "veto_unkept_name"})
ANAPHORAS = frozenset({"subject_anaphora", "subject_owner", "clause_anaphora"})
# keep_confidence: the curve 0.60 / 0.70 / 0.75 / 0.85 (bench/RESULTS.md §15 attrib10), 0.70 = `_SURE`; the strict
# threshold 0.5: inner leave-one-set-out over the seven spent sets (same section)
HYBRID = Hybrid(STRUCTURAL, _SURE, VETOES, True, True, ANAPHORAS, strict=frozenset({"veto_other_subject"}), strict_threshold=0.5)
_AGENT = FACT_FEATURES.index("agent_word_before")


def _learned_choice(folded: str, quantity: Quantity, fact_type: str, mentions: Mentions, context: Context, doc: Any,
                    rule: Attribution, model: Any) -> Attribution:
    """The rules' pick where `HYBRID` says the structure is sure, else the candidate the fitted model scores
    best among those the structure allows; none when the best scores under the model's threshold. Without a
    model (a bench tracing the rules) the rules' pick."""
    candidates, rows = fact_rows(folded, quantity.start, quantity.end, fact_type, mentions, context, rule.actor,
                                 rule.confidence, doc)
    kept = bool(rule.actor) and not (rule.confidence < _SURE and context.kinds.get(rule.actor) in _NOT_MEASURED.get(fact_type, ()))
    learned.trace("fact", candidates, rows, type=fact_type, value=quantity.value, rule=rule.actor if kept else "",
                  rule_confidence=rule.confidence, how=rule.how, excluded=list(rule.excluded), referents=list(rule.referents),
                  kinds=[context.kinds.get(c, "") for c in candidates])
    if model is None:
        return rule if kept else Attribution("", 0.0)
    hybrid = HYBRID
    if rule.how in hybrid.vetoes:
        return Attribution("", 0.0, how=rule.how)
    if kept and rule.how in hybrid.keep and rule.confidence >= hybrid.keep_confidence:
        return rule
    allowed = [i for i, c in enumerate(candidates) if not (hybrid.excluded and c in rule.excluded) and not (
        hybrid.not_measured and context.kinds.get(c) in _NOT_MEASURED.get(fact_type, ())
        and not (c == rule.actor and rule.confidence >= _SURE))
        and not (hybrid.agents and rows[i][_AGENT] and c != rule.actor)
        and not (rule.how in hybrid.referents and rule.referents and c not in rule.referents)]
    name, probability = model.best([candidates[i] for i in allowed], [rows[i] for i in allowed])
    if probability < model.threshold or rule.how in hybrid.strict and probability < hybrid.strict_threshold:
        return Attribution("", 0.0)
    return Attribution(name, probability, rule.recipient and name == rule.actor, how="model")
