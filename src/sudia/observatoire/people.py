"""Finds people with their role and organisation: 'Claire Vasseur, présidente de Nexaflow',
'Fabrice Moizan (Gayatech)', 'le sénateur Pierre Laffitte', 'Jean-Luc Chauvin son président'.

People are spaCy's person entities (two to four capitalised words) and capitalised names right after
a role word. A credited photographer or author ('© Eric Delbecque', 'Par Bogdan Bodnar') is not a
person of the ecosystem. The organisation is only one the sentence names next to the person (or,
after a possessive — 'son président' — the actor last spoken of); none is guessed otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sudia.observatoire.affiliation import affiliation
from sudia.observatoire.lexicon import (GENERIC_WORDS, KIND_BEFORE, KIND_TAIL, NATIONALITIES, ROLE_WORDS, TITLE_PREFIXES,
                                        WEB_FURNITURE)
from sudia.observatoire.mentions import Mention
from sudia.observatoire.names import name_key
from sudia.observatoire.repair import fold_keep_length, is_all_caps

_ROLES = "|".join(sorted((re.escape(r) for r in ROLE_WORDS), key=len, reverse=True))  # longest first
_ROLE = rf"(?:{_ROLES})s?\b"  # plurals too
# "chercheur à l'Inria", "directeur de recherche au CNRS": a place of work is an organisation too
_LINK = r"(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+|d'|chez\s+|a\s+la\s+|au\s+sein\s+(?:de\s+la\s+|de\s+l'|du\s+|de\s+)|du\s+groupe\s+|a\s+l'|au\s+|aux\s+)"
# "Claire Vasseur, présidente et cofondatrice de Nexaflow", "Eric Gorde, le président de la CCI"
# (a dash or a comma opens the apposition: "Paul Martin – CEO de Kelvo –")
# (a kind word may stand between the link and the name: "dirigeant de la jeune pousse Synchronext",
# "coordinateur de l'association « Culture Tech »", "directeur général de la plateforme Plug & Play")
_KIND_BEFORE_NAME = (r"(?:(?:societe|start-?up|jeune pousse|entreprise|groupe|association|agence|plateforme|reseau|"
                     r"incubateur|accelerateur|laboratoire|pole|cluster|fonds|ecole|structure|firme|pepite|filiale)"
                     r"(?:\s+[a-z-]+)?\s*[«\"]?\s*)?")
_AFTER = re.compile(rf"^\s*[,–—-]?\s*(?:(?:le|la|l'|son|sa|leur|notre|un|une|ancienne?)\s+)?(?P<role>(?:[a-z-]+\s+){{0,2}}{_ROLE}"
                    rf"[^,;:«»()\"]{{0,60}}?)\s*{_LINK}\s*{_KIND_BEFORE_NAME}$")
# "Ali Douai, vice-président Université Côte d'Azur": a role followed by the organisation with no link
_ROLE_THEN_NAME = re.compile(rf"^\s*[,–—-]\s*(?:(?:le|la|l')\s*)?(?P<role>(?:[a-z-]+\s+)?{_ROLE}(?:\s+[a-z-]+)?)\s+$")
# "Margot Teschec du service développement économique du Grand Avignon": a unit of the organisation
_UNIT_OF = re.compile(rf"^\s*,?\s*(?P<role>(?:du|de la|de l')\s*(?:service|direction|departement|cabinet|bureau|cellule|"
                      rf"mission|pole)\b[^,;:.()«»]{{0,50}}?)\s+{_LINK}\s*$")
# "Jean Leonetti (LR)": a political party in brackets after a name is no employer
PARTIES = {"lr", "ps", "rn", "lrem", "renaissance", "modem", "udi", "eelv", "pcf", "lfi", "dvd", "dvg", "ump", "fn",
           "nupes", "horizons", "reconquete", "ecologistes", "les republicains", "prg", "npa", "ufm"}
_ROLE_AFTER = re.compile(rf"^\s*[,–—-]?\s*(?:(?:le|la|l'|son|sa|leur|un|une|ancienne?)\s+)?(?P<role>(?:[a-z-]+\s+){{0,2}}{_ROLE}"
                         rf"[^,;:«»()]{{0,40}})")
_ROLE_BEFORE = re.compile(rf"(?P<role>{_ROLE}(?:\s+[a-z-]+){{0,2}})\s*[:,]?\s*$")
_POSSESSIVE = re.compile(r"^\s*,?\s*(?:son|sa|leur)\s")
# "X, le fondateur, explique": a role with no organisation of its own is held in the actor of the passage
# (not an elected or a state role: "X, le ministre, a dit").
# (also "X reste le directeur général en France et …", "X, directrice de recherches, pilote …": a role
# whose only complement is a country or a plain noun is held in the same organisation)
_DEFINITE_ROLE = re.compile(rf"^\s*(?:,\s*(?:le|la|l')\s*|\s(?:reste|est|devient|etait|demeure)\s+(?:le|la|l')\s*)"
                            rf"(?:[a-z-]+\s+){{0,2}}(?!(?:ministre|senat|depute|maire|secretaire d'etat|prefet))"
                            rf"{_ROLE}(?:[\s-]+[a-z]+){{0,2}}(?:\s+(?:en|pour la)\s+france)?\s*(?:[,.;]|\set\s)"
                            rf"|^\s*,\s*{_ROLE}\s+de\s+recherches?\s*,")
_STREET = re.compile(r"(?:avenues?|rues?|boulevards?|bd|place|allee|quai|cours|impasse|chemin|square|lycee|college|"
                     r"stade|parc|hopital|pont|port|ecole|prix)\s+(?:[A-ZÀ-Ö][\w'-]+(?:\s+[A-ZÀ-Ö][\w'-]+)*\s+et\s+)?$", re.IGNORECASE)
_CREDIT = re.compile(r"(?:©|credits?\s*:?|source\s*:|signe|redige[^.]{0,40}\spar|(?:^|\n)\s*(?:[-–]\s*)?par)\s*$")
_SPEECH = re.compile(r"(?:ajoute|explique|precise|souligne|indique|confie|declare|affirme|assure|commente|estime|"
                     r"poursuit|rappelle|insiste|note|observe|temoigne|raconte|resume)\s*(?:-t-(?:il|elle))?\s*$")
# "rappelle le président X": the role with a definite article, after a speech verb
_SPEECH_ROLE = re.compile(_SPEECH.pattern.replace(r"\s*$", "") + rf"\s+(?:le|la)\s+{_ROLE}(?:\s+[a-z-]+)?\s*$")
# "représentant (pour sa part) Brisa Lab", "qui représente la chambre": the person speaks for that organisation
_SPEAKS_FOR = re.compile(r"\s*,?\s*(?:qui\s+)?(?P<role>represent(?:e|ant))\s+(?:lui\s+|elle\s+|ici\s+|pour sa part\s+)?"
                         r"(?:la\s+|le\s+|les\s+|l')?(?:(?:societe|start-?up|entreprise|groupe|association|agence)\s+)?")
# "PDG du groupe toulonnais", "directrice de l'entreprise": the company is the one the text is about
_OF_THE_COMPANY = re.compile(rf"^\s*,?\s*(?:(?:le|la|l')\s+)?(?:[a-z-]+\s+){{0,2}}{_ROLE}\s+(?:du|de la|de l')\s*"
                             r"(?:groupe|societe|entreprise|firme|start-?up|geant)\b(?!\s+(?:de|d'|du)\b)")
# "fondateur et PDG de la société de Stockholm": the kind word with its seat is still the company of the text
_OF_THE_COMPANY_OF_PLACE = re.compile(rf"^\s*,?\s*(?:(?:le|la|l')\s+)?(?:[a-z-]+\s+){{0,2}}{_ROLE}(?:\s+et\s+[a-z-]+)?\s+(?:du|de la|de l')\s*"
                                      r"(?:groupe|societe|entreprise|firme|start-?up)\s+(?:de|d')\s*(?P<place>[a-z][\w' -]{1,30}?)\s*[,.;]")
_CIVILITY = {"M.", "Mme", "Mlle", "Me", "Dr", "Dr.", "Pr", "Pr.", "Monsieur", "Madame", "Mademoiselle"}
# "président du fonds régional", "directrice de l'incubateur de la ville": a body named by its kind only
_OF_A_KIND = re.compile(rf"^\s*,?\s*(?:(?:le|la|l')\s+)?(?:[a-z-]+\s+){{0,2}}{_ROLE}\s+(?:du|de la|de l')\s*"
                        r"(?P<kind>fonds|incubateur|accelerateur|laboratoire|pole|cluster|agence|ecole|universite|"
                        r"institut|reseau)\b(?!\s+(?:[A-Z]))")
_OWN_ROLE_BEFORE = re.compile(rf"(?:^|\s)(?:son|sa|ses|leur|leurs)\s+(?:[a-z-]+\s+){{0,2}}"
                              rf"(?P<role>{_ROLE}(?:\s+[a-z'-]+){{0,6}})\s*[:,]?\s*$")
_PARTICLES = {"de", "d", "du", "des", "la", "le", "van", "von", "di", "da", "del", "ben", "el"}
_NAME = re.compile(r"[A-ZÀ-ÖØ-Þ][\wà-ÿ'’-]+(?:\s+(?:de\s+|d['’])?[A-ZÀ-ÖØ-Þ][\wà-ÿ'’-]+){1,3}")


@dataclass(frozen=True)
class PersonMention:
    name: str
    role: str
    organisation: str  # an actor name, or "" when none is given
    start: int
    end: int
    guessed: bool = False  # the organisation is the actor spoken of around a possessive or a bare role


def whole_person_entities(doc: Any) -> None:
    """NER sometimes cuts a hyphenated first name ("Anne-" of "Anne-Sophie Marchetti"): the entity is
    stretched to the end of its word and, when that leaves a lone first name, to the surname after it."""
    from spacy.util import filter_spans

    from sudia.observatoire.candidates import is_role

    from sudia.observatoire.candidates import leading_titles

    text, ents, changed = doc.text, [], False
    for entity in doc.ents:
        if entity.label_ == "PER" and _titled(entity.text):
            # "Directeur Général de Kelvo", "Sous Préfet Jean Dupont": the titles are no part of a person;
            # what follows them is the person only when it is capitalised ("Jean Dupont"), else a role
            changed = True
            skip = leading_titles(entity.text)
            span = doc.char_span(entity.start_char + skip, entity.end_char, label="PER", alignment_mode="contract") \
                if skip > 0 else None
            if span is not None and len(span) >= 2:
                ents.append(span)
            continue
        end = entity.end_char
        if entity.label_ == "PER" and end < len(text) and (text[end - 1] == "-" or text[end].isalnum()):
            end += re.match(r"[\w'’-]*", text[end:]).end()
            surname = re.match(r"\s+([A-ZÀ-ÖØ-Þ][\wà-ÿ'’-]+)", text[end:])
            if " " not in text[entity.start_char:end].strip() and surname and not is_role(surname.group(1)):
                end += surname.end()
            span = doc.char_span(entity.start_char, end, label="PER", alignment_mode="expand")
            if span is not None:
                ents.append(span)
                changed = True
                continue
        ents.append(entity)
    if changed:
        doc.ents = filter_spans(ents)


def _titled(name: str) -> bool:
    from sudia.observatoire.candidates import is_title

    words = name.split()
    first = 1 if words and fold_keep_length(words[0]) in ("le", "la", "l'") else 0
    return len(words) > first and (is_title(words[first]) or fold_keep_length(words[first]) in TITLE_PREFIXES
                                   and len(words) > first + 1 and is_title(words[first + 1]))


def person_name(raw: str) -> str:
    """'Thomas REYNAUD' -> 'Thomas Reynaud'; particles stay lower-case."""
    words = re.sub(r"\s+", " ", raw).strip().split(" ")
    fixed = []
    for word in words:
        if is_all_caps(word):
            word = "-".join(p[:1] + p[1:].lower() for p in word.split("-"))
        fixed.append(word)
    return " ".join(fixed)


def _spans(text: str, folded: str, persons: list[tuple[int, int]], mentions: list[Mention]) -> list[tuple[int, int]]:
    spans = [(s, e) for s, e in persons]
    for match in _NAME.finditer(text):  # "son Directeur technique Lex Coors": a name right after a role
        if re.search(rf"{_ROLE}\s*$", folded[max(0, match.start() - 40):match.start()]) \
                and not any(s <= match.start() < e for s, e in spans):
            spans.append((match.start(), match.end()))
    out = []
    for start, end in sorted(spans):
        lead = re.match(r"(\S+)\s+", text[start:end])
        if lead and (fold_keep_length(lead.group(1)).rstrip("s") in NATIONALITIES or lead.group(1) in _CIVILITY):
            start += lead.end()  # "le chercheur Américain John Smith", "Mme Claire Dubreuil"
        start, end = _without_titles(text, start, end)
        words = text[start:end].split()
        if not 2 <= len(words) <= 5 or not all(w[:1].isupper() for w in words if len(w) > 3) or not words[0][:1].isupper():
            continue
        if any(w[:1].islower() and fold_keep_length(w).strip("'’") not in _PARTICLES for w in words):
            continue  # "Installee a Sophia": an OCR'd sentence start, not a name
        if any(m.start <= start < m.end or start <= m.start < end for m in mentions):
            continue
        if len(words) >= 3 and fold_keep_length(words[0]).lower() in ("france", "europe", "monde") \
                and fold_keep_length(words[1]).lower() in ("de", "du", "des"):
            continue  # "le président France de Kelvo": a role's country and its company, no person
        if any(fold_keep_length(w) in WEB_FURNITURE for w in words):
            continue  # "Twitter Facebook": a page's share buttons
        if _is_place(text[start:end]):
            continue  # "… ont choisi Sophia Antipolis": a commune or a site NER read as a person
        if fold_keep_length(words[-1]) in KIND_TAIL:
            continue  # "Norrsken VC", "Cocorico Day": a fund or an event that NER read as a person
        if _CREDIT.search(folded[max(0, start - 25):start]) or _STREET.search(text[max(0, start - 60):start]):
            continue  # a credit, or a street, school or prize named after someone
        out.append((start, end))
    return out


def _is_somewhere(folded_name: str) -> bool:
    from sudia.observatoire.lexicon import WORLD_PLACES

    return folded_name.strip() in WORLD_PLACES or _is_place(folded_name.strip().title())


def _is_place(name: str) -> bool:
    from sudia.observatoire.geography import load_geography

    return load_geography().locate(name) is not None


def _without_titles(text: str, start: int, end: int) -> tuple[int, int]:
    """A person's name is what stands after the titles and before any title after it: 'le Sous Préfet
    Jean Dupont' is Jean Dupont, 'Président Directeur Général' alone names nobody (an empty span)."""
    from sudia.observatoire.candidates import TITLE_COMPLEMENTS, is_title

    words = list(re.finditer(r"\S+", text[start:end]))
    first = 0
    while first < len(words):
        word = words[first].group()
        following = words[first + 1].group() if first + 1 < len(words) else ""
        if fold_keep_length(word) in ("le", "la", "l'", "les") or is_title(word) \
                or fold_keep_length(word) in TITLE_PREFIXES and is_title(following) \
                or first and fold_keep_length(word) in TITLE_COMPLEMENTS and is_title(words[first - 1].group()):
            first += 1
            continue
        break
    last = next((i for i in range(first + 1, len(words)) if is_title(words[i].group())), len(words))
    if first >= last:
        return start, start
    return start + words[first].start(), start + words[last - 1].end()


