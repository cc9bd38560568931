"""The audit log page, the frugality dashboard and the AI register, served over real HTTP by uvicorn."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import sqlite3

import httpx
import pytest

from frugality.population import PASSWORD, llm_settings, populate
from sudia.audit.export import COLUMNS
from sudia.platform import Platform
from sudia.settings import Settings
from sudia.web.trust_pages import JournalFilters, journal_page


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, start_server, fake_llm):
    """A populated instance (anonymous visitors allowed) behind a real server, and its people's credentials."""
    base = Settings(data_dir=tmp_path_factory.mktemp("confiance") / "data", demo=False, llm_base_url="",
                    llm_model="", allow_anonymous=True, transparency_contact="dpo@maregionsud.fr")
    platform = Platform.from_settings(base)
    generative = Platform.from_settings(llm_settings(base, fake_llm.url))
    people = populate(platform, generative)
    generative.close()
    server = start_server(llm_settings(base, fake_llm.url))
    sessions = {name: platform.trust.auth.login(f"{name}@region.fr", PASSWORD).cookie for name in ("admin", "agent")}
    limited = platform.trust.directory.create_token("cli:test", "admin@region.fr", ["ask"]).secret
    yield {"url": server.url, "platform": platform, "people": people, "sessions": sessions, "limited": limited}
    platform.close()


def get(site, path: str, who: str = "", **kwargs) -> httpx.Response:
    cookies = {"sudia_session": site["sessions"][who]} if who else {}
    with httpx.Client(base_url=site["url"], cookies=cookies, follow_redirects=False, timeout=60) as client:
        return client.get(path, **kwargs)


def text(response: httpx.Response) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", response.text))


# -- audit log -----------------------------------------------------------------------------------
def test_the_journal_is_for_administrators_only(site) -> None:
    anonymous = get(site, "/admin/journal")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/connexion?suivant=")
    assert get(site, "/admin/journal", "agent").status_code == 403
    assert get(site, "/admin/journal.csv", "agent").status_code == 403
    token = get(site, "/admin/journal", headers={"Authorization": f"Bearer {site['limited']}"})
    assert token.status_code == 403 and "SUDIA-A010" in token.text  # an admin's token without the admin scope
    assert get(site, "/admin/journal", "admin").status_code == 200


def test_the_journal_shows_entries_chain_state_and_retention(site) -> None:
    page = get(site, "/admin/journal", "admin")
    body = text(page)
    assert "Chaîne intègre" in body and "Empreinte de la dernière entrée" in body
    assert "Conservation : 365 jours" in body and "Questions conservées sous forme d'empreinte (HMAC-SHA256, clé gardée hors de la base)" in body
    assert "agent@region.fr" in body and "Question conservée sous forme d'empreinte" in body
    assert "a créé le compte agent@region.fr" in body and "a posé une question" in body
    assert "Refusé" in body and "fake-llm-8b" in body
    # people read sentences: no internal keys, actor prefixes, raw dicts or shell commands (#11)
    table = body.split("Entrées", 1)[1]
    for raw in ("user.add", "user:agent", "cli:test", "ai_request", "{'", '{"', "sudia audit", "UTC"):
        assert raw not in table, raw
    assert "Date (heure de Paris)" in body
    assert 'href="/admin/journal.csv" download>Exporter en CSV</a>' in page.text
    assert 'href="/admin/journal" aria-current="page">Journal d&#39;audit</a>' in page.text  # admin menu


@pytest.mark.parametrize("query, present, absent", [
    ("resultat=denied", ["Visiteur anonyme"], ["agent@region.fr"]),
    ("auteur=rh%40region", ["rh@region.fr"], ["agent@region.fr", "Refusé"]),
    ("type=admin", ["a créé le compte", "test (ligne de commande)"], ["Question conservée"]),
    ("action=user.add", ["a créé le compte"], ["Question conservée", "a ajouté"]),
    ("collection=trains&type=ai_request", ["agent@region.fr"], ["rh@region.fr", "a créé le compte"]),
    ("du=2000-01-01&au=2000-01-31", ["Aucune entrée ne correspond à ces filtres"], ["agent@region.fr"]),
])
def test_journal_filters(site, query: str, present: list[str], absent: list[str]) -> None:
    page = get(site, f"/admin/journal?{query}", "admin")
    assert page.status_code == 200
    body = text(page)
    table = body.split("Entrées filtrées", 1)[1]
    assert all(p in table for p in present) and not any(a in table for a in absent)
    assert 'href="/admin/journal.csv?' in page.text  # the export keeps the filters


