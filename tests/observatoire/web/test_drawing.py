"""The server-side drawings (map projection, bar charts) and the French formats of the pages."""

from __future__ import annotations

import re

import pytest

from sudia.observatoire.geography import load_geography
from sudia.observatoire.types import Actor
from sudia.observatoire.web.charts import bar_chart
from sudia.observatoire.web.labels import euros, fact_date, fact_label, fact_value, parse_french_number, slug
from sudia.observatoire.web.svgmap import region_map


def _rings(path: str) -> list[list[tuple[float, float]]]:
    return [[tuple(map(float, xy.split(","))) for xy in re.findall(r"-?[\d.]+,-?[\d.]+", ring)]
            for ring in path.split("Z") if ring.strip()]


def _inside(x: float, y: float, ring: list[tuple[float, float]]) -> bool:
    """Ray casting: a point is inside when a ray from it crosses the outline an odd number of times."""
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


@pytest.mark.parametrize("commune, department", [
    ("Marseille", "13"), ("Nice", "06"), ("Gap", "05"), ("Digne-les-Bains", "04"), ("Avignon", "84"),
    ("Draguignan", "83"), ("Briançon", "05"), ("Grasse", "06"), ("Manosque", "04"),
])
def test_projected_communes_fall_in_their_department(commune: str, department: str) -> None:
    place = load_geography().locate(commune)
    assert place is not None
    drawing = region_map([Actor(commune, "startup", lat=place.lat, lon=place.lon)])
    point = drawing.points[0]
    assert 0 < point.x < drawing.width and 0 < point.y < drawing.height
    shape = next(d for d in drawing.departments if d.code == department)
    assert any(_inside(point.x, point.y, ring) for ring in _rings(shape.path))
    others = [d for d in drawing.departments if d.code != department]
    assert not any(_inside(point.x, point.y, ring) for d in others for ring in _rings(d.path))


def test_actors_at_one_place_are_fanned_out_and_named() -> None:
    actors = [Actor(f"Acteur {i}", "lab", lat=43.2965, lon=5.3698) for i in range(3)]
    actors.append(Actor("Sans lieu", "investor"))
    points = region_map(actors).points
    assert len(points) == 3
    assert len({(p.x, p.y) for p in points}) == 3
    named = [p for p in points if p.label_x is not None]
    assert named, "names are written when there is room"


def test_bar_chart_bars_are_proportional() -> None:
    chart = bar_chart("c", "Montants", {"2024": {"a": 10.0, "b": 30.0}, "2025": {"a": 20.0}}, euros,
                      {"a": "Investissements", "b": "Levées"})
    first, second = chart.rows
    assert first.total == 40 and second.total == 20
    assert first.segments[1].x == pytest.approx(first.segments[0].x + first.segments[0].width)
    assert second.segments[0].width == pytest.approx(first.segments[0].width * 2)
    assert chart.stacked and "2024 : 40\u00a0€" in chart.description
    assert bar_chart("v", "Vide", {}, euros).rows == ()


@pytest.mark.parametrize("value, unit, kind, expected", [
    (250e6, "EUR", "investment_eur", "250 M€"), (1.5e6, "EUR", "funding_eur", "1,5 M€"),
    (2.3e9, "EUR", "investment_eur", "2,3 Md€"), (80e3, "EUR", "budget_eur", "80 k€"),
    (40, "MW", "power_mw", "40 MW"), (12.5, "MW", "power_mw", "12,5 MW"), (1200, "m2", "area_m2", "1 200 m²"),
    (32, "persons", "jobs", "32 emplois"), (1, "persons", "jobs", "1 emploi"),
    (2500, "participants", "count", "2 500 participants"),
])
def test_fact_values_are_written_the_french_way(value: float, unit: str, kind: str, expected: str) -> None:
    assert fact_value(value, unit, kind).replace("\u202f", " ").replace("\u00a0", " ") == expected


def test_dates_labels_slugs_and_numbers() -> None:
    assert fact_date("2025-02-12") == "12 février 2025"
    assert fact_date("2025-04") == "avril 2025" and fact_date("2025") == "2025" and fact_date("") == "—"
    assert fact_date("2025-03-01") == "1er mars 2025"
    assert fact_label("count", "exposants") == "Nombre d'exposants" and fact_label("jobs") == "Effectif"
    assert slug("Institut Méditerranéen de Robotique") == "institut-mediterraneen-de-robotique"
    assert parse_french_number("1 200,5") == 1200.5 and parse_french_number("6000000") == 6e6
    with pytest.raises(ValueError):
        parse_french_number("6 M€")
