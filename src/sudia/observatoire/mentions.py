"""Decides which candidate spans of a sentence name organisations, with the evidence and kind found
around them. Candidates come from `candidates`; the spaCy parse of the sentence tells persons
(NER), organisations (NER) and common nouns (part of speech) apart.

The filter rejects places (regional geography and `WORLD_PLACES`), nationalities, people, generic
nouns, programmes and credits. A kept name needs evidence: a kind word around it, a verb it is the
subject of, an enumeration after a cue, an institutional head, a brand-shaped spelling, NER's ORG
label, an acronym, or a name already known to the knowledge base (`known`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from sudia.observatoire.candidates import Candidate, _spelt, find_candidates, initials, is_title
from sudia.observatoire.lexicon import (
    GENERIC_WORDS, KIND_APPOSITION, WEB_FURNITURE, KIND_BEFORE, KIND_HEAD, KIND_TAIL, LIST_KINDS, MEDIA, NATIONALITIES, NOT_ACTOR_HEAD,
    ROLE_WORDS, TOOLS, WORLD_PLACES,
)
from sudia.observatoire.names import display_name, name_key
from sudia.observatoire.repair import fold_keep_length
from sudia.observatoire.commonwords import article_common, is_sector_word, site_subject, topic_lists
from sudia.observatoire.wordlist import is_demonym, is_plural_common

_ACRONYM_AFTER = re.compile(r"^\s*\(([A-ZÀ-Ö][A-Za-z0-9À-Ö&-]{1,9})\)")
_COUNTRY_AFTER = re.compile(r"^\s*\((?:[A-ZÉ][\w-]+(?:[ -][\w-]+)?)\)\s*(?:,|a |annonce|investit|prevoit|est )")
_VERBS = ("leve", "a leve", "existe", "annonce", "a annonce", "inaugure", "a inaugure", "emploie", "compte", "developpe",
          "concoit", "investit", "boucle", "a boucle", "a realise", "prevoit", "recrute", "accueille", "lance",
          "ouvre", "a ouvert", "ouvrira", "propose", "commercialise", "rassemble", "dispose", "vise", "affiche",
          "a presente", "a signe", "y a investi", "a investi", "mise", "a mise", "a ete", "est installe",
          "est basee", "est base", "est accompagne", "est soutenu", "collabore", "travaille", "a demontre",
          "s'appuie", "s'appuiera", "atteint", "atteindra", "offrira", "accompagne", "a accompagne", "cree",
          "a cree", "entraine", "deploie", "a deploye", "a recu", "obtient", "a obtenu", "signe", "s'installe",
          "rejoint", "rejoindront", "a choisi", "choisit", "etendra", "possede", "detient", "construit", "opere",
          "confirme", "a confirme", "projette", "ambitionne", "a fait", "fait", "a rachete", "rachete",
          "s'associe", "s'adresse", "occupera", "organise", "a organise", "fete", "prend", "entre", "a remporte",
          "remporte", "se lance", "se positionne", "veut", "souhaite", "regroupe", "federe", "joue", "a absorbe",
          "precise", "est en train", "ambitionne", "met en relation", "a pris", "s'est affranchi", "va",
          "a vu", "voit", "revient", "se tient", "se tiendra", "aura lieu", "a lieu", "s'inscrit", "reunit",
          "a reuni", "rassemblera", "abrite", "accueillera", "pilotera", "assure", "occupe", "supervise",
          "est portee", "est porte", "nous", "devrait", "pourrait", "a", "ont", "est", "sont", "sera", "seront")
_NOT_BEFORE = re.compile(r"(?:programme|plan|appel a projets|dispositif|label|quartier du|quartier de|quartier|rue|"
                         r"avenue|boulevard|place|vallee de la|vallee du|massif|parc naturel|projet|concours|"
                         r"rapport|loi|reglement|emission|magazine|journal|quotidien|hebdomadaire|chaine|"
                         r"©|credits?\s*:?|photo\s*:?|source\s*:?|lire sur|signe|redige le .*par)\s*[«\"]?\s*$"
                         r"|(?:magazine|journal|emission|rubrique|dossier|numero|livre|ouvrage|film|serie)\s*«\s*[^«»]{0,30}$")
_ROLE_OF = re.compile(r"(?:" + "|".join(sorted(ROLE_WORDS, key=len, reverse=True)) + r")\b[^,;:«»]{0,40}?"
                      r"\s(?:de|du|des|chez|d')(?:\s+la|\s+l'|\s+le)?\s*"
                      # "directeur général de la plateforme Plug & Play", "dirigeant de la jeune pousse X"
                      r"(?:(?:plateforme|societe|start-?up|jeune pousse|entreprise|groupe|association|agence|firme)"
                      r"(?:\s+[a-z-]+)?\s+)?$")
_PARTNER_OF = re.compile(r"(?:partenariat (?:avec|entre)|aux cotes (?:de|du|des)|avec le soutien (?:de|du|des)|"
                         r"soutenue? par|portee? par|organisee?s? par|financee? par|accompagnee?s? par|"
                         r"labellisee? par|creee? par|cofinancee? par|"
                         # the active forms: "la Région soutient X", "travaille avec X", "s'associe à X"
                         r"(?:soutien|soutient|soutiennent|accompagne|accompagnent|finance|financent|subventionne|"
                         r"heberge|hebergent|incube|incubent)|"
                         r"(?:travaille|travaillent|collabore|collaborent|s'associe|s'associent|s'allie|s'allient|"
                         r"noue un partenariat|a noue un partenariat|signe un partenariat|a signe un partenariat)\s+(?:avec|a))"
                         r"\s*(?:la |le |les |l')?$")
_INVESTOR_OF = re.compile(r"aupres\s+(?:de|du|des)(?:\s+la|\s+l')?\s*$")
# "un tour de table mené par X", "orchestré par X", "avec la participation de X": whoever leads or joins
# a round is an investor when the sentence speaks of funding.
_LED_BY = re.compile(r"(?:(?:orchestre|mene|pilote|conduit|emmene|codirige|dirige)e?s?\s+(?:notamment\s+)?par|"
                     r"(?:avec|grace a)\s+(?:la participation|le concours|l'appui|l'entree)\s+(?:de|du|des))"
                     r"(?:\s+la|\s+le|\s+les|\s+l')?\s*$")
# What only an organisation has: "les ingénieurs de X", "le siège de X", "les Suédois d'X" (press idiom
# for a foreign company).
_OWNED_BY = re.compile(r"(?:^|\s)chez\s*$|(?:^|\s)(?:dirige|dirigent|preside|president|a la tete d[eu']|a la tete de la|"
                       r"a la tete de l')\s*$|(?:^|\s)(?:a|ont|avait|avaient)\s+(?:co-?)?(?:fonde|cree|rachete)\s*$|(?:^|\s)(?:les\s+|le\s+|la\s+|l'|ses\s+|des\s+)(?:ingenieurs|salaries|equipes|collaborateurs|"
                       r"employes|chercheurs|clients|locaux|siege|fondateurs|dirigeants|actionnaires|bureaux|usine|"
                       r"filiale|maison mere|capital|effectifs?|data ?centers?|datacenters?|centres? de donnees)\s+(?:de|du|d')\s*$")
_NATIONALS_OF = re.compile(r"(?:^|\s)les\s+(?:" + "|".join(sorted((n + "s" for n in NATIONALITIES if not n.endswith("s")),
                                                                   key=len, reverse=True))
                           + r"|suedois|chinois|japonais|neerlandais|francais|anglais)\s+(?:de|du|d')\s*$")
# The beneficiary of an amount: "11 M€ en avril pour X", "2 millions d'euros pour X".
_AMOUNT_FOR = re.compile(r"\d\s*(?:m€|k€|md€|mds?\s*€|€|(?:millions?|milliards?|m)\s+d'euros|millions?|milliards?)"
                         r"(?:\s+(?:de nouveau|en \w+|supplementaires?|d'euros))*\s+pour\s*$")
# Said only of an organisation: it has a president, it was founded or is run by someone.
_ORGANISATION_AFTER = re.compile(r"^\s*[»\"]?\s*,?\s*(?:(?:dont|avec)\s+(?:le|la|l'|son|sa)\s*(?:[a-z-]+\s+){0,2}(?:"
                                 + "|".join(sorted(ROLE_WORDS, key=len, reverse=True)) + r")\b|(?:qui\s+)?"
                                 r"(?:est\s+|a\s+ete\s+)?(?:co-?)?(?:fondee?|creee?|dirigee?|presidee?)\s+"
                                 r"(?:(?:en|depuis)\s+\d{4}\s+)?par\b)")
_FUNDING = re.compile(r"\b(?:leve|levee|lever|levees|tour de table|financement|serie [a-d]|round|amorcage|seed|"
                      r"investisseurs?|capital)\b")
_BAPTISED = re.compile(r"(?:baptisee?s?|nommee?s?|appelee?s?|denommee?s?|intitulee?s?|rebaptisee?s?)\s*[«\"]?\s*$")
_VENUE_BEFORE = re.compile(r"(?:se tient|se tiendra|a lieu|aura lieu|se deroule|s'est tenue?|organisee?s?|revient)"
                           r"\b[^.;]{0,60}\s(?:au|a la|a l'|dans les murs de l'|dans les murs du)\s*$")
_CEST = re.compile(r"^\s*,?\s*c'est\s+(?:donc\s+|aussi\s+|d'abord\s+)?(?:une?|la|le|l')\s*([a-z -]+)")
# Civility titles (folded): what follows is a person ("M. Lefort", "Mme Vidal"), however NER read it.
_CIVILITY_BEFORE = re.compile(r"(?:^|[\s(«\"])(?:m\.|mme|mlle|monsieur|madame|mademoiselle|dr\.?)\s+$")
_PERSON_AFTER_ROLE = re.compile(r"(?:" + "|".join(sorted(ROLE_WORDS, key=len, reverse=True)) + r")\s*$")
_STAFF_AFTER = re.compile(r"^\s*\(\s*(?:environ\s+|pres de\s+|plus de\s+)?\d[\d\s.]*\s*(?:salaries|personnes|collaborateurs|employes|emplois|agents)")
_BRAND = re.compile(r"[a-z][A-Z]|[A-Za-z]\d|\d[A-Za-z]|\w\.\w")
_STARTERS = {"pour", "selon", "cette", "ce", "ces", "son", "sa", "ses", "nos", "nous", "en", "dans", "plusieurs",
             "un", "une", "des", "du", "de", "depuis", "avec", "chaque", "apres", "avant", "porte", "porte par",
             "fonde", "fondee", "cree", "creee", "installee", "installe", "basee", "base", "chez", "a", "au", "aux",
             "le", "la", "les", "l'", "entre", "parmi", "sur", "sous", "lors", "face", "vers", "ici", "aujourd'hui",
             "situe", "situee", "ne", "nee", "quant", "outre", "concretement", "parallelement", "historiquement",
             "notamment", "enfin", "ainsi", "mais", "et", "or", "comme", "si", "meme", "seule"}
_PLAIN_POS = {"NOUN", "ADJ", "ADV", "DET", "ADP", "PRON", "CCONJ", "SCONJ"}
_COMMON_POS = {"NOUN", "ADJ", "VERB", "ADV", "DET", "ADP", "PRON", "AUX", "CCONJ", "SCONJ", "NUM", "INTJ"}
_MONTHS = re.compile(r"\b(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|"
                     r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b")


@dataclass(frozen=True)
class Mention:
    """A candidate actor name at [start, end) of a sentence, with the evidence found around it."""

    name: str
    key: str
    start: int
    end: int
    kind: str = ""  # kind told by a keyword next to the name, "" when none
    evidence: bool = False
    acronym: str = ""
    strong: bool = False  # evidence that holds even in a title line (a kind word, an acronym, a list cue)


def _kind_before(pre: str) -> str:
    pre = pre.rstrip(" «\"")
    for keyword in sorted(KIND_BEFORE, key=len, reverse=True):
        # "la start-up toulonnaise Sémaphore": one adjective may stand between keyword and name.
        if re.search(rf"(?:^|[\s']){re.escape(keyword)}(?:\s+[a-z'-]+)?$", pre):
            if re.search(rf"(?:^|[\s']){re.escape(keyword)}\s+(?:de|du|des|d|a|et|en|qui|est|a|pour|par|sur)$", pre):
                continue
            return KIND_BEFORE[keyword]
    # "l'école marseillaise de La Plateforme": a school or lab named after "de"
    named = re.search(r"(?:^|[\s'])(ecole|institut|laboratoire|universite)(?:\s+[a-z-]+)?\s+(?:de|d')\s*$", pre)
    return KIND_BEFORE[named.group(1)] if named else ""


def kind_from_name(name: str) -> str:
    folded = fold_keep_length(name)
    grand = re.fullmatch(r"grand\s+(.+)", folded)
    if grand:  # "Grand Avignon": French intercommunalities are named "Grand" and their main commune
        from sudia.observatoire.geography import load_geography

        location = load_geography().locate(name[len(name) - len(grand.group(1)):])
        if location is not None and location.kind == "commune":
            return "public_body"
    for head in sorted(KIND_HEAD, key=len, reverse=True):
        if folded == head or folded.startswith(head + " ") or folded.startswith(head + "-"):
            return KIND_HEAD[head]
    for tail in sorted(KIND_TAIL, key=len, reverse=True):
        if folded.endswith(" " + tail):
            return KIND_TAIL[tail]
    return ""


def _list_kind(folded: str, start: int) -> str:
    window = folded[max(0, start - 60):start]
    best = ""
    for noun, kind in LIST_KINDS.items():
        position = window.rfind(noun)
        if position >= 0 and (not best or position > window.rfind(best)):
            best = noun
    return LIST_KINDS.get(best, "")


# (nouns said of a person as well as of a company: "Mattias Aström, un spécialiste des données")
_PERSON_APPOSITIONS = ("investisseur", "associe", "fondateur", "fondatrice", "cofondateur", "directeur", "directrice",
                       "specialiste", "expert", "pionnier", "pionniere", "entrepreneur", "entrepreneuse", "serial",
                       "ancien", "ancienne")


def _apposition_kind(post: str, person: bool = False) -> str:
    """'Marcus Spurway, une pépite basée à…', 'Riality », un laboratoire', 'Gaaap, c'est donc un incubateur'."""
    post = re.sub(r"^\s*[»\"]", "", post)
    # "TLN 3, le 3e centre de données de…": an ordinal may stand before the kind word
    apposition = re.match(r"^\s*[,:(]\s*(?:une?\s+|la\s+|le\s+|l')?(?:\d+(?:e|eme|er|ere)\s+)?([a-z' -]+)", post) \
        or _CEST.match(post)
    if apposition:
        for keyword, value in sorted(KIND_APPOSITION.items(), key=lambda kv: -len(kv[0])):
            if apposition.group(1).startswith(keyword):
                return "" if person and apposition.group(1).startswith(_PERSON_APPOSITIONS) else value
    return ""