def test_an_invalid_filter_is_explained(site) -> None:
    page = get(site, "/admin/journal?du=hier", "admin")
    assert page.status_code == 400 and "SUDIA-U002" in page.text and "format AAAA-MM-JJ attendu" in text(page)


def test_csv_export_follows_the_filters_and_is_itself_audited(site) -> None:
    response = get(site, "/admin/journal.csv?type=ai_request&collection=trains", "admin")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # spreadsheets read the accents right
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    assert rows and all(r["kind"] == "ai_request" and "trains" in r["collections"].split(";") for r in rows)
    assert [int(r["seq"]) for r in rows] == sorted(int(r["seq"]) for r in rows)  # oldest first, like the CLI
    exports = site["platform"].trust.audit.entries(limit=5)
    assert any(e.action == "audit.export" and e.actor == "user:admin@region.fr" for e in exports)


def test_pages_of_the_journal_and_outcome_filter_across_batches(site) -> None:
    log = site["platform"].trust.audit
    for i in range(55):
        log.record_admin("cli:test", "collection.rights", f"collection-{i}")
    first = get(site, "/admin/journal?type=admin", "admin").text
    assert first.count('<th scope="row" class="nombre">') == 50
    older = re.search(r'href="(/admin/journal\?[^"]*avant=\d+)"', first)
    assert older is not None
    second = get(site, html.unescape(older.group(1)), "admin").text
    assert "« Entrées les plus récentes" in second and second.count('<th scope="row" class="nombre">') >= 5
    # the outcome is filtered after reading: a refusal far back is still found, page after page
    entries, more = journal_page(log, JournalFilters(resultat="denied"), size=1, batch=2)
    assert [e.outcome for e in entries] == ["denied"] and more == 0


def test_a_broken_chain_is_shown_with_its_first_broken_entry(tmp_path, start_server) -> None:
    settings = Settings(data_dir=tmp_path / "data", demo=False, llm_base_url="", llm_model="")
    platform = Platform.from_settings(settings)
    trust = platform.trust
    trust.directory.create_admin("cli:test", "admin@region.fr", PASSWORD)
    trust.audit.record_admin("cli:test", "group.add", "agent@region.fr", details={"group": "rh"})
    cookie = trust.auth.login("admin@region.fr", PASSWORD).cookie
    platform.close()
    db = sqlite3.connect(settings.data_dir / "sudia.db", isolation_level=None)
    try:  # an intruder with write access to the database edits the second entry
        db.execute("DROP TRIGGER audit_no_update")
        db.execute("UPDATE audit_entries SET data = replace(data, 'rh', 'direction') WHERE seq = 2")
    finally:
        db.close()
    server = start_server(settings)
    page = httpx.get(f"{server.url}/admin/journal", cookies={"sudia_session": cookie}, timeout=60)
    assert "Chaîne rompue à l'entrée n° 2" in text(page) and "contenu modifié" in text(page)


# -- frugality ---------------------------------------------------------------------------------------
def test_the_dashboard_draws_accessible_svg_charts_with_tables(site) -> None:
    page = get(site, "/frugalite", "admin")
    assert page.status_code == 200
    for chart in ("energie-jour", "carbone-jour", "par-utilisateur", "par-collection", "par-modele", "latence-modele"):
        assert f'aria-labelledby="{chart}-titre {chart}-desc"' in page.text
        assert f'<title id="{chart}-titre">' in page.text and f'<desc id="{chart}-desc">' in page.text
    for table in ("tableau-jours", "tableau-utilisateurs", "tableau-collections", "tableau-modeles"):
        assert f'<table class="tableau tableau-empilable" id="{table}">' in page.text
    body = text(page)
    assert "toutes les requêtes de l'instance" in body
    for shown in ("agent@region.fr", "rh@region.fr", "Non attribué (hors journal)", "fake-llm-8b", "extractif (local)"):
        assert shown in body
    assert "ampoule LED de 6 W" in body and "en voiture thermique" in body and "recharge de smartphone" in body
    assert re.search(r"\d,\d+ Wh", body)  # French decimal comma
    assert "impactco2.fr" in page.text and "<script" not in page.text.split("</main>")[0]


