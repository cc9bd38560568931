"""IBAN (mod-97, country length, French structure), BIC, SIREN/SIRET (Luhn, La Poste)."""

from __future__ import annotations

from sudia.pieces.identifiers import (bic_problem, iban_check_digits, iban_problem, luhn_complete, rib_key,
                                      siren_problem, siret_problem)


def french_iban(bank="30004", branch="00123", account="00012345678") -> str:
    bban = bank + branch + account + rib_key(bank, branch, account)
    return "FR" + iban_check_digits("FR", bban) + bban


def test_a_built_iban_is_valid_and_one_changed_digit_is_not() -> None:
    iban = french_iban()
    assert iban_problem(iban) == ""
    assert iban_problem(" ".join(iban[i:i + 4] for i in range(0, 27, 4))) == ""  # printed in groups
    broken = iban[:10] + str((int(iban[10]) + 1) % 10) + iban[11:]
    assert "modulo 97" in iban_problem(broken)


def test_iban_length_and_country() -> None:
    assert "27" in iban_problem(french_iban()[:-1])
    assert "SEPA" in iban_problem("US12345678901234567890")
    de = "DE" + iban_check_digits("DE", "370400440532013000") + "370400440532013000"
    assert iban_problem(de) == ""


def test_bic_format() -> None:
    assert bic_problem("BNPAFRPP") == "" and bic_problem("BNPAFRPPXXX") == ""
    assert bic_problem("BNPAFR") != "" and bic_problem("12PAFRPP") != ""


def test_siren_and_siret_luhn() -> None:
    siren = luhn_complete("73282932")
    assert siren_problem(siren) == ""
    assert siren_problem(siren[:-1] + str((int(siren[-1]) + 1) % 10)) != ""
    siret = luhn_complete(siren + "0007")
    assert siret_problem(siret) == "" and siret_problem(siret[:-1] + str((int(siret[-1]) + 1) % 10)) != ""
    assert siret_problem("12345") == "un SIRET a 14 chiffres"


def test_la_poste_establishments_use_their_own_rule() -> None:
    base = "3560000000"  # La Poste: the digits of the SIRET add up to a multiple of 5
    for tail in range(10000):
        candidate = f"{base}{tail:04d}"
        if sum(map(int, candidate)) % 5 == 0:
            assert siret_problem(candidate) == ""
            break
