"""Everyday equivalents: the sourced factors and the French wording of small and large amounts."""

from __future__ import annotations

import pytest

from sudia import equivalents
from sudia.equivalents import carbon_equivalents, distance, duration, energy_equivalents


def test_factors_are_those_of_compar_ia_and_ademe() -> None:
    assert equivalents.LED_WATTS == 6 and equivalents.PHONE_CHARGE_WH == 15 and equivalents.VIDEO_WATTS == 80
    assert equivalents.THERMAL_CAR_G_PER_KM == pytest.approx(192 + 25.6)
    assert all(url.startswith("https://") for _, url in equivalents.SOURCES)


def test_one_watt_hour_in_everyday_terms() -> None:
    found = {e.key: e for e in energy_equivalents(1.0)}
    assert found["ampoule_led"].value == pytest.approx(10.0)  # 1 Wh lights 6 W for 10 minutes
    assert found["ampoule_led"].text == "10 min d'éclairage d'une ampoule LED de 6 W"
    assert found["smartphone"].text == "6,7 % d'une recharge de smartphone"
    assert found["video"].text == "45 s de vidéo en ligne sur un téléviseur"
    assert found["voiture_electrique"].text == "7 m en voiture électrique"


def test_large_and_tiny_amounts_stay_readable() -> None:
    big = {e.key: e.text for e in energy_equivalents(36_000)}  # 6 000 hours of a 6 W bulb
    assert big["ampoule_led"] == "250 jours d'éclairage d'une ampoule LED de 6 W"
    assert big["smartphone"] == "2\u202f400 recharges de smartphone"
    assert big["voiture_electrique"] == "240 km en voiture électrique"
    tiny = {e.key: e.text for e in energy_equivalents(0.00001)}
    assert tiny["ampoule_led"].startswith("moins d'une seconde")
    assert tiny["smartphone"] == "moins d'un millième de recharge de smartphone"
    assert tiny["voiture_electrique"] == "moins d'un mètre en voiture électrique"


def test_carbon_as_distance_by_petrol_car() -> None:
    assert carbon_equivalents(217.6)[0].text == "1 km en voiture thermique"
    assert carbon_equivalents(0.5)[0].text == "2 m en voiture thermique"
    assert carbon_equivalents(0)[0].value == 0


@pytest.mark.parametrize("seconds, text", [(0.2, "moins d'une seconde"), (42.4, "42 s"), (720, "12 min"),
                                           (3600 * 3 + 20 * 60, "3 h 20 min"), (7200, "2 h"),
                                           (86400 * 2.5, "2,5 jours")])
def test_durations(seconds: float, text: str) -> None:
    assert duration(seconds) == text


@pytest.mark.parametrize("km, text", [(0.0004, "moins d'un mètre"), (0.035, "35 m"), (1.24, "1,2 km"),
                                      (1250, "1\u202f250 km")])
def test_distances(km: float, text: str) -> None:
    assert distance(km) == text
