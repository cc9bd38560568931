"""Which actor a figure belongs to, from the sentence's structure, with a confidence.

In order: a parenthesis right after a name ("Digital Realty (87 salariés, 261 M€ de CA)"); a
relative clause ("Livmed's qui a levé 7 M€"); the name after "pour" ("30 M€ pour X"); the site an
investment goes to; the sentence's structure (`syntax`); an anaphora in the clause; then the nearest
name of the clause, and for a power or an area in a sentence naming no actor, the site described.
With `SUDIA_OBS_ATTRIBUTION=facts|learned` (the default `facts`) a fitted model (`learned.py`) chooses
among the candidates where these rules are not structurally sure; each result says which rule decided
(`how`), so that `facts.HYBRID` can keep the sure picks and vetoes (bench/RESULTS.md §14.1 attrib9, §15 attrib10).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from sudia.observatoire.anaphora import (
    AGENT_BEFORE, ANAPHORA_PHRASE, Attribution, Context, Mentions, clause_anaphora, clause_bounds, in_parentheses,
)
from sudia.observatoire.lexicon import ANAPHORA
from sudia.observatoire.quantities import Quantity
from sudia.observatoire.syntax import syntactic, verb_of

__all__ = ["Attribution", "Context", "Mentions", "attribute", "verb_of"]  # what facts and document import


def _parenthesis(folded: str, quantity: Quantity, mentions: Mentions, context: Context, text: str = "") -> Attribution | None:
    """'Digital Realty (87 salariés…)', 'la deeptech bardée de prix (25 collaborateurs…)'."""
    opening = folded.rfind("(", 0, quantity.start)
    if opening < 0 or folded.rfind(")", 0, quantity.start) > opening:
        return None
    # (a place may stand between: "le supercalculateur de Sesterce à Valence (450 M€)")
    before = [(end, name) for _, end, name in mentions if end <= opening and (
        not folded[end:opening].strip() or re.fullmatch(r"\s+(?:a|au|en)\s+[a-z][a-z'-]{1,25}(?:\s+[a-z'-]{1,25})?\s*", folded[end:opening]))]
    if before:
        return Attribution(max(before)[1], 0.95)
    closing = folded.find(")", quantity.end)
    owners = [(start, name) for start, _, name in mentions
              if closing >= 0 and start > closing and re.fullmatch(r"\)\s*(?:de|du|d')\s*(?:la\s+|l')?(?:[a-z-]+\s+)?", folded[closing:start])]
    if owners:  # "l'atelier (1 300 techniciens) de X", "… du groupe X"
        return Attribution(min(owners)[1], 0.8)
    phrase = ANAPHORA_PHRASE.search(folded[max(0, opening - 60):opening])
    if phrase:
        name, factor = context.resolve_scored(phrase.group(1))
        if name:
            return Attribution(name, 0.7 * factor)
    if text and re.search(r"\S\s+[A-ZÀ-Ö][\w'’.-]*\s*$", text[:opening]):
        return Attribution("", 0.0, how="veto_unkept_name")  # "…, Native Spaces (2 M€)": a name not kept as an actor owns the figure
    return None


# A relative clause closed before the main verb, whose subject is the name before it: ", qui …, <verb> …"
# (not a new clause opened by a conjunction or a source: ", qui …, selon Y").
_CLOSED_RELATIVE = re.compile(r"\s*,\s*qui\s[^,;()]*,\s*(?!(?:et|mais|dont|qui|selon|avec|tandis|alors|car|ou|le|la|les|un|une|des|du|de|son|sa|ses|ce|cette|il|elle)\b)"
                              r"(?:y\s+|en\s+|se\s+|s'|l'|lui\s+)?(?:a|ont|va|vont|vient|viennent|devrait|devraient|prevoit|"
                              r"compte|annonce|[a-z]+(?:e|ent|era|eront|ait|aient|it|ira))\b[^,;()]*")


def _relative(folded: str, quantity: Quantity, mentions: Mentions, context: Context) -> Attribution | None:
    """'…, Livmed's qui a levé plus de 7 M€': 'qui' takes the nearest name before it; 'l'entreprise, qui
    compte 30 salariés': the actor the kind word stands for."""
    preceding = [(end, name) for _, end, name in mentions if end <= quantity.start]
    if preceding:
        end, name = max(preceding)
        # "X, une start-up niçoise, qui…", "X implanté à La Garde qui…"
        if re.fullmatch(r"[^,;()]{0,6}(?:,[^,;()]{0,40}|\s(?:localise|situe|installe|implante|base|ne)e?s?\s+"
                        r"(?:a|au|aux|en|sur|dans)\s[^,;()]{1,30}?)?\s*(?:,\s*)?qui\s[^,;()]*", folded[end:quantity.start]):
            return Attribution(name, 0.9)
        # "X, qui emploie 45 personnes à Nice, a levé 3 M€": the main verb after the relative clause is X's
        if _CLOSED_RELATIVE.fullmatch(folded[end:quantity.start]):
            return Attribution(name, 0.85)
    # "L'opérateur, qui emploie 140 salariés, y consacre 450 M€": the same with a kind word for the name
    for phrase in ANAPHORA_PHRASE.finditer(folded, 0, quantity.start):
        if ANAPHORA[phrase.group(1)] and _CLOSED_RELATIVE.fullmatch(re.sub(r"^(?:\s+[a-z-]+){0,2}", "", folded[phrase.end():quantity.start])) \
                and not any(phrase.end() <= start < quantity.start for start, _, _ in mentions):
            name, factor = context.resolve_scored(phrase.group(1))
            if name:
                return Attribution(name, 0.75 * factor)
    relative = re.search(r"(?:^|[\s,;«\"(])(" + "|".join(re.escape(a) for a in ANAPHORA if ANAPHORA[a] and (" " in a or "'" in a))
                         + r")(?:\s+[a-z-]+)?\s*,?\s+qui\s[^,;()]*$", folded[:quantity.start])
    if relative and not any(relative.end(1) <= start < quantity.start for start, _, _ in mentions):
        name, factor = context.resolve_scored(relative.group(1))
        if name:
            return Attribution(name, 0.75 * factor)
    return None


