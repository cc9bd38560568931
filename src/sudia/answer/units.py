"""The pieces of a passage an extractive answer may quote: sentences, whole list items, table rows.

Each unit keeps its verbatim `quote` (for the citation and its highlighting) and a `shown` form for
the answer: a table row « Vélo à assistance électrique | 100 € » reads « Vélo à assistance
électrique : 100 € », with the names of its columns when the table has more than two; a list item
is shown whole and without its bullet or number; a stray list number (« 2. » cut from its item)
never starts an answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sudia.answer.citations import passage_sentences

# A bullet or an item number at the start of a line: « - », « • », « 1. », « 2) », « a) ».
LIST_MARKER = re.compile(r"^\s*(?:[-•*–·▪◦>]|\(?\d{1,2}[.)°]|\(?[a-z][)])\s+")
_LONE_NUMBER = re.compile(r"^\(?\d{1,2}[.)]?$")
# A step number that lost its dot in a PDF (« 1 Faire établir un devis. 2 Déposer la demande… »):
# one or two digits, then a capitalised word.
_BARE_NUMBER = re.compile(r"^\(?\d{1,2}\s+(?=[A-ZÀ-ÖØ-Ý][a-zà-ÿ])")
_LIST_ITEM_MAX = 400


@dataclass(frozen=True)
class Unit:
    shown: str  # what the answer says
    quote: str  # the exact text of the passage, for the citation
    context: str  # words that give the unit its meaning (table header, for a row)
    position: int
    kind: str = "sentence"  # "row", "item", "sentence", or "line" (a sentence that is its line whole)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _is_row(line: str) -> bool:
    return line.count("|") >= 1 and len([c for c in _cells(line) if c]) >= 2


def _is_header(cells: list[str]) -> bool:
    """A header names columns: no figure in it (a row of data nearly always has one)."""
    return not any(re.search(r"\d", c) for c in cells)


def show_row(cells: list[str], header: list[str] | None) -> str:
    cells = [c for c in cells]
    label, values = cells[0], cells[1:]
    if header and len(header) == len(cells) and len(cells) > 2:
        named = " ; ".join(f"{h} : {v}" if h else v for h, v in zip(header[1:], values) if v)
        return f"{label} — {named}" if label else named
    shown = " ; ".join(v for v in values if v)
    return f"{label} : {shown}" if label else shown


def without_marker(text: str) -> str:
    return LIST_MARKER.sub("", text, count=1).strip()


def passage_units(text: str) -> list[Unit]:
    units: list[Unit] = []
    header: list[str] | None = None
    previous_row = False
    for line in text.splitlines():
        if not line.strip():
            previous_row = False
            continue
        if _is_row(line):
            cells = _cells(line)
            if not previous_row and _is_header(cells):
                header, previous_row = cells, True
                continue  # a header alone answers nothing: it is shown with each of its rows
            if not previous_row:
                header = None
            previous_row = True
            units.append(Unit(show_row(cells, header), line.strip(), " ".join(header or []), len(units), "row"))
            continue
        previous_row = False
        stripped = line.strip()
        if LIST_MARKER.match(stripped) and len(stripped) <= _LIST_ITEM_MAX:
            units.append(Unit(without_marker(stripped), stripped, "", len(units), "item"))
            continue
        pending = ""
        whole = len(passage_sentences(line)) == 1
        for sentence in passage_sentences(line):
            if _LONE_NUMBER.match(sentence.strip()):
                pending = sentence  # « 2. » split from its item by the sentence splitter
                continue
            quote = sentence
            if pending:
                joined = re.search(re.escape(pending) + r"\s*" + re.escape(sentence), line)
                quote = joined.group(0) if joined else sentence
                pending = ""
            shown = _BARE_NUMBER.sub("", without_marker(quote)) or quote
            units.append(Unit(shown, quote, "", len(units), "line" if whole else "sentence"))
    return units


_HEADING_WORDS = 8


def answers(unit: Unit, holds_fact: bool = False) -> bool:
    """Whether a unit may answer: not a question (« Qui peut l'obtenir ? »), not a heading (a short
    line of its own without a verb's final stop: « Fiche 5 — Le Parcours Santé »), unless that
    line holds the asked fact (« Duplicata de carte 20 € », a table row whose bars were lost)."""
    text = unit.quote.rstrip()
    # A long sentence that ends with « ? » and holds the asked fact is a statement quoted as a question
    # (« … ont observé que 15 000 jeunes s'inscrivent … et que 4 000 finissent ? »), not a FAQ heading.
    if unit.kind in ("sentence", "line") and text.endswith("?") and not (holds_fact and len(text.split()) >= 12):
        return False
    heading = unit.kind == "line" and not re.search(r"[.!:;…)»\"]$", text) and len(text.split()) < _HEADING_WORDS
    return holds_fact or not heading
