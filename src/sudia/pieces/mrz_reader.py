"""Reads the MRZ of a page from several OCR passes and keeps the reading the check digits prefer.

Each pass (the page's French OCR, the MRZ region read again in French and with the MRZ alphabet)
makes different mistakes: a character dropped or inserted shifts a whole line. For each line,
variants with one character deleted or one filler inserted are scored by the check digits that
line carries alone; the best variants of each line are combined across passes and every
combination is parsed: the one with the most agreeing check digits wins, then the cleanest names.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from datetime import date

from sudia.pieces import mrz
from sudia.pieces.mrz import LENGTHS, check_digit
from sudia.pieces.mrz_number import settle_number
from sudia.pieces.names import fold
from sudia.pieces.types import MrzData

_TO_DIGIT = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "Z": "2", "B": "8", "S": "5",
                           "G": "6", "<": "0"})



# check digits each line carries on its own: (start, end, check position)
LOCAL = {("TD1", 0): [(5, 14, 14)], ("TD1", 1): [(0, 6, 6), (8, 14, 14)],
         ("TD3", 1): [(0, 9, 9), (13, 19, 19), (21, 27, 27)], ("TD2", 1): [(0, 9, 9), (13, 19, 19), (21, 27, 27)],
         ("FR-CNI", 1): [(0, 12, 12), (27, 33, 33)]}


def _local_score(fmt: str, index: int, line: str) -> float:
    checks = LOCAL.get((fmt, index))
    if checks:
        return _nationality_score(fmt, index, line) + sum(check_digit(line[s:e] if not line[s:e].translate(_TO_DIGIT).isdigit() else line[s:e].translate(_TO_DIGIT))
                   == line[at].translate(_TO_DIGIT) for s, e, at in checks)
    return 0.0


NATIONALITY = {("TD1", 1): (15, 18), ("TD3", 1): (10, 13), ("TD2", 1): (10, 13)}


def _nationality_score(fmt: str, index: int, line: str) -> float:
    """A nationality is three letters, most often the issuing state's: a deletion that leaves RAO
    or TK< in its place is less likely than one that leaves FRA."""
    span = NATIONALITY.get((fmt, index))
    if span is None:
        return 0.0
    code = line[span[0]:span[1]]
    if not code.isalpha():
        return -0.5
    return 0.25 if code == "FRA" else 0.0


def _junk(line: str) -> int:
    """Letters standing where fillers should be: K, L, E, X, S, C between or after fillers."""
    return len(re.findall(r"(?<=<)[KLEXSC]+(?=<|$)", line))


def _variants(line: str, width: int) -> list[str]:
    out = {line[:width].ljust(width, "<"), mrz.fit_filler_run(line, width)[:width].ljust(width, "<")}
    if len(line) > width:
        for i in range(min(len(line), width + 2)):
            shorter = line[:i] + line[i + 1:]
            out.add(shorter[:width].ljust(width, "<"))
            if len(line) > width + 1:  # two characters too many: two deletions in the data part
                for j in range(i, min(len(shorter), 20)):
                    out.add((shorter[:j] + shorter[j + 1:])[:width].ljust(width, "<"))
    for m in re.finditer(r"(?<=[A-Z])[KX](?=<)|(?<=<)[KX](?=[A-Z<])", line):  # a filler read as K or X
        out.add((line[:m.start()] + "<" + line[m.end():])[:width].ljust(width, "<"))
    if len(line) < width:
        for m in re.finditer(r"<", line):
            out.add((line[:m.start()] + "<" + line[m.start():])[:width].ljust(width, "<"))
    return sorted(out)  # sorted: ties are broken the same way on every run


def best_reading(texts: list[str], today: date | None = None, page_text: str = "",
                 engines: list[str] | None = None) -> MrzData | None:
    """The best MRZ among OCR `texts` of the same zone; None when none has a recognisable MRZ.

    Ties between readings whose check digits all agree are broken by the visual zone: the
    document number and surname printed elsewhere on the page (`page_text`). `engines` names the
    OCR engine of each text: two passes of one engine count as one reading of the number."""
    page_text = printed_zone(page_text)
    visual = page_text.replace(" ", "").replace("\n", "")
    printed_words = set(page_text.split())
    groups: dict[str, list[list[str]]] = {}  # insertion-ordered: the page's own OCR first
    sources: dict[str, list[str]] = {}  # the engine of each reading (passes of one engine err alike)
    for k, text in enumerate(texts):
        found = _raw_lines(mrz.candidate_lines(text))
        if found:
            groups.setdefault(found[0], []).append(found[1])
            sources.setdefault(found[0], []).append(engines[k] if engines else str(k))
    best: MrzData | None = None
    best_score: tuple[float, float] = (-1, -1)
    for fmt, readings in groups.items():
        width = LENGTHS[fmt][0]
        per_line = []
        for i in range(len(readings[0])):
            scored: dict[str, float] = {}
            for r in readings:
                fitted = r[i][:width].ljust(width, "<")
                for v in _variants(r[i], width):
                    # check digits first; then fewer edits, a raw line of the right length, fewer stray letters
                    score = (_local_score(fmt, i, v) - 0.3 * (v != fitted) - 0.1 * abs(len(r[i]) - width)
                             - 0.05 * _junk(v))
                    scored[v] = max(scored.get(v, -99.0), score)
            ranked = sorted(scored, key=lambda v: (-scored[v], v))
            per_line.append(ranked[:4])
        for combo in itertools.islice(itertools.product(*per_line), 128):
            parsed = mrz.parse("\n".join(combo), today, visual=page_text)
            if parsed is None or parsed.format != fmt:
                continue
            given = parsed.given_names.split()
            # given names as whole printed words: EROME is inside JEROME but is not a name printed
            seen = ((parsed.document_number in visual) + (parsed.surname.replace(" ", "") in visual)
                    + (sum(g in printed_words for g in given) / len(given) if given else 0))
            edits = sum(line != r[i][:width].ljust(width, "<") for r in readings[:1] for i, line in enumerate(combo))
            score = (sum(parsed.check_digits.values()) + seen, sum(_local_score(fmt, i, line) for i, line in enumerate(combo)) - 0.3 * edits)
            if score > best_score:
                agreeing = min(sum(r[i][:width].ljust(width, "<") == line for r in readings)
                               for i, line in enumerate(combo))
                best, best_score = replace(parsed, agreeing_readings=max(1, agreeing)), score
    if best is not None:
        best = settle_number(best, groups[best.format], page_text, today, sources[best.format])
    if best is not None and visual:
        best = replace(best, surname=_unglue(best.surname, visual), given_names=_unglue(best.given_names, visual))
    return best


def printed_zone(page_text: str) -> str:
    """The page's text without its MRZ lines, upper case and without accents, one line per line:
    the MRZ's own lines would confirm whatever was misread in them, and the printed « Théo » must
    match the zone's THEO."""
    return "\n".join(fold(line) for line in page_text.splitlines() if "<" not in line and "«" not in line)


def _unglue(names: str, visual: str) -> str:
    """A filler read as K, X, L, E or C glued to a name (BRUNOK, XTHEO): the printed zone has BRUNO, THEO."""
    out = []
    for name in names.split():
        if name not in visual and len(name) > 3:
            if name[-1] in "KXLEC" and name[:-1] in visual:
                name = name[:-1]
            elif name[0] in "KXLEC" and name[1:] in visual:
                name = name[1:]
        out.append(name)
    return " ".join(out)


def _raw_lines(lines: list[str]) -> tuple[str, list[str]] | None:
    found = mrz.detect_format(lines)
    if found is None:
        return None
    fmt, fitted = found
    n = len(fitted)
    # detect_format fitted the lines; give back the raw ones so that variants see the real lengths
    width = LENGTHS[fmt][0]
    for i in range(len(lines) - n + 1):
        group = [x if len(x) <= width + 3 else x[:width] for x in lines[i:i + n]]
        if [x[:LENGTHS[fmt][0]].ljust(LENGTHS[fmt][0], "<") for x in group] == fitted or all(
                abs(len(x) - LENGTHS[fmt][0]) <= 3 for x in group):
            return fmt, group
    return fmt, fitted
