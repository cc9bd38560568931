"""Candidate organisation names in a sentence: capitalised spans, brand-shaped words, institutional
names with a lower-case head ("université Côte d'Azur"), and the enumerations they stand in.

A candidate is only a span; `mentions` decides whether it names an actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sudia.observatoire.lexicon import (
    INSTITUTION_HEADS, LIST_CUES, LIST_KINDS, NATIONALITIES, NOT_ACTOR_HEAD, ROLE_WORDS, TITLE_PREFIXES, TITLE_WORDS,
)
from sudia.observatoire.repair import fold_keep_length
from sudia.observatoire.wordlist import is_demonym

# One word of a name: capitalised ("Thales", "Eho.Link", "SophI.A", "Livmed's", "Start(s)"), led by digits
# ("3IA"), or lower-case with an inner capital ("rIAlity", "cortAIx", "i-Naval").
_WORD = (r"(?:[A-ZÀ-ÖØ-Þ][\wÀ-ÿ&’'.-]*\[[a-z]+\][\wÀ-ÿ]+|[A-ZÀ-ÖØ-Þ][\wÀ-ÿ&’'.-]*[\wÀ-ÿ](?:\(s\))?|[A-ZÀ-ÖØ-Þ]|\d+(?!(?:MW|GW|KW|kW|M€|MD|Md|m2|km|ha|e|er|ème|eme)\b)[A-Za-z][\w-]*"
         r"|[a-z]{1,6}[A-Z][\w.-]*[\w]|[a-z]-[A-Z][\w-]*)")
# English connectors too: names of the ecosystem are often English ("Cannes is Up", "Spirit of the Sea").
_CONNECT = r"(?:de|du|des|et|en|la|le|les|sur|pour|of|for|is|and|the|DE|DU|DES|ET|EN|LA|LE|LES|SUR|&|-)"
# Lower-case adjectives that end institutional names ("Marine nationale", "DGA Techniques navales").
_TAIL_ADJECTIVE = r"(?:\s+(?:nationale?s?|navale?s?|generale?|générale?|superieure?|supérieure?|regionale?|régionale?|publique|europeenne|européenne|internationale?))?"
# "Palais de la Bourse" is one name; "CSDIA-M de la Marine nationale" two (an acronym is never extended by "de la").
_SPAN = re.compile(rf"(?<![\w-]){_WORD}(?:(?:\s+(?:(?:(?<![A-Z0-9-][A-Z0-9-]\s)de\s+la|{_CONNECT})\s+)?|\s+(?:(?<![A-Z0-9-][A-Z0-9-]\s)de\s+)?[dlDL]['’])(?:{_WORD}))*"
                   rf"{_TAIL_ADJECTIVE}(?:\s+\d{{1,4}}\b)?")
# Articles and determiners written with a capital inside a span start a new phrase ("IA Le 10").
_INNER_ARTICLES = {"le", "la", "les", "un", "une", "ce", "cette", "ces"}
_ROLES = set(ROLE_WORDS) | {"pdg", "ceo", "dg", "cto", "coo", "svp", "vp", "cfo"}
_TITLES = _ROLES | set(TITLE_WORDS)


def is_role(word: str) -> bool:
    """'PDG', 'Président', 'P-dg-fondateur', 'co-fondatrice': a role, not part of a name."""
    folded = fold_keep_length(word).strip(".,")
    if folded in _ROLES:
        return True
    parts = [p for p in re.split(r"-", folded) if p]
    return len(parts) > 1 and all(p in _ROLES or p in ("co", "p", "dg") for p in parts)


# Words that complete a title ("Directeur Général", "Préfet Délégué"), not names.
TITLE_COMPLEMENTS = {"general", "generale", "delegue", "deleguee", "adjoint", "adjointe", "executif", "executive",
                     "technique", "honoraire", "regional", "regionale", "departemental", "departementale"}


def leading_titles(phrase: str) -> int:
    """Length of the titles opening `phrase` ('Le Sous Préfet Jean Dupont' -> the offset of 'Jean'); 0 when
    no title opens it; -1 when nothing capitalised follows the titles ('Directeur Général de Kelvo': a role)."""
    words = list(re.finditer(r"\S+", phrase))
    i = 1 if words and fold_keep_length(words[0].group()) in ("le", "la", "les", "l'") else 0
    opened = i
    while i < len(words):
        word = words[i].group()
        following = words[i + 1].group() if i + 1 < len(words) else ""
        if is_title(word):
            i += 1
        elif fold_keep_length(word) in TITLE_PREFIXES and is_title(following):
            i += 2
        elif i > opened and fold_keep_length(word) in TITLE_COMPLEMENTS:
            i += 1
        else:
            break
    if i == opened:
        return 0
    return words[i].start() if i < len(words) and words[i].group()[:1].isupper() else -1


def is_title(word: str) -> bool:
    """A role or a title of office ('Préfet', 'Sous-Préfet', 'Recteur', 'Vice-Présidente'), or the prefix
    of a compound title written apart ('Sous' of 'Sous Préfet'): what stands before a person's name."""
    folded = fold_keep_length(word).strip(".,")
    parts = [p for p in re.split(r"-", folded) if p]
    return bool(parts) and parts[-1] in _TITLES and all(p in _TITLES or p in TITLE_PREFIXES for p in parts)