def find_people(text: str, persons: list[tuple[int, int]], mentions: list[Mention], focus: str,
                last_actor: str = "", actor_keys: frozenset[str] = frozenset(),
                last_of_kind: Callable[[str], str] = lambda kind: "") -> list[PersonMention]:
    """People named in one sentence; `persons` are NER spans, `focus` the document's main actor (used
    for a heading 'Directrice : Hélène Garnier'), `last_actor` the actor last spoken of before the
    sentence (a possessive refers to the nearest organisation before the person, else to it),
    `last_of_kind` the actor of a kind last spoken of ("président du fonds régional": the last fund)."""
    folded = fold_keep_length(text)
    found = []
    for start, end in _spans(text, folded, persons, mentions):
        # "X, PDG du groupe, et son directeur technique Y": Y's possessive is X's organisation
        earlier = next((p.organisation for p in reversed(found) if p.organisation), "")
        if name_key(text[start:end]) in actor_keys or fold_keep_length(text[start:end]) in GENERIC_WORDS:
            continue  # "Oliva Analytics" read as a person where the document names the company
        role, organisation = "", ""
        guessed = False
        heading = re.search(rf"(?:^|\n)\s*(?P<role>{_ROLE}[^,;:«»()]{{0,30}}?)\s*:\s*$", folded[max(0, start - 40):start])
        if heading:  # "Directrice : Hélène Garnier" in a press release's contacts
            offset = max(0, start - 40)
            role, organisation = text[offset + heading.start("role"):offset + heading.end("role")], focus
        parenthesis = re.match(r"\s*\(", folded[end:end + 3])
        name_end = end
        if not role and parenthesis:  # "Fabrice Moizan (Gayatech)", "Léa Roux (directrice, Gayatech)"
            close = folded.find(")", end)
            inside = [m for m in mentions if end < m.start and m.end <= close]
            party = re.fullmatch(r"\s*\(\s*([a-z][a-z -]{0,20}?)\s*\)", folded[end:close + 1]) if close > 0 else None
            if party and party.group(1) in PARTIES:
                end = close + 1  # "Jean Leonetti (LR), président de la communauté…": read what follows
            elif inside and folded[inside[-1].end:close].strip() == "":
                organisation = inside[-1].name
        possessed = _OWN_ROLE_BEFORE.search(folded[max(0, start - 60):start])
        if not role and possessed:  # "Son fondateur, X, ancien ingénieur chez Y": the possessive before wins
            offset = max(0, start - 60)
            role = text[offset + possessed.start("role"):offset + possessed.end("role")].strip()
            guessed = not organisation
            organisation = organisation or earlier or _before(mentions, start, last_actor)
        if not role:
            for mention in (m for m in mentions if m.start >= end):
                match = _AFTER.match(folded[end:mention.start])
                if match:
                    role = text[end + match.start("role"):end + match.end("role")].strip()
                    organisation = organisation or mention.name
                    break
                link = re.fullmatch(r"\s*,\s*(?:de\s+la\s+|de\s+l'|du\s+|d'|de\s+|chez\s+)", folded[end:mention.start])
                if link:  # "Carole Ory, d'Enedis"
                    organisation = organisation or mention.name
                    break
                unit = _UNIT_OF.match(folded[end:mention.start])
                if unit:  # "X du service développement économique du Grand Avignon"
                    role, organisation = text[end + unit.start("role"):end + unit.end("role")], organisation or mention.name
                    break
                bare = _ROLE_THEN_NAME.match(folded[end:mention.start])
                if bare:  # "X, vice-président Université Côte d'Azur"
                    role = text[end + bare.start("role"):end + bare.end("role")].strip()
                    organisation = organisation or mention.name
                    break
                speaks_for = _SPEAKS_FOR.fullmatch(folded[end:mention.start])
                if speaks_for:  # "Paul Roux, représentant pour sa part Brisa Lab"
                    role, organisation = text[end + speaks_for.start("role"):end + speaks_for.end("role")], mention.name
                    break
        if not role:
            match = _ROLE_AFTER.match(folded[end:])
            if match:
                role = text[end + match.start("role"):end + match.end("role")].strip()
                comma = text.find(",", end + match.end("role"))
                after_role = comma if 0 <= comma - (end + match.end("role")) <= 30 else end + match.end("role")
                named = [m for m in mentions if m.start >= after_role and re.fullmatch(r"\s*,\s*", text[after_role:m.start])]
                if named:  # "Eneric Lopez, directeur Intelligence Artificielle, Microsoft explique"
                    organisation = organisation or named[0].name
                if _POSSESSIVE.match(folded[end:]):
                    guessed = not organisation
                    organisation = organisation or _before(mentions, start, last_actor)  # "Jean-Luc Chauvin son président"
                seat = _OF_THE_COMPANY_OF_PLACE.match(folded[end:])
                if _OF_THE_COMPANY.match(folded[end:]) or seat and _is_somewhere(seat.group("place")):
                    organisation = organisation or focus  # "X, PDG du groupe toulonnais": the company the text is about
                described = _OF_A_KIND.match(folded[end:])
                if described and not organisation:  # "X, président du fonds régional d'investissement"
                    organisation = last_of_kind(KIND_BEFORE[described.group("kind")])
        before = _ROLE_BEFORE.search(folded[max(0, start - 60):start])
        if not role and before:  # "le sénateur Pierre Laffitte", "Son responsable et fondateur Stéphane Claisse"
            offset = max(0, start - 60)
            role = text[offset + before.start("role"):offset + before.end("role")].strip()
            if re.search(r"(?:^|\s)(?:son|sa|ses|leur|leurs)\s+[^,;.]{0,40}$", folded[max(0, start - 60):offset + before.start("role")] + " "):
                guessed = not organisation
                organisation = organisation or earlier or _before(mentions, start, last_actor)
            owner = re.search(rf"{_ROLE}\s+{_LINK}\s*$", folded[max(0, start - 60):start])
            if owner:
                previous = [m for m in mentions if m.end <= start and start - m.end < 4]
                organisation = organisation or (previous[-1].name if previous else "")
        if not organisation:  # "Y, dont le président X", "le président de Y, X", "Y, fondée par X"
            linked = affiliation(text, start, end, mentions)
            if linked is not None:
                role, organisation = role or linked.role, linked.organisation
        if role and not organisation:  # "… le pôle Aktantis, Gérard Martinez, le directeur innovation"
            previous = [m for m in mentions if m.end <= start and re.fullmatch(r"\s*,\s*", text[m.end:start])]
            organisation = previous[-1].name if previous else ""
        if role and not organisation and _DEFINITE_ROLE.match(folded[end:]):
            # the nearest organisation before the person, else the one spoken of before the sentence
            guessed = True
            organisation = _before(mentions, start, last_actor)
        if role and not organisation and not re.search(rf"{_LINK}\s*$", fold_keep_length(role) + " ") \
                and (_SPEECH.search(folded[max(0, start - 30):start]) or _SPEECH_ROLE.search(folded[max(0, start - 60):start])):
            guessed = True
            organisation = _before(mentions, start, last_actor)  # "ajoute Adèle Lehoux, manager…": the actor of the passage
        if not role and not organisation and found and re.fullmatch(r"\s+et\s+", text[found[-1].end:start]):
            role, organisation = found[-1].role, found[-1].organisation  # "ses cofondateurs X et Y"
        if not organisation or fold_keep_length(organisation).lower() in PARTIES:
            fallback = apposition_organisation(text, folded, start, end, role, mentions, focus)
            if fallback is not None:
                role, organisation = role or fallback[0], fallback[1]
                guessed = guessed or fallback[2]
            elif organisation:
                organisation = ""  # "Laurent Lhardit, adjoint PS": a party is no employer
        if organisation and _STATE_OFFICE.search(fold_keep_length(role).lower()) and " et " not in role:
            organisation = ""  # "X, ministre de l'Industrie": a state office is no organisation (LABELLING.md)
        end = name_end
        found.append(PersonMention(person_name(text[start:end]), _tidy_role(role), organisation, start, end,
                                   guessed and bool(organisation)))
    return found


