"""Candidate organisation names in a sentence: capitalised spans, brand-shaped words, institutional
names with a lower-case head ("université Côte d'Azur"), and the enumerations they stand in.

A candidate is only a span; `mentions` decides whether it names an actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sudia.observatoire.lexicon import INSTITUTION_HEADS, LIST_CUES, NOT_ACTOR_HEAD
from sudia.observatoire.repair import fold_keep_length

# One word of a name: capitalised ("Thales", "Eho.Link", "SophI.A", "Livmed's"), led by digits
# ("3IA"), or lower-case with an inner capital ("rIAlity", "cortAIx", "i-Naval").
_WORD = (r"(?:[A-ZÀ-ÖØ-Þ][\wÀ-ÿ&’'.-]*[\wÀ-ÿ]|[A-ZÀ-ÖØ-Þ]|\d+(?!(?:MW|GW|KW|kW|M€|MD|Md|m2|km|ha|e|er|ème|eme)\b)[A-Za-z][\w-]*"
         r"|[a-z]{1,6}[A-Z][\w.-]*[\w]|[a-z]-[A-Z][\w-]*)")
_CONNECT = r"(?:de|du|des|et|en|la|le|les|sur|pour|of|for|DE|DU|DES|ET|EN|LA|LE|LES|SUR|&|-)"
# Lower-case adjectives that end institutional names ("Marine nationale", "DGA Techniques navales").
_TAIL_ADJECTIVE = r"(?:\s+(?:nationale?s?|navale?s?|generale?|générale?|superieure?|supérieure?|regionale?|régionale?|publique|europeenne|européenne|internationale?))?"
_SPAN = re.compile(rf"(?<![\w-]){_WORD}(?:(?:\s+(?:{_CONNECT}\s+)?|\s+[dlDL]['’])(?:{_WORD}))*{_TAIL_ADJECTIVE}(?:\s+\d{{1,4}}\b)?")
# Articles and determiners written with a capital inside a span start a new phrase ("IA Le 10").
_INNER_ARTICLES = {"le", "la", "les", "un", "une", "ce", "cette", "ces"}
_CONNECTORS = {"de", "du", "des", "d", "l", "et", "en", "la", "le", "les", "sur", "pour", "of", "for", "&", "-"}
_SIGNIFICANT = re.compile(r"[^\W\d_][\w’'.-]*|\d\w*")
_HEADS = "|".join(re.escape(h) for h in sorted(INSTITUTION_HEADS, key=len, reverse=True))
_INSTITUTION = re.compile(rf"(?<![\w])(?:{_HEADS})(?:\s+(?:de la|de l'|de|du|des|d'))?\s*")
_LIST_GAP = re.compile(r"^\s*(?:[«»\"]\s*)?(?:\([^()]{0,60}\)\s*)?(?:[«»\"]\s*)?(?:,|;|\bet\b|\bou\b|\bou encore\b|\bainsi que\b|&)"
                       r"\s*(?:(?:de|des|d'|l'|la|le|les)\s*)?[«\"]?\s*$")
_CUE = re.compile(r"(?:" + "|".join(re.escape(c) for c in sorted(LIST_CUES, key=len, reverse=True)) + r")\s*[:(«\"]?\s*"
                  r"(?:(?:de|des|d'|l'|la|le|les)\s*)?$")


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    institution: bool = False  # opened by a lower-case institutional head
    listed: int = 0  # size of the enumeration it stands in (0: none)
    cued: bool = False  # the enumeration follows a cue ("tels que", "comme", "startups (")


def _trim(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cuts a span at inner articles ("IA Le 10") and headline words; drops a leading elided article."""
    elided = re.match(r"[LDld]['’](?=\w)", text[start:end])
    if elided:
        start += elided.end()
    spans, cut = [], start
    words = list(re.finditer(r"\S+", text[start:end]))
    for previous, word in zip(words, words[1:]):
        folded = fold_keep_length(word.group()).strip(".,")
        at = start + word.start()
        after_connector = fold_keep_length(previous.group()) in _CONNECTORS  # "Maison de La Métropole"
        if folded in _INNER_ARTICLES and word.group()[0].isupper() and not after_connector:
            spans.append((cut, at - 1))
            cut = at + len(word.group()) + 1
        elif folded in NOT_ACTOR_HEAD:
            spans.append((cut, at - 1))
            cut = at
    spans.append((cut, end))
    return [(s, e) for s, e in spans if e > s and text[s:e].strip(" .,-")]


