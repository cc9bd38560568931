"""A view of text for pattern matching: look-alike letters, accents and case folded, one character
for one, so that a match in the view is a span of the text itself.

Orders to an AI get past a word list by writing « Ignоrе » with a Cyrillic о and е, fullwidth
letters, or by dropping accents. The view maps Cyrillic and Greek letters drawn like Latin ones to
those, removes diacritics (é -> e), lower-cases, and turns typographic apostrophes and dashes into
plain ones. Text is NFKC-normalised first (fullwidth forms become plain letters), by the caller.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Cyrillic and Greek letters that render like Latin ones (Unicode's confusables, the common subset).
_CONFUSABLES = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "һ": "h", "ӏ": "l", "ɡ": "g", "ɑ": "a", "ɩ": "i",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "ϲ": "c", "ϳ": "j",
    "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "‐": "-", "‑": "-", "–": "-", "—": "-",
}


@lru_cache(maxsize=4096)
def _fold(char: str) -> str:
    lower = char.lower()
    if len(lower) != 1:
        lower = char
    if lower in _CONFUSABLES:
        return _CONFUSABLES[lower]
    if lower.isascii():
        return lower
    base = unicodedata.normalize("NFKD", lower)[0]
    if base.isascii() and base.isalpha():
        return base
    if lower in ("œ", "æ"):
        return "o" if lower == "œ" else "a"
    return lower


def view(text: str) -> str:
    """Same length as `text`: `view(text)[i]` is the folded form of `text[i]`."""
    return "".join(_fold(c) for c in text)
