"""Which organisation a person belongs to, from the shape of the sentence around the two names.

`people` first reads the person's own apposition ("X, présidente de Y", "X (Y)"); these patterns
cover the constructions where the organisation comes first and the person after it:
- the organisation owns the role: "Y, dont le président X", "Y, avec son directeur X";
- the role is said of the organisation before the name: "le président de Y, X", "la directrice de Y X";
- a participle links them: "Y, fondée par X et Z", "Y est dirigée par X";
- the person heads it: "X, à la tête de Y", "X, qui dirige Y".
The organisation is always a name the sentence itself holds (a mention); nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sudia.observatoire.lexicon import ROLE_WORDS
from sudia.observatoire.mentions import Mention
from sudia.observatoire.repair import fold_keep_length

_ROLE = r"(?:" + "|".join(sorted((re.escape(r) for r in ROLE_WORDS), key=len, reverse=True)) + r")s?\b"  # plurals too
_ARTICLE = r"(?:le|la|l'|les|son|sa|ses|leur)\s*"
# Other people named before this one in the same clause: "fondée par Julie Bernard et Hugo Petit".
_PEOPLE_BEFORE = r"(?:[A-ZÀ-ÖØ-Þ][\wà-ÿ'’-]+(?:\s+(?:de\s+|d['’])?[A-ZÀ-ÖØ-Þ][\wà-ÿ'’-]+){0,3}\s*(?:,|\bet\b)\s*)*"
# "Y, dont le président X", "Y, avec sa directrice générale X" (folded text)
_OWNS_ROLE = re.compile(rf"^\s*[»\"]?\s*(?:\([^)]{{0,40}}\)\s*)?,?\s*(?:dont|avec|et)\s+{_ARTICLE}(?:[a-z-]+\s+){{0,2}}"
                        rf"(?P<role>{_ROLE}(?:\s+[a-z-]+){{0,2}})\s*,?\s*$")
# "Y, fondée par X", "Y est dirigée depuis 2020 par X" (original text: the people before keep their capitals)
# (or after a short noun phrase in apposition: "Y en avril, le « cloud communautaire » lancé par X")
_PARTICIPLE = re.compile(rf"^\s*[»\"]?\s*(?:(?i:en)\s+\w+\s*)?,?\s*(?:(?i:le|la|l'|un|une)\s*[^,;:.()]{{0,40}}?\s)?"
                         rf"(?i:(?:qui\s+)?(?:est|a\s+été|était|sera)\s+)?(?i:co-?)?(?P<verb>(?i:fondée?s?|"
                         rf"créée?s?|lancée?s?|dirigée?s?|présidée?s?|pilotée?s?|animée?s?|gérée?s?))"
                         rf"(?:\s+(?i:en|depuis)\s+\d{{4}})?\s+(?i:par)\s+{_PEOPLE_BEFORE}$")
_VERB_ROLE = {"fond": "fondateur", "cree": "fondateur", "lanc": "fondateur", "dirig": "dirigeant", "presid": "président",
              "pilot": "responsable", "anim": "responsable", "gere": "gérant"}
# "le président de Y, X" (folded text before the organisation)
_ROLE_OF = re.compile(rf"(?P<role>{_ROLE}(?:\s+[a-z-]+){{0,2}})\s+(?:de\s+la|de\s+l'|du|des|de|d')\s*"
                      r"(?:(?:societe|start-?up|entreprise|groupe|association|agence|incubateur|laboratoire|pole|"
                      r"cluster|fonds)\s+)?$")
_KIND_WORD = (r"(?:societe|start-?up|jeune pousse|pepite|medtech|deeptech|entreprise|groupe|association|agence|"
              r"incubateur|laboratoire|pole|cluster|fonds|ecole)")
_LINK = r"(?:de\s+la|de\s+l'|du|des|de|d'|chez|a\s+l'|au|aux)"
# "X est l'un des associés fondateurs de la start-up toulonnaise Y", "X, maire de Nice, président de la
# métropole Y": the role may follow "est", and the last of several appositions names the organisation.
_ROLE_TO_ORG = re.compile(rf"^\s*[,–—-]?\s*(?:(?:est|etait|devient|reste|sera)\s+)?"
                          rf"(?:(?:le\s+|la\s+|l')?(?:[a-z-]+\s+)?{_ROLE}[^,;:.«»()]{{0,50}},\s*){{0,2}}"
                          rf"(?:(?:l'une?|un|une)\s+des\s+|(?:le|la|l'|un|une|son|sa|leur)\s*)?(?:[a-z-]+\s+){{0,2}}"
                          rf"(?P<role>{_ROLE}[^,;:.«»()]{{0,50}}?)\s+{_LINK}\s*(?:{_KIND_WORD}(?:\s+[a-z-]+)?\s+)?$")
# "X, à la tête de Y", "X, qui dirige Y" (folded text after the person)
_HEADS = re.compile(r"^\s*,?\s*(?:qui\s+)?(?P<role>a la tete|dirige|preside|a fonde|a cofonde|a cree|pilote|ont fonde|"
                    r"ont cofonde|ont cree|dirigent|president)\s+"
                    r"(?:(?:de\s+la|de\s+l'|du|des|de|d')\s*)?(?:(?:la|le|l')\s*)?"
                    r"(?:(?:societe|start-?up|entreprise|groupe|association|agence|incubateur|laboratoire)\s+)?$")


# "Kelvo a nommé X", "Kelvo recrute X": the organisation that hires or appoints the person (folded text)
_HIRED = re.compile(r"^\s*(?:a\s+|vient\s+d[e']\s*)?(?:nomme|recrute|embauche|choisi|designe|accueille|"
                    r"a\s+nomme|a\s+recrute|a\s+embauche|a\s+choisi|a\s+designe)\s+$")
# A sentence opened by a participle and its people: "Cofondée par X et Y, la start-up Kelvo …"
_OPENING_PARTICIPLE = re.compile(r"^\s*(?i:co-?)?(?P<verb>(?i:fondée?s?|créée?s?|lancée?s?|dirigée?s?|présidée?s?))"
                                 r"(?:\s+(?i:en|depuis)\s+\d{4})?\s+(?i:par)\s+" + _PEOPLE_BEFORE + r"$")


@dataclass(frozen=True)
class Affiliation:
    role: str
    organisation: str


def affiliation(text: str, start: int, end: int, mentions: list[Mention]) -> Affiliation | None:
    """The organisation of the person at [start, end) of `text`, from the patterns above, or None."""
    folded = fold_keep_length(text)
    before = [m for m in mentions if m.end <= start]
    nearest = max(before, key=lambda m: m.end) if before else None
    if nearest is not None and start - nearest.end <= 120:
        gap, folded_gap = text[nearest.end:start], folded[nearest.end:start]
        owns = _OWNS_ROLE.match(folded_gap)
        if owns:
            return Affiliation(gap[owns.start("role"):owns.end("role")], nearest.name)
        led = re.fullmatch(r"\s*,\s*qu[e']\s*(?:dirige|preside|pilote|anime|gere|a fonde|a cree|ont fondee?|ont creee?)\s+"
                           r"(?:depuis\s+\d{4}\s+)?", folded_gap)
        if led:  # "la start-up Kelvo, que dirige X"
            return Affiliation("", nearest.name)
        participle = _PARTICIPLE.match(gap)
        if participle:
            verb = fold_keep_length(participle.group("verb"))
            role = next((r for stem, r in _VERB_ROLE.items() if verb.startswith(stem)), "")
            return Affiliation(role, nearest.name)
        if re.fullmatch(r"\s*,\s*", folded_gap) and re.search(r"(?:^|\s)chez\s*$", folded[max(0, nearest.start - 8):nearest.start]):
            return Affiliation("", nearest.name)  # "Chez Kelvo, Paul Martin pilote…"
        if re.fullmatch(r"\s*(?:(?:depuis|en|de)\s+\d{4}(?:\s+a\s+\d{4})?\s*)?,?\s*", folded_gap):
            role_of = _ROLE_OF.search(folded[max(0, nearest.start - 60):nearest.start])
            if role_of:
                offset = max(0, nearest.start - 60)
                return Affiliation(text[offset + role_of.start("role"):offset + role_of.end("role")], nearest.name)
    if nearest is not None and start - nearest.end <= 80:
        hired = _HIRED.match(folded[nearest.end:start])
        if hired:  # "Kelvo a nommé X", "Kelvo recrute X au poste de…"
            role = re.match(rf"\s*(?:au\s+poste\s+d[e']\s*|comme\s+|en\s+tant\s+que\s+)(?P<role>{_ROLE}(?:\s+[a-z-]+){{0,2}})",
                            folded[end:end + 60])
            return Affiliation(text[end + role.start("role"):end + role.end("role")] if role else "", nearest.name)
    after = [m for m in mentions if m.start >= end and m.start - end <= 120]
    opening = _OPENING_PARTICIPLE.search(text[:start])
    if opening and after:  # "Cofondée par X et Y, la start-up Kelvo…": the organisation after the phrase
        following = [m for m in after if re.fullmatch(r"(?:\s*(?:,|\bet\b)\s*[A-ZÀ-ÖØ-Þ][\wà-ÿ'’-]+(?:\s+[A-ZÀ-ÖØ-Þ][\wà-ÿ'’-]+){0,3})*"
                                                      r"\s*,\s*(?:(?i:la|le|l')\s*)?(?:[\wà-ÿ-]+\s+){0,2}", text[end:m.start])]
        if following:
            verb = fold_keep_length(opening.group("verb"))
            return Affiliation(next((r for stem, r in _VERB_ROLE.items() if verb.startswith(stem)), ""),
                               min(following, key=lambda m: m.start).name)
    if after:
        first = min(after, key=lambda m: m.start)
        # "X et Y ont fondé Kelvo": the people coordinated with this one share the verb
        others = re.match(r"(?:\s*(?:,|\bet\b)\s*[A-ZÀ-ÖØ-Þ][\wà-ÿ'’-]+(?:\s+[A-ZÀ-ÖØ-Þ][\wà-ÿ'’-]+){0,3})*", text[end:first.start])
        skip = others.end() if others else 0
        heads = _HEADS.match(folded[end + skip:first.start])
        if heads:
            return Affiliation(text[end + skip + heads.start("role"):end + skip + heads.end("role")], first.name)
        heads = _HEADS.match(folded[end:first.start])
        if heads:
            return Affiliation(text[end + heads.start("role"):end + heads.end("role")], first.name)
        role_to = _ROLE_TO_ORG.match(folded[end:first.start])
        if role_to:
            return Affiliation(text[end + role_to.start("role"):end + role_to.end("role")].strip(), first.name)
    return None
