"""Finds organisation mentions in a sentence: capitalised spans backed by evidence of being an actor."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sudia.observatoire.lexicon import GENERIC_WORDS, KIND_APPOSITION, KIND_BEFORE, KIND_HEAD, KIND_TAIL, NOT_ACTOR_HEAD, ROLE_WORDS
from sudia.observatoire.names import display_name, name_key
from sudia.observatoire.repair import fold_keep_length

_CAP = r"[A-ZÀ-ÖØ-Þ][\wÀ-ÿ&’'.-]*[\wÀ-ÿ]|[A-ZÀ-ÖØ-Þ]"
_CONNECT = r"(?:de|du|des|et|en|la|le|les|sur|DE|DU|DES|ET|EN|LA|LE|LES|SUR|&)"
_SPAN = re.compile(rf"(?:{_CAP})(?:(?:\s+(?:{_CONNECT}\s+)?|\s+[dlDL]['’])(?:{_CAP}))*(?:\s+\d{{1,3}}\b)?")
_ARTICLE = re.compile(r"^(?:l['’]\s*|la\s+|le\s+|les\s+|d['’]\s*)", re.IGNORECASE)
_ACRONYM_AFTER = re.compile(r"^\s*\(([A-ZÀ-Ö][A-Z0-9À-Ö&-]{1,9})\)")
_VERBS = ("leve", "a leve", "annonce", "a annonce", "inaugure", "a inaugure", "emploie", "compte", "developpe",
          "concoit", "investit", "boucle", "a boucle", "a realise", "prevoit", "recrute", "accueille", "lance",
          "ouvre", "a ouvert", "propose", "commercialise", "rassemble", "dispose", "vise", "affiche", "a presente",
          "a signe", "y a investi", "a investi", "mise", "a mise", "a ete", "est installe", "est basee",
          "est base", "est accompagne", "est soutenu", "collabore", "travaille", "a demontre", "s'appuie",
          "s'appuiera", "atteint", "atteindra", "offrira", "accompagne", "a accompagne", "cree", "a cree",
          "entraine", "deploie", "a deploye", "a recu", "obtient", "a obtenu", "signe", "s'installe", "rejoint")
_NOT_BEFORE = re.compile(r"(?:programme|plan|appel a projets|dispositif|label|quartier du|quartier de|quartier|rue|"
                         r"avenue|boulevard|place|vallee de la|vallee du|massif|parc naturel|projet)\s*$")
_ROLE_OF = re.compile(r"(?:" + "|".join(sorted(ROLE_WORDS, key=len, reverse=True)) + r")\b[^,;:«»]{0,40}?"
                      r"\s(?:de|du|des|chez)(?:\s+la|\s+l'|\s+le)?\s*$|(?:\sd'|\sde l')$")
_INVESTOR_OF = re.compile(r"aupres\s+(?:de|du|des)(?:\s+la|\s+l')?\s*$")


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


def _kind_before(pre: str) -> str:
    pre = pre.rstrip()
    for keyword in sorted(KIND_BEFORE, key=len, reverse=True):
        # "la start-up toulonnaise Sémaphore": one adjective may stand between keyword and name.
        if re.search(rf"(?:^|[\s']){re.escape(keyword)}(?:\s+[a-z-]+)?$", pre):
            if re.search(rf"(?:^|[\s']){re.escape(keyword)}\s+(?:de|du|des|d|a|et|en|qui|est|a)$", pre):
                continue
            return KIND_BEFORE[keyword]
    return ""


def kind_from_name(name: str) -> str:
    folded = fold_keep_length(name)
    for head in sorted(KIND_HEAD, key=len, reverse=True):
        if folded == head or folded.startswith(head + " ") or folded.startswith(head + "-"):
            return KIND_HEAD[head]
    for tail in sorted(KIND_TAIL, key=len, reverse=True):
        if folded.endswith(" " + tail):
            return KIND_TAIL[tail]
    return ""


def _split_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _SPAN.finditer(text):
        start, end = match.start(), match.end()
        elided = re.match(r"[LDld]['’][a-zà-ÿ][\w-]*\s*", text[start:end])
        if elided:  # "L'entreprise Hydrocalcul": the capital belongs to the article, not to a name
            start += elided.end()
            if start >= end:
                continue
        words = list(re.finditer(r"\S+", text[start:end]))
        # Headline words ("Brochure", "Communiqué") start a new span instead of extending a name.
        cut = start
        for word in words[1:]:
            if fold_keep_length(word.group()).strip(".,") in NOT_ACTOR_HEAD:
                spans.append((cut, start + word.start() - 1))
                cut = start + word.start()
        spans.append((cut, end))
    return spans


def find_mentions(text: str, known_word, persons: list[tuple[int, int]], is_place) -> list[Mention]:
    """Candidate organisations in one repaired sentence. `known_word(w)` tells common French words."""
    folded = fold_keep_length(text)
    mentions: list[Mention] = []
    for start, end in _split_spans(text):
        raw = text[start:end]
        article = _ARTICLE.match(raw)
        if article and len(raw) > article.end():
            start += article.end()
            raw = text[start:end]
        first = raw.split(" ")[0]
        if start == 0 or not text[:start].strip(" «\"'(—–-#*"):
            # Sentence-initial capital: "Pour Antoine" or "Cette levée" are not names.
            if " " in raw and known_word(first) and not kind_from_name(raw) and fold_keep_length(first) in _STARTERS:
                start += len(first) + 1
                raw = text[start:end]
            elif " " not in raw and known_word(raw):
                continue
        for mention in _split_on_and(text, start, end):
            checked = _check(text, folded, mention[0], mention[1], persons, is_place)
            if checked is not None:
                mentions.append(checked)
    return mentions


_STARTERS = {"pour", "selon", "cette", "ce", "ces", "son", "sa", "ses", "nos", "nous", "en", "dans", "plusieurs",
             "un", "une", "des", "du", "de", "depuis", "avec", "chaque", "apres", "avant", "porte", "porte par",
             "fonde", "fondee", "cree", "creee", "installee", "installe", "basee", "base", "chez", "a", "au", "aux"}


def _split_on_and(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """'Calanques Ventures et Provence Angels' are two names; 'Laboratoire d'Informatique et Systèmes' one."""
    raw = text[start:end]
    if kind_from_name(raw) in ("lab", "school", "public_body", "event", "venue") or not re.search(r"\s(?:et|ET|&)\s", raw):
        return [(start, end)]
    parts, cursor = [], start
    for match in re.finditer(r"\s(?:et|ET|&)\s", raw):
        parts.append((cursor, start + match.start()))
        cursor = start + match.end()
    parts.append((cursor, end))
    return parts


