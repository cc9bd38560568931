"""Display names of collections on both engines, and the accessibility self-assessment's arithmetic."""

from __future__ import annotations

import pytest

from sudia.accessibility import CRITERIA_PER_THEME, NON_CONFORMITIES, assessment
from sudia.collection_titles import CollectionTitles, display_name, readable_slug
from sudia.database import Database
from sudia.errors import SudiaError


def test_display_names_are_kept_and_fall_back_to_a_readable_slug(engine_url: str) -> None:
    database = Database(engine_url)
    try:
        titles = CollectionTitles(database)
        assert titles.all() == {}
        titles.set("allo-rh", "  Allo   RH ")
        assert titles.all() == {"allo-rh": "Allo RH"}
        assert display_name("allo-rh", titles.all()) == "Allo RH"
        assert display_name("aides_jeunes-2025", titles.all()) == "Aides jeunes 2025"
        titles.set("allo-rh", "")  # removed: the readable slug again
        assert titles.all() == {}
        with pytest.raises(SudiaError) as long:
            titles.set("allo-rh", "x" * 81)
        assert long.value.code == "SUDIA-H005"
        assert CollectionTitles(database).all() == {}  # opening again applies nothing twice
    finally:
        database.close()


def test_readable_slug() -> None:
    assert readable_slug("allo-region") == "Allo region"
    assert readable_slug("x") == "X"


def test_the_self_assessment_covers_the_106_criteria_and_gives_the_rgaa_status() -> None:
    result = assessment()
    assert len(result.grid) == sum(CRITERIA_PER_THEME.values()) == 106
    assert result.not_conforming == len(NON_CONFORMITIES) > 0
    assert result.conforming + result.not_conforming + result.not_applicable == 106
    assert 0.5 <= result.rate < 1 and result.status == "partiellement conforme"
    assert sum(row[2] + row[3] + row[4] for row in result.by_theme()) == 106
