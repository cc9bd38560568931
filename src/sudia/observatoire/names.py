"""Name normalisation: the merge key of an organisation or a person, its display form, near-duplicates."""

from __future__ import annotations

import re

from sudia.text.french import fold

# Legal forms and leading articles carry no identity: "la société NEXAFLOW SAS" is "Nexaflow".
_LEGAL = re.compile(r"\b(sas|sasu|sarl|sa|sca|scop|sci|gmbh|inc|ltd|llc)\b\.?$")
_ARTICLE = re.compile(r"^(?:l['’]\s*|la |le |les |du |de la |des )", re.IGNORECASE)
_KEEP_UPPER = 7  # all-caps words up to this length are acronyms (CNRS, CCIAMP), longer ones names


def name_key(name: str) -> str:
    """Merge key: folded, without article, legal form, punctuation or spaces."""
    text = fold(_ARTICLE.sub("", name.strip()))
    text = _LEGAL.sub("", text).strip()
    return re.sub(r"[^a-z0-9]+", "", text)


def display_name(name: str) -> str:
    """Readable form: 'NEXAFLOW' -> 'Nexaflow', 'KALYX SANTE' -> 'Kalyx Sante', acronyms kept."""
    name = re.sub(r"\s+", " ", _ARTICLE.sub("", name.strip())).strip(" ,.;:-")
    words = name.split(" ")
    caps = [w for w in words if sum(c.isalpha() for c in w) >= 2 and w.upper() == w]
    if len(caps) == len(words) and (len(words) > 1 or len(name) > _KEEP_UPPER):
        return " ".join(_title_word(w) for w in words)
    return name


def _title_word(word: str) -> str:
    small = {"de", "du", "des", "la", "le", "les", "et", "en", "sur", "d", "l"}
    parts = re.split(r"([-'’])", word.lower())
    return "".join(p if p in "-'’" or p in small else p[:1].upper() + p[1:] for p in parts)


def accent_score(name: str) -> tuple[int, int, int]:
    """Prefers, among spellings of one name: mixed case, then accented, then longer."""
    mixed = int(name != name.upper())
    accents = sum(1 for c in name if c != fold(c) and c.isalpha() and not c.isupper())
    return (mixed, accents, len(name))


def edit_distance_at_most_one(a: str, b: str) -> bool:
    """True when a and b differ by at most one inserted, deleted or replaced character."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


def same_name(a: str, b: str, min_fuzzy: int = 6) -> bool:
    """Same organisation or person: equal keys, or one typo apart when the keys are long enough."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    if re.sub(r"\d", "", ka) == re.sub(r"\d", "", kb) or any(c.isdigit() for c in ka + kb):
        return False  # numbered sites ("Durance 1", "Durance 2"; "MRS4", "MRS5") are distinct
    return min(len(ka), len(kb)) >= min_fuzzy and edit_distance_at_most_one(ka, kb)