_CONNECTORS = {"de", "du", "des", "d", "l", "et", "en", "la", "le", "les", "sur", "pour", "of", "for", "is", "and", "the",
               "&", "-"}
_SIGNIFICANT = re.compile(r"[^\W\d_][\w’'.-]*|\d\w*")
_HEADS = "|".join(re.escape(h) for h in sorted(INSTITUTION_HEADS, key=len, reverse=True))
# The territory a public body is named after may be a common noun before the proper name ("communauté
# d'agglomération des pays de Lérins", "communauté de communes de la vallée de l'Ubaye").
_TERRITORY = r"(?:pays|vallee|val|communes|portes|iles|terres|hauts|haut|coeur|golfe|baie|bassin|plateau|massif|rives?)"
# "des" before "de": the longest link must win, else "des Alpes-Maritimes" leaves "s Alpes…" unmatched.
_LINK_WORDS = r"(?:de la|de l'|des|du|de|d')"
_INSTITUTION = re.compile(rf"(?<![\w])(?:{_HEADS})(?:\s+{_LINK_WORDS}(?:\s*{_TERRITORY}\s+{_LINK_WORDS})?)?\s*")
_LIST_GAP = re.compile(r"^\s*(?:[«»\"]\s*)?(?:\([^()]{0,60}\)\s*)?(?:[«»\"]\s*)?(?:,|;|\bet\b|\bou\b|\bou encore\b|\bainsi que\b|&)"
                       r"\s*(?:(?:de|des|d'|l'|la|le|les)\s*)?[«\"]?\s*$")
_CUE = re.compile(r"(?:" + "|".join(re.escape(c) for c in sorted(LIST_CUES, key=len, reverse=True)) + r")\s*[:(«\"]?\s*"
                  r"(?:(?:de|des|d'|l'|la|le|les)\s*)?$")


# Lower-case heads that only describe what the named thing is: "l'agence Marsdesign", "le pôle
# Aktantis", "le laboratoire rIAlity" name Marsdesign, rIAlity (unless the rest is a place); a pôle or
# a cluster keeps its head ("pôle Mer Méditerranée"), grouping merges it with its bare name.
DESCRIPTIVE_HEADS = ("agence", "laboratoire")
# Heads that describe a proper name right after them ("l'école Kelvo Academy", "l'institut Datazur"), but
# open the name when a complement follows ("l'école des Mines", "institut de mathématiques de Marseille").
APPOSED_HEADS = ("ecole", "institut")


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    institution: bool = False  # opened by a lower-case institutional head
    listed: int = 0  # size of the enumeration it stands in (0: none)
    cued: bool = False  # the enumeration follows a cue ("tels que", "comme", "startups (")
    first: int = -1  # start of the enumeration's first name (-1: not in one)


