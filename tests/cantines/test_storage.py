"""The canteens' storage, one conformance suite run on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from pg_schema import postgres_schema

from sudia import migrations
from sudia.cantines.calendar import CalendarEntry
from sudia.cantines.storage.repository import CantinesRepository
from sudia.cantines.storage.schema import migrations as cantines_migrations
from sudia.cantines.types import Canteen, Dish, Menu, Service, WasteWeighing
from sudia.database import Database


@pytest.fixture(params=["sqlite", "postgresql"])
def repo(request, tmp_path):
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'c.db'}")
        migrations.upgrade(db, cantines_migrations())
        yield CantinesRepository(db)
        db.close()
        return
    with postgres_schema("cantines") as url:
        db = Database(url)
        migrations.upgrade(db, cantines_migrations())
        yield CantinesRepository(db)
        db.close()


def test_canteens_services_and_partial_updates(repo: CantinesRepository) -> None:
    repo.upsert_canteens([Canteen("a", "Lycée A", "Nice", "Nice", "B", "0060001A", 500), Canteen("b", "Lycée B")])
    assert [c.id for c in repo.canteens()] == ["a", "b"] and repo.canteen("a").capacity == 500
    repo.upsert_services([Service("a", date(2025, 3, 3), planned=300)], "chef")
    repo.upsert_services([Service("a", date(2025, 3, 3), prepared=310, served=290)], "chef")  # planned kept
    assert repo.services(["a"]) == [Service("a", date(2025, 3, 3), 300, 310, 290)]
    assert repo.services(["a"], date(2025, 3, 4)) == [] and repo.services([]) == []


def test_menus_waste_calendar_versions_models_forecasts_claims(repo: CantinesRepository) -> None:
    repo.replace_menus([Menu(date(2025, 3, 3), (Dish("Pizza", "plat"),)), Menu(date(2025, 3, 3), (Dish("Yaourt", "dessert"),))])
    repo.replace_menus([Menu(date(2025, 3, 3), (Dish("Lasagnes", "plat"),))])  # the day's menu replaced
    assert [d.name for d in repo.menus()[0].dishes] == ["Lasagnes"]
    repo.upsert_waste([WasteWeighing("a", date(2025, 3, 3), {"pain": 1.5, "plat": 3.25})], "chef")
    repo.upsert_waste([WasteWeighing("a", date(2025, 3, 3), {"plat": 4.0})], "chef")
    assert repo.waste(["a"])[0].kg == {"pain": 1.5, "plat": 4.0}
    assert repo.calendar_entries() == (0, [])
    v1 = repo.new_calendar_version([CalendarEntry("greve", date(2025, 3, 6), date(2025, 3, 6), "Grève")], "region")
    v2 = repo.new_calendar_version([], "region", "retrait")
    assert v2 == v1 + 1 and repo.calendar_entries()[1] == [] and len(repo.calendar_entries(v1)[1]) == 1
    assert [v["entries"] for v in repo.calendar_versions()] == [0, 1]
    model_id = repo.save_model(b"\x00artefact\xff", date(2025, 3, 4), "lightgbm", "national+v2", {"rows": 12}, "region")
    assert repo.model_artefact() == (model_id, b"\x00artefact\xff") and repo.models()[0]["version"] == f"m{model_id}"
    repo.save_forecasts(model_id, [{"canteen_id": "a", "day": "2025-03-05", "expected": 280}])
    repo.save_forecasts(model_id, [{"canteen_id": "a", "day": "2025-03-05", "expected": 285}])
    assert repo.forecasts(["a"]) == [{"canteen_id": "a", "day": "2025-03-05", "expected": 285}]
    assert repo.claim("train:2025-W10", "w1") and not repo.claim("train:2025-W10", "w2")
