"""Personal data found in French text; numbers only when their check digits hold."""

from __future__ import annotations

import pytest

from sudia.safety.names import name_finder
from sudia.safety.pii import EMAIL, IBAN, NIR, PERSON, PHONE, find_pii, iban_valid, nir_valid


def kinds(text: str, names=None) -> list[tuple[str, str]]:
    return [(s.kind, s.value) for s in find_pii(text, names)]


@pytest.mark.parametrize("text, value", [
    ("Écrire à claire.martin@maregionsud.fr pour le suivi.", "claire.martin@maregionsud.fr"),
    ("contact: j-p.dupont+rh@sous.domaine.gouv.fr.", "j-p.dupont+rh@sous.domaine.gouv.fr"),
])
def test_emails(text: str, value: str) -> None:
    assert kinds(text) == [(EMAIL, value)]


@pytest.mark.parametrize("value", ["04 91 57 50 57", "0491575057", "06.12.34.56.78", "06-12-34-56-78",
                                   "+33 6 12 34 56 78", "+33612345678", "0033 (0)6 12 34 56 78"])
def test_french_phone_numbers(value: str) -> None:
    assert kinds(f"Appelez le {value} demain.") == [(PHONE, value)]


@pytest.mark.parametrize("text", ["Dossier n° 2025123456 reçu.", "Date : 01/02/2025.", "Budget de 1 500 000 €.",
                                  "SIRET 12345678901234.", "Article 12 34 56 78 9"])
def test_not_phone_numbers(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize("value", ["FR76 3000 6000 0112 3456 7890 189", "FR7630006000011234567890189",
                                   "DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32"])
def test_valid_ibans(value: str) -> None:
    assert iban_valid(value.replace(" ", ""))
    assert kinds(f"Virement sur le compte {value} SVP merci.") == [(IBAN, value)]


@pytest.mark.parametrize("value", ["FR76 3000 6000 0112 3456 7890 188", "FR76 3000 6000 0112 3456 7890",
                                   "XX00 1234 5678 9012 3456"])
def test_invalid_ibans_are_not_redacted(value: str) -> None:
    assert not iban_valid(value.replace(" ", ""))
    assert [k for k, _ in kinds(f"Référence {value}.")] != [IBAN]


@pytest.mark.parametrize("value", ["1 85 05 78 006 084 91", "185057800608491", "2 69 05 49 588 157 80",
                                   "2 53 07 2A 073 004 43", "253072B07300470", "2 95 10 99 126 111 93"])
def test_valid_social_security_numbers(value: str) -> None:
    assert nir_valid(value)
    assert kinds(f"NIR : {value}.") == [(NIR, value)]


def test_corsica_departments_use_their_substitutes() -> None:
    # 2A counts as 19 and 2B as 18 in the key: the same digits with another key are refused
    assert nir_valid("2 53 07 2A 073 004 43") and not nir_valid("2 53 07 2B 073 004 43")


@pytest.mark.parametrize("value", ["1 85 05 78 006 084 92", "3 85 05 78 006 084 91", "185057800608490"])
def test_invalid_social_security_numbers(value: str) -> None:
    assert not nir_valid(value)
    assert NIR not in [k for k, _ in kinds(f"Numéro {value}.")]


def test_names_after_a_civility_title() -> None:
    text = "Rendez-vous avec Mme Durand puis M. Jean-Marc Le Gall ; Monsieur le Président ouvre la séance."
    assert kinds(text) == [(PERSON, "Durand"), (PERSON, "Jean-Marc Le Gall")]


@pytest.fixture(scope="module")
def spacy_names():
    finder = name_finder()
    if finder is None:
        pytest.skip("spaCy ou son modèle français n'est pas installé (extra facultatif)")
    return finder


def test_names_by_french_ner(spacy_names) -> None:
    text = ("Bonjour, je suis Claire Martin, agente à Marseille ; mon collègue Jean-Pierre Dupont "
            "m'a conseillé d'appeler Allo Région.")
    found = kinds(text, spacy_names)
    assert (PERSON, "Claire Martin") in found and (PERSON, "Jean-Pierre Dupont") in found
    assert all(v not in ("Marseille", "Allo Région") for _, v in found)


def test_missing_models_are_tolerated() -> None:
    assert name_finder("modele_inexistant_fr") is None


def test_everything_together_without_overlaps() -> None:
    text = ("Mme Durand (claire.durand@example.fr, 06 12 34 56 78) a fourni son NIR 2 69 05 49 588 157 80 "
            "et son IBAN FR76 3000 6000 0112 3456 7890 189.")
    assert [k for k, _ in kinds(text)] == [PERSON, EMAIL, PHONE, NIR, IBAN]