def _before(mentions: list[Mention], start: int, last_actor: str) -> str:
    """The organisation last named before `start` in the sentence, else the one before the sentence."""
    here = [m for m in mentions if m.end <= start]
    return max(here, key=lambda m: m.end).name if here else last_actor


def _tidy_role(role: str) -> str:
    role = re.sub(r"\s+(?:de|du|des|chez|d'|d’)$", "", role.strip()).strip(" ,.")
    return role if role[1:2].isupper() else role[:1].lower() + role[1:]  # "CEO" stays, "Président" -> "président"


def drop_person_surnames(mentions: list[list[Mention]], docs: list[Any]) -> list[list[Mention]]:
    """A one-word candidate that is the surname of a person named in full elsewhere in the text
    ("Claire Vidal, PDG de Kelvo… Vidal annonce un site de 40 MW") is that person, not a company that
    would then carry the sentence's figures; a kind word next to it ("le groupe Vidal") keeps it."""
    surnames = {fold_keep_length(e.text.split()[-1]) for d in docs for e in d.ents
                if e.label_ == "PER" and len(e.text.split()) >= 2 and not is_all_caps(e.text.split()[-1])}
    return [[m for m in ms if m.kind or m.acronym or " " in m.name.strip() or fold_keep_length(m.name) not in surnames]
            for ms in mentions]


