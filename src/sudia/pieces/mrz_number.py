"""Settles an MRZ document number among the readings when its check digit agrees by chance.

A check digit catches one substitution but one reading in ten with a dropped, inserted or
misread character still agrees (BSSAFHVST for 85SAFHVG5, KLBHYADEO for KLBH9A0E0). Every OCR
pass of the zone and the number printed elsewhere on the page are independent readings of the
same characters: the candidates whose check digit agrees, whose other check digits do not get
worse, are ranked by their total distance to all these readings, where confusions typical of
OCR (O/0, S/5, B/8...) cost a quarter of any other edit. The reading stays as it is unless a
candidate is strictly closer to the evidence.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sudia.pieces import mrz
from sudia.pieces.mrz import FILLER, check_digit
from sudia.pieces.types import MrzData

# where the number sits in the parsed lines: (line, start, length); its check digit follows it
NUMBER = {"TD1": (0, 5, 9), "TD3": (1, 0, 9), "TD2": (1, 0, 9), "FR-CNI": (1, 0, 12)}
_SIMILAR = ["0ODQU", "1ILT", "8B", "5S", "2Z", "6G", "4A"]
CHEAP, EDIT = 0.25, 1.0


def substitution_cost(a: str, b: str) -> float:
    if a == b:
        return 0.0
    return CHEAP if any(a in group and b in group for group in _SIMILAR) else EDIT


def distance(candidate: str, source: str) -> float:
    """Weighted edit distance from `candidate` to the start of `source` (the source's characters
    after the match are free: a window that starts where the number should)."""
    previous = [j * EDIT for j in range(len(source) + 1)]
    for i, a in enumerate(candidate, 1):
        current = [i * EDIT] + [0.0] * len(source)
        for j, b in enumerate(source, 1):
            current[j] = min(previous[j - 1] + substitution_cost(a, b), previous[j] + EDIT, current[j - 1] + EDIT)
        previous = current
    return min(previous)


def _candidates(windows: list[str], tokens: list[str], n: int) -> set[str]:
    seeds = set()
    for w in windows:
        seeds.add(w[:n])
        seeds.update((w[:i] + w[i + 1:])[:n] for i in range(n))  # one character inserted
    seeds.update(t for t in tokens if len(t) == n)
    out = set(seeds)
    for s in seeds:
        for i, ch in enumerate(s):
            out.update(s[:i] + alt + s[i + 1:] for group in _SIMILAR if ch in group for alt in group)
    return {c for c in out if len(c) == n}


def settle_number(best: MrzData, raw_lines: list[list[str]], printed: str, today: date | None = None,
                  engines: list[str] | None = None) -> MrzData:
    """`best` with the document number closest to every reading (`raw_lines`: the lines of each OCR
    pass of the zone; `printed`: the page's text without the MRZ), among the numbers whose own
    check digit agrees; `best` itself when its number's check digit fails or none is closer.
    `engines`: the engine of each reading; passes of one engine share one reading's weight, as
    their mistakes are alike (two binarisations read by tesseract drop the same character)."""
    if best.format not in NUMBER or not best.check_digits.get("numéro"):
        return best
    line, start, n = NUMBER[best.format]
    lines = list(best.lines)
    current = lines[line][start:start + n]
    digit = lines[line][start + n]
    engines = engines or [str(k) for k in range(len(raw_lines))]
    kept = [(r[line][start:start + n + 3], e) for r, e in zip(raw_lines, engines) if len(r) > line]
    windows = [w for w, _ in kept]
    weights = [1 / sum(e == other for _, other in kept) for _, e in kept]
    tokens = [t for t in set(printed.split()) if abs(len(t) - n) <= 1 and any(c.isdigit() for c in t)]

    def cost(candidate: str) -> float:
        """Distance to the readings, less a hundredth per reading that has the candidate verbatim
        (equal distances: the number some pass read as it is)."""
        verbatim = sum(w[:n] == candidate for w in windows) + (candidate in tokens)
        # the check digit read after the number anchors its end: a number one character short
        # or long costs its edit even when the rest of the window matches
        total = sum(wt * distance(candidate + digit, w) for w, wt in zip(windows, weights))
        # the printed number, when the page has one: any other printed token costs the same to all
        return total + min([distance(candidate, t) + EDIT * max(0, len(t) - n) for t in tokens] + [n / 3]) \
            - 0.01 * verbatim

    best_cost, chosen = cost(current), best
    checks = sum(best.check_digits.values())
    for candidate in sorted(_candidates(windows, tokens, n) - {current}):
        if check_digit(candidate) != digit or candidate.rstrip(FILLER) != candidate.rstrip(FILLER).strip(FILLER):
            continue
        c = cost(candidate)
        if c >= best_cost:
            continue
        changed = lines[:]
        changed[line] = changed[line][:start] + candidate + changed[line][start + n:]
        parsed = mrz.parse("\n".join(changed), today)
        if parsed is None or parsed.format != best.format or sum(parsed.check_digits.values()) < checks \
                or parsed.document_number != candidate.rstrip(FILLER):
            continue
        best_cost, chosen = c, replace(best, lines=parsed.lines, document_number=parsed.document_number,
                                       check_digits=parsed.check_digits)
    return chosen


def printed(number: str, printed_text: str) -> bool:
    """Whether the page prints `number` outside the MRZ, 0 and O aside (the printed typeface does
    not tell them apart). Any other difference (S for 5) leaves the number to more readings."""
    folded = number.replace("O", "0")
    return any(t.replace("O", "0") == folded for t in printed_text.split())