def _unknown_entity(doc: Any, start: int, end: int) -> bool:
    """One capitalised word, unknown to the model's vocabulary, inside a (non-person) entity: a brand
    ('Mycophyto', 'Clearsy'), which the model cannot have learnt as a common word."""
    if doc is None or start == 0:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) != 1 or not span[0].is_oov or not span[0].text[:1].isupper():
        return False
    return any(e.label_ != "PER" and e.start_char <= start and end <= e.end_char for e in doc.ents)


def is_foreign_place(name: str) -> bool:
    folded = fold_keep_length(name).strip()
    return folded in WORLD_PLACES or folded.replace("’", "'") in WORLD_PLACES


def _brand_entity(doc: Any, start: int, end: int, raw: str) -> bool:
    """'Accenture ouvrira…': the tagger may read a brand as a common noun; an organisation or misc entity
    of the model covering words none of which is a French common word (lexicon) is a name all the same."""
    from sudia.observatoire.wordlist import is_common_word

    if doc is None or not raw[:1].isupper():
        return False
    covered = any(e.label_ in ("ORG", "MISC") and e.start_char <= start and end <= e.end_char for e in doc.ents)
    words = [w for w in re.split(r"[\s'’-]+", raw) if w and w[:1].isalpha()]
    return covered and bool(words) and not any(is_common_word(w.lower()) for w in words)