# "X … Le directeur de Kelvo a pris la parole": a definite role of a named organisation, with
# no one named in the sentence, speaks of the person named just before.
_DEFINITE_ROLE_OF = re.compile(rf"(?:^|[\s,(«\"])(?:le|la|l')\s*(?P<role>{_ROLE}(?:\s+(?:general|generale|delegue|deleguee|executif))?)"
                               r"(?:\s+(?:france|europe|monde))?"
                               r"\s+(?:de la|de l'|du|des|de|d')\s*$")


def role_of_named(folded: str, mentions: list[Mention]) -> tuple[str, str] | None:
    """(role, organisation) of a definite role phrase that opens onto an actor in the sentence, else None."""
    for mention in mentions:
        match = _DEFINITE_ROLE_OF.search(folded[max(0, mention.start - 60):mention.start])
        if match:
            return match.group("role"), mention.name
        # the name may have swallowed the country of the role: "Le président [France de Y]"
        country = re.match(r"(?:france|europe|monde)\s+(?:de la|de l'|du|des|de|d')\s*", folded[mention.start:mention.end])
        role = re.search(rf"(?:^|[\s,(«\"])(?:le|la|l')\s*(?P<role>{_ROLE})\s+$", folded[max(0, mention.start - 60):mention.start])
        if country and role:
            return role.group("role"), mention.name
    return None