def _check(text, folded, start, end, persons, is_place) -> Mention | None:
    raw = text[start:end].strip(" .,-")
    end = start + len(raw)
    if sum(c.isalpha() for c in raw) < 2:
        return None
    trailing = re.search(r"\s(?:en|EN|sur)\s+\S+$", raw)
    if trailing and not kind_from_name(raw) and (fold_keep_length(raw[trailing.end() - len(raw.split()[-1]):]) in GENERIC_WORDS
                                                 or is_place(raw.split()[-1])):
        raw = raw[:trailing.start()]
        end = start + len(raw)
    key = name_key(raw)
    folded_name = fold_keep_length(raw)
    if not key or folded_name in GENERIC_WORDS or folded_name.split(" ")[0] in NOT_ACTOR_HEAD:
        return None
    if is_place(raw):
        return None
    in_person = any(s <= start and end <= e for s, e in persons)
    pre, post = folded[max(0, start - 60):start], folded[end:end + 40]
    if _NOT_BEFORE.search(pre):
        return None
    kind = _kind_before(pre) or kind_from_name(raw)
    acronym = ""
    match = _ACRONYM_AFTER.match(text[end:])
    if match:
        acronym = match.group(1)
    evidence = bool(kind)
    apposition = re.match(r"^\s*[,:]\s*(?:une?\s+|la\s+|le\s+|l')?([a-z -]+)", post)
    if apposition:
        for keyword, value in KIND_APPOSITION.items():
            if apposition.group(1).startswith(keyword):
                kind, evidence = kind or value, True
    stripped = re.sub(r"^\s*(?:\([^)]*\)\s*)?(?:,[^,]{0,80},\s*)?", "", post)
    if any(stripped.startswith(v + " ") or stripped.startswith(v + ",") for v in _VERBS):
        evidence = True
    if _ROLE_OF.search(pre):
        evidence = True
    if _INVESTOR_OF.search(pre):
        kind, evidence = kind or "investor", True
    if re.fullmatch(r"[A-Z]{3,8}", raw) and re.search(r"(?:^|\s)(?:l'|le |la )$", pre):
        evidence = True  # "l'ESIAN", "le LISAP": an acronym used with an article names an organisation
    if in_person and not kind:
        evidence = False  # a person's name followed by "a annoncé" is not an organisation
    return Mention(display_name(raw), key, start, end, kind, evidence, acronym)
