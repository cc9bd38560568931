"""Holder names against the declared identity: accents, hyphens, order of given names, maiden names.

Names are folded (no accents, upper case, hyphens and apostrophes as spaces) and compared by edit
distance. `NAME_TOLERANCE` edits are tolerated (DossierFacile tolerates 2): the curve of
genuine versus other-person pairs that fixed it is in bench/RESULTS.md (section pièces).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

NAME_TOLERANCE = 2  # edits tolerated on names of 6 letters or more
SHORT_NAME_TOLERANCE = 1  # on shorter names, two edits turn one name into another (ROY, RAY, REY)
_SPECIAL = str.maketrans({"Æ": "AE", "Œ": "OE", "ß": "SS", "Ø": "O", "Ð": "D", "Þ": "TH"})
_PREFIX = re.compile(r"^(?:NEE|NE|EPOUSE|EP|VEUVE|VVE|DIT|DITE)\s+")


def fold(name: str) -> str:
    """Upper case without accents, separators as single spaces: « Lefèvre-d'Aubigné » -> LEFEVRE D AUBIGNE."""
    text = unicodedata.normalize("NFKD", name.upper().translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^A-Z0-9]+", " ", text).strip()


def distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def tolerance(name: str) -> int:
    return NAME_TOLERANCE if len(name.replace(" ", "")) >= 6 else SHORT_NAME_TOLERANCE


@dataclass(frozen=True)
class NameMatch:
    """How a name read on a piece compares with the declared ones: edits, and which declared name."""

    edits: int  # -1: nothing comparable
    matched: str
    truncated: bool = False

    @property
    def exact(self) -> bool:
        return self.edits == 0

    def within(self) -> bool:
        return 0 <= self.edits <= tolerance(self.matched)


def compare_surname(found: str, declared: list[str], truncated_at: int = 0) -> NameMatch:
    """`found` against every declared surname (usage, birth): the closest wins.

    `truncated_at`: width of the field `found` was read from (MRZ names are cut at the field width,
    so a declared name that starts with `found` matches).
    """
    f = _PREFIX.sub("", fold(found)).replace(" ", "")
    best = NameMatch(-1, "")
    for name in declared:
        d = _PREFIX.sub("", fold(name)).replace(" ", "")
        if not d or not f:
            continue
        if truncated_at and len(f) >= truncated_at - 4 and d.startswith(f):
            return NameMatch(0, name, truncated=True)
        edits = distance(f, d)
        if best.edits < 0 or edits < best.edits:
            best = NameMatch(edits, name)
    return best


def compare_given_names(found: str, declared: str) -> NameMatch:
    """The first declared given name must be among those found, in any order, within tolerance."""
    found_names = fold(found).split()
    declared_names = fold(declared).split()
    if not found_names or not declared_names:
        return NameMatch(-1, "")
    first = declared_names[0]
    # either list may be cut or reordered (the old card keeps 14 letters): the first name of one
    # must be among the other's
    edits = min(min(distance(first, f) for f in found_names), min(distance(found_names[0], d) for d in declared_names))
    # « Jean Pierre » declared, « JEANPIERRE » read (or the reverse): compare the joined forms too
    edits = min(edits, distance("".join(declared_names), "".join(found_names)),
                distance(first, "".join(found_names[:2])))
    return NameMatch(edits, declared.split()[0] if declared.split() else declared)


def name_in_text(text: str, declared: list[str]) -> NameMatch:
    """Best match of any declared name against the words of `text` (same number of words)."""
    words = fold(text).split()
    best = NameMatch(-1, "")
    for name in declared:
        target = fold(name).split()
        n = len(target)
        if not n:
            continue
        joined = "".join(target)
        for i in range(len(words) - n + 1):
            edits = distance("".join(words[i:i + n]), joined)
            if best.edits < 0 or edits < best.edits:
                best = NameMatch(edits, name)
            if edits == 0:
                return best
    return best
