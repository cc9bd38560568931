"""Finds people with their role and organisation: 'Claire Vasseur, présidente de Nexaflow'."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sudia.observatoire.lexicon import ROLE_WORDS, SPEECH_VERBS
from sudia.observatoire.mentions import Mention
from sudia.observatoire.repair import fold_keep_length, is_all_caps

_ROLE = r"(?:" + "|".join(sorted((re.escape(r) for r in ROLE_WORDS), key=len, reverse=True)) + r")\b"
_AFTER = re.compile(rf"^\s*,\s*(?P<role>(?:[a-z-]+\s+){{0,2}}{_ROLE}[^,;:«»()]{{0,60}}?)\s*"
                    r"(?:\b(?:de|du|des|chez|d')\s*(?:la\s+|l'|le\s+)?)?$")
_BEFORE = re.compile(rf"(?P<role>{_ROLE}[^,;:«»()]{{0,40}}?)\s*(?::|,)\s*$")


@dataclass(frozen=True)
class PersonMention:
    name: str
    role: str
    organisation: str  # an actor name, or "" when none is given
    start: int
    end: int


def person_name(raw: str) -> str:
    """'Thomas REYNAUD' -> 'Thomas Reynaud'; particles stay lower-case."""
    words = re.sub(r"\s+", " ", raw).strip().split(" ")
    fixed = []
    for word in words:
        if is_all_caps(word):
            word = "-".join(p[:1] + p[1:].lower() for p in word.split("-"))
        fixed.append(word)
    return " ".join(fixed)


def find_people(text: str, persons: list[tuple[int, int]], mentions: list[Mention], focus: str) -> list[PersonMention]:
    """People named in one sentence; `persons` are NER spans, `focus` the document's main actor."""
    folded = fold_keep_length(text)
    found = []
    for start, end in persons:
        raw = text[start:end]
        words = raw.split()
        if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words if len(w) > 3):
            continue
        if any(m.start <= start < m.end for m in mentions):
            continue
        role, organisation = "", ""
        heading = re.search(rf"(?P<role>{_ROLE}[^,;:«»()]{{0,30}}?)\s*:\s*$", folded[max(0, start - 40):start])
        if heading:  # "Directrice : Hélène Garnier"
            offset = max(0, start - 40)
            role, organisation = text[offset + heading.start("role"):offset + heading.end("role")], focus
        after = [m for m in mentions if m.start >= end] if not role else []
        for mention in after:
            match = _AFTER.match(folded[end:mention.start])
            if match:
                role = text[end + match.start("role"):end + match.end("role")].strip()
                organisation = mention.name
                break
        if not role:
            match = re.match(rf"^\s*,\s*(?P<role>{_ROLE}[^,;:«»()]{{0,40}})", folded[end:])
            if match:
                role = text[end + match.start("role"):end + match.end("role")].strip()
                organisation = focus
        if not role:
            match = _BEFORE.search(folded[max(0, start - 50):start])
            if match:
                offset = max(0, start - 50)
                role = text[offset + match.start("role"):offset + match.end("role")].strip()
                organisation = focus
        spoken = any(v in folded[max(0, start - 30):start] or v in folded[end:end + 25] for v in SPEECH_VERBS)
        if role or spoken:
            found.append(PersonMention(person_name(raw), _tidy_role(role), organisation, start, end))
    return found


def _tidy_role(role: str) -> str:
    role = re.sub(r"\s+(?:de|du|des|chez|d'|d’)$", "", role.strip()).strip(" ,.")
    return role[:1].lower() + role[1:]
