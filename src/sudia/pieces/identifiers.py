"""Bank and company identifiers: IBAN (ISO 13616 mod-97 and national length), BIC, SIREN/SIRET (Luhn)."""

from __future__ import annotations

import re

# IBAN length per country (ISO 13616 registry): SEPA countries and French overseas territories.
IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20,
    "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26,
    "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28,
    "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "VA": 22, "GF": 27, "GP": 27, "MQ": 27,
    "RE": 27, "YT": 27, "NC": 27, "PF": 27, "PM": 27, "TF": 27, "WF": 27, "BL": 27, "MF": 27,
}
_BIC = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
IBAN_IN_TEXT = re.compile(r"\b([A-Z]{2}\s?\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?)\b")


def compact(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value).upper()


def iban_mod97(iban: str) -> int:
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97


def iban_problem(value: str) -> str:
    """Why an IBAN is invalid, in French ("" when it is valid)."""
    iban = compact(value)
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", iban):
        return "format invalide (deux lettres de pays, deux chiffres de contrôle, puis le compte)"
    expected = IBAN_LENGTHS.get(iban[:2])
    if expected is None:
        return f"pays « {iban[:2]} » hors de la zone SEPA"
    if len(iban) != expected:
        return f"{len(iban)} caractères au lieu de {expected} pour un IBAN {iban[:2]}"
    if iban[:2] == "FR" and not re.fullmatch(r"FR\d{12}[A-Z0-9]{11}\d{2}", iban):
        return "structure française invalide (code banque, guichet, compte, clé RIB)"
    if iban_mod97(iban) != 1:
        return "clé de contrôle incorrecte (modulo 97)"
    return ""


def iban_check_digits(country: str, bban: str) -> str:
    """The two check digits that make `country + ?? + bban` a valid IBAN."""
    n = int("".join(str(int(c, 36)) for c in bban + country + "00"))
    return f"{98 - n % 97:02d}"


def rib_key(bank: str, branch: str, account: str) -> str:
    """French RIB key: 97 - (89 bank + 15 branch + 3 account) mod 97, letters mapped to digits."""
    letters = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "12345678912345678923456789")
    acc = int(account.upper().translate(letters))
    return f"{97 - (89 * int(bank) + 15 * int(branch) + 3 * acc) % 97:02d}"


def bic_problem(value: str) -> str:
    bic = compact(value)
    if not _BIC.fullmatch(bic):
        return "format invalide (8 ou 11 caractères : banque, pays, localisation, agence)"
    return ""


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def luhn_complete(digits: str) -> str:
    """`digits` followed by the Luhn key that makes the whole valid."""
    for key in "0123456789":
        if luhn_ok(digits + key):
            return digits + key
    raise AssertionError("unreachable")


def siren_problem(value: str) -> str:
    siren = compact(value)
    if not re.fullmatch(r"\d{9}", siren):
        return "un SIREN a 9 chiffres"
    return "" if luhn_ok(siren) else "clé de Luhn incorrecte"


def siret_problem(value: str) -> str:
    siret = compact(value)
    if not re.fullmatch(r"\d{14}", siret):
        return "un SIRET a 14 chiffres"
    if siret.startswith("356000000"):  # La Poste's establishments: digit sum multiple of 5 instead of Luhn
        return "" if sum(map(int, siret)) % 5 == 0 else "somme de contrôle La Poste incorrecte"
    if not luhn_ok(siret[:9]):
        return "SIREN (9 premiers chiffres) : clé de Luhn incorrecte"
    return "" if luhn_ok(siret) else "clé de Luhn incorrecte"
