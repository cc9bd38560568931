"""Numbers with their unit: the same value with another unit, or a date, is another fact."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sudia.text.french import fold
from sudia.text.numbers import number_words, quantities


@pytest.mark.parametrize("text, expected", [
    ("Le contrat dure 1 an.", {(1, "an")}),
    ("à partir du 1er septembre", {(1, "date")}),
    ("le 15 juillet, la 2e année", {(15, "date"), (2, "date")}),
    ("150 € ou 150 km", {(150, "€"), (150, "km")}),
    ("de 17 à 25 ans, 17-25 ans", {(17, "an"), (25, "an")}),
    ("un an, une semaine, un élève", {(1, "an"), (1, "semaine")}),
    ("huit ans et quinze euros par mois", {(8, "an"), (15, "€/mois")}),
    ("3 millions d'euros, 1 500 € et 2,80 euros", {(3, "€"), (1500, "€"), (Decimal("2.8"), "€")}),
    ("1. Déposer le dossier\n2. Payer 20 €", {(20, "€")}),  # item numbers are not figures
    ("Tarif | 90\nlimité à cinq par an.", {(90, "cell"), (5, "")}),
    ("15 % des places", {(15, "%")}),
])
def test_quantities_carry_their_unit(text, expected):
    assert quantities(fold(text)) == {(Decimal(v), k) for v, k in expected}


def test_number_words_are_unchanged():
    assert number_words("quatre-vingt-dix jours, un élève, 3 millions") == {Decimal(90)}