# --- People9 (#9): the organisation of a person the patterns above leave without one ---------------
# Written from the errors of the seven spent sets (in sample: bench/RESULTS.md §15.1 people9; on the fresh
# held-out 7, 19 -> 24 of 41 people with their organisation, §15). Each step is a structure of the
# apposition around the name, not a page's wording; a state office (minister, prefect,
# member of parliament, President of the Republic) keeps no organisation (LABELLING.md).
_STATE_OFFICE = re.compile(r"\b(?:ministre|secretaire d'etat|prefet|prefete|depute|deputee|senateur|senatrice|"
                           r"president de la republique|chef de l'etat|premier ministre|ambassadeur|recteur|rectrice)\b")
# a body named by a lower-case kind word and its proper part: "l'association du Parc Orméa",
# "la Communauté d'agglomération", "l'Agence de développement économique du Var"
_BODY_HEAD = ("association", "agence", "communaute", "chambre", "federation", "universite", "institut", "ecole",
              "laboratoire", "pole", "reseau", "cluster", "incubateur", "fonds", "fondation", "syndicat", "technopole",
              "metropole", "mairie", "ville", "commune", "departement", "region", "conseil", "centre", "club", "groupe",
              "societe", "start-up", "startup", "entreprise", "cabinet", "campus", "faculte", "direction", "mission")
