"""Finds personal data in French text: e-mail, phone numbers, IBAN (mod-97), NIR (key checked), names.

Numbers are validated by their check digits, so a file number that merely looks like an IBAN or
a social security number is left alone. Names come from spaCy's French NER when a model is
installed (see `names.py`) and, always, from civility titles (« Mme Martin », « M. Durand »).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# Placeholder kind for each type of personal data, in French since the agent may see them.
EMAIL, PHONE, IBAN, NIR, PERSON = "EMAIL", "TELEPHONE", "IBAN", "NIR", "PERSONNE"

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
_PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
# Groups of an IBAN may be separated by spaces, hyphens or dots (« FR76-3000-6000-… »).
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ .-]?[A-Z0-9]){11,30}", re.IGNORECASE)
_NIR = re.compile(r"(?<![\dA-Za-z])([1-478])[ .]?(\d{2})[ .]?(\d{2})[ .]?(\d{2}|2[AB])[ .]?(\d{3})[ .]?(\d{3})"
                  r"[ .]?(\d{2})(?!\d)", re.IGNORECASE)
_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"
_TITLED_NAME = re.compile(
    rf"\b(?:M\.|MM\.|Mme|Mmes|Mlle|Monsieur|Madame|Mademoiselle|Maître|Me|Dr|Docteur|Pr|Professeur)\s+"
    rf"((?:[{_UPPER}][\w'’-]+)(?:\s+[{_UPPER}][\w'’-]+){{0,2}})")
# Typed in a hurry: « mme martin », « madame dupont jean ». Only unambiguous titles, and never a word
# that follows a title in ordinary French (« madame la présidente », « monsieur le maire »).
_LOWER_TITLE = re.compile(r"\b(?:mme|mmes|mlle|monsieur|madame|mademoiselle)\s+([a-zà-ÿ][\w'’-]+)", re.IGNORECASE)
_NOT_NAMES = frozenset("""le la les l un une des de du d et ou est a à au aux qui que quoi dont votre vos notre nos
son sa ses leur leurs ce cette cet mon ma mes ton ta tes vous nous il elle on se s y en ne pas plus
maire présidente président directrice directeur ministre préfète préfet conseillère conseiller députée député
sénatrice sénateur adjointe adjoint principale principal proviseure proviseur rectrice recteur juge docteure
docteur professeure professeur inspectrice inspecteur secrétaire responsable cheffe chef agent agente""".split())
# IBAN lengths of the countries an agent of the Région is likely to meet; others: 15 to 34.
_IBAN_LENGTHS = {"FR": 27, "MC": 27, "IT": 27, "DE": 22, "BE": 16, "ES": 24, "PT": 25, "LU": 20, "CH": 21,
                 "GB": 22, "NL": 18, "AT": 20, "IE": 22}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str
    value: str


def iban_valid(compact: str) -> bool:
    """ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 == 1."""
    compact = compact.upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact):
        return False
    expected = _IBAN_LENGTHS.get(compact[:2])
    if expected and len(compact) != expected:
        return False
    digits = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def nir_valid(digits: str) -> bool:
    """French social security number: key = 97 - (13 first digits mod 97); Corsica 2A/2B as 19/18."""
    compact = re.sub(r"[ .]", "", digits).upper()
    if len(compact) != 15:
        return False
    body = compact[:13].replace("2A", "19", 1) if compact[5:7] == "2A" else compact[:13]
    body = body.replace("2B", "18", 1) if compact[5:7] == "2B" else body
    if not body.isdigit() or not compact[13:].isdigit():
        return False
    return 97 - int(body) % 97 == int(compact[13:])


def _ibans(text: str) -> Iterable[Span]:
    for match in _IBAN.finditer(text):
        # The pattern may run into a following word: keep the longest prefix that validates.
        compact, ends = "", []
        for offset, char in enumerate(match.group(0)):
            if char not in " .-":
                compact += char
                ends.append(match.start() + offset + 1)
        for length in range(len(compact), 14, -1):
            if iban_valid(compact[:length]):
                end = ends[length - 1]
                yield Span(match.start(), end, IBAN, text[match.start():end])
                break


def _lowercase_names(text: str) -> Iterable[Span]:
    for match in _LOWER_TITLE.finditer(text):
        word = match.group(1)
        if word.lower().strip("'’") in _NOT_NAMES or word[0].isupper():
            continue  # an ordinary word, or a capitalised name the main pattern already took
        # One word only: the next lowercase one is more often the sentence going on than a first name.
        yield Span(match.start(1), match.end(1), PERSON, word)


def find_pii(text: str, names: Callable[[str], list[tuple[int, int]]] | None = None) -> list[Span]:
    """Non-overlapping spans in text order; on overlap the earlier, then longer, span wins."""
    spans: list[Span] = []
    spans += [Span(m.start(), m.end(), EMAIL, m.group(0)) for m in _EMAIL.finditer(text)]
    spans += list(_ibans(text))
    spans += [Span(m.start(), m.end(), NIR, m.group(0)) for m in _NIR.finditer(text) if nir_valid(m.group(0))]
    spans += [Span(m.start(), m.end(), PHONE, m.group(0)) for m in _PHONE.finditer(text)]
    spans += [Span(m.start(1), m.end(1), PERSON, m.group(1)) for m in _TITLED_NAME.finditer(text)]
    spans += list(_lowercase_names(text))
    if names is not None:
        spans += [Span(s, e, PERSON, text[s:e]) for s, e in names(text)]
    # Validated numbers first, so that a NIR is never half-taken as a phone number.
    priority = {EMAIL: 0, IBAN: 1, NIR: 2, PHONE: 3, PERSON: 4}
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (priority[s.kind], s.start, -(s.end - s.start))):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)
