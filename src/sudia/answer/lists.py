"""Lists a passage gives (« Les pièces à fournir sont : … »), to check that a generated list item
belongs to the list its lead-in names.

A model that writes « Les documents nécessaires sont : » then « - une carte envoyée au domicile »
states that the card is a document to give. Each item, read alone, may be in the passage (the card
is sent home) and still be wrong as a member of that list. So when a cited passage has a list whose
heading matches the lead-in, the item must be among that list's members.
"""

from __future__ import annotations

from dataclasses import dataclass

from sudia.answer.citations import passage_sentences
from sudia.answer.units import LIST_MARKER
from sudia.text.french import analyze


@dataclass(frozen=True)
class PassageList:
    heading: frozenset[str]  # terms of the sentence that ends with the colon
    members: frozenset[str]  # terms of what follows the colon, and of the bulleted lines after it


def passage_lists(text: str) -> list[PassageList]:
    """The lists of a passage: each line with a colon, what follows it, and the bulleted lines below."""
    lines = text.splitlines()
    found = []
    for i, line in enumerate(lines):
        if ":" not in line:
            continue
        before, _, after = line.partition(":")
        members = [after]
        for below in lines[i + 1:]:
            if not LIST_MARKER.match(below):
                break
            members.append(below)
        heading = (passage_sentences(before) or [""])[-1]
        terms = frozenset(analyze(" ".join(members)))
        if terms:
            found.append(PassageList(frozenset(analyze(heading)), terms))
    return found


def is_item(text: str) -> bool:
    """A bulleted or numbered line of generated text."""
    return bool(LIST_MARKER.match(text))


def outside_its_list(item: set[str], lead_in: set[str], lists: list[PassageList], coverage: float) -> bool:
    """The lead-in names a list of the passages (enough of its terms are that list's heading, two
    at least: « Voici : » names none) and the item is not among that list's members."""
    if len(lead_in) < 2 or not item:
        return False
    named = [lst for lst in lists if len(lead_in & lst.heading) / len(lead_in) >= coverage]
    return bool(named) and not any(len(item & lst.members) / len(item) >= coverage for lst in named)