_FUNCTION = (r"(?:" + _ROLES + r"|chargee?\s+de\s+mission|chargee?\s+d'affaires|conseillere?|membre|elue?|doyen|doyenne"
             r"|administrat(?:eur|rice)|tresoriere?|secretaire|animat(?:eur|rice)|porte-parole|ingenieure?)s?\b")
_LINKED_PHRASE = re.compile(rf"(?P<role>(?:[a-z-]+\s+){{0,2}}{_FUNCTION}(?:\s+[a-z-]+){{0,3}}?)\s*{_LINK}\s*")
# "maire de Grasse", "maire du Cannet": a mayor's organisation is the commune (LABELLING.md)
_MAYOR = re.compile(r"\bmaire\s+(?:de\s+|d'|du\s+)(?P<place>[a-z][\w'-]*(?:\s+[\w'-]+){0,3})")
_LED_BY = re.compile(r"(?:pilote|dirige|fonde|preside|cree|anime|porte|conduit)e?s?\s+par\s*$")
_THIS_BODY = re.compile(r"\b(?:ce|cette|cet)\s+(?:site|entreprise|societe|groupe|structure|start-?up|ecole|usine|lieu|association)\b")
_PHRASE_END = re.compile(r"[,;:()«»\[\]\n]|\.(?!\w)|\set\s(?!de\s|d')|\s(?:qui|a|ont|est|sont|depuis|pour|lors|avec|dans|sur|en"
                         r"|nous|vous|il|elle|ils|elles|on|se|s'|lui|leur|voit|fait|va|vient|doit|peut|dit|veut|reste|devient"
                         r"|prend|met|lance|annonce|estime|explique|souligne|rappelle|parle|insiste|ajoute|precise)[\s,.]"
                         r"|\s(?:de|d'|en|depuis)\s*\d{4}")
