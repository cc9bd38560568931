"""French numbers, in digits or in words (« quinze », « quatre-vingt-dix », « deux cent mille »), read as
values, and with their unit (`quantities`: « 1 an » and « 1er septembre » are not the same fact).

Shared by the answer guard (an amount in words must be checked like one in digits) and the
observatory (« deux milliards d'euros »).
"""

from __future__ import annotations

import re
from decimal import Decimal

from sudia.text.french import fold

# French number words; « un »/« une » count only inside a longer number (alone they are articles).
UNITS = dict(zip("zero un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
                 "seize".split(), [0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]))
TENS = {"vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
_SCALES = {"cent": 100, "cents": 100, "mille": 1000, "million": 10**6, "millions": 10**6,
           "milliard": 10**9, "milliards": 10**9}
_NUMBER_WORD = re.compile(r"[a-z]+")


def number_words(text: str) -> set[Decimal]:
    """Values of the numbers a text writes in words: runs of number words joined by spaces, hyphens
    or « et » (« vingt-cinq », « quatre-vingt-dix », « deux cent mille »). A lone « un », and a lone
    scale word after digits (« 3 millions »: the digits are read already), give nothing."""
    return {value for value, _, end in _word_runs(fold(text)) if value is not None}


def _word_runs(folded: str) -> list[tuple[Decimal | None, int, int]]:
    """(value, start, end) of each run of number words of a folded text; value None for a lone
    « un »/« une » (an article unless a unit follows: « un an ») and a lone scale word after digits."""
    found: list[tuple[Decimal | None, int, int]] = []
    run: list[re.Match[str]] = []
    for match in [*_NUMBER_WORD.finditer(folded), None]:
        word = match.group(0) if match else ""
        if word in UNITS or word in TENS or word in _SCALES or (word == "et" and run):
            run.append(match)
            continue
        while run and run[-1].group(0) == "et":
            run.pop()
        words = [m.group(0) for m in run]
        if run:
            skipped = words in (["un"], ["une"]) or all(w.startswith(("million", "milliard")) for w in words)
            found.append((None if skipped else Decimal(_words_value(words)), run[0].start(), run[-1].end()))
        run = []
    return found


def _words_value(words: list[str]) -> int:
    total, current = 0, 0
    for word in words:
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            # « quatre-vingt(s) » is 4 × 20; otherwise tens add (« soixante-dix » = 60 + 10).
            current = current * 20 if word.startswith("vingt") and current == 4 else current + TENS[word]
        elif word in ("cent", "cents"):
            current = max(current, 1) * 100
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
    return total + current


# The unit that follows a number, by kind; the first that matches wins (« m€ » is money, not metres).
# Ordinals and days of the month are one kind, « date »: a rank, never a quantity (« 1er septembre »).
_MONTHS = "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre"
_UNIT_KINDS = (("€", r"[mk]?€|eur\b|euros?\b"), ("%", r"%|pour ?cents?\b"), ("date", rf"(?:{_MONTHS})\b"),
               ("an", r"ans?\b|annees?\b"), ("mois", r"mois\b"), ("semaine", r"semaines?\b"),
               ("jour", r"jours?\b"), ("heure", r"h(?![a-z])|heures?\b"), ("minute", r"min\b|minutes?\b"),
               ("km", r"km\b|kilometres?\b"), ("m", r"m\b|metres?\b"))
_UNIT = re.compile(r"[ \t]*(?:(?:mille|millions?|milliards?)[ \t]*(?:d['’][ \t]*|de[ \t]+)?)?(?:"
                   + "|".join(f"(?P<k{i}>{pattern})" for i, (_, pattern) in enumerate(_UNIT_KINDS)) + ")")
_ORDINAL = re.compile(r"(?:er|re|ere|eme|e|nde?)\b")
# A rate is part of an amount's unit: « 500 € par mois » is not « 500 € » once.
_RATE = re.compile(r"[ \t]*(?:par|/|chaque)[ \t]*(mois|an|annee|semaine|jour|heure)s?\b|[ \t]*(mensuel|annuel)")
_RATE_WORDS = {"mensuel": "mois", "annuel": "an", "annee": "an"}
_GROUPED = r"\d{1,3}(?:[ .]\d{3})+(?!\d)"
DIGITS = re.compile(rf"(?<![\w,.])({_GROUPED}|\d+)(?:[,.](\d+))?")
# « 1. Déposer le dossier » numbers a list item: not a figure of the text.
_ITEM_NUMBER = re.compile(r"^[ \t]*\(?(\d{1,2})[.)][ \t]", re.MULTILINE)
# A number alone in a table cell or at the end of a line, its unit in a header or a label
# (« Tarif (€) | 90 »): it may stand for a number with any unit.
_CELL_END = re.compile(r"[ \t]*(?:\||\n|$)")
# « de 17 à 25 ans », « 17-25 ans », « entre 17 et 25 ans »: the first number takes the second's unit.
_RANGE = re.compile(r"[ \t]*(?:a|au|-|–|et|ou)[ \t]*$")


def _kind(folded: str, end: int, digits: bool) -> str:
    """The unit or kind of the number ending at `end`: « € », « an », « date », … or "" when none."""
    if digits and _ORDINAL.match(folded, end):
        return "date"  # « 1er », « 2e » (« 1er septembre » too)
    unit = _UNIT.match(folded, end)
    if not unit:
        return ""
    kind = next(_UNIT_KINDS[i][0] for i in range(len(_UNIT_KINDS)) if unit.group(f"k{i}") is not None)
    if kind == "€" and (rate := _RATE.match(folded, unit.end())):
        word = rate.group(1) or rate.group(2)
        kind = f"€/{_RATE_WORDS.get(word, word)}"
    return kind


def quantities(folded: str) -> set[tuple[Decimal, str]]:
    """(value, kind) of each number of a folded text (`french.fold`), in digits or in words, with the
    kind of its unit (`_UNIT_KINDS`, « €/mois » for a rate, « date » for a rank or a day of the month,
    "cell" for a number alone in a table cell or at a line's end, "" for another bare number).
    « un an », « une semaine » count as 1 with their unit."""
    items: list[tuple[Decimal, int, int, str]] = []
    items_at = {m.start(1) for m in _ITEM_NUMBER.finditer(folded)}
    for match in DIGITS.finditer(folded):
        if match.start() in items_at:
            continue
        integer, fraction = re.sub(r"\D", "", match.group(1)), match.group(2)
        value = Decimal(integer + (f".{fraction}" if fraction else "")).normalize()
        items.append((value, match.start(), match.end(), _kind(folded, match.end(), True)))
    for value, start, end in _word_runs(folded):
        kind = _kind(folded, end, False)
        if value is None and kind not in ("", "date") and folded[start:end] in ("un", "une"):
            value = Decimal(1)
        if value is not None:
            items.append((value, start, end, kind))
    items.sort(key=lambda item: item[1])
    found = set()
    for i, (value, start, end, kind) in enumerate(items):
        if not kind and i + 1 < len(items) and items[i + 1][3] and _RANGE.match(folded[end:items[i + 1][1]]):
            kind = items[i + 1][3]
        if not kind and _CELL_END.match(folded, end):
            kind = "cell"
        found.add((value, kind))
    return found