def _pos_common(doc: Any, start: int, end: int) -> bool:
    """True when spaCy reads every word of the span as a common word (not a proper noun)."""
    if doc is None:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and len(span) > 0 and all(t.pos_ in _COMMON_POS for t in span)


def _person_inside(doc: Any, start: int, end: int) -> int:
    """Where a person entity of two words or more starts strictly inside [start, end), else 0."""
    if doc is None:
        return 0
    inside = [e.start_char for e in doc.ents if e.label_ == "PER" and start < e.start_char < end
              and e.end_char <= end + 1 and " " in e.text.strip() and doc.text[e.start_char - 1] == " "]
    return min(inside) - 1 if inside else 0


def _after_person(doc: Any, pre_text: str) -> bool:
    """'Paul Martin (Kelvo)': a name in parentheses right after a person is where the person works."""
    if doc is None or not pre_text.rstrip().endswith("("):
        return False
    at = len(pre_text.rstrip()) - 1
    return any(e.label_ == "PER" and doc.text[e.end_char:at].strip() == "" for e in doc.ents if e.end_char <= at)


def _known_common(doc: Any, start: int, end: int) -> bool:
    """Common words the model knows ("Ensemble", "Développeurs"); a brand it never saw ("Qwant") is not one."""
    span = doc.char_span(start, end, alignment_mode="expand") if doc is not None else None
    # a capitalised "verb" is the tagger guessing at a name it half knows ("Qwant"): only nouns and the like count
    return span is not None and len(span) > 0 and all(t.pos_ in _PLAIN_POS and not t.is_oov for t in span)


