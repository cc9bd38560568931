"""What reads as a common word, not a name, and the one place that is also an actor: a list of topics
("Agtech, Blockchain, Coding, Santé"), a capitalised common noun after an article ("la Blockchain"), a
sector word ("Fintech"); a named technopole or campus opening a sentence on its own figures. Used by
`mentions`; the French lexicon comes from `wordlist`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from sudia.observatoire.candidates import Candidate
from sudia.observatoire.lexicon import KIND_HEAD
from sudia.observatoire.repair import fold_keep_length
from sudia.observatoire.wordlist import is_common_word


# Sector words built on "tech" ("Agtech", "Fintech", "Edtech"): trade nouns, not names.
_SECTOR_TECH = re.compile(r"(?:ag|agri|fin|ed|med|health|food|clean|green|legal|prop|deep|bio|insur|reg|gov|sport|"
                          r"retail|auto|silver|mar|sea|clim|climate|hr|martech|ad|travel|fem|foot|nano|cyber|space|"
                          r"civic|nature|energy|agro|e-?sante|sante)-?tech", re.IGNORECASE)


def is_sector_word(word: str) -> bool:
    return bool(_SECTOR_TECH.fullmatch(word))


_LINKS = {"et", "de", "du", "des", "d'", "la", "le", "les", "l'", "en", "ou", "&"}


def _common_member(doc: Any, text: str, start: int, end: int) -> bool:
    """A list member that reads as a common word: every word is in the French lexicon, a sector word,
    or a known word tagged a common noun by spaCy ("Cybersécurité", "Santé", "Agtech")."""
    words = [w for w in re.findall(r"[\w’'-]+", text[start:end]) if fold_keep_length(w) not in _LINKS]
    span = doc.char_span(start, end, alignment_mode="expand") if doc is not None else None
    # the tagger calls any unknown word a noun ("Kelvo"): only words the model knows count
    tagged = span is not None and all(t.pos_ in ("NOUN", "ADJ") and not t.is_oov for t in span
                                      if t.is_alpha and fold_keep_length(t.text) not in _LINKS)
    return bool(words) and (tagged or all(is_common_word(w) or is_sector_word(w) for w in words))


def topic_lists(text: str, candidates: list[Candidate], doc: Any) -> list[Candidate]:
    """An enumeration vouches for its names only when they look like names: a list whose members are at
    least half common words, and whose other members no organisation entity covers ("Agtech, Blockchain, Coding, Cybersécurité et
    Santé") is a list of topics or sectors; its members need evidence of their own. A cue ("des start-up
    comme …") still vouches: the text says what the names are."""
    if doc is None:
        return candidates
    groups: dict[int, list[Candidate]] = {}
    for candidate in candidates:
        if candidate.listed >= 2 and not candidate.cued and candidate.first >= 0:
            groups.setdefault(candidate.first, []).append(candidate)
    topics = set()
    for first, members in groups.items():
        common = [_common_member(doc, text, m.start, m.end) for m in members]
        # an organisation entity on a name that is no common word ("Qwant") says the list holds names
        org = any(e.label_ == "ORG" and e.start_char < m.end and m.start < e.end_char
                  for m, plain in zip(members, common, strict=True) if not plain for e in doc.ents)
        if not org and 2 * sum(common) >= len(members):
            topics.add(first)
    return [replace(c, listed=0, first=-1) if c.first in topics and not c.cued else c for c in candidates]


# A technopole, a business park or district, a campus: places, but a named one whose own figures a
# sentence gives ("La technopole de X s'étend sur 4 500 hectares et compte 1 500 emplois") is a venue of
# the ecosystem. Only as the sentence's opening subject: "Kelvo, installée à Sophia Antipolis, emploie 40
# salariés" leaves Sophia Antipolis a place.
_SITE_KINDS = ("technopole", "business_park", "business_district", "campus")
_SITE_OPENING = re.compile(r"^\s*(?:(?:la|le|l')\s*(?:technopole|parc(?: scientifique| d'activites| technologique)?|"
                           r"campus|zone(?: d'activites)?|site|quartier|pole)?\s*(?:de la\s+|de l'|du\s+|de\s+|d')?)?$")
_SITE_FIGURE = re.compile(r"\b(?:compte|accueille|rassemble|regroupe|reunit|emploie|s'etend|couvre|represente|abrite|"
                          r"totalise|occupe)\b")


def site_subject(text: str, folded: str, start: int, end: int, raw: str) -> str:
    """The official name of a site that opens the sentence as the subject of its own figures, else ''."""
    from sudia.observatoire.geography import load_geography
    from sudia.observatoire.quantities import find_quantities

    location = load_geography().locate(raw)
    if location is None or location.kind not in _SITE_KINDS or not _SITE_OPENING.match(folded[:start]):
        return ""
    verb = _SITE_FIGURE.search(folded, end)
    if verb is None or re.search(r"[,;:(]", folded[end:verb.start()]) and not re.search(r",[^,]*,", folded[end:verb.start()]):
        return ""
    quantities = [q for q in find_quantities(text) if q.start > verb.start() and q.dimension in ("m2", "jobs", "count", "mw")]
    if not quantities:
        return ""
    head = re.search(r"(?:technopole|parc|campus|zone|pole)\b", folded[:start])
    # the longest form the text gives: "le technopôle de Château-Gombert", not the bare place name
    return text[head.start()].upper() + text[head.start() + 1:end] if head else location.name


def article_common(doc: Any, text: str, start: int, end: int, raw: str) -> bool:
    """One capitalised word after 'le'/'la', that the model knows in lower case and no organisation entity
    covers: a common noun written with a capital ('la Blockchain', 'le Coding'), not a brand."""
    if doc is None or " " in raw or raw.isupper() or not re.search(r"(?:^|\s)(?:le|la|Le|La)\s$", text[max(0, start - 4):start]):
        return False
    lower = doc.vocab[raw.lower()]
    org = any(e.label_ == "ORG" and e.start_char <= start and end <= e.end_char for e in doc.ents)
    return not org and not lower.is_oov and fold_keep_length(raw) not in KIND_HEAD
