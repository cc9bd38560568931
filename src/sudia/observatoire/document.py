"""Extraction from one document: sentences -> mentions -> actors, facts and people with their quotes."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Any

from sudia.observatoire import learned
from sudia.observatoire.bodies import name_bare_bodies
from sudia.observatoire.dates import find_dates
from sudia.observatoire.attribution import Context
from sudia.observatoire.facts import DEADLINE, FOUNDED, sentence_facts
from sudia.observatoire.geography import Geography
from sudia.observatoire.grouping import group_mentions
from sudia.observatoire.lexicon import SECTORS
from sudia.observatoire.mentions import Mention, find_mentions
from sudia.observatoire.names import accent_score, name_key, same_name
from sudia.observatoire.pair_features import person_rows
from sudia.observatoire.people import drop_person_surnames, find_people, role_of_named, whole_person_entities
from sudia.observatoire.quantities import find_quantities
from sudia.observatoire.repair import fold_keep_length, join_lines, repair
from sudia.observatoire.types import Actor, Extraction, Fact, Person, Source
from sudia.text.french import sentences

# Figures attributed with less confidence are dropped: set from the dev curve in bench/RESULTS.md.
MIN_CONFIDENCE = 0.5
# When two keywords disagree, the more specific kind wins ("start-up" over "entreprise").
KIND_RANK = ("startup", "infrastructure", "lab", "school", "event", "venue", "accelerator", "investor",
             "public_body", "company")
_PLACE_LINK = re.compile(r"^[\s,)]*(?:\([^)]*\)\s*)?(?:,\s*)?(?:installee?s?|basee?s?|implantee?s?|situee?s?|ne|nee)?\s*"
                         r"(?:a|au|aux|sur|dans|en)\s+(?:le\s+|la\s+|l')?$")


_BULLET = re.compile(r"\n\s*(?=[•▪◦‣●·*–-]\s|[\U0001F300-\U0001FAFF\u2600-\u27BF])")


@dataclass
class _Sentence:
    quote: str
    text: str
    folded: str
    block: int
    headline: bool = False  # a title line: it names actors said elsewhere, it does not make new ones


def _is_headline(line: str) -> bool:
    line = line.strip()
    return bool(line) and len(line) <= 160 and "\n" not in line and not re.search(r"[.!?…»\"’:,;)]$", line)


# Breadcrumbs and menus ("Vous êtes ici : Économie | …", "Accueil > Actualités"): like a title, they name
# only what the body names too.
_NAVIGATION = re.compile(r"(?i)vous [êe]tes ici|\S\s+[>|]\s+\S|\s\|\s*$")


_FUNCTION_END = re.compile(r"(?:\b(?:de|du|des|d'|l'|la|le|les|et|ou|a|à|au|aux|en|par|pour|sur|avec|dans|un|une|chez)|[-,(])\s*$",
                           re.IGNORECASE)


def _pieces(block: str) -> list[str]:
    """Splits a block at bullets and after title lines (no final punctuation, next line capitalised)."""
    out: list[str] = []
    for piece in _BULLET.split(block):
        lines = piece.split("\n")
        current = lines[0]
        for line in lines[1:]:
            last = current.split("\n")[-1].strip()
            title = len(last) <= 160 and _is_headline(last) and not _FUNCTION_END.search(last)
            if line.strip()[:1].isupper() and (title or re.search(r"[.!?…»\"]$", last)):
                out.append(current)
                current = line
            else:
                current += "\n" + line
        out.append(current)
    return out


# A transcript puts a timestamp before each line, glued to the line's first word ("00:07Commerce");
# its lines cut sentences anywhere ("la Chambre de" / "00:07Commerce et d'Industrie du Var").
_TIMESTAMP = re.compile(r"(?:^|\n)[ \t]*\d{1,2}:\d{2}(?::\d{2})?[ \t]*(?=\S)")


def untimestamp(block: str) -> str:
    """Drops transcript timestamps and joins the lines they open into running text; the first one
    still starts a line (after "Transcription"). A block with a single time is left alone."""
    matches = list(_TIMESTAMP.finditer(block))
    if len(matches) < 2:
        return block
    out, cursor = [], 0
    for i, match in enumerate(matches):
        out.append(block[cursor:match.start()])
        out.append("\n" if i == 0 and match.start() > 0 else " " if i else "")
        cursor = match.end()
    out.append(block[cursor:])
    return "".join(out)


def split_sentences(blocks: list[str]) -> list[_Sentence]:
    out = []
    index = 0
    for block in blocks:
        block = untimestamp(block)
        for piece in _pieces(block):  # bullet items and title lines are sentences of their own
            piece = re.sub(r"^\s*[•▪◦‣●·*–-]\s*", "", piece)
            headline = _is_headline(piece) or bool(_NAVIGATION.search(piece))
            for quote in sentences(join_lines(piece)):
                text = repair(quote)
                out.append(_Sentence(quote, text, fold_keep_length(text), index, headline))
            index += 1
    return out


def document_date(parts: list[_Sentence]) -> str:
    """The publication date: the first full date of the opening lines, else their first year that is
    not a deadline ("d'ici à 2026" is not when the text was written)."""
    early = [s for s in parts if s.block < 3]
    dates = [(s, d) for s in early for d in find_dates(s.text)]
    precise = [d.iso for _, d in dates if len(d.iso) >= 7]
    years = [d.iso for s, d in dates if not DEADLINE.search(s.folded[max(0, d.start - 25):d.start])
             and not FOUNDED.search(s.folded[max(0, d.start - 25):d.start])]
    return (precise or years or [""])[0]


class DocumentExtractor:
    def __init__(self, nlp: Any, geography: Geography, known: frozenset[str] = frozenset(),
                 min_confidence: float = MIN_CONFIDENCE, models: learned.Models | None = None) -> None:
        self.nlp = nlp
        # The learned attribution (SUDIA_OBS_ATTRIBUTION, `learned.load_models`); None: those in use
        # (the rules, unless the fit script swapped in a fold's models with `learned.use`).
        self.models = models
        self.geo = geography
        self.known = known  # name keys of actors already in the knowledge base (the gazetteer)
        self.min_confidence = min_confidence

    def extract(self, name: str, blocks: list[str]) -> Extraction:
        parts = split_sentences(blocks)
        docs = list(self.nlp.pipe([p.text for p in parts]))  # one pass: NER, parts of speech, dependencies
        for d in docs:
            whole_person_entities(d)
        persons = [[(e.start_char, e.end_char) for e in d.ents if e.label_ == "PER" and " " in e.text.strip()]
                   for d in docs]
        mentions = [find_mentions(p.text, docs[i], self.geo.is_place, self.known) for i, p in enumerate(parts)]
        mentions = drop_person_surnames(mentions, docs)
        if LOWER_BRANDS:
            mentions = _lower_case_brands(parts, docs, mentions)
        mentions = _headline_mentions(parts, mentions, self.known)
        mentions = name_bare_bodies([p.text for p in parts], mentions, self.geo)
        groups = _fold_units(group_mentions([p.text for p in parts], mentions))
        resolved = [[(m.start, m.end, groups[m.key]) for m in ms if m.key in groups] for ms in mentions]
        kinds = self._kinds(mentions, groups)
        counts = Counter(n for rs in resolved for _, _, n in rs)
        subjects = [n for n, _ in counts.most_common() if kinds[n] not in ("investor", "public_body")]
        context = Context(kinds=kinds, focus=(subjects or [n for n, _ in counts.most_common()] or [""])[0],
                          salience=dict(counts), titled=frozenset(n for i, rs in enumerate(resolved) if parts[i].headline
                                                                  for _, _, n in rs))
        learned.DOCUMENT[0] = name
        models = self.models if self.models is not None else learned.active()
        default_date = document_date(parts)

        facts: dict[tuple[str, str, float], Fact] = {}
        people: list[Person] = []
        guessed: list[bool] = []  # per entry of `people`: its organisation is empty or a guess
        scored: list[tuple[str, str, float]] = []  # (person, organisation, probability) of the learned choice
        last_named: tuple[str, int] | None = None  # the person last named, and in which sentence
        said_later: dict[str, str] = {}  # person -> organisation told by "le directeur de Y" after them
        actor_keys = frozenset(groups) | frozenset(name_key(n) for n in groups.values())
        for i, part in enumerate(parts):
            quantities = find_quantities(part.text)
            if quantities:
                parsed = docs[i] if "parser" in self.nlp.pipe_names else None
                places = self.geo.find(part.text)
                for raw in sentence_facts(part.folded, quantities, find_dates(part.text), resolved[i], context,
                                          default_date, parsed, [(p.start, p.end) for p in places], models.facts):
                    if models.facts is None and raw.confidence < self.min_confidence:  # the model abstains itself
                        continue
                    place = places[0].location.name if places else ""
                    fact = Fact(raw.actor, raw.type, raw.value, raw.unit, raw.date, place, Source(name, part.quote),
                                raw.scope, raw.confidence)
                    if raw.type == "budget_eur" and kinds.get(raw.actor) == "infrastructure":
                        fact = replace(fact, type="investment_eur")  # a site's budget is what is invested in it
                    key = (raw.actor, fact.type, raw.value)
                    if key not in facts or len(fact.date) > len(facts[key].date):
                        facts[key] = fact
            # the organisation last spoken of before this sentence (people.py looks inside the sentence itself)
            last_org = next((n for n in reversed(context.recent) if kinds.get(n) not in ("venue", "event", "infrastructure")), "")
            context.remember(_subject_first(sorted(resolved[i]), docs[i] if "parser" in self.nlp.pipe_names else None))
            confirmed = [m for m in mentions[i] if m.key in groups]

            def last_of_kind(kind: str) -> str:
                return next((n for n in reversed(context.recent) if kinds.get(n) == kind), "")

            found = find_people(part.text, persons[i], confirmed, context.focus, last_org, actor_keys, last_of_kind)
            for p in found:
                organisation = groups.get(name_key(p.organisation), p.organisation) if p.organisation else ""
                sure = not p.guessed
                if models.people is not None or learned.TRACE is not None:
                    organisation, probability = _learned_organisation(part.text, part.folded, p, resolved[i], persons[i],
                                                                      context, last_org, organisation, docs[i], models.people)
                    scored.append((p.name, organisation, probability))
                    sure = probability >= _SURE_ORGANISATION
                people.append(Person(p.name, p.role, organisation, (Source(name, part.quote),)))
                guessed.append(not sure or not organisation)
                last_named = (p.name, i)
            told = None if found else role_of_named(part.folded, confirmed)
            if told and last_named and i - last_named[1] <= _ROLE_REACH:
                said_later[last_named[0]] = groups.get(name_key(told[1]), told[1])
        people = _told_later(people, guessed, said_later)
        people = _kind_heads(people, [n for n, _ in counts.most_common()])
        if models.people is not None:
            people = _surest_organisation(_merge_people(people), scored)
        actors = self._actors(name, parts, resolved, groups, kinds)
        return Extraction(tuple(actors), tuple(facts.values()), tuple(_merge_people(people)))

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
                entry = info.setdefault(actor, {"aliases": set(), "places": [], "sectors": [], "quotes": [], "desc": "",
                                                "inside": []})
                entry["aliases"].add(part.text[start:end].strip())
                if len(entry["quotes"]) < 3 and part.quote not in entry["quotes"]:
                    entry["quotes"].append(part.quote)
                others = [(s, e) for s, e, n in resolved[i] if n != actor]
                for place in places:
                    if any(s < place.end and place.start < e for s, e in others):
                        continue  # "(Arm, Orange, Thales)": Orange is a company here, not the commune
                    if _linked(part.folded, start, end, place.start, place.end, others):
                        if place.location.name not in entry["places"]:
                            entry["places"].append(place.location.name)
                    elif start <= place.start and place.end <= end and place.location.name not in entry["inside"]:
                        entry["inside"].append(place.location.name)  # "Université de Toulon", "CCI Nice-Côte d'Azur"
                for cue, sector in SECTORS.items():
                    if cue in part.folded and sector not in entry["sectors"]:
                        entry["sectors"].append(sector)
                if not entry["desc"] and re.search(r"\b(?:developpe|concoit|applique|detecte|pilote|propose|specialisee?)\b", part.folded):
                    entry["desc"] = part.quote
        actors = []
        for actor, entry in info.items():
            aliases = sorted(a for a in entry["aliases"] if a != actor and name_key(a) != name_key(actor) or (a != actor and a.isupper()))
            proper = _proper_part(actor)
            if proper and proper not in aliases:
                aliases.append(proper)  # "centre de recherche Inria" is also called "Inria"
            places = entry["places"] or entry["inside"]  # a place in the name only when the text links none
            actors.append(Actor(actor, kinds.get(actor, "company"), tuple(dict.fromkeys(aliases)), tuple(places),
                                tuple(entry["sectors"][:4]), entry["desc"], tuple(Source(name, q) for q in entry["quotes"])))
        return actors


def _learned_organisation(text: str, folded: str, person: Any, mentions: list[tuple[int, int, str]],
                          persons: list[tuple[int, int]], context: Context, last_org: str, rule_org: str, doc: Any,
                          model: Any) -> tuple[str, float]:
    """The organisation the fitted model scores best among the sentence's actors, the rules' pick, the
    actor last spoken of and the main one ("" is a candidate: no organisation); none when the best
    scores under the model's threshold (a person with no organisation is right more often than a guess);
    with the probability it gives its pick."""
    candidates, rows = person_rows(text, folded, person.start, person.end, mentions, persons, context, last_org,
                                   rule_org, person.guessed, doc)
    learned.trace("person", candidates, rows, person=person.name, rule=rule_org)
    if model is None:
        return rule_org, 1.0 - person.guessed
    organisation, probability = model.best(candidates, rows)
    return (organisation, probability) if probability >= model.threshold else ("", 1.0 - probability)


# A learned organisation scored under this is a guess: an organisation told later in the text replaces it.
_SURE_ORGANISATION = 0.5


def _surest_organisation(people: list[Person], scored: list[tuple[str, str, float]]) -> list[Person]:
    """A person named several times keeps the organisation of the mention the model is surest of (the
    merge of mentions would keep the one with the longest role); a guess leaves the rules' later fixes."""
    out = []
    for person in people:
        mine = [(p, org) for who, org, p in scored if same_name(who, person.name)]
        if mine and max(mine)[0] >= _SURE_ORGANISATION:
            person = replace(person, organisation=max(mine)[1])
        out.append(person)
    return out


