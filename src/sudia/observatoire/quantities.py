"""Finds amounts in French text ('3 milliards d'euros', '8 M€', '40 mégawatts', '1 200m2', '45 salariés')."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sudia.observatoire.repair import fold_keep_length
from sudia.text.numbers import TENS, UNITS, _words_value

_NUMBER = r"(?<![\d.,])(?P<int>\d{1,3}(?:[ \u00a0\u202f.]\d{3})+|\d+)(?:,(?P<dec>\d+))?"
_MULT = r"(?P<mult>milliards?|mds?(?=\s*(?:€|d'|de|eur))|md(?=€)|millions?|mns?\b|mille\b|k(?=\s*€)|m(?=\s*(?:€|eur\b|d'eur)))"
_JOBS = (r"salari[eé]e?s?|emplois?|collaborateurs?|collaboratrices?|personnes|ingenieure?s?|chercheurs?|chercheuses|etp|"
         r"personnels|permanents|informaticiens|"
         r"equivalents? temps plein|scientifiques|"
         r"enseignants?-chercheurs?|employes?|postes?|techniciens?|developpeurs?|agents|data scientists")
_COUNTS = (r"visiteurs?|participants?|exposants?|start-?ups?|jeunes pousses|etudiants?|eleves|doctorants?|"
           r"entreprises|membres|projets|conferenciers|adherents|stagiaires|diplomes|inscrits|festivaliers|"
           r"spectateurs|laureats|partenaires")
_UNIT = (r"(?P<unit>€|euros?\b|eur\b|mw\b|megawatts?|gw\b|gigawatts?|kw\b|m2\b|metres? carres|hectares?|ha\b|"
         rf"(?P<persons>{_JOBS})\b|(?P<counted>{_COUNTS})\b|(?P<money>investissements?|budget|chiffre d'affaires|financements?)\b)")
_AMOUNT = re.compile(rf"{_NUMBER}\s*(?:{_MULT}\s*)?(?:d'\s*|de\s+)?{_UNIT}")
# "une centaine d'emplois", "un millier de salariés", "deux milliards d'euros": figures written in words.
_APPROX = {"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
           "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000}
_WORDS = {**{w: v for w, v in UNITS.items() if v}, **TENS, "cent": 100}  # before « millions », « milliards »
_IN_WORDS = re.compile(rf"(?<![\w-])(?:(?:une?|quelque)\s+(?P<approx>{'|'.join(_APPROX)})\s*(?:d'\s*|de\s+)"
                       rf"|(?P<word>{'|'.join(_WORDS)})\s+(?P<mult>milliards?|millions?)\s*(?:d'\s*|de\s+)){_UNIT}")
# "Soixante-dix personnes y travailleront", "vingt-cinq ingénieurs": a head count written in words
# (only people: an amount or a power in words is rare and read above when millions follow).
_CARDINAL_WORDS = ("zero|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|"
                   "seize|vingts?|trente|quarante|cinquante|soixante|cents?|mille")
_CARDINAL = re.compile(rf"(?<![\w-])(?P<card>(?:(?:{_CARDINAL_WORDS}|et)[\s-]+)*(?:{_CARDINAL_WORDS}))\s+"
                       rf"(?:de\s+|d'\s*)?(?P<persons>{_JOBS})\b")
# "effectif porté à une soixantaine en 2018", "un effectif de 120": the head count says its unit before.
_STAFF_BEFORE = re.compile(rf"\beffectifs?\s+(?:(?:sera|est|a ete|devrait etre)\s+)?(?:porte|passe|estime|atteint|de|"
                           rf"monte|ramene)\s+(?:a\s+)?(?:(?:une?|quelque)\s+(?P<approx>{'|'.join(_APPROX)})\b|{_NUMBER}"
                           rf"(?![\d,]|\s*(?:%|ans\b|mois\b|m2|metres|hectares|€|euros|millions|milliards)))")
# "300 étudiants en 2024, contre 180 en 2022": the second figure shares the first one's unit.
# The number is read whole before the look-ahead ("dont 40 %" is no "4"): a share or a duration is no figure.
_ELLIPSIS = re.compile(rf"\b(?:contre|apres|au lieu de|puis|dont)\s+{_NUMBER}(?![\d,]|\s*(?:%|pour ?cent|ans\b|mois\b))")

# "a levé 5 millions auprès de…": millions with no unit are euros after a money word; not "5 millions de
# visiteurs" (a unit follows) nor a bare count with no money word before it.
_BARE_MILLIONS = re.compile(rf"{_NUMBER}\s*(?P<mult>milliards?|millions?)\b(?!\s*(?:d'|de\s|d’))")
_MONEY_BEFORE = re.compile(r"\b(?:lev\w*|invest\w*|budget|chiffre d'affaires|financ\w*|dot\w*|enveloppe|montant|"
                           r"somme|tour de table|subvention\w*|injecte\w*|mobilis\w*)\b[^.;]{0,40}$")

_MULTIPLIERS = {"milliard": 1e9, "md": 1e9, "mds": 1e9, "million": 1e6, "mn": 1e6, "mns": 1e6, "m": 1e6,
                "mille": 1e3, "k": 1e3}


@dataclass(frozen=True)
class Quantity:
    """An amount found at [start, end) of the text, already in canonical units."""

    value: float
    dimension: str  # eur, mw, m2, jobs, count
    unit: str  # canonical unit, or the counted noun for `count`
    start: int
    end: int


def find_quantities(text: str) -> list[Quantity]:
    folded = fold_keep_length(text)
    found: list[Quantity] = []
    for match in _AMOUNT.finditer(folded):
        quantity = _quantity(match, text, _number(match.group("int"), match.group("dec")))
        if quantity is not None:
            found.append(quantity)
    for match in _IN_WORDS.finditer(folded):
        value = _APPROX[match.group("approx")] if match.group("approx") else _WORDS[match.group("word")]
        quantity = _quantity(match, text, value)
        if quantity is not None and not any(q.start < quantity.end and quantity.start < q.end for q in found):
            found.append(quantity)
    for match in _CARDINAL.finditer(folded):
        words = [w for w in re.split(r"[\s-]+", match.group("card")) if w != "et"]
        if words in (["un"], ["une"]):
            continue  # "une personne": an article, no head count
        value = float(_words_value(words))
        if value >= 2 and not any(q.start < match.end() and match.start() < q.end for q in found):
            found.append(Quantity(value, "jobs", "persons", match.start(), match.end()))
    for match in _STAFF_BEFORE.finditer(folded):
        start = match.start("approx") if match.group("approx") else match.start("int")
        value = _APPROX[match.group("approx")] if match.group("approx") else _number(match.group("int"), match.group("dec"))
        if not any(q.start <= start < q.end for q in found):
            found.append(Quantity(value, "jobs", "persons", match.start(), match.end()))
    for match in _BARE_MILLIONS.finditer(folded):
        after_euros = any(q.dimension == "eur" and 0 <= match.start() - q.end <= 25 for q in found)  # "de 10 M€ à 80 millions"
        if (after_euros or _MONEY_BEFORE.search(folded[max(0, match.start() - 60):match.start()])) \
                and not any(q.start < match.end() and match.start() < q.end for q in found):
            value = _number(match.group("int"), match.group("dec")) * _MULTIPLIERS[match.group("mult").rstrip("s")]
            found.append(Quantity(value, "eur", "EUR", match.start(), match.end()))
    for match in _ELLIPSIS.finditer(folded):
        before = [q for q in found if q.end <= match.start() and q.dimension in ("jobs", "count")]
        if before and not any(q.start <= match.start("int") < q.end for q in found):
            ref = before[-1]
            value = _number(match.group("int"), match.group("dec"))
            found.append(Quantity(value, ref.dimension, ref.unit, match.start("int"), match.end()))
    return sorted(found, key=lambda q: q.start)


def _number(integer: str, decimal: str | None) -> float:
    digits = re.sub(r"[ \u00a0\u202f.]", "", integer)
    return float(f"{digits}.{decimal}") if decimal else float(digits)


def _quantity(match: re.Match[str], text: str, value: float) -> Quantity | None:
    mult = (match.group("mult") or "").rstrip("s") if match.group("mult") not in ("mds",) else "mds"
    value *= _MULTIPLIERS.get(mult, 1.0)
    unit = match.group("unit")
    start, end = match.start(), match.end()
    if unit in ("€", "euro", "euros", "eur"):
        return Quantity(value, "eur", "EUR", start, end)
    if match.group("money"):  # "45 millions d'investissement": euros go without saying after millions
        if mult not in ("milliard", "md", "mds", "million", "mn", "mns"):
            return None
        return Quantity(value, "eur", "EUR", start, match.start("money"))
    if unit in ("mw", "megawatt", "megawatts"):
        return Quantity(value, "mw", "MW", start, end)
    if unit in ("gw", "gigawatt", "gigawatts"):
        return Quantity(value * 1000, "mw", "MW", start, end)
    if unit == "kw":
        return Quantity(value / 1000, "mw", "MW", start, end)
    if unit in ("m2",) or unit.startswith("metre"):
        return Quantity(value, "m2", "m2", start, end)
    if unit.startswith("hectare") or unit == "ha":
        return Quantity(value * 10_000, "m2", "m2", start, end)
    if match.group("persons"):
        return Quantity(value, "jobs", "persons", start, end)
    if match.group("counted"):
        return Quantity(value, "count", text[match.start("counted"):match.end("counted")].lower(), start, end)
    return None