# Who employs the people of a figure, named after it: "… travaillent chez X", "au sein de X".
_EMPLOYER_BEFORE = re.compile(r"(?<![a-z])(?:chez|au sein d[eu']|au sein des|sur le site d[eu']|pour le compte d[eu'])\s*"
                              r"(?:la\s+|le\s+|l'|les\s+)?(?:[a-z-]+\s+){0,2}$")


def _nearest(folded: str, quantity: Quantity, fact_type: str, mentions: Mentions, context: Context) -> Attribution:
    left, right = clause_bounds(folded, quantity.start)
    usable = []
    for start, end, name in mentions:
        if fact_type == "funding_eur" and context.kinds.get(name) == "investor":
            continue
        if fact_type == "jobs" and _EMPLOYER_BEFORE.search(folded[max(0, start - 30):start]) and (
                quantity.end <= start < right  # "150 personnes travaillent chez X"
                or end <= quantity.start and re.fullmatch(r"\s*,?\s*(?:[a-z-]+\s+){0,2}", folded[end:quantity.start])):
            return Attribution(name, 0.7, how="employer_before")  # "Chez X, 150 ingénieurs travaillent…" (the parse often misses it)
        if AGENT_BEFORE.search(folded[max(0, start - 30):start]) or in_parentheses(folded, start):
            continue
        usable.append((start, end, name))
    before = [(end, name) for start, end, name in usable if end <= quantity.start]
    if before:
        end, name = max(before)
        return Attribution(name, 0.65 if end >= left else 0.55, how="nearest")
    after = [(start, name) for start, end, name in usable if start >= quantity.end and start < right]
    if after:
        return Attribution(min(after)[1], 0.5, how="nearest_after")
    return Attribution(context.last_subject or context.focus, 0.4, how="context")


_DESTINATION = re.compile(r"^[^.;]{0,40}?\b(?:dans|pour)\s+(?:son|sa|le|la|l'|ce|cet|cette)\s*(?:[\w-]+\s+){0,2}?"
                          r"(data center|datacenter|centre de donnees|site|campus|usine|batiment)\b")


