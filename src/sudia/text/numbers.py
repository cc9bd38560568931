"""French numbers written in words (« quinze », « quatre-vingt-dix », « deux cent mille »), read as values.

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
    found: set[Decimal] = set()
    run: list[str] = []
    for word in [*_NUMBER_WORD.findall(fold(text)), ""]:
        if word in UNITS or word in TENS or word in _SCALES or (word == "et" and run):
            run.append(word)
            continue
        while run and run[-1] == "et":
            run.pop()
        if run and not (run in (["un"], ["une"]) or all(w.startswith(("million", "milliard")) for w in run)):
            found.add(Decimal(_words_value(run)))
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