# "délégué à l'Enseignement supérieur", "chargée du numérique": a portfolio, not a body
_PORTFOLIO = re.compile(r"(?:delegue|deleguee|charge|chargee|adjoint|adjointe)(?:\s+[a-z-]+)?\s*(?:a\s+la\s+|a\s+l'|au\s+|aux\s+|de\s+la\s+|de\s+l'|du\s+|des\s+|d')$")


def _phrase(text: str, folded: str, at: int) -> str:
    """The name of a body written at `at` after a role and its link ("de datazurio", "de 12.345",
    "de l'association du Parc Orméa"), cut at the end of the apposition; "" when it is no body's name."""
    stop = _PHRASE_END.search(folded, at)
    raw = text[at:stop.start() if stop else min(len(text), at + 80)].strip(" \"'’")
    raw = re.sub(r"\s+(?:NDLR|N\.D\.L\.R\.?)$", "", raw)  # "[le fondateur de Kelvo Systems NDLR]"
    words = raw.split()
    if not words or len(words) > 7:
        return ""
    head = fold_keep_length(words[0]).lower()
    if head in _BODY_HEAD and len(words) >= 2:
        # "association du Parc Orméa", "Communauté d'agglomération"; not "la mairie de la ville"
        return raw if any(w[:1].isupper() for w in words) else ""
    if words[0][:1].isupper() or words[0][:1].isdigit():
        return raw if not all(is_common_or_place(w) for w in words) else ""
    if len(words) == 1 and len(words[0]) > 3 and not is_common_or_place(words[0]):
        return raw  # a brand written in lower case: "datazurio"
    return ""


def is_common_or_place(word: str) -> bool:
    from sudia.observatoire.wordlist import is_common_word

    folded = fold_keep_length(word).lower().strip("'’")
    return folded in _PARTICLES or is_common_word(folded) or _is_somewhere(folded)


TRACE: list[tuple[str, str, str]] | None = None  # (person, step, organisation), for bench/observatoire_people_steps.py


def apposition_organisation(text: str, folded: str, start: int, end: int, role: str, mentions: list[Mention],
                            focus: str) -> tuple[str, str, bool] | None:
    found = _apposition_organisation(text, folded, start, end, role, mentions, focus)
    if TRACE is not None and found is not None:
        TRACE.append((text[start:end], found[3], found[1]))
    return found[:3] if found is not None else None


