"""Pages and API on a real app: chefs see their own lycée only, the region sees all, edits are audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

pytest.importorskip("lightgbm")

from sudia.accounts.trust import Trust  # noqa: E402
from sudia.cantines.service import CantinesService  # noqa: E402
from sudia.cantines.settings import CantinesSettings  # noqa: E402
from sudia.cantines.storage.repository import CantinesRepository  # noqa: E402
from sudia.cantines.synthetic import generate  # noqa: E402
from sudia.settings import Settings  # noqa: E402
from sudia.web.app import create_app  # noqa: E402


def _token(settings: Settings, email: str, groups: tuple[str, ...] = (), admin: bool = False) -> dict[str, str]:
    from accounts.engines import CHEAP

    trust = Trust.open(settings.resolved_database_url(), settings, cost=CHEAP)
    try:
        trust.directory.add_user("cli:test", email, "", "mot-de-passe-solide-123", is_admin=admin, groups=groups)
        scopes = ("ask", "search", "ingest", "admin") if admin else ("ask", "search", "ingest")
        secret = trust.directory.create_token("cli:test", email, scopes, 30, "t").secret
    finally:
        trust.close()
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture(scope="module")
def app_and_tokens(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("cantines-web") / "data", demo=False, llm_base_url="",
                        llm_model="")
    app = create_app(settings)
    platform = app.state.platform
    today = date.today()
    data = generate(2, today - timedelta(days=400), today, seed=5)
    service = CantinesService(CantinesRepository(platform.database), CantinesSettings(), platform.trust.audit)
    service.repo.upsert_canteens(data.canteens)
    service.repo.upsert_services(data.services, "test")
    service.repo.replace_menus(data.menus)
    service.repo.upsert_waste(data.waste, "test")
    service.train("test")
    chef = _token(settings, "chef@lycee.fr", (f"cantine-{data.canteens[0].lycee}",))
    region = _token(settings, "region@maregionsud.fr", ("cantines-region",))
    other = _token(settings, "agent@maregionsud.fr")
    with TestClient(app) as client:
        yield client, data, chef, region, other


def test_chef_sees_own_lycee_only(app_and_tokens) -> None:
    client, data, chef, _, other = app_and_tokens
    mine, theirs = data.canteens[0].id, data.canteens[1].id
    assert [c["id"] for c in client.get("/cantines/api/cantines", headers=chef).json()["canteens"]] == [mine]
    assert client.get("/cantines/api/cantines", headers=other).json()["canteens"] == []
    refused = client.get(f"/cantines/api/cantines/{theirs}/services", headers=chef)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "SUDIA-K008"
    assert client.get(f"/cantines/{theirs}", headers=chef).status_code == 403
    assert client.get("/cantines/region", headers=chef).status_code == 403
    assert client.get("/cantines/api/cantines").status_code == 401
    page = client.get(f"/cantines/{mine}", headers=chef)
    assert page.status_code == 200 and "Repas à préparer" in page.text and "ADEME" in page.text


def test_entry_is_audited_and_forecast_api(app_and_tokens) -> None:
    client, data, chef, region, _ = app_and_tokens
    mine = data.canteens[0].id
    day = date.today().isoformat()
    saved = client.put(f"/cantines/api/cantines/{mine}/services/{day}", headers=chef,
                       json={"prepared": 410, "served": 395, "waste_kg": {"pain": 2.5, "restes_assiettes": 12}})
    assert saved.status_code == 200 and saved.json()["services"][0]["served"] == 395
    bad = client.put(f"/cantines/api/cantines/{mine}/services/{day}", headers=chef, json={"waste_kg": {"soupe": 1}})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "SUDIA-K009"
    entries = client.app.state.platform.trust.audit.entries()
    assert any(e.action == "cantines.service.edit" and e.target == f"{mine}/{day}" for e in entries)
    found = client.get(f"/cantines/api/cantines/{mine}/previsions?jours=2&risque=0.1", headers=chef).json()
    assert len(found["forecasts"]) == 2 and found["forecasts"][0]["recommended"] >= found["forecasts"][0]["expected"]
    assert "ADEME" in found["factors"]["source"]


def test_region_imports_with_line_errors_and_reads_reports(app_and_tokens) -> None:
    client, data, chef, region, _ = app_and_tokens
    mine = data.canteens[0].id
    csv = f"cantine,date,servis\n{mine},2020-01-06,300\n{mine},pas une date,300\n".encode()
    assert client.post("/cantines/api/import", headers=chef, files={"fichier": ("s.csv", csv)}).status_code == 403
    result = client.post("/cantines/api/import", headers=region, files={"fichier": ("s.csv", csv)},
                         data={"type": "services"}).json()
    assert result["accepted"] == 1 and result["errors"][0]["line"] == 3 and "date invalide" in result["errors"][0]["message"]
    month = date.today().strftime("%Y-%m")
    assert "Rapport mensuel" in client.get(f"/cantines/{mine}/rapport/{month}", headers=chef).text
    pdf = client.get(f"/cantines/{mine}/rapport/{month}.pdf", headers=chef)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    history = client.get(f"/cantines/{mine}/historique", headers=chef)
    assert history.status_code == 200 and "<svg" in history.text and 'role="img"' in history.text
    board = client.get("/cantines/region", headers=region)
    assert board.status_code == 200 and data.canteens[1].name in board.text
    assert client.get("/cantines/admin", headers=region).status_code == 200
    assert "cantines" in {e["id"] for e in client.get("/registre.json").json()["usages"]}


def test_tokens_write_only_with_the_scope_of_the_write(app_and_tokens) -> None:
    """A chef's read-only token (« ask ») reads forecasts but cannot change figures; training needs « admin »."""
    client, data, _, region, _ = app_and_tokens
    settings = client.app.state.platform.settings
    trust = Trust.open(settings.resolved_database_url(), settings)
    try:
        lycee = data.canteens[0].lycee
        trust.directory.add_user("cli:test", "lecteur@lycee.fr", "", "mot-de-passe-solide-123",
                                 groups=(f"cantine-{lycee}",))
        reader = {"Authorization": "Bearer " + trust.directory.create_token(
            "cli:test", "lecteur@lycee.fr", ("ask",), 30, "tableau de bord").secret}
    finally:
        trust.close()
    mine, day = data.canteens[0].id, date.today().isoformat()
    assert client.get(f"/cantines/api/cantines/{mine}/previsions", headers=reader).status_code == 200
    refused = client.put(f"/cantines/api/cantines/{mine}/services/{day}", headers=reader, json={"served": 1})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "SUDIA-A010"
    form = client.post(f"/cantines/{mine}/saisie", headers=reader, data={"jour": day, "servis": "1"})
    assert form.status_code == 403
    stored = client.get(f"/cantines/api/cantines/{mine}/services?debut={day}", headers=reader).json()["services"]
    assert all(s["served"] != 1 for s in stored)
    training = client.post("/cantines/api/modeles", headers=region)  # an « ingest » token of the regional team
    assert training.status_code == 403 and training.json()["error"]["code"] == "SUDIA-A010"