def _rubric(part: _Sentence, mention: Mention) -> bool:
    """One word opening a sentence before a colon: a rubric ("Technos : et si les drones…"), or a name in a
    headline style ("Nexaflow : une levée…") that the body names again."""
    return " " not in mention.name and not part.text[:mention.start].strip(" «\"'") \
        and bool(re.match(r"\s*:\s", part.text[mention.end:]))


def _headline_mentions(parts: list[_Sentence], mentions: list[list[Mention]], known: frozenset[str]) -> list[list[Mention]]:
    """In title lines and rubrics, keep only names the body vouches for (or the knowledge base knows)."""
    vouched = {m.key for part, ms in zip(parts, mentions, strict=True) if not part.headline
               for m in ms if m.evidence and not _rubric(part, m)}
    kept = [[m for m in ms if not (part.headline or _rubric(part, m)) or m.key in vouched or m.key in known or m.strong
             or _figure_title(part, m)] for part, ms in zip(parts, mentions, strict=True)]
    # the company a figure's title is about is one, even when the model reads its name as a common noun
    return [[replace(m, evidence=True) if part.headline and not m.evidence and _figure_title(part, m) else m for m in ms]
            for part, ms in zip(parts, kept, strict=True)]


_TITLE_VERB = re.compile(r"\s+(?:leve|investit|investira|boucle|obtient|decroche|recrute|ouvre|ouvrira|inaugure|"
                         r"rachete|acquiert|emploie|annonce|construit|va investir|va lever|mise)\b")


