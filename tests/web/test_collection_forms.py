"""Issue #11, point 2 through the web: the pages, the administration page and the JSON API use the same
collection rules (normalised groups, a warning for a group without members, errors at their field)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from web.test_auth_pages import AppFactory, csrf_of, login, make_client, text, trust_of  # noqa: F401

from sudia.audit.base import AuditQuery


def test_rights_page_normalises_groups_and_warns_of_an_empty_group(make_client: AppFactory) -> None:
    client = make_client()
    login(client, "admin@region.fr")
    token = csrf_of(client.get("/admin/collections").text)
    changed = client.post("/admin/collections/guides/droits",
                          data={"csrf": token, "visibility": "restricted", "groups": "Accueil, FANTOME"},
                          follow_redirects=False)
    assert changed.status_code == 303 and "sans-membre=" in changed.headers["location"]
    page = client.get(changed.headers["location"])
    assert "Le groupe « FANTOME » n'a aucun membre" in text(page)
    assert "Le groupe « accueil »" not in text(page)  # the agent is in it
    collection = client.app.state.platform.store.get_collection("guides")
    assert set(collection.groups) == {"accueil", "FANTOME"}  # « Accueil » is the agent's « accueil »
    agent = TestClient(client.app, cookies={"sudia_session": trust_of(client).auth.login(
        "agent@region.fr", "mot-de-passe-de-test-42").cookie})
    assert [c["name"] for c in agent.get("/api/collections").json()] == ["guides"]  # « Accueil » is « accueil »
    forged = client.get("/admin/collections?sans-membre=accueil")
    assert "aucun membre" not in text(forged)  # worded from the groups as they are, not from the link


def test_rights_form_error_is_shown_at_the_row(make_client: AppFactory) -> None:
    client = make_client()
    login(client, "admin@region.fr")
    token = csrf_of(client.get("/admin/collections").text)
    empty = client.post("/admin/collections/guides/droits", data={"csrf": token, "visibility": "restricted"})
    assert empty.status_code == 400 and "au moins un groupe" in text(empty)
    tag = re.search(r'<input[^>]*name="groups"[^>]*aria-invalid="true"[^>]*>', empty.text)
    assert tag is not None and 'aria-describedby="groupes-1-erreur"' in tag.group(0)
    assert 'href="#ligne-guides"' in empty.text
    bad = client.post("/admin/collections/guides/droits", data={"csrf": token, "visibility": "restricted",
                                                                "groups": "r h!"})
    assert bad.status_code == 400 and 'value="r h!"' in bad.text  # what was typed is kept to be corrected


def test_documents_page_creates_through_the_same_rules(make_client: AppFactory) -> None:
    client = make_client()
    login(client, "admin@region.fr")
    token = csrf_of(client.get("/documents").text)
    duplicate = client.post("/documents/collections", data={"csrf": token, "name": "guides", "visibility": "public"})
    assert duplicate.status_code == 409 and 'id="nom-collection-erreur"' in duplicate.text
    created = client.post("/documents/collections", data={"csrf": token, "name": "paie", "visibility": "restricted",
                                                          "groups": "Vide"}, follow_redirects=False)
    assert created.status_code == 303 and "sans-membre=Vide" in created.headers["location"]
    assert "Le groupe « Vide » n'a aucun membre" in text(client.get(created.headers["location"]))
    [entry] = trust_of(client).audit.entries(AuditQuery(action="collection.create"), limit=5)
    assert entry.details["groups"] == ["Vide"] and entry.details["groups_without_members"] == ["Vide"]


def test_the_api_creates_through_the_same_rules(make_client: AppFactory) -> None:
    client = make_client()
    secret = trust_of(client).directory.create_token("cli:test", "admin@region.fr", ["ingest", "admin"]).secret
    robot = TestClient(client.app, headers={"Authorization": f"Bearer {secret}"})
    created = robot.post("/api/collections", json={"name": "rh", "visibility": "restricted", "groups": ["RH", "rh"]})
    assert created.status_code == 201, created.text
    assert created.json()["warnings"] and "« RH »" in created.json()["warnings"][0]
    assert client.app.state.platform.store.get_collection("rh").groups == ("RH",)
    assert robot.post("/api/collections", json={"name": "rh"}).status_code == 409
    assert robot.delete("/api/collections/rh").status_code == 404  # the administrator is not in « rh »
    assert robot.post("/api/collections", json={"name": "tous", "visibility": "public"}).json()["warnings"] == []
    assert robot.delete("/api/collections/tous").status_code == 204
    actions = [e.action for e in trust_of(client).audit.entries(AuditQuery(kind="admin"), limit=20)]
    assert "collection.create" in actions and "collection.delete" in actions