def _ner(doc: Any, start: int, end: int) -> tuple[bool, bool]:
    """(an ORG entity covers the span, a person entity of two words or more overlaps it)."""
    if doc is None:
        return False, False
    org = any(e.label_ == "ORG" and e.start_char <= start and end <= e.end_char + 1 for e in doc.ents)
    person = any(e.label_ == "PER" and " " in e.text.strip() and e.start_char < end and start < e.end_char
                 and not (e.start_char > start and e.end_char <= end and len(e.text) < (end - start) / 2)
                 for e in doc.ents)
    return org, person


def find_mentions(text: str, doc: Any, is_place: Callable[[str], bool],
                  known: Collection[str] = ()) -> list[Mention]:
    """Candidate organisations in one repaired sentence; `doc` is its spaCy parse (or None)."""
    folded = fold_keep_length(text)
    mentions: list[Mention] = []
    for candidate in topic_lists(text, find_candidates(text), doc):
        start, end = candidate.start, candidate.end
        raw = text[start:end]
        if not text[:start].strip(" «\"'(—–-#*•·"):  # sentence-initial capital: "Pour Antoine", "Cette levée"
            words = raw.split(" ")
            if fold_keep_length(words[0]) in _STARTERS and not kind_from_name(raw):
                if len(words) == 1:
                    continue
                start += len(words[0]) + 1
                while words[1:] and words[1][:1].islower():  # "Et pour rIAllity"
                    words = words[1:]
                    start += len(words[0]) + 1
        person = _person_inside(doc, start, end)
        if person:  # "le directeur de Kelvo Paul Martin": the name stops where the person starts
            end = person
        for part_start, part_end in _split_on_and(text, start, end, candidate):
            checked = _check(text, folded, part_start, part_end, candidate, doc, is_place, known)
            if checked is not None:
                mentions.append(checked)
    return mentions