def find_candidates(text: str) -> list[Candidate]:
    folded = fold_keep_length(text)
    spans: list[tuple[int, int, bool]] = []
    taken = [False] * (len(text) + 1)
    for match in _INSTITUTION.finditer(folded):
        name = _SPAN.match(text, match.end())
        if name and (match.start() == 0 or not folded[match.start() - 1].isalpha()):
            spans.append((match.start(), name.end(), True))
            for i in range(match.start(), name.end()):
                taken[i] = True
    for match in _SPAN.finditer(text):
        if taken[match.start()]:
            continue
        spans.extend((s, e, False) for s, e in _trim(text, match.start(), match.end()))
    spans.extend(_expansions(text, spans))
    wide = [(s, e) for s, e, institution in spans if institution]
    spans = sorted({(s, e, i) for s, e, i in spans if i or not any(ws <= s and e <= we and (ws, we) != (s, e) for ws, we in wide)})
    return _enumerations(text, folded, spans)


def initials(phrase: str) -> str:
    """'Direction générale de l'armement' -> 'DGA', 'Toulon Var Technologies' -> 'TVT'."""
    phrase = phrase.replace("’", "'").replace("-", " ")
    words = [re.sub(r"^[dlDL]'", "", w) for w in _SIGNIFICANT.findall(phrase)]
    return "".join(w[0] for w in words if w and fold_keep_length(w) not in _CONNECTORS).upper()


def _spelt(acronym: str) -> str:
    """'3IA' -> 'IIIA': a digit repeats the letter after it."""
    return re.sub(r"(\d)([A-Za-z])", lambda m: m.group(2) * int(m.group(1)), acronym).upper()


def _expansions(text: str, spans: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """Names spelt out around an acronym, lower-case words included: 'la DGA (Direction générale de
    l'armement)', 'Institut interdisciplinaire d'intelligence artificielle (3IA)'."""
    found = []
    for match in re.finditer(r"\(([^()]{3,80})\)", text):
        inside = match.group(1).split(",")[0].strip()
        before = [s for s in spans if s[1] <= match.start() and not text[s[1]:match.start()].strip()]
        if before and re.fullmatch(r"[A-Z0-9][A-Z0-9&-]{1,9}", text[before[-1][0]:before[-1][1]]):
            acronym = text[before[-1][0]:before[-1][1]]
            if initials(inside) == _spelt(acronym) and " " in inside:
                at = match.start(1) + match.group(1).find(inside)
                found.append((at, at + len(inside), True))
        elif re.fullmatch(r"[A-Z0-9][A-Za-z0-9&-]{1,9}", inside):
            head = text[:match.start()].rstrip()
            words = list(re.finditer(r"[^\s]+", head))
            for size in range(2, min(len(words), 10) + 1):
                phrase_start = words[-size].start()
                phrase = head[phrase_start:]
                if initials(phrase) == _spelt(inside) and phrase[0].isupper():
                    found.append((phrase_start, len(head), True))
                    break
    return found


def _enumerations(text: str, folded: str, spans: list[tuple[int, int, bool]]) -> list[Candidate]:
    """Marks candidates chained by commas, 'et', 'ou' into one list, and whether a cue opens it."""
    groups: list[list[int]] = []
    for i, (start, _, _) in enumerate(spans):
        if groups and _LIST_GAP.match(folded[spans[groups[-1][-1]][1]:start]):
            groups[-1].append(i)
        else:
            groups.append([i])
    out: list[Candidate] = []
    for group in groups:
        first = spans[group[0]][0]
        cued = bool(_CUE.search(folded[max(0, first - 40):first]))
        size = len(group) if len(group) >= 2 else 0
        for i in group:
            start, end, institution = spans[i]
            out.append(Candidate(start, end, institution, size, cued and (size >= 2 or _single_cue(folded, first))))
    return out


def _single_cue(folded: str, start: int) -> bool:
    """A cue also vouches for one name: 'des startups comme Bodyguard'."""
    return bool(re.search(r"(?:comme|tels? que|telles? que|notamment)\s*(?:l'|la |le |les )?$", folded[max(0, start - 20):start]))
