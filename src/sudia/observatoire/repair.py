"""Repairs OCR and typography noise in French text while keeping every character offset stable."""

from __future__ import annotations

import re
import unicodedata

# Hyphenated line breaks ("Data-\ncenters", "me-\ngawatts") are joined before anything else,
# so the quote shown to users reads as the sentence the author wrote.
_HYPHEN_BREAK = re.compile(r"(?<=[a-zà-ÿ])-\s*\n\s*(?=[a-zà-ÿ])|(?<=\b[a-zà-ÿ]{2})- (?=[a-zà-ÿ]{3,}\b)")
_SPACES = re.compile(r"\s+")

# Same-length substitutions (offsets of the repaired text match the quote).
_OCR_FIXES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bI['’]lA\b"), "l'IA"),  # "I'lA": capital i and lower L swapped by OCR
    (re.compile(r"\bl['’]lA\b"), "l'IA"),
    (re.compile(r"(?<![\w’'-])([a-zà-ÿ][\wà-ÿ-]* )&(?=\s)"), r"\1à"),  # "installée & Nice" (OCR), not "Hôtel & Resort"
    (re.compile(r"(?<=\d)[Oo](?=\d)"), "0"),  # "1 2O0" inside numbers
    (re.compile(r"(?<=\d)[lI](?=\d)"), "1"),
)


def join_lines(text: str) -> str:
    """Whitespace-collapsed text with hyphenated line breaks joined: the form quotes are taken from."""
    return _SPACES.sub(" ", _HYPHEN_BREAK.sub("", text)).strip()


def repair(text: str) -> str:
    """OCR fixes that keep the length of the text, so offsets stay valid on the original."""
    for pattern, replacement in _OCR_FIXES:
        text = pattern.sub(replacement, text)
    return text


def fold_keep_length(text: str) -> str:
    """Lower-case, accents removed, one character for one: offsets are shared with the original."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFKD", ch)[:1] or ch
        out.append(base.lower() if len(base.lower()) == 1 else ch)
    return "".join(out).replace("’", "'")


def is_all_caps(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)