def _split_on_and(text: str, start: int, end: int, candidate: Candidate) -> list[tuple[int, int]]:
    """'Calanques Ventures et Provence Angels' are two names; 'Laboratoire d'Informatique et Systèmes' one."""
    raw = text[start:end]
    if not re.search(r"\s(?:et|ET)\s", raw):
        return [(start, end)]
    right = re.split(r"\s(?:et|ET)\s", raw)[-1]
    # "Laboratoire d'Informatique et Systèmes" is one name; "Sophia IA Summit et AI Riviera Summit" two.
    headed = candidate.institution or kind_from_name(raw) in ("lab", "school", "public_body", "event", "venue")
    left = re.split(r"\s(?:et|ET)\s", raw)[0]
    # "la Région et risingSUD": a head alone before "et", or a brand after it, makes two names
    whole = " " in left or fold_keep_length(left) not in _ANAPHORIC_HEADS
    if headed and whole and not _BRAND.search(right) and not (" " in right and right[:1].isupper()):
        return [(start, end)]
    parts, cursor = [], start
    for match in re.finditer(r"\s(?:et|ET)\s", raw):
        parts.append((cursor, start + match.start()))
        cursor = start + match.end()
    parts.append((cursor, end))
    return parts


_GENERIC_KEYS = {name_key(w) for w in GENERIC_WORDS}
# Kind words that alone still name one body of this region ("la Région" is the Région Sud).
_ANAPHORIC_HEADS = {"region", "departement", "metropole"}


