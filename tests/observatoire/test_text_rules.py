"""Amounts, dates, OCR repair and names on real French strings."""

from __future__ import annotations

import pytest

from sudia.observatoire.dates import find_dates
from sudia.observatoire.names import display_name, name_key, same_name
from sudia.observatoire.quantities import find_quantities
from sudia.observatoire.repair import join_lines, repair


@pytest.mark.parametrize("text, value, dimension", [
    ("3 milliards d'euros", 3e9, "eur"),
    ("plus de 2 milliards d'€", 2e9, "eur"),
    ("250 millions d'€", 250e6, "eur"),
    ("8 M€", 8e6, "eur"),
    ("12 millions d'€ en 2022", 12e6, "eur"),
    ("1,2 million d'euros", 1.2e6, "eur"),
    ("900 000 €", 9e5, "eur"),
    ("40 mégawatts", 40, "mw"),
    ("36 megawatts", 36, "mw"),
    ("1 200m2", 1200, "m2"),
    ("12 000 m²", 12000, "m2"),
    ("45 salariés", 45, "jobs"),
    ("5 000 visiteurs", 5000, "count"),
])
def test_amounts(text: str, value: float, dimension: str) -> None:
    [quantity] = find_quantities(text)
    assert quantity.value == pytest.approx(value)
    assert quantity.dimension == dimension


def test_percent_and_years_are_not_amounts() -> None:
    assert find_quantities("dont 40 % de contrats, fondée en 2019") == []


def test_elliptic_figure_takes_previous_unit() -> None:
    found = find_quantities("300 étudiants à la rentrée 2024, contre 180 en 2022.")
    assert [(q.value, q.unit) for q in found] == [(300, "étudiants"), (180, "étudiants")]


def test_figure_split_across_line_break() -> None:
    text = join_lines("une puissance de 36 me-\ngawatts et 1 200\nm2")
    assert [q.value for q in find_quantities(text)] == [36, 1200]


def test_dates() -> None:
    found = [d.iso for d in find_dates("le 14 mars 2023, en novembre 2024, en 2022, 18/11/2024")]
    assert found == ["2023-03-14", "2024-11", "2022", "2024-11-18"]


def test_ocr_repair_keeps_length() -> None:
    text = "specialisee dans I'lA medicale & Nice"
    fixed = repair(text)
    assert fixed == "specialisee dans l'IA medicale à Nice" and len(fixed) == len(text)


def test_names() -> None:
    assert display_name("NEXAFLOW") == "Nexaflow"
    assert display_name("LISAP") == "LISAP"
    assert name_key("la société Nexaflow SAS".replace("société ", "")) == "nexaflow"
    assert same_name("Kalyx Santé", "KALYX SANTE")
    assert same_name("Mediterranee Datacenters", "Méditerranée Datacenter")  # one letter missing
    assert not same_name("Helios Fos", "Helios Compute")


@pytest.mark.parametrize("text, expected", [
    ("financé par le plan France 2030 et la Région", []),
    ("dans le cadre d'Horizon 2030", []),
    ("le site créera environ 2000 emplois", []),
    ("En 2030, le site sera livré ; fin 2024 les travaux", ["2030", "2024"]),
    ("le Plan Sud IA 2024-2028 est doté de 70 M€ depuis mars 2024", ["2024-03"]),
])
def test_programme_names_and_amounts_are_not_dates(text: str, expected: list[str]) -> None:
    assert [d.iso for d in find_dates(text)] == expected


def test_implausible_figures_are_dropped() -> None:
    from sudia.observatoire.facts import plausible

    assert not plausible("jobs", 5.3e9)  # "5,3 milliards de personnes" is no head count
    assert plausible("investment_eur", 4e9) and plausible("power_mw", 96)
    assert not plausible("power_mw", 96_000)