def _destination(folded: str, quantity: Quantity, fact_type: str, mentions: Mentions, context: Context) -> Attribution | None:
    """'investir 260 M€ dans son 5e data center' belongs to that data centre (named, or the last one)."""
    if fact_type not in ("investment_eur", "budget_eur"):
        return None
    match = _DESTINATION.match(folded[quantity.end:])
    if not match:
        return None
    at = quantity.end + match.end()
    named = [(start, name) for start, _, name in mentions if at <= start <= at + 25]
    if named:
        return Attribution(min(named)[1], 0.85)
    name = context.resolve("le site")
    return Attribution(name, 0.8) if name else None


# "5 M€ pour X", "11 M€ de nouveau en février pour X", "3 M€ en juin pour la start-up X"
_BENEFICIARY = re.compile(r"\s*(?:\([^)]*\)\s*)?(?:(?:de nouveau\s+)?(?:en|des|au|fin|debut|mi|courant|cette annee|l'an dernier)\b"
                          r"[^,;()]{0,18}?\s)?(?:pour|a destination d[eu']|au profit d[eu'])\s*(?:la\s+|le\s+|l'|les\s+)?"
                          r"(?:[a-z-]+\s+){0,2}")


def _beneficiary(folded: str, quantity: Quantity, mentions: Mentions) -> Attribution | None:
    """'30 M€ pour Ondalys', '12 M€ pour la start-up marseillaise X': the amount goes to the name after 'pour'
    (a headline or a lead that gives the figure before the company)."""
    after = [(start, name) for start, _, name in mentions if start >= quantity.end]
    if after:
        start, name = min(after)
        if _BENEFICIARY.fullmatch(folded[quantity.end:start]):
            return Attribution(name, 0.85, recipient=True)
    return None


_SITE_TYPES = ("power_mw", "area_m2")

# A site noun and its owner: "le datacenter de X", "le nouveau campus d'X", "l'usine du groupe X".
_SITE_OF = re.compile(r"(?<![a-z])(?:data ?centers?|datacenters?|centres? de donnees|campus|sites?|batiments?|usines?|sieges?|"
                      r"locaux|technopole|parc|ateliers?|entrepots?|immeubles?|plateformes?)\s+(?:[a-z-]+\s+)?"
                      r"(?:de|du|d')\s*(?:la\s+|l'|groupe\s+|societe\s+|start-up\s+)?$")
# Between the owner's name and the figure: its measure announced ("de", "d'une puissance de", ", d'une surface de").
_MEASURE = re.compile(r"\s*,?\s*(?:de|d'|d'une?\s+(?:puissance|surface|superficie|capacite|emprise|montant|cout|budget)"
                      r"(?:\s+(?:totale?|globale?|electrique|informatique|de plancher))?\s+(?:de|d')|"
                      r"(?:qui\s+)?(?:s'etend(?:ra)?\s+sur|couvr\w+|fera|mesure\w*|employ\w+|accueill\w+)\s+)\s*(?:pres de\s+|plus de\s+|environ\s+)?")


def _owned_site(folded: str, quantity: Quantity, mentions: Mentions) -> Attribution | None:
    """'le datacenter de X de 96 MW', 'le campus de X, d'une surface de 5 ha', 'l'usine de X qui emploie 300
    salariés': the figure measures a site whose owner is named right before it; a labelled site figure
    goes to the site or its operator, a staff figure to the employer (LABELLING.md)."""
    before = [(start, end, name) for start, end, name in mentions if end <= quantity.start]
    if not before:
        return None
    start, end, name = max(before)
    if _SITE_OF.search(folded[max(0, start - 45):start]) and _MEASURE.fullmatch(folded[end:quantity.start]):
        return Attribution(name, 0.75)
    return None


def _site_property(fact_type: str, mentions: Mentions, context: Context) -> Attribution | None:
    """'Ses salles couvriront 8 000 m², avec une puissance de 18 MW', 'Un espace de 200 m²': a power or
    an area in a sentence that names no actor is the site the text is describing: the last one named,
    else the last sentence's subject (the project just introduced)."""
    if fact_type not in _SITE_TYPES or mentions:
        return None
    site = next((n for n in reversed(context.recent) if context.kinds.get(n) in ("infrastructure", "venue")), "")
    name = site or context.last_subject
    return Attribution(name, 0.6, how="site_property") if name else None