def _rejected(raw: str, folded_name: str, pre: str, is_place: Callable[[str], bool], institution: bool,
              listed_org: bool = False) -> bool:
    if sum(c.isalpha() for c in raw) < 2 or not name_key(raw) or raw.isdigit():
        return True
    if folded_name in MEDIA or folded_name in TOOLS or folded_name.replace("-", " ") in MEDIA:
        return True
    if any(w in WEB_FURNITURE for w in re.split(r"[\s-]+", folded_name)):
        return True  # "Logo SophiaNet", "FacebookShare": a page's buttons and logos
    if re.search(r"(?:^|[\s-])(?:quels?|quelles?|comment|pourquoi|combien|qui|que|quoi|ou)$", folded_name):
        return True  # "Alpes du Sud - Quels sont les leviers…": a heading cut before its question
    if " " not in folded_name and re.search(r"(?:politain|itain)(?:e|es|s)?$", folded_name):
        return True  # "Sophipolitain", "Métropolitains": a demonym the lexicon does not list
    if folded_name in GENERIC_WORDS or name_key(raw) in _GENERIC_KEYS or folded_name in NATIONALITIES \
            or folded_name.split(" ")[0] in NOT_ACTOR_HEAD:
        return True
    if folded_name in KIND_HEAD and folded_name not in _ANAPHORIC_HEADS and not raw.isupper():
        return True  # "Palais", "Sommet", "Chambre" alone: a kind word, the rest of the name is cut off
    if " " not in raw and not raw.isupper() and (is_demonym(raw) or is_plural_common(raw) or is_sector_word(raw)
                                                 or is_title(raw)):
        return True  # "Suisses", "Marseillais", "Acteurs": inhabitants or a plural common noun (wordlist.py)
    complement = re.sub(r"^\S+\s+(?:de la |de l'|de |du |des |d')?", "", folded_name)
    if institution and raw[:1].islower() and complement in GENERIC_WORDS and complement not in WORLD_PLACES:
        return True  # "une école de l'IA": a head and a generic word name nothing
    if _MONTHS.search(folded_name) and (re.search(r"\d", folded_name) or _MONTHS.match(folded_name)):
        return True  # "12 mars", "Mardi 4"; not "Belle de Mai" (a district, an incubator)
    if re.fullmatch(r"[\d\s.,-]+\w{0,3}", folded_name) or re.match(r"\d{1,2}h\d{2}\b", folded_name):
        return True
    if not institution and not listed_org and (is_place(raw) or is_foreign_place(raw)):
        return True
    return bool(_NOT_BEFORE.search(pre))


