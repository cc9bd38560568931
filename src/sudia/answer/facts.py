"""The checkable facts of a sentence: numbers with their unit, months, names, price and obligation
words, and contact details (e-mail, phone, link, IBAN).

A generated sentence may only state such a fact when a passage it cites holds it: these are the
details a reader acts on (an amount, a deadline, a number to call), and the ones a small model gets
wrong or an injected document tries to slip in. Values are normalised so that « 1 500 € » and
« 1500 euros », « 04 91 57 50 57 » and « 0491575057 » compare equal; a number is compared with its
unit, so « 1 an » is not found in « 1er septembre », nor « 150 € » in « 150 km ».
"""

from __future__ import annotations

import re
from decimal import Decimal

from sudia.text.french import analyze, fold
from sudia.text.numbers import quantities

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
URL = re.compile(r"(?:https?://|www\.)[^\s)\]>\"'«»]+", re.IGNORECASE)
# French numbers (0X XX XX XX XX, +33 X ...) and short numbers (3939); separators: space, dot, dash.
PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)33[ .-]?\(?0?\)?[ .-]?[1-9]|0[1-9])(?:[ .-]?\d{2}){4}(?!\d)")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")
MONTHS = ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
          "novembre", "decembre")
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")
# A capitalised word inside a sentence (not its first word), or an acronym: a name to check.
_NAME = re.compile(r"(?<=[\s(«\"'’-])([A-ZÀ-ÖØ-Þ][\wÀ-ÿ'’-]{2,}|[A-Z]{2,}\d*)")
# Capitalised words that are not names: they may start a clause after a colon, or be titles.
_COMMON = frozenset(fold(w) for w in """Le La Les Un Une Des Pour Par Sur Dans Avec Sans Selon Vous Il Elle Ils
    Elles Cette Ce Ces Cet Si En Au Aux Du De Oui Non Madame Monsieur Mme Attention Note Source Sources Extrait
    Extraits Question Réponse Voici Ainsi Enfin Puis Alors Toutefois Cependant Seuls Seules Tout Tous Toute Toutes
    Chaque Lors Depuis Entre Avant Après Sous""".split())


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def phone_key(text: str) -> str:
    """« +33 4 91 57 50 57 » and « 04.91.57.50.57 » both read 0491575057."""
    d = digits(text)
    if d.startswith("0033"):
        d = d[4:]
    elif d.startswith("33") and len(d) >= 11:
        d = d[2:]
    return d if d.startswith("0") else f"0{d}"


def url_key(text: str) -> str:
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", text.rstrip(".,;:!?").casefold()).rstrip("/")


def contacts(text: str) -> dict[str, set[str]]:
    """Contact details of a text, normalised, by kind: email, phone, url, iban."""
    return {
        "email": {e.casefold().rstrip(".") for e in EMAIL.findall(text)},
        "phone": {phone_key(p) for p in PHONE.findall(text)},
        "url": {url_key(u) for u in URL.findall(text) if "@" not in u},
        "iban": {re.sub(r"\s", "", i) for i in IBAN.findall(text) if sum(c.isdigit() for c in i) >= 10},
    }


def strip_contacts(text: str) -> str:
    """The text without its contact details, so their digits are not read as numbers."""
    for pattern in (EMAIL, URL, IBAN, PHONE):
        text = pattern.sub(" ", text)
    return text


_MARKERS = re.compile(r"\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\]")


def quantities_of(text: str) -> set[tuple[Decimal, str]]:
    """(value, unit kind) of the numbers of a text, in digits or in words (« quinze euros » is 15 €),
    citation markers and contact details left out. A model that writes « vingt euros » for a passage's
    « 15 € » states an amount no passage holds: in words, it must be caught as surely as in digits."""
    return quantities(fold(strip_contacts(_MARKERS.sub(" ", text))))


def numbers(text: str) -> set[Decimal]:
    """Values of the numbers of a text, whatever their unit."""
    return {v for v, _ in quantities_of(text)}


# Words that state a price or an obligation: « gratuit » is an amount (0 €), « obligatoire » a
# condition. A sentence may say them only when a passage it cites does (a 1.5B model wrote « un
# pass gratuit » of a pass whose passage gave no price).
CLAIMS = frozenset(analyze("gratuit gratuité payant obligatoire facultatif cumulable remboursable"))



def months(text: str) -> set[str]:
    return set(_MONTH.findall(fold(text)))


def names(text: str) -> set[str]:
    """Folded names and acronyms a sentence mentions (capitalised words that do not start it)."""
    found = set()
    for match in _NAME.finditer(strip_contacts(text)):
        word = fold(match.group(1)).strip("'’-")
        if word not in _COMMON and len(word) > 2:
            found.add(word)
    return found


def claims(text: str) -> set[str]:
    return set(analyze(strip_contacts(text))) & CLAIMS


def has_facts(text: str) -> bool:
    return bool(numbers(text) or months(text) or names(text) or any(contacts(text).values()))


def _label(number: Decimal, kind: str) -> str:
    if kind == "date":
        return f"{number:f} (date ou rang)"
    return f"{number:f} {kind}".strip()


class FactSource:
    """The facts a set of texts holds, to ask whether a sentence's facts are among them."""

    def __init__(self, texts: list[str]) -> None:
        joined = "\n".join(texts)
        self.quantities = quantities_of(joined)
        self.numbers = {v for v, _ in self.quantities}
        self.terms = set(analyze(strip_contacts(joined)))
        self.months = months(joined)
        self.contacts = contacts(joined)
        self.folded = fold(joined)
        self.phone_digits = {phone_key(p) for p in re.findall(r"\d[\d .-]{7,}\d", joined)}

    def missing(self, sentence: str) -> str | None:
        """The first fact of `sentence` this source does not hold, described in French, or None."""
        for kind, found in contacts(sentence).items():
            known = self.contacts[kind] | (self.phone_digits if kind == "phone" else set())
            for item in sorted(found):
                if item not in known and not (kind == "url" and any(k.startswith(item) for k in known)):
                    return f"{_KIND[kind]} « {item} »"
        for number, kind in sorted(quantities_of(sentence)):
            if not self.holds(number, kind):
                return f"le nombre « {_label(number, kind)} »"
        for month in sorted(months(sentence) - self.months):
            return f"le mois « {month} »"
        for name in sorted(names(sentence)):
            if not re.search(rf"\b{re.escape(name)}", self.folded):
                return f"le nom « {name} »"
        for claim in sorted(claims(sentence) - self.terms):
            return f"le mot « {claim} »"
        return None

    def holds(self, number: Decimal, kind: str) -> bool:
        """A bare number is found whatever its unit here; one with a unit needs the same unit, or
        the number alone in a table cell (its unit is in the header). « 500 € » is found in
        « 500 € par mois »; « 500 € par mois » is not found in « 500 € », nor « 5 € » in « cinq par an »."""
        if not kind or kind == "cell":
            return number in self.numbers
        return any(v == number and (k in (kind, "cell") or k.startswith(f"{kind}/")) for v, k in self.quantities)


_KIND = {"email": "l'adresse", "phone": "le numéro", "url": "le lien", "iban": "l'IBAN"}