def _trim(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cuts a span at inner articles ("IA Le 10") and headline words; drops a leading elided article."""
    elided = re.match(r"[LDld]['’](?:[a-zà-ÿ][\w-]*\s+)?(?=\w)", text[start:end])  # "L'opérateur Luberon Compute"
    if elided:
        start += elided.end()
        start += re.match(r"(?:(?:de la|de l['’]|de|du|des|d['’])\s*(?=[A-ZÀ-ÖØ-Þ]))?", text[start:end]).end()  # "L'entreprise de X"
    # "Directeur Général de X": the complement may be capitalised too (matched on the folded text)
    lead = re.match(r"(?:[LlDd]es\s+(?=\S+s\s))?(\S+)\s+(?:(?:[Gg][eé]n[eé]rale?|[Dd][eé]l[eé]gu[eé]e?|[Tt]echnique|[Aa]djointe?)\s+)?"
                    r"(?:de la\s+|de l['’]|du\s+|des\s+|de\s+|d['’])", text[start:end])
    if lead and (is_role(lead.group(1)) or _nationality(lead.group(1)) or is_demonym(lead.group(1))):
        start += lead.end()  # "Président de Digital Realty", "(les) Américains de Nexalia": not in the name
    # "Sous Préfet Jean Dupont", "Recteur Paul Martin": titles before a name are no part of it
    # "le Suisse Nexalia", "l'Américain Kelvo": an origin before a name is no part of it
    origin = re.match(r"(?:(?:Le|La|Les|L['’])\s*)?(\S+)\s+(?=[A-ZÀ-ÖØ-Þ])", text[start:end])
    if origin and (is_demonym(origin.group(1)) or _nationality(origin.group(1))) and origin.group(1)[:1].isupper():
        start += origin.end()
    titles = leading_titles(text[start:end]) if re.match(r"\S+\s+[A-ZÀ-ÖØ-Þ]", text[start:end]) else 0
    if titles > 0:
        start += titles
    elif titles < 0:  # "Président Directeur Général de Kelvo": the organisation after the titles
        link = re.search(r"\s(?:de la\s+|de l['’]|du\s+|des\s+|de\s+|d['’])(?=[A-ZÀ-ÖØ-Þ])", text[start:end])
        start = start + link.end() if link else start
    spans, cut = [], start
    words = list(re.finditer(r"\S+", text[start:end]))
    for previous, word in zip(words, words[1:]):
        folded = fold_keep_length(word.group()).strip(".,")
        at = start + word.start()
        after_connector = fold_keep_length(previous.group()) in _CONNECTORS  # "Maison de La Métropole"
        if folded in _INNER_ARTICLES and word.group()[0].isupper() and not after_connector:
            spans.append((cut, at - 1))
            cut = at + len(word.group()) + 1
        elif is_role(word.group()) and (word.group().isupper() or re.match(r"\S+\s+(?:de|du|des|d['’])", text[at:end])):
            # "PDG de L'Epopée", "SVP et Président de Digital Realty": the role is not in the name
            spans.append((cut, at - 1))
            rest = re.match(r"\S+\s+(?:de\s+|d['’]|du\s+|des\s+)?", text[at:end])
            cut = at + (rest.end() if rest else len(word.group()))
        elif folded in ("de", "du", "des") and re.fullmatch(r"[A-Z]+\d+", previous.group()):
            spans.append((cut, at - 1))  # "MRS5 de Digital Realty": a numbered site, then its owner
            cut = at + len(word.group()) + 1
        elif folded in NOT_ACTOR_HEAD:
            spans.append((cut, at - 1))
            cut = at
    spans.append((cut, end))
    out = []
    for s, e in spans:  # a cut leaves no connector at either end ("Synergie Family et")
        piece = text[s:e]
        trimmed = re.sub(r"(?:\s+(?:et|ou|de|du|des|la|le|les|en|sur|pour|&|-))+\s*$", "", piece).rstrip()
        if e > s and trimmed.strip(" .,-"):
            out.append((s, s + len(trimmed)))
    return out


def _nationality(word: str) -> bool:
    folded = fold_keep_length(word)
    return folded in NATIONALITIES or folded.endswith("s") and folded[:-1] in NATIONALITIES


def is_place_like(name: str) -> bool:
    """A complement that is a place or a generic word keeps its head ("université Côte d'Azur")."""
    from sudia.observatoire.geography import load_geography
    from sudia.observatoire.lexicon import GENERIC_WORDS, WORLD_PLACES

    folded = fold_keep_length(name).strip()
    return folded in WORLD_PLACES or folded in GENERIC_WORDS or load_geography().locate(name) is not None


def _described_name(text: str, head_start: int, after_head: int) -> re.Match[str] | None:
    """'École supérieure d'ingénieurs de Marseille': a capitalised head, lower-case words, then the proper
    name. A lower-case head ('l'école d'ingénieurs de Marseille') describes a school, it does not name one."""
    if not text[head_start].isupper():
        return None
    for link in re.finditer(r"(?:de la |de l['’]|des |du |de |d['’])", text[after_head:after_head + 50]):
        between = text[after_head:after_head + link.start()]
        if between.strip() and re.fullmatch(r"(?:[a-zà-ÿ-]+(?:\s+|['’]))*[a-zà-ÿ-]+\s*", between):
            name = _SPAN.match(text, after_head + link.end())
            if name:
                return name
    return None


# Capitalised words that open a sentence before a name without being part of one ("La Communauté …").
_OPENERS = {"la", "le", "les", "l'", "un", "une", "des", "du", "de", "cette", "ce", "cet", "ces", "a", "au", "aux", "en",
            "et", "avec", "pour", "par", "selon", "chez", "sa", "son", "ses", "leur", "notre", "votre", "dans", "sur"}


def find_candidates(text: str) -> list[Candidate]:
    folded = fold_keep_length(text)
    spans: list[tuple[int, int, bool]] = []
    taken = [False] * (len(text) + 1)
    for match in _INSTITUTION.finditer(folded):
        previous = re.search(r"([A-ZÀ-ÖØ-Þ][\w’'-]*)\s$", text[max(0, match.start() - 40):match.start()])
        if previous and text[match.start()].isupper() and fold_keep_length(previous.group(1)) not in _OPENERS:
            continue  # "Aix-Marseille Université", "Avignon Université": the head ends a name, it opens none
        name = _SPAN.match(text, match.end()) or _described_name(text, match.start(), match.end())
        # "la Chambre de commerce et d'industrie" is a name without a complement
        # ("le conseil départemental" alone is the council of the text's département: see bodies.py)
        bare = match.group().strip()
        end = name.end() if name else (match.end() if bare.startswith("chambre") or bare == "conseil departemental" else 0)
        if end and (match.start() == 0 or not folded[match.start() - 1].isalpha()):
            end = match.start() + len(re.sub(r"(?:\s+(?:de la|de l['’]|de|du|des|d['’]))+\s*$", "", text[match.start():end]))
            head = re.sub(r"\s+(?:de la|de l'|de|du|des|d')$", "", folded[match.start():match.end()].strip())
            end = _conjoined(text, end)
            # "l'école Kelvo Academy" names Kelvo Academy (the head in apposition); "l'école des Mines" keeps it
            apposed = head in APPOSED_HEADS and not re.search(r"(?:de|du|des|d'|l')\s*$", match.group())
            if name and (head in DESCRIPTIVE_HEADS or apposed) and text[match.start()].islower() \
                    and not is_place_like(text[name.start():end]):
                spans.append((name.start(), end, False))  # the head tells the kind; the name is the rest
            else:
                spans.append((match.start(), end, True))
            for i in range(match.start(), end):
                taken[i] = True
    for match in _SPAN.finditer(text):
        if taken[match.start()]:
            continue
        spans.extend((s, _conjoined(text, e) if _headed(text[s:e]) else e, False)
                     for s, e in _trim(text, match.start(), match.end()))
    # "10 M€": a unit's capital after a figure is no name (and must not break a list of names)
    spans = [(s, e, i) for s, e, i in spans if not (e - s == 1 and re.search(r"\d\s?$", text[max(0, s - 2):s]))]
    spans.extend(_expansions(text, spans))
    wide = [(s, e) for s, e, institution in spans if institution]
    spans = sorted({(s, e, i) for s, e, i in spans if i or not any(ws <= s and e <= we for ws, we in wide)})
    return _enumerations(text, folded, spans)


_AND_OF = re.compile(r"\s+et\s+(?:de la\s+|de l['’]|du\s+|des\s+|d['’])")


def _conjoined(text: str, end: int) -> int:
    """'École de l'Air et de l'Espace', 'Laboratoire de Mécanique et d'Acoustique': a second complement
    joined by 'et de' belongs to the same name."""
    while (link := _AND_OF.match(text, end)) and (more := _SPAN.match(text, link.end())):
        end = more.end()
    return end


def _headed(name: str) -> bool:
    from sudia.observatoire.lexicon import KIND_HEAD

    first = fold_keep_length(name).split(" ")[0]
    return first in KIND_HEAD


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
    for match in re.finditer(r"\(([^()]{3,200})\)", text):
        inside = match.group(1).split(",")[0].strip()
        before = [s for s in spans if s[1] <= match.start() and not text[s[1]:match.start()].strip()]
        # the acronym is a word of the name right before ("BNT Numérique (Bureau Naval…", "la Région Sud
        # et BNT Numérique (Bureau…": the span may hold an enumeration)
        words = text[before[-1][0]:before[-1][1]].split(" ")[-4:] if before else []
        acronyms = [w for w in words if re.fullmatch(r"[A-Z0-9][A-Z0-9&-]{1,9}", w)]
        if acronyms:  # "la DGA (Direction…)"
            if any(initials(inside) == _spelt(a) for a in acronyms) and " " in inside and inside[0].isupper():
                at = match.start(1) + match.group(1).find(inside)
                found.append((at, at + len(inside), True))
        elif re.fullmatch(r"[A-Z0-9][A-Za-z0-9&-]{1,9}", inside):
            head = text[:match.start()].rstrip()
            words = list(re.finditer(r"[^\s]+", head))
            for size in range(2, min(len(words), 10) + 1):
                phrase_start = words[-size].start()
                phrase = head[phrase_start:]
                if initials(phrase) == _spelt(inside) and phrase[0].isupper() and " " in phrase:
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
        # "Qwant, Vulog et TxCell": the last two are one span until `mentions` splits it at "et"
        size = sum(1 + (0 if spans[i][2] else len(re.findall(r"\s(?:et|ET)\s", text[spans[i][0]:spans[i][1]])))
                   for i in group)
        size = size if len(group) >= 2 else 0
        for i in group:
            start, end, institution = spans[i]
            out.append(Candidate(start, end, institution, size, cued and (size >= 2 or _single_cue(folded, first)),
                                 first if size else -1))
    return out


_PLURAL_KINDS = "|".join(re.escape(k) for k in sorted(LIST_KINDS, key=len, reverse=True))
_SINGLE_CUE = re.compile(rf"(?:{_PLURAL_KINDS})\b[^.;]{{0,40}}(?:comme|tels? que|telles? que|notamment|dont)\s*(?:l'|la |le |les )?$")


def _single_cue(folded: str, start: int) -> bool:
    """A cue also vouches for one name after a plural kind noun: 'des startups comme Bodyguard'."""
    return bool(_SINGLE_CUE.search(folded[max(0, start - 80):start]))