def _described(doc: Any, raw: str, start: int, end: int) -> bool:
    """A common noun with its adjective ("Enseignement supérieur", "Économie numérique"): after a role
    word it is a portfolio or a department ("ministre de l'…", "directeur de la Communication"), not a body."""
    if not _pos_common(doc, start, end):
        return False
    if " " in raw and raw.split(" ")[-1][:1].islower():
        return True
    following = doc.char_span(start, end, alignment_mode="expand")
    after = doc[following.end] if following is not None and following.end < len(doc) else None
    return after is not None and after.pos_ == "ADJ" and after.text[:1].islower()


def _spelt_before(before: str, raw: str) -> str:
    """The name whose acronym `raw` spells out, right before the parenthesis it opens: 'TVT Innovation'
    in '…, la Marine nationale, TVT Innovation (Toulon Var Technologies'. The nearest word that is
    the acronym wins, not the first capitalised word of the window ('Marine')."""
    head = before.rstrip()
    if not head.endswith("("):
        return ""
    head = head[:-1].rstrip()
    words = list(re.finditer(r"\S+", head))[-4:]
    for word in reversed(words):
        token = word.group().strip(",;:")
        if re.fullmatch(r"[A-Z0-9][A-Za-z0-9&-]{1,9}", token) and initials(raw) == _spelt(token):
            return head[word.start():].strip(" ,;:")
    return ""