def _apposition_organisation(text: str, folded: str, start: int, end: int, role: str, mentions: list[Mention],
                             focus: str) -> tuple[str, str, bool, str] | None:
    """(role, organisation, guessed) for a person with none, or None. In order: a bracket after the name
    ("X [le fondateur de Y]"), a mayor's commune, a role of a named body before the name ("Président de
    Y, conseiller régional, X"), a role of a body the mentions missed after it ("X, président fondateur
    de datazurio"), "pilotée par X" (the body of the clause), a role of "ce site" or a bare role of the
    company the text is about."""
    near = folded[end:end + 160]
    bracket = re.match(r"\s*\[([^\]]{3,120})\]", near)
    if bracket:
        inner_start = end + bracket.start(1)
        inner = folded[inner_start:end + bracket.end(1)]
        linked = _LINKED_PHRASE.search(inner)
        if linked:
            at = inner_start + linked.end()
            named = [m for m in mentions if m.start == at or 0 <= m.start - at <= 2]
            name = named[0].name if named else _phrase(text, folded, at)
            if name:
                return text[inner_start + linked.start("role"):inner_start + linked.end("role")].strip(), name, False, "bracket"
    after = folded[end:end + 120]
    apposed = re.match(r"\s*[,–—-]\s*(?:(?:le|la|l'|son|sa)\s*)?[^,;.]{0,80}", after)
    office = fold_keep_length(role).lower() + " " + (apposed.group(0) if apposed else "")
    state = bool(_STATE_OFFICE.search(office))
    mayor = _MAYOR.search(office)
    if mayor:
        words = mayor.group("place").split()
        place = next((" ".join(words[:n]) for n in range(min(4, len(words)), 0, -1) if _is_somewhere(" ".join(words[:n]))), "")
        if place:
            at = folded.find(place, end) if place not in fold_keep_length(role).lower() else -1
            return "maire", (text[at:at + len(place)] if at >= 0 else place.title()), False, "mayor"
    # "Présidente de Kelvo Factory, conseillère régionale, Inès Marcadet"
    for mention in sorted((m for m in mentions if m.end <= start and start - m.end <= 120), key=lambda m: -m.end):
        gap = folded[mention.end:start]
        if not re.fullmatch(r"\s*»?\s*,(?:[^,.;:()]{1,45},){0,2}\s*", gap):
            continue
        lead = folded[max(0, mention.start - 90):mention.start]
        owner = re.search(rf"{_ROLE}[^,.;:()]{{0,45}}?{_LINK}\s*{_KIND_BEFORE_NAME}[«\"]?\s*$", lead)
        if owner and not _STATE_OFFICE.search(owner.group(0)):
            return owner.group(0).split(" de")[0].strip(), mention.name, False, "role-of-body-before"
        break
    # "X, président fondateur de datazurio", "X, président de 12.345", "X, chargé de mission à l'Agence…"
    if apposed and not _THIS_BODY.search(apposed.group(0)):
        segment_end = end + apposed.end()
        linked_all = [l for l in _LINKED_PHRASE.finditer(folded, end, segment_end)
                      if not _PORTFOLIO.search(l.group(0)) and not _STATE_OFFICE.search(l.group(0))]
        for linked in linked_all:  # "professeur de …, et directeur de l'institut 3IA Côte d'Azur": a named body first
            at = linked.end()
            stop = _PHRASE_END.search(folded, at)
            inside = [m for m in mentions if at <= m.start < (stop.start() if stop else segment_end)]
            if inside and re.fullmatch(rf"\s*{_KIND_BEFORE_NAME}|\s*[a-z]+\s+", folded[at:inside[0].start] or " "):
                return text[linked.start("role"):linked.end("role")].strip(), inside[0].name, False, "role-of-named-body-after"
        for linked in linked_all:
            at = linked.end()
            if any(m.start <= at < m.end or 0 <= m.start - at <= 2 for m in mentions):
                continue  # a body the mentions hold is the patterns' to read
            name = _phrase(text, folded, at)
            if name:
                return text[linked.start("role"):linked.end("role")].strip(), name, False, "role-of-unnamed-body-after"
    # "représentant le département": the body a person speaks for, named by its kind
    speaks = re.match(r"\s*,?\s*(?:qui\s+)?represent(?:e|ant)\s+(?:la\s+|le\s+|l')(?P<body>departement|region|metropole|ville|"
                      r"commune|mairie|agglomeration|communaute)\b", after)
    if speaks:
        return "représentant", text[end + speaks.start("body"):end + speaks.end("body")], False, "speaks-for"
    # "X de l'université de Y": a body right after the name
    of_body = re.match(r"\s+(?:de la|de l'|du|de)\s*(?=(?:" + "|".join(_BODY_HEAD) + r")\s)", after)
    if of_body:
        name = _phrase(text, folded, end + of_body.end())
        if name:
            return "", name, False, "body-after-name"
    if state:
        return None
    if not role and _LED_BY.search(folded[max(0, start - 30):start]):
        here = [m for m in mentions if m.end <= start]
        return "", (max(here, key=lambda m: m.end).name if here else focus), True, "led-by"
    if focus and (apposed and _THIS_BODY.search(apposed.group(0))):
        return "", focus, True, "this-body"  # "X, l'ex-directeur de ce site"
    # "le nouveau président X", "X, vice-président ventes mobiles": a bare
    # role, of no body named, is held in the body the text is about (not an elected office)
    if BARE_ROLE_FOCUS and focus and role and not _ELECTED.search(fold_keep_length(role).lower()) \
            and not re.search(rf"(?:^|\s){_LINK}", fold_keep_length(role).lower() + " "):  # "directrice du Centre" is not bare
        return "", focus, True, "bare-role"
    return None


BARE_ROLE_FOCUS = True
_ELECTED = re.compile(r"\b(?:maire|adjointe?|conseillere?|elue?|senat|depute|president de la (?:region|republique)|"
                      r"president du departement|vice-president(?:e)? de la region)")
