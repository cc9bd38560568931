"""The library API the web pages call, on the demo observatory built by the real pipeline."""

from __future__ import annotations

import csv
import io

import pytest

from sudia.observatoire.demo import build_demo_observatory, demo_documents
from sudia.observatoire.kb.factory import open_knowledge_base
from sudia.observatoire.observatory import Observatory
from sudia.observatoire.geography import load_geography
from sudia.observatoire.queries import actor_profile, actors_csv, actors_geojson, dashboard, facts_csv, list_actors
from sudia.settings import Settings


@pytest.fixture(scope="module")
def state(extractor, tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("obs"), demo=False)
    kb = open_knowledge_base(settings.resolved_database_url())
    report = build_demo_observatory(kb, settings, Observatory(kb, extractor))
    assert len(report.documents) == len(demo_documents()) >= 6
    loaded = kb.load()
    kb.close()
    return loaded


def test_directory_filters(state) -> None:
    startups = list_actors(state, kind="startup")
    assert {a.name for a in startups} >= {"Portalis Maritime", "Alpes Vision"}
    assert [a.name for a in list_actors(state, department="05")] == ["Alpes Vision"]
    assert [a.name for a in list_actors(state, query="robotique")] == ["Institut Méditerranéen de Robotique"]


def test_actor_profile(state) -> None:
    profile = actor_profile(state, "PORTALIS MARITIME")
    assert profile is not None and profile.actor.name == "Portalis Maritime"
    assert {f.type for f in profile.facts} >= {"funding_eur", "jobs"}
    assert [p.name for p in profile.people] == ["Camille Ortega"]
    assert actor_profile(state, "Personne") is None


def test_dashboard(state) -> None:
    board = dashboard(state)
    assert board.money_by_year["2025"]["funding_eur"] == pytest.approx(7.5e6)  # 6 M€ counted once
    assert board.datacentre_power[0][:2] == ("Luberon 1", 12)
    assert board.counts_by_kind["startup"] == 2


def test_exports(state) -> None:
    rows = list(csv.DictReader(io.StringIO(actors_csv(state).lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == len(state.actors) and rows[0]["Nom"]
    facts = list(csv.DictReader(io.StringIO(facts_csv(state).lstrip("\ufeff")), delimiter=";"))
    assert all(r["Citation"] for r in facts)
    points = actors_geojson(state)["features"]
    assert points and all(len(p["geometry"]["coordinates"]) == 2 for p in points)


def test_regional_totals_count_each_amount_once_and_leave_other_scopes_out() -> None:
    from sudia.observatoire.types import Actor, Extraction, Fact, Source

    quote = Source("cp.txt", "Evroc investira 4 milliards d'euros dans un datacenter de 96 MW à Mougins.")
    national = Source("cp.txt", "Le plan national annonce 109 milliards d'euros.")
    state = Extraction(
        actors=(Actor("Evroc", "startup", department="06"), Actor("Evroc Mougins", "infrastructure", department="06")),
        facts=(Fact("Evroc", "investment_eur", 4e9, "EUR", "2025", source=quote),
               Fact("Evroc Mougins", "investment_eur", 4e9, "EUR", "2025", source=quote),  # the same amount
               Fact("Evroc", "investment_eur", 109e9, "EUR", "2025", source=national, scope="national"),
               Fact("Evroc", "power_mw", 96, "MW", "2025", source=quote)),
    )
    board = dashboard(state)
    assert board.money_by_year == {"2025": {"investment_eur": 4e9}}
    assert board.counted == (0,) and board.outside == (2,)
    assert board.datacentre_power[0][:2] == ("Evroc", 96)  # a company's data-centre power is shown too


@pytest.mark.parametrize("query, expected", [
    ("sophia", {"Kalyx"}), ("SOPHIA-ANTIPOLIS", {"Kalyx"}), ("marseille", {"Euromed IA", "Nexaflow"}),
    ("06", {"Kalyx"}), ("alpes-maritimes", {"Kalyx"}), ("bouches du rhone", {"Euromed IA", "Nexaflow"}),
])
def test_directory_search_covers_places_and_departments(query: str, expected: set[str]) -> None:
    from sudia.observatoire.merge import locate_actor
    from sudia.observatoire.types import Actor, Extraction

    geography = load_geography()
    actors = tuple(locate_actor(a, geography) for a in (
        Actor("Kalyx", "startup", places=("Sophia-Antipolis",)), Actor("Nexaflow", "startup", places=("Marseille",)),
        Actor("Euromed IA", "company", places=("Euroméditerranée",)), Actor("Vigie", "startup", places=("Briançon",))))
    assert {a.name for a in list_actors(Extraction(actors=actors), query=query)} == expected