def _figure_title(part: _Sentence, mention: Mention) -> bool:
    """A title that gives an amount names the company it is about: "Ondalys lève 5 M€" (the name opens
    the title, a verb follows it), "Levée de fonds : 8 M€ pour Ondalys" (the name follows the amount)."""
    quantities = find_quantities(part.text)
    if not quantities:
        return False
    opening = not part.text[:mention.start].strip(" «\"'") and (mention.evidence or bool(_TITLE_VERB.match(part.folded[mention.end:])))
    after = any(re.fullmatch(r"\s*(?:pour|chez)\s+(?:la\s+|le\s+|l')?(?:[a-z-]+\s+){0,2}", part.folded[q.end:mention.start])
                for q in quantities if q.end <= mention.start)
    return opening or after


_SETTLED = re.compile(r"^[^.;]{0,40}\b(?:installee?s?|implantee?s?|basee?s?|situee?s?|a choisi|choisit|s'installe|"
                      r"s'implante|ouvr\w*|siege|campus de|site de|etendra\w*|se tient|se tiendra|revient|a lieu)\b"
                      r"[^.;]{0,25}?\s(?:a|au|aux|de|sur|dans|en)?\s*$")


def _linked(folded: str, start: int, end: int, place_start: int, place_end: int,
            others: list[tuple[int, int]] = ()) -> bool:
    """Is the place said of this actor? 'X, installée à Nice', 'X, start-up niçoise', 'X (Sophia Antipolis)',
    'Evroc… a choisi Mougins', 'la start-up niçoise X' — with no other actor named in between."""
    if place_start >= end:
        gap = folded[end:place_start]
        if any(end <= s < place_start for s, _ in others):
            return False
        return bool(_PLACE_LINK.match(gap) or re.fullmatch(r"\s*,\s*(?:une?\s+|la\s+|le\s+)?[a-z -]{0,30}\s", gap)
                    or re.fullmatch(r"\s*\(\s*", gap) or _SETTLED.match(gap))
    return 0 <= start - place_end <= 2