# "Le data center de X, d'une puissance de 20 MW, …", "X, un site de 10 000 m², …": an apposition right after
# a name that gives a site's power or area describes that name (the parse often misreads "data center").
_SITE_APPOSITION = re.compile(r"\s*,\s*(?:(?:d'|de\s+)?(?:une?|la|le|l')\s*)?(?:[a-z-]+\s+){0,2}?"
                              r"(?:puissance|surface|superficie|capacite|site|batiment|campus|espace|immeuble|"
                              r"centre(?: de donnees)?|data ?center|datacenter|plateau|usine)\s+(?:[a-z-]+\s+)?(?:de|d')\s*"
                              r"(?:plus de\s+|pres de\s+|environ\s+)?")


def _site_apposition(folded: str, quantity: Quantity, fact_type: str, mentions: Mentions) -> Attribution | None:
    if fact_type not in _SITE_TYPES:
        return None
    before = [(end, name) for _, end, name in mentions if end <= quantity.start]
    if before:
        end, name = max(before)
        if _SITE_APPOSITION.fullmatch(folded[end:quantity.start]):
            return Attribution(name, 0.85)
    return None


# "un datacenter de 8 MW exploité par la société X", "un campus de 5 000 m² construit par X": the site's
# operator or builder, named after the participle, carries its measure (not a backer: "financé par").
_OPERATED_BY = re.compile(r"\s*(?:[a-z-]+\s+){0,2}?(?:exploite|opere|construit|developpe|porte|gere|detenu|possede|"
                          r"amenage|realise)e?s?\s+par\s+(?:la\s+|le\s+|l'|les\s+)?(?:[a-z-]+\s+){0,2}")


def _operated_by(folded: str, quantity: Quantity, mentions: Mentions) -> Attribution | None:
    after = [(start, name) for start, _, name in mentions if start >= quantity.end]
    if after and _OPERATED_BY.fullmatch(folded[quantity.end:min(after)[0]]):
        return Attribution(min(after)[1], 0.8)
    return None


# An opening phrase that describes the subject of the main clause: "Avec 1 200 salariés, X est…", "D'une
# puissance de 30 MW, le datacenter X…", "Doté de 30 M€, le fonds X…", "Forte de 80 ingénieurs, la start-up X…".
_FRONTED = re.compile(r"^\W*(?:avec|d'une?|dote?e?s?\s+d|fort(?:e|s|es)?\s+d|riche\s+d|employant|comptant|totalisant|"
                      r"represent\w+|pour un (?:montant|budget|cout|investissement))\b[^,;()]*$")
_SUBJECT_PHRASE = re.compile(r"\s*,\s*(?:(?:le|la|les|l'|un|une|son|sa|ses|ce|cet|cette)\s*)?(?:[a-z'-]+\s+){0,6}")


def _fronted(folded: str, quantity: Quantity, mentions: Mentions, context: Context) -> Attribution | None:
    """The figure of an opening phrase goes to the main clause's subject: the first name after the comma
    when only a short noun phrase comes before it ("le nouveau siège de la société X"), else a kind word
    or a pronoun opening the clause ("…, la start-up", "…, elle")."""
    comma = folded.find(",", quantity.end)
    if comma < 0 or not _FRONTED.match(folded[:quantity.start]) or "," in folded[:quantity.start] \
            or any(start < comma and not quantity.start <= start < quantity.end for start, _, _ in mentions):
        return None  # a name inside the opening phrase ("Avec X, …") makes it no description of the subject
    after = [(start, name) for start, _, name in mentions if start > comma]  # a unit read as a name ("MW") is no name
    if after and _SUBJECT_PHRASE.fullmatch(folded[comma:min(after)[0]]):
        if AGENT_BEFORE.search(folded[comma:min(after)[0]]):
            return None  # "D'une valeur de 10 M€, le contrat signé avec X…": X is a partner, not the subject
        return Attribution(min(after)[1], 0.75)
    phrase = re.match(r"\s*,\s*(?:" + ANAPHORA_PHRASE.pattern + r"|(elle|il)\b)", folded[comma:])
    if phrase and not after:
        name, factor = context.resolve_scored(phrase.group(1) or phrase.group(2))
        if name:
            return Attribution(name, 0.7 * factor)
    return None