def test_the_dashboard_shows_each_caller_what_they_may_see(site) -> None:
    agent = text(get(site, "/frugalite", "agent"))
    assert "agent@region.fr" in agent and "rh@region.fr" not in agent and "Ressources humaines" not in agent
    assert "Seules vos propres requêtes" in agent
    anonymous = text(get(site, "/frugalite"))
    assert "agent@region.fr" not in anonymous and "réservée aux personnes connectées" in anonymous
    assert " rh " not in anonymous and "trains" in anonymous


def test_totals_api_is_scoped_to_the_caller(site) -> None:
    admin = get(site, "/api/frugality/totals?days=7", "admin").json()
    assert admin["scope"] == "all" and len(admin["by_day"]) == 7
    assert {u["key"] for u in admin["by_user"]} == {"agent@region.fr", "rh@region.fr", ""}
    assert admin["total"]["requests"] == 4 and admin["unattributed_requests"] == 1
    assert {"energy_wh", "carbon_gco2e", "tokens", "latency_median_ms", "latency_p95_ms"} <= set(admin["total"])
    assert any(e["key"] == "ampoule_led" for e in admin["equivalents"]) and admin["sources"]
    agent = get(site, "/api/frugality/totals", "agent").json()
    assert agent["scope"] == "readable" and [u["key"] for u in agent["by_user"]] == ["agent@region.fr"]
    assert {c["key"] for c in agent["by_collection"]} == {"trains"} and len(agent["by_day"]) == 30
    anonymous = get(site, "/api/frugality/totals").json()
    assert anonymous["by_user"] == [] and {c["key"] for c in anonymous["by_collection"]} == {"trains"}
    refused = get(site, "/api/frugality/totals?days=0")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "SUDIA-R002"


# -- register ----------------------------------------------------------------------------------------
def test_the_register_is_public_and_generated_from_the_configuration(site) -> None:
    page = get(site, "/registre")
    assert page.status_code == 200
    body = text(page)
    assert "Registre des usages de l'intelligence artificielle" in body and "L. 312-1-3" in body
    assert "Assistant « trains »" in body and "Assistants sur des documents internes" in body
    assert "Ressources humaines" not in body and "« rh »" not in body
    assert "fake-llm-8b" in body and "API compatible OpenAI (conversation)" in body
    assert "Observatoire de l'écosystème de l'IA" in body and "fr_core_news_md" in body
    assert "dpo@maregionsud.fr" in body and "Dernière mise à jour" in body
    data = get(site, "/registre.json").json()
    assert data["contact"] == "dpo@maregionsud.fr" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["mis_a_jour"])
    assert {u["id"] for u in data["usages"]} >= {"assistant-trains", "assistant-interne", "recherche", "api-openai"}
    assert all("127.0.0.1:" not in m for u in data["usages"] for m in u["modeles"])  # no port or path


def test_a_broken_register_file_does_not_take_the_page_down(site) -> None:
    extra = site["platform"].settings.data_dir / "registre.json"
    extra.write_text('{"usages": [{"id": "nouveau"}]}', encoding="utf-8")
    try:
        page = get(site, "/registre")
        assert page.status_code == 200 and "SUDIA-T001" in page.text and "Assistant « trains »" in text(page)
        assert get(site, "/registre.json").json()["avertissement"]["code"] == "SUDIA-T001"
        extra.write_text(json.dumps({"usages": [{"id": "recherche", "publie": False}]}), encoding="utf-8")
        assert "recherche" not in {u["id"] for u in get(site, "/registre.json").json()["usages"]}
    finally:
        extra.unlink()


def test_nav_links_to_the_public_pages(site) -> None:
    home = get(site, "/").text
    assert '<a href="/frugalite">Sobriété</a>' in home and '<a href="/registre">Registre</a>' in home
    assert "/admin/journal" not in home