# How many sentences after a person "le directeur de Y" may still speak of them: the next one, or the
# one after a quote (chosen a priori; dev has two such cases, both one sentence after the name).
_ROLE_REACH = 2


# "l'Ingénierie d'Evroc", "France de Digital Realty" (from "le président France de Digital Realty"): one
# capitalised word that is a common noun or a country, then "de" and another actor of the text, names a
# unit of that actor, not an organisation of its own. A kind word ("Université de X", "Centre de X") opens
# a name of its own and is left alone.
_UNIT_NAME = re.compile(r"^(?P<head>[A-ZÀ-ÖØ-Þ][\wà-ÿ-]+)\s+(?:de la|de l['’]|du|des|de|d['’])\s*(?P<rest>\S.*)$")


def _fold_units(groups: dict[str, str]) -> dict[str, str]:
    from sudia.observatoire.lexicon import INSTITUTION_HEADS, KIND_BEFORE, KIND_HEAD, WORLD_PLACES
    from sudia.observatoire.wordlist import is_common_word

    names = {name_key(n): n for n in groups.values()}
    renamed = {}
    for name in set(groups.values()):
        unit = _UNIT_NAME.match(name)
        if not unit:
            continue
        head = fold_keep_length(unit.group("head")).lower()
        parent = names.get(name_key(unit.group("rest")))
        if parent is None or parent == name or head in KIND_HEAD or head in KIND_BEFORE or head in INSTITUTION_HEADS:
            continue
        if head in WORLD_PLACES or head == "r&d" or is_common_word(unit.group("head").lower()):  # "R&D de Visteon"
            renamed[name] = parent
    return {k: renamed.get(v, v) for k, v in groups.items()}


