"""The packaged geography of the Région Sud."""

from __future__ import annotations

from importlib import resources

from sudia.observatoire.geography import DEPARTMENTS, department_outlines, load_geography


def test_all_communes_of_the_six_departments() -> None:
    geo = load_geography()
    assert len(geo.communes) == 946
    assert {c.department for c in geo.communes} == set(DEPARTMENTS)
    marseille = geo.locate("Marseille")
    assert marseille is not None and marseille.insee == "13055" and 43.2 < marseille.lat < 43.4


def test_sites_and_text_search() -> None:
    geo = load_geography()
    sophia = geo.locate("Sophia Antipolis")
    assert sophia is not None and sophia.department == "06"
    found = [m.location.name for m in geo.find("La start-up niçoise installée à Château-Gombert, GAP")]
    assert found == ["Nice", "Château-Gombert", "Gap"]


def test_outlines_and_data_size() -> None:
    outlines = department_outlines()
    assert sorted(f["properties"]["code"] for f in outlines["features"]) == sorted(DEPARTMENTS)
    data = resources.files("sudia.observatoire") / "data"
    assert sum(p.stat().st_size for p in data.iterdir() if p.is_file()) < 3 * 1024 * 1024  # type: ignore[attr-defined]