def _check(text, folded, start, end, candidate: Candidate, doc, is_place, known) -> Mention | None:
    raw = text[start:end].strip(" .,-")
    start = start + text[start:end].find(raw)
    end = start + len(raw)
    trailing = re.search(r"\s(?:en|EN|sur)\s+\S+$", raw)
    if trailing and not kind_from_name(raw) and (fold_keep_length(raw.split()[-1]) in GENERIC_WORDS
                                                 or is_place(raw.split()[-1])):
        raw = raw[:trailing.start()]
        end = start + len(raw)
    folded_name = fold_keep_length(raw)
    pre, post = folded[max(0, start - 60):start], folded[end:end + 60]
    org, person = _ner(doc, start, end)
    # "grands groupes (Arm, Orange, Thales)": a commune's name can be a company's in such a list
    listed_org = org and candidate.cued and _list_kind(folded, start) in ("company", "startup")
    site = site_subject(text, folded, start, end, raw)
    if site:
        return Mention(site, name_key(site), start, end, "venue", True, "", True)
    if _rejected(raw, folded_name, pre, is_place, candidate.institution, listed_org):
        return None
    if re.match(r"\s*(?:\.\.\.|…|\(\.\.\.\)|\(…\))", text[end:]) and not candidate.listed:
        return None  # "un centre de calcul Ondalys...": a name cut off by a breadcrumb or a teaser (a list's "..." is "etc.")
    # "Blockchain : la start-up Kelvo", "Selon le Préfet, la start-up Kelvo": a kind word followed by a
    # name is that name's head, no apposition to the name before it
    headed = re.match(r"\s*[,:]\s*(?:une?\s+|la\s+|le\s+|l['’])?[\w-]+(?:\s+[a-zà-ÿ-]+)?\s+([A-ZÀ-ÖØ-Þ][\w’'-]*)", text[end:end + 80])
    if headed and fold_keep_length(headed.group(1)) not in GENERIC_WORDS:  # not "X, l'accélérateur IA créé par…"
        post = ""
    kind = _kind_before(pre) or kind_from_name(raw) or _apposition_kind(post, person)
    if not kind and pre.rstrip().endswith("("):
        kind = _kind_before(pre.rstrip()[:-1])  # "son cinquième data center (MRS5)"
    baptised = _BAPTISED.search(pre)
    if not kind and baptised:
        kind = _kind_before(pre[:baptised.start()].rstrip(" ,"))  # "Le prochain data center, baptisé MRS5"
    if not kind and _ORGANISATION_AFTER.match(post):
        kind = "company"  # "Kelvo, dont le président…", "Kelvo, fondée par…": no person has a president
    if doc is not None and len(raw.split()) >= 4:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and any(t.pos_ in ("VERB", "AUX") and t.text[:1].islower() for t in span):
            return None  # "Universités et musées se mettent aux couleurs de…": a caption, not a name
    if person and not candidate.institution and not kind:
        return None  # a person's name, even followed by "a annoncé"
    if _CIVILITY_BEFORE.search(pre) and not kind:
        return None  # "M. Lefort, président de…": a title names a person, never a company
    if _PERSON_AFTER_ROLE.search(pre) and re.fullmatch(r"[A-ZÉ][a-zé-]+(?: [A-ZÉ][\w-]+){1,2}", raw) and not kind:
        return None  # "son Directeur technique Lex Coors": a person named after a role
    strong = bool(kind) or candidate.institution
    # a list vouches for its names, but not for a common word chained to it ("Ensemble, A et B",
    # "directeur Intelligence artificielle et Développeurs, Microsoft"), unless a cue opens the list
    if candidate.cued or candidate.listed >= 3 and not _known_common(doc, start, end):
        kind, strong = kind or _list_kind(folded, start), True
    acronym = ""
    match = _ACRONYM_AFTER.match(text[end:])
    if match and not is_foreign_place(match.group(1)):
        acronym, strong = match.group(1), True
    spelt = _spelt_before(text[:start], raw) if candidate.institution else ""
    if spelt:
        acronym, strong = spelt, True  # "la DGA (Direction générale…)", "TVT Innovation (Toulon Var…"
    if _COUNTRY_AFTER.match(text[end:]) or _STAFF_AFTER.match(folded[end:]) or _OWNED_BY.search(pre) \
            or _NATIONALS_OF.search(pre):
        kind, strong = kind or "company", True
    if _apposition_kind(post):
        strong = True
    # what opens an enumeration is said of each name in it: "mené par A, B et C"
    head_pre = folded[max(0, candidate.first - 60):candidate.first] if 0 <= candidate.first < start else pre
    if _BAPTISED.search(pre) or _PARTNER_OF.search(pre) or _PARTNER_OF.search(head_pre):
        strong = True
    described = _described(doc, raw, start, end)
    if _ROLE_OF.search(pre) and not described:
        strong = True  # "directeur de Qwant"; not "ministre de l'Enseignement supérieur" (a noun and its adjective)
    if _VENUE_BEFORE.search(pre):
        kind, strong = kind or "venue", True
    if _INVESTOR_OF.search(pre):
        kind, strong = kind or "investor", True
    if _AMOUNT_FOR.search(pre):
        kind, strong = kind or ("startup" if _FUNDING.search(folded) else ""), True  # "11 M€ pour Kelvo"
    if (_LED_BY.search(pre) or _LED_BY.search(head_pre)) and _FUNDING.search(folded):
        kind, strong = kind or "investor", True  # not "le projet mené par Marie…": a person leads a project
    if re.fullmatch(r"[A-Z][A-Z0-9&-]{1,7}", raw) and re.search(r"(?:^|\s)(?:l'|le |la |du |de la |les )$", pre):
        strong = True  # "l'ESIAN", "le LISAP": an acronym used with an article names an organisation
    if _after_person(doc, text[:start]):
        strong = True
    if _BRAND.search(raw) or name_key(raw) in known:
        strong = True
    after = re.sub(r"^\s*(?:[»\"]\s*)?(?:\([^)]*\)\s*)?(?:,[^,]{0,80},\s*)?", "", post)
    after = re.sub(r"^qui\s+", "", after)
    weak = org or any(after.startswith(v + " ") or after.startswith(v + ",") for v in _VERBS)
    if weak and _pos_common(doc, start, end) and not _brand_entity(doc, start, end, raw):
        weak = False  # "Acteurs", "Lieu", "Innovation": capitalised common nouns
    weak = weak or _unknown_entity(doc, start, end)
    if weak and not strong and article_common(doc, text, start, end, raw):
        weak = False  # "la Blockchain et le Coding sont enseignés": a capitalised common word after an article
    return Mention(display_name(raw), name_key(raw), start, end, kind, strong or weak, acronym, strong)