def _fronted_partner(folded: str, quantity: Quantity, mentions: Mentions) -> str:
    """'D'une valeur de 10 M€, le contrat signé avec X…': the name after an agent word in the subject of a
    fronted figure is a partner of the subject, never the figure's actor."""
    comma = folded.find(",", quantity.end)
    if comma < 0 or not _FRONTED.match(folded[:quantity.start]) or "," in folded[:quantity.start]:
        return ""
    after = [(start, name) for start, _, name in mentions if start > comma]
    if after and _SUBJECT_PHRASE.fullmatch(folded[comma:min(after)[0]]) and AGENT_BEFORE.search(folded[comma:min(after)[0]]):
        return min(after)[1]
    return ""


# "Si l'on compte 12 M€ investis…", "Nous avons investi 5 M€…": a subject pronoun that stands for no actor
# opens the figure's clause (the parse often hangs the figure on another verb, missing `syntax`'s veto).
_IMPERSONAL = re.compile(r"(?:^|[,;:(«\"]|\b(?:si|que|qu'|et|mais|quand|lorsque|lorsqu'|comme|car|puis))\s*(?:l')?(on|nous)\s+"
                         r"(?:ne\s+|n')?[a-z]")


def _impersonal(folded: str, quantity: Quantity, mentions: Mentions) -> Attribution | None:
    left, _ = clause_bounds(folded, quantity.start)
    for match in _IMPERSONAL.finditer(folded, left, quantity.start):
        if not any(match.end(1) <= start < quantity.start for start, _, _ in mentions):
            return Attribution("", 0.0, how="veto_pronoun")
    return None


def _unclear(folded: str, quantity: Quantity, found: Attribution, mentions: Mentions) -> bool:
    """'X, dont le client, le groupe Y, emploie 3 000 personnes, a signé…': a relative clause in "dont" that
    names another actor stands between the actor found before the figure and the figure; which of the two
    the figure is said of is not clear from the words, and the parse often errs: the figure is dropped."""
    ends = [end for _, end, name in mentions if name == found.actor and end <= quantity.start]
    if not ends:
        return False
    gap_start = max(ends)
    relative = re.search(r",\s*dont\s", folded[gap_start:quantity.start])
    return bool(relative) and any(gap_start + relative.end() <= start < quantity.start and name != found.actor
                                  for start, _, name in mentions)


def attribute(folded: str, quantity: Quantity, fact_type: str, mentions: Mentions, context: Context,
              doc: Any = None) -> Attribution:
    """The actor of one figure of a sentence (`folded` is its folded text, `doc` its parse or None)."""
    text = doc.text if doc is not None else ""
    partner = _fronted_partner(folded, quantity, mentions)
    excluded = (partner,) if partner else ()
    for how, rule in (("parenthesis", lambda: _parenthesis(folded, quantity, mentions, context, text)),
                      ("relative", lambda: _relative(folded, quantity, mentions, context)),
                      ("beneficiary", lambda: _beneficiary(folded, quantity, mentions)),
                      ("destination", lambda: _destination(folded, quantity, fact_type, mentions, context)),
                      ("owned_site", lambda: _owned_site(folded, quantity, mentions)),
                      ("fronted", lambda: _fronted(folded, quantity, mentions, context)),
                      ("operated_by", lambda: _operated_by(folded, quantity, mentions)),
                      ("site_apposition", lambda: _site_apposition(folded, quantity, fact_type, mentions))):
        found = rule()
        if found is not None:
            return replace(found, how=found.how or how, excluded=excluded)
    found = None
    if doc is not None and doc.has_annotation("DEP"):
        found = syntactic(doc, folded, quantity, mentions, context)
    found = found or clause_anaphora(folded, quantity, mentions, context) or _impersonal(folded, quantity, mentions) \
        or _nearest(folded, quantity, fact_type, mentions, context)
    found = replace(found, excluded=excluded)
    if found.actor and _unclear(folded, quantity, found, mentions):
        return Attribution(found.actor, min(found.confidence, 0.3), how="unclear", excluded=excluded)
    if found.confidence < 0.6:
        site = _site_property(fact_type, mentions, context)
        return replace(site, excluded=excluded) if site else found
    return found