# "centre de recherche Inria", "laboratoire LIS": a lower-case kind phrase before a proper name
_LOWER_HEAD = re.compile(r"^(?:centre de recherches?|centre|laboratoire|institut|pole|agence)\s+(?P<proper>[A-ZÀ-ÖØ-Þ].*)$")


def _proper_part(actor: str) -> str:
    match = _LOWER_HEAD.match(actor)
    return match.group("proper") if match and actor[:1].islower() else ""


# "Maureen Clerc, directrice du Centre": a role of a capitalised kind word alone is held in the actor of the
# text whose name that word opens ("Centre Inria d'Université Côte d'Azur"); the most named one wins.
_ROLE_OF_HEAD = re.compile(r"\b(?:du|de la|de l['’])\s*(?P<head>[A-ZÀ-ÖØ-Þ][\wà-ÿ-]+)\s*(?:$|de\s+\d{4}|,)")


def _kind_heads(people: list[Person], ranked_actors: list[str]) -> list[Person]:
    from sudia.observatoire.lexicon import KIND_HEAD

    out = []
    for person in people:
        match = None if person.organisation else _ROLE_OF_HEAD.search(person.role)
        head = match.group("head") if match else ""
        if head and fold_keep_length(head).lower() in {k.split()[0] for k in KIND_HEAD}:
            owner = next((a for a in ranked_actors if a.split()[0] == head and len(a.split()) > 1), "")
            if owner:
                person = replace(person, organisation=owner)
        out.append(person)
    return out


