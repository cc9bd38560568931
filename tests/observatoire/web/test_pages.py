"""The observatory pages, exports and API, served by the real app on the demo observatory."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from fastapi.testclient import TestClient

from sudia.observatoire.demo import build_demo_observatory
from sudia.observatoire.kb.factory import open_knowledge_base
from sudia.observatoire.observatory import Observatory

from .app_client import EDITOR, client_on, sign_in_editor

PAGES = {
    "/observatoire": "Observatoire de l'IA en Région Sud",
    "/observatoire/annuaire": "Annuaire des acteurs",
    "/observatoire/tableau-de-bord": "Tableau de bord de l'observatoire",
    "/observatoire/acteurs/portalis-maritime": "Portalis Maritime",
}
ACTOR_LINK = re.compile(r'href="/observatoire/acteurs/([a-z0-9-]+)"')


def text(response) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, spaces normalised."""
    body = re.sub(r"<[^>]+>", " ", response.text)
    return " ".join(html.unescape(body).replace("\u202f", " ").replace("\u00a0", " ").split())


def listed(response) -> list[str]:
    """Slugs of the actors in the text list under the map, in order."""
    section = response.text.split('id="titre-liste"', 1)[1]
    return ACTOR_LINK.findall(section)


@pytest.mark.parametrize("url, title", PAGES.items())
def test_pages_are_french_with_the_observatory_nav(client: TestClient, url: str, title: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert '<html lang="fr">' in response.text
    assert "<h1" in response.text and title in text(response)
    assert '<a href="/observatoire" aria-current="page">Observatoire</a>' in response.text
    assert 'aria-label="Pages de l\'observatoire"' in response.text  # the sub-navigation
    assert "/observatoire/static/observatoire.css" in response.text
    assert not re.search(r'(src|href)="(https?:)?//', response.text)  # nothing fetched from the internet


def test_map_is_svg_drawn_from_the_department_outlines(client: TestClient) -> None:
    response = client.get("/observatoire")
    page = response.text
    assert page.count('class="obs-departement obs-departement-') == 6
    joined = re.sub(r"</tspan><tspan[^>]*>", "", page)  # long names are drawn on two lines
    for name in ("Bouches-du-Rhône", "Var", "Vaucluse", "Alpes-Maritimes", "Hautes-Alpes", "Alpes-de-Haute-Provence"):
        assert f">{name}</tspan></text>" in joined
    points = re.findall(r'<a href="/observatoire/acteurs/([a-z0-9-]+)" class="obs-point"', page)
    assert set(points) == {"portalis-maritime", "luberon-1", "alpes-vision", "institut-mediterraneen-de-robotique"}
    assert "<title>Portalis Maritime — Start-up, Toulon</title>" in page
    legend = page.split('id="titre-legende"', 1)[1].split("</aside>", 1)[0]
    assert "Start-up" in legend and "Laboratoire" in legend and "Centre de données" in legend
    # the text alternative lists every actor, the unlocated ones said to be absent from the map
    assert len(listed(response)) == 9
    assert "Riviera Capital — Investisseur, lieu inconnu : absent de la carte" in text(response)


@pytest.mark.parametrize("query, expected", [
    ("type=startup", ["alpes-vision", "portalis-maritime"]),
    ("departement=05", ["alpes-vision"]),
    ("q=robotique", ["institut-mediterraneen-de-robotique"]),
    ("secteur=calcul+et+donn%C3%A9es", ["luberon-1", "luberon-compute"]),
    ("q=MEDITERRANEEN", ["institut-mediterraneen-de-robotique"]),  # accents and case ignored
    ("type=startup&departement=13", []),
])
def test_filters_apply_to_the_map_and_its_list(client: TestClient, query: str, expected: list[str]) -> None:
    response = client.get(f"/observatoire?{query}")
    assert response.status_code == 200
    assert listed(response) == expected
    points = re.findall(r'/observatoire/acteurs/([a-z0-9-]+)" class="obs-point"', response.text)
    assert set(points) <= set(expected)
    if not expected:
        assert "Aucun acteur ne correspond à ces filtres." in text(response)
    else:
        assert f"{len(expected)} acteur" in text(response)


def test_filter_form_keeps_the_choice_and_offers_only_existing_kinds(client: TestClient) -> None:
    page = client.get("/observatoire/annuaire?type=lab").text
    assert '<option value="lab" selected>Laboratoire</option>' in page
    assert 'value="school"' not in page  # no training body in the demo: no empty choice
    assert '<option value="84">Vaucluse (84)</option>' in page
    assert 'href="/observatoire/export.csv?type=lab"' in page


def _directory_names(response) -> list[str]:
    body = response.text.split("<tbody>", 1)[1]
    return ACTOR_LINK.findall(body)


def test_directory_sorts_by_the_clicked_column(client: TestClient) -> None:
    by_name = _directory_names(client.get("/observatoire/annuaire"))
    assert by_name == sorted(by_name) and len(by_name) == 9
    assert _directory_names(client.get("/observatoire/annuaire?tri=nom&ordre=desc")) == by_name[::-1]
    response = client.get("/observatoire/annuaire?tri=faits&ordre=desc")
    assert _directory_names(response)[0] == "portalis-maritime"  # 4 facts
    assert 'aria-sort="descending"' in response.text
    # the header of the current column links to the other order, the filters kept
    page = client.get("/observatoire/annuaire?type=startup&tri=departement").text
    assert 'href="/observatoire/annuaire?type=startup&amp;tri=departement&amp;ordre=desc"' in page
    assert _directory_names(client.get("/observatoire/annuaire?type=startup&tri=departement")) == [
        "alpes-vision", "portalis-maritime"]  # 05 before 83
    assert client.get("/observatoire/annuaire?tri=inconnu").status_code == 200


def french_csv(response) -> list[dict[str, str]]:
    """Rows of a CSV export as French spreadsheet software reads it: UTF-8 BOM, semicolons."""
    assert response.content.startswith("\ufeff".encode("utf-8"))
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_csv_and_geojson_exports_follow_the_filters(client: TestClient) -> None:
    response = client.get("/observatoire/export.csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = french_csv(response)
    assert len(rows) == 9 and {"Nom", "Type", "Département", "Latitude", "Longitude"} <= set(rows[0])
    startups = french_csv(client.get("/observatoire/export.csv?type=startup"))
    assert sorted(r["Nom"] for r in startups) == ["Alpes Vision", "Portalis Maritime"]
    assert {r["Type"] for r in startups} == {"Start-up"} and "Var (83)" in {r["Département"] for r in startups}
    assert all("," in r["Latitude"] and "." not in r["Latitude"] for r in startups)  # decimal comma

    facts = french_csv(client.get("/observatoire/export-faits.csv?departement=84"))
    assert facts and {f["Acteur"] for f in facts} == {"Luberon 1"} and all(f["Citation"] for f in facts)
    power = next(f for f in facts if f["Fait"] == "Puissance")
    assert (power["Valeur"], power["Unité"], power["Portée"]) == ("12", "MW", "régionale")
    investment = french_csv(client.get("/observatoire/export-faits.csv?q=luberon"))
    assert "95000000" in {f["Valeur"] for f in investment}  # plain number, no separator

    geo = client.get("/observatoire/export.geojson").json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 4
    for feature in geo["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 4.2 < lon < 7.8 and 42.9 < lat < 45.2  # in the Région Sud
    filtered = client.get("/observatoire/export.geojson?departement=05").json()
    assert [f["properties"]["name"] for f in filtered["features"]] == ["Alpes Vision"]


def test_actor_page_shows_sourced_facts_in_french(client: TestClient) -> None:
    response = client.get("/observatoire/acteurs/portalis-maritime")
    page = text(response)
    assert "Levée de fonds : 6 M€" in page
    assert "12 février 2025" in page and "Surface : 400 m²" in page
    assert ("« La start-up toulonnaise Portalis Maritime a levé 6 M€ auprès du fonds Riviera Capital pour déployer "
            "son jumeau numérique des ports. »") in page
    assert '<a href="/observatoire/sources/demo_01_cp_portalis.txt">demo_01_cp_portalis.txt</a>' in response.text
    assert "Camille Ortega, présidente" in page
    assert "Toulon" in page and "Var (83)" in page
    # the two sources disagree on the head count: both facts are flagged
    assert page.count("Contradiction") >= 2
    assert "Des sources se contredisent (1)" in page
    assert "Une autre source indique 40 emplois (juin 2025)" in page

    luberon = text(client.get("/observatoire/acteurs/luberon-1"))
    assert "Puissance : 12 MW" in luberon and "Surface : 6 000 m²" in luberon and "4 mars 2025" in luberon
    assert "Nombre de participants : 2 500 participants" in text(client.get("/observatoire/acteurs/forum-ia-provence"))


def test_actor_page_is_found_by_alias_or_name(client: TestClient) -> None:
    assert "Institut Méditerranéen de Robotique" in text(client.get("/observatoire/acteurs/imr"))
    assert client.get("/observatoire/acteurs/PORTALIS%20MARITIME").status_code == 200


def test_unknown_actor_is_a_french_404(client: TestClient) -> None:
    response = client.get("/observatoire/acteurs/acteur-imaginaire")
    assert response.status_code == 404
    page = text(response)
    assert "Page introuvable" in page and "Acteur inconnu dans l'observatoire : acteur-imaginaire" in page
    assert "SUDIA-O002" in page
    api = client.get("/observatoire/api/actors/acteur-imaginaire")
    assert api.status_code == 404 and api.json()["error"]["code"] == "SUDIA-O002"
    assert client.get("/observatoire/sources/inconnu.txt").status_code == 404


def test_source_documents_of_the_demo_can_be_opened(client: TestClient) -> None:
    response = client.get("/observatoire/sources/demo_01_cp_portalis.txt")
    assert response.status_code == 200
    assert "Portalis Maritime a levé 6 M€" in response.text


def test_json_api(client: TestClient) -> None:
    actors = client.get("/observatoire/api/actors?type=startup").json()
    assert actors["count"] == 2 and actors["filters"] == {"type": "startup"}
    assert {a["slug"] for a in actors["actors"]} == {"alpes-vision", "portalis-maritime"}
    profile = client.get("/observatoire/api/actors/portalis-maritime").json()
    assert profile["actor"]["name"] == "Portalis Maritime"
    assert all(len(f["id"]) == 16 for f in profile["facts"])
    assert sum(1 for f in profile["facts"] if f["contradicted_by"]) == 2
    assert profile["people"][0]["role"] == "présidente"
    board = client.get("/observatoire/api/dashboard").json()
    assert board["money_by_year"]["2025"]["funding_eur"] == pytest.approx(7.5e6)
    assert board["datacentre_power"][0] == {"actor": "Luberon 1", "mw": 12.0, "department": "84"}
    assert board["counts_by_kind"]["startup"] == 2


def test_dashboard_charts_are_accessible_svg_with_their_numbers(client: TestClient) -> None:
    response = client.get("/observatoire/tableau-de-bord")
    page = response.text
    charts = re.findall(r'<svg class="obs-graphique"[^>]*role="img" aria-labelledby="([^"]+)"', page)
    assert len(charts) == 5
    for labelled_by in charts:
        for ident in labelled_by.split():
            assert f'id="{ident}"' in page
    assert page.count("Données du graphique") == 5
    words = text(response)
    assert "Investissements annoncés et levées de fonds par année" in words
    assert "2025 95 M€ 7,5 M€ 102,5 M€" in words  # the table under the chart: each series, then the total
    assert "Luberon 1 (84) 12 MW" in words
    assert "Montants annoncés 102,5 M€" in words


def _fact_id(client: TestClient, actor: str, quote_part: str) -> str:
    facts = client.get(f"/observatoire/api/actors/{actor}").json()["facts"]
    return next(f["id"] for f in facts if quote_part in f["source"]["quote"])


def test_fact_correction_persists_and_is_logged(writable_client: TestClient, data_dir) -> None:
    fact = _fact_id(writable_client, "portalis-maritime", "32 salariés")
    response = writable_client.post("/observatoire/acteurs/portalis-maritime/corrections", data={
        "cible": "fact", "fait": fact, "champ": "value", "valeur": "35", "csrf": writable_client.csrf},
        follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/observatoire/acteurs/portalis-maritime?corrige=1#journal"
    page = text(writable_client.get(response.headers["location"]))
    assert "Correction enregistrée" in page
    assert "Effectif : 35 emplois" in page
    journal = page.split("Journal des corrections", 1)[1]
    assert f"{EDITOR} Effectif : valeur 32 35" in journal  # signed by the account, not a typed name

    writable_client.post("/observatoire/acteurs/portalis-maritime/corrections", data={
        "cible": "fact", "fait": fact, "champ": "date", "valeur": "2025-03", "csrf": writable_client.csrf})
    kb = open_knowledge_base(f"sqlite:///{data_dir / 'sudia.db'}")
    try:
        log = kb.corrections()
        corrected = [f for f, i in zip(kb.load().facts, kb.fact_ids(), strict=True) if i == fact][0]
    finally:
        kb.close()
    assert [(c.who, c.target, c.key, c.field, c.before, c.after) for c in log] == [
        (EDITOR, "fact", fact, "value", "32", "35.0"),
        (EDITOR, "fact", fact, "date", "2025-02-12", "2025-03")]
    assert corrected.value == 35 and corrected.date == "2025-03"
    audited = [e for e in writable_client.app.state.platform.trust.audit.entries() if e.action == "observatoire.correction"]
    assert [(e.actor, e.target, e.details["field"], e.details["after"]) for e in audited] == [
        (f"user:{EDITOR}", "Portalis Maritime", "date", "2025-03"), (f"user:{EDITOR}", "Portalis Maritime", "value", "35.0")]


def test_only_administrators_correct(data_dir) -> None:
    with client_on(data_dir) as client:
        fact = _fact_id(client, "portalis-maritime", "32 salariés")
        page = client.get("/observatoire/acteurs/portalis-maritime").text
        assert "Corriger ce fait" not in page and "connectez-vous" in page  # anonymous: no form
        anonymous = client.post("/observatoire/acteurs/portalis-maritime/corrections",
                                data={"cible": "fact", "fait": fact, "champ": "value", "valeur": "1"})
        assert anonymous.status_code == 401
        csrf = sign_in_editor(client, admin=False)
        refused = client.post("/observatoire/acteurs/portalis-maritime/corrections",
                              data={"cible": "fact", "fait": fact, "champ": "value", "valeur": "1", "csrf": csrf})
        assert refused.status_code == 403 and "droits d'administration requis" in text(refused)
    kb = open_knowledge_base(f"sqlite:///{data_dir / 'sudia.db'}")
    try:
        assert kb.corrections() == []
    finally:
        kb.close()


def test_reading_the_observatory_needs_an_account_unless_the_instance_is_open(demo_db) -> None:
    with client_on(demo_db.parent, allow_anonymous=False) as client:
        page = client.get("/observatoire/annuaire", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/connexion?suivant=")
        api = client.get("/observatoire/api/actors")
        assert api.status_code == 401 and "Connexion requise" in api.json()["error"]["message"]
        assert client.get("/observatoire/export.csv").status_code == 401


def test_actor_correction_renames_and_redirects_to_the_new_page(writable_client: TestClient) -> None:
    csrf = writable_client.csrf
    response = writable_client.post("/observatoire/acteurs/luberon-1/corrections", data={
        "cible": "actor", "champ": "name", "valeur": "Luberon Un", "csrf": csrf}, follow_redirects=False)
    assert response.headers["location"].startswith("/observatoire/acteurs/luberon-un?")
    page = text(writable_client.get("/observatoire/acteurs/luberon-un"))
    assert "Autres noms Luberon 1" in page and "Puissance : 12 MW" in page
    assert writable_client.get("/observatoire/acteurs/luberon-1").status_code == 200  # the old name is an alias
    writable_client.post("/observatoire/acteurs/luberon-un/corrections", data={
        "cible": "actor", "champ": "kind", "valeur": "Centre de données", "csrf": csrf})
    writable_client.post("/observatoire/acteurs/luberon-un/corrections", data={
        "cible": "actor", "champ": "sectors", "valeur": "calcul et données, énergie", "csrf": csrf})
    actor = writable_client.get("/observatoire/api/actors/luberon-un").json()
    assert actor["actor"]["sectors"] == ["calcul et données", "énergie"]
    assert [c["field"] for c in actor["corrections"]] == ["sectors", "kind", "name"]  # newest first


@pytest.mark.parametrize("form, message", [
    ({"champ": "value", "valeur": "beaucoup"}, "« beaucoup » n'est pas un nombre"),
    ({"champ": "date", "valeur": "12/02/2025"}, "date « 12/02/2025 » invalide"),
    ({"champ": "unit", "valeur": "MW"}, "champ « unit » non modifiable"),
])
def test_refused_corrections_say_why_in_french_and_log_nothing(writable_client: TestClient, data_dir,
                                                                form: dict[str, str], message: str) -> None:
    fact = _fact_id(writable_client, "portalis-maritime", "32 salariés")
    response = writable_client.post("/observatoire/acteurs/portalis-maritime/corrections",
                                    data={"cible": "fact", "fait": fact, "csrf": writable_client.csrf} | form)
    assert response.status_code == 400
    page = text(response)
    assert message in page
    typed = re.search(rf'id="valeur-{fact}" name="valeur" [^>]*value="([^"]*)"', response.text)
    assert typed and html.unescape(typed.group(1)) == form["valeur"]  # what was typed is kept
    kb = open_knowledge_base(f"sqlite:///{data_dir / 'sudia.db'}")
    try:
        assert kb.corrections() == []
    finally:
        kb.close()


def test_unknown_kind_is_refused(writable_client: TestClient) -> None:
    response = writable_client.post("/observatoire/acteurs/luberon-1/corrections", data={
        "cible": "actor", "champ": "kind", "valeur": "licorne", "csrf": writable_client.csrf})
    assert response.status_code == 400 and "type d'acteur inconnu « licorne »" in text(response)


def test_empty_observatory_says_so(tmp_path) -> None:
    with client_on(tmp_path / "data") as client:
        for url in ("/observatoire", "/observatoire/annuaire", "/observatoire/tableau-de-bord"):
            response = client.get(url)
            assert response.status_code == 200
            assert "L'observatoire est vide pour l'instant" in text(response)
        assert client.get("/observatoire/export.csv").content.decode("utf-8-sig").startswith("Nom;Type")
        assert client.get("/observatoire/api/dashboard").json()["counts_by_kind"] == {}


def test_tiled_map_is_offered_only_when_a_tile_server_is_configured(client: TestClient, demo_db) -> None:
    page = client.get("/observatoire").text
    assert "leaflet" not in page.lower() and "carte-tuiles.js" not in page  # default: SVG only
    tiles = "https://tuiles.exemple.fr/{z}/{x}/{y}.png"
    with client_on(demo_db.parent, map_tile_url=tiles, map_tile_attribution="© Exemple") as tiled:
        page = tiled.get("/observatoire?type=startup").text
    assert f'data-tuiles="{tiles}"' in page and 'data-attribution="© Exemple"' in page
    assert 'data-points="/observatoire/export.geojson?type=startup"' in page
    assert '<script src="/observatoire/static/carte-tuiles.js' in page
    assert 'class="obs-carte-svg"' in page  # still drawn: the tiles are an option
    outlines = client.get("/observatoire/departements.geojson").json()
    assert sorted(f["properties"]["code"] for f in outlines["features"]) == ["04", "05", "06", "13", "83", "84"]
    assert client.get("/observatoire/static/leaflet.js").status_code == 200
    point = client.get("/observatoire/export.geojson?departement=84").json()["features"][0]["properties"]
    assert point["url"] == "/observatoire/acteurs/luberon-1" and point["kind_label"] == "Centre de données"


def test_pages_on_each_backend(kb_url: str, extractor, tmp_path) -> None:
    """The same pages on SQLite and on PostgreSQL: the knowledge base follows the main database URL."""
    kb = open_knowledge_base(kb_url)
    try:
        build_demo_observatory(kb, None, Observatory(kb, extractor))
    finally:
        kb.close()
    with client_on(tmp_path / "data", database_url=kb_url) as client:
        assert listed(client.get("/observatoire?type=startup")) == ["alpes-vision", "portalis-maritime"]
        fact = _fact_id(client, "luberon-1", "12 MW")
        csrf = sign_in_editor(client)
        response = client.post("/observatoire/acteurs/luberon-1/corrections", data={
            "cible": "fact", "fait": fact, "champ": "value", "valeur": "14,5", "csrf": csrf})
        assert response.status_code == 200  # after the redirect
        assert "Puissance : 14,5 MW" in text(response)
        board = client.get("/observatoire/api/dashboard").json()
        assert board["datacentre_power"][0]["mw"] == 14.5


def test_review_page_decisions_are_signed_and_audited(writable_client: TestClient, data_dir) -> None:
    page = writable_client.get("/observatoire/revue")
    assert page.status_code == 200 and "Revue des contradictions et des doublons" in text(page)
    key = re.search(r'name="cle" value="([^"]+)"', page.text).group(1)
    response = writable_client.post("/observatoire/revue", data={"cle": html.unescape(key), "decision": "dismiss",
                                                                 "csrf": writable_client.csrf}, follow_redirects=False)
    assert response.status_code == 303
    after = text(writable_client.get("/observatoire/revue"))
    assert f"Écartée par {EDITOR}" in after
    audited = [e for e in writable_client.app.state.platform.trust.audit.entries() if e.action == "observatoire.revue"]
    assert [(e.actor, e.details["decision"]) for e in audited] == [(f"user:{EDITOR}", "dismiss")]
    refused = writable_client.post("/observatoire/revue", data={"cle": "inconnu", "decision": "dismiss",
                                                                "csrf": writable_client.csrf})
    assert refused.status_code == 400 and "SUDIA-O007" in refused.text


def test_only_administrators_review(data_dir) -> None:
    with client_on(data_dir) as client:
        page = client.get("/observatoire/revue")
        assert page.status_code == 200 and 'name="decision"' not in page.text
        assert client.post("/observatoire/revue", data={"cle": "x", "decision": "dismiss"}).status_code == 401