def _told_later(people: list[Person], guessed: list[bool], said_later: dict[str, str]) -> list[Person]:
    """An organisation told after the person ("X … Le directeur de Y …") replaces a missing or guessed one."""
    out = []
    for person, guess in zip(people, guessed):
        told = next((org for who, org in said_later.items() if same_name(who, person.name)), "")
        out.append(replace(person, organisation=told) if told and guess else person)
    return out


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


def _subject_first(resolved: list[tuple[int, int, str]], doc: Any) -> list[str]:
    """The actors of a sentence in order of mention, the subject of its main verb first: the next
    sentences' figures and anaphoras go to who acts, not to a name said first in a fronted phrase
    ("Après l'installation de X il y a dix ans, Y ouvre un data center": Y). (people9, #9)"""
    names = [n for _, _, n in resolved]
    if doc is None or len(set(names)) < 2 or not SUBJECT_FIRST:
        return names
    subject = next((c for t in doc if t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")
                    for c in t.children if c.dep_ in ("nsubj", "nsubj:pass")), None)
    if subject is None:
        return names
    lo, hi = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
    first = next((n for s, e, n in resolved if s < hi and lo < e), "")
    return [first] + [n for n in names if n != first] if first else names


SUBJECT_FIRST = True


LOWER_BRANDS = True
_LOWER_WORD = re.compile(r"(?<![\w.@/-])[a-z][a-z0-9]{3,}(?![\w’.@/-]|\.[a-z])")
_ADJECTIVE_END = re.compile(r"(?:aine?s?|ois|oise|oises|iens?|iennes?|ais|aise|aises|ique|iques|eux|euse|al|ale|aux)$")


def _lower_case_brands(parts: list[Any], docs: list[Any], mentions: list[list[Any]]) -> list[list[Any]]:
    """A brand written in lower case ("l'école datazurio", "celui de kelvo, la startup suédoise") is an
    actor when the word is no French word, is named twice or more, and a kind word stands before it or
    an apposition after it at least once; the candidates only take capitalised words. (people9, #9)"""
    from sudia.observatoire.mentions import Mention, _apposition_kind, _kind_before
    from sudia.observatoire.names import name_key
    from sudia.observatoire.wordlist import is_common_word, is_demonym

    seen: dict[str, list[tuple[int, Any]]] = {}
    for i, (part, doc) in enumerate(zip(parts, docs)):
        for match in _LOWER_WORD.finditer(part.text):
            word = match.group(0)
            if is_common_word(word) or is_demonym(word) or _ADJECTIVE_END.search(word) \
                    or any(m.start <= match.start() < m.end for m in mentions[i]):
                continue  # "sophipolitaine", "niçoise": an adjective of place, not a brand
            token = doc.char_span(match.start(), match.end())
            if token is None or len(token) != 1 or not token[0].is_oov:
                continue  # the parse's part of speech is no help here (such a brand is often read as a verb)
            seen.setdefault(word, []).append((i, match))
    out = [list(ms) for ms in mentions]
    for word, places in seen.items():
        if len(places) < 2:
            continue
        kinds = [_kind_before(parts[i].folded[max(0, m.start() - 40):m.start()]) or _apposition_kind(parts[i].folded[m.end():m.end() + 40])
                 for i, m in places]
        kind = next((k for k in kinds if k), "")
        if not kind:
            continue
        for i, m in places:
            out[i].append(Mention(word, name_key(word), m.start(), m.end(), kind, True, "", True))
    return out
