"""Login, logout, OpenID Connect, « Mon compte » and its API tokens, CSRF refusals, on the real app."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from accounts.engines import CHEAP
from accounts.oidc_provider import CLIENT_ID, CLIENT_SECRET, FakeOidcProvider, new_key
from fastapi.testclient import TestClient

from sudia.accounts.trust import Trust
from sudia.audit.base import AuditQuery
from sudia.settings import Settings
from sudia.web.app import create_app

PASSWORD = "mot-de-passe-de-test-42"
AppFactory = Callable[..., TestClient]


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[AppFactory]:
    """`make_client(**settings)`: the real app on a fresh SQLite database, with two accounts and a collection."""
    clients: list[TestClient] = []

    def make(**overrides: object) -> TestClient:
        settings = Settings(data_dir=tmp_path / f"data{len(clients)}", demo=False, embedder="none", llm_base_url="",
                            llm_model="", **overrides)
        app = create_app(settings)
        platform = app.state.platform
        platform.__dict__["trust"] = Trust.open(settings.resolved_database_url(), settings, cost=CHEAP)
        directory = platform.trust.directory
        directory.add_user("cli:test", "agent@region.fr", "Agent", PASSWORD, groups=["accueil"])
        directory.add_user("cli:test", "admin@region.fr", "Admin", PASSWORD, is_admin=True)
        platform.store.ensure_collection("guides", "Guides publics", "public")
        client = TestClient(app).__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]*)"', page).group(1)  # type: ignore[union-attr]


def text(response: httpx.Response) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", response.text))


def login(client: TestClient, email: str, password: str = PASSWORD, suivant: str = "/") -> httpx.Response:
    token = csrf_of(client.get("/connexion").text)
    return client.post("/connexion", data={"email": email, "password": password, "csrf": token, "suivant": suivant},
                       follow_redirects=False)


def trust_of(client: TestClient) -> Trust:
    return client.app.state.platform.trust  # type: ignore[attr-defined]


# -- login and logout ----------------------------------------------------------------------------
def test_pages_send_anonymous_visitors_to_the_login_page_and_back(make_client: AppFactory) -> None:
    client = make_client()
    first = client.get("/recherche?q=tarif", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/connexion?suivant=%2Frecherche%3Fq%3Dtarif"
    page = client.get(first.headers["location"])
    assert "Connexion" in page.text and 'name="suivant" value="/recherche?q=tarif"' in page.text
    assert "sudia_csrf" in client.cookies  # the login form's CSRF token, before any session
    signed = login(client, "agent@region.fr", suivant="/recherche?q=tarif")
    assert signed.status_code == 303 and signed.headers["location"] == "/recherche?q=tarif"
    cookie = signed.headers["set-cookie"]
    assert "sudia_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    menu = client.get("/")
    assert "agent@region.fr" in menu.text and "Se déconnecter" in menu.text and "Se connecter<" not in menu.text


def test_wrong_password_is_refused_in_french_then_throttled(make_client: AppFactory) -> None:
    client = make_client(login_max_failures=3)
    for _ in range(3):
        wrong = login(client, "agent@region.fr", "pas-le-bon-mot-de-passe")
        assert wrong.status_code == 401 and "Adresse e-mail ou mot de passe incorrect." in text(wrong)
        assert 'value="agent@region.fr"' in wrong.text  # the address stays in the form
    locked = login(client, "agent@region.fr")  # even the right password, while the account is locked
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) >= 60
    assert re.search(r"Trop de tentatives de connexion : réessayez dans \d+ minute\(s\)\.", text(locked))
    assert "sudia_session" not in client.cookies


def test_login_only_returns_to_local_pages(make_client: AppFactory) -> None:
    client = make_client()
    for target in ("https://pirate.example/", "//pirate.example/", "/\\pirate.example"):
        assert login(client, "agent@region.fr", suivant=target).headers["location"] == "/"


def test_logout_closes_the_session(make_client: AppFactory) -> None:
    client = make_client()
    login(client, "agent@region.fr")
    session = client.cookies["sudia_session"]
    token = csrf_of(client.get("/compte").text)
    out = client.post("/deconnexion", data={"csrf": token}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/connexion?fait=deconnecte"
    assert "Vous êtes déconnecté." in client.get(out.headers["location"]).text
    assert trust_of(client).auth.session(session) is None  # closed server-side, not only forgotten
    replay = TestClient(client.app, cookies={"sudia_session": session})
    assert replay.get("/compte", follow_redirects=False).status_code == 303


def test_forms_without_the_csrf_token_are_refused(make_client: AppFactory) -> None:
    client = make_client()
    client.get("/connexion")
    anonymous = client.post("/connexion", data={"email": "agent@region.fr", "password": PASSWORD})
    assert anonymous.status_code == 403 and "Formulaire expiré ou envoyé depuis un autre site" in text(anonymous)
    login(client, "admin@region.fr")
    for path, data in [("/deconnexion", {}), ("/compte/jetons", {"scopes": "search"}),
                       ("/admin/utilisateurs", {"email": "x@region.fr"}),
                       ("/admin/collections/guides/droits", {"visibility": "restricted", "groups": "rh"}),
                       ("/documents/collections", {"name": "piege"})]:
        for token in ("", "faux-jeton"):
            refused = client.post(path, data={**data, "csrf": token}, follow_redirects=False)
            assert refused.status_code == 403, path
            assert "SUDIA-A023" in refused.text, path
    assert client.get("/compte").status_code == 200  # still signed in
    assert client.app.state.platform.store.get_collection("guides").visibility == "public"
    assert client.app.state.platform.store.get_collection("piege") is None
    # The JSON API with a session cookie: the page's origin or the X-CSRF-Token header, never another site.
    assert client.post("/api/collections", json={"name": "a"}, headers={"Origin": "https://pirate.example"}).status_code == 403
    assert client.post("/api/collections", json={"name": "a"}, headers={"Origin": "http://testserver"}).status_code == 201
    assert client.post("/api/collections", json={"name": "b"},
                       headers={"X-CSRF-Token": csrf_of(client.get("/compte").text)}).status_code == 201


# -- « Mon compte » and API tokens ---------------------------------------------------------------
def test_account_page_lists_groups_and_manages_own_tokens(make_client: AppFactory) -> None:
    client = make_client()
    login(client, "agent@region.fr")
    page = client.get("/compte")
    assert page.status_code == 200 and "accueil" in page.text and "guides" in page.text
    assert 'value="admin"' not in page.text  # a non-administrator is not offered the admin scope
    created = client.post("/compte/jetons", data={"csrf": csrf_of(page.text), "name": "script du service",
                                                  "scopes": ["search"], "days": "30"})
    assert created.status_code == 201 and created.headers["cache-control"] == "no-store"
    secret = re.search(r'value="(sudia_[^"]+)"', created.text).group(1)  # type: ignore[union-attr]
    assert "il ne sera plus jamais affiché" in text(created)
    assert secret not in client.get("/compte").text  # shown once
    bearer = TestClient(client.app, headers={"Authorization": f"Bearer {secret}"})
    assert bearer.post("/api/search", json={"query": "tarif", "collections": ["guides"]}).status_code == 200
    assert bearer.post("/api/ask", json={"question": "Quel tarif ?"}).status_code == 403  # scope « search » only
    assert bearer.post("/compte/jetons", data={"scopes": "ask"}).status_code == 403  # a token mints no token

    [token] = trust_of(client).directory.list_tokens("agent@region.fr")
    revoked = client.post(f"/compte/jetons/{token.id}/revoquer", data={"csrf": csrf_of(page.text)},
                          follow_redirects=False)
    assert revoked.status_code == 303
    assert bearer.post("/api/search", json={"query": "tarif"}).status_code == 401

    other = trust_of(client).directory.create_token("cli:test", "admin@region.fr", ["ask"])
    refused = client.post(f"/compte/jetons/{other.token.id}/revoquer", data={"csrf": csrf_of(page.text)})
    assert refused.status_code == 404 and "Jeton d'API inconnu" in text(refused)
    assert not trust_of(client).store.get_token(other.token.id).revoked_at

    actions = [e.action for e in trust_of(client).audit.entries(AuditQuery(kind="admin"))]
    assert "token.create" in actions and "token.revoke" in actions


def test_invalid_token_validity_is_explained(make_client: AppFactory) -> None:
    client = make_client(token_max_days=30)
    login(client, "agent@region.fr")
    token = csrf_of(client.get("/compte").text)
    for days in ("90", "zéro"):
        refused = client.post("/compte/jetons", data={"csrf": token, "scopes": ["ask"], "days": days})
        assert refused.status_code == 400 and "Durée de validité invalide" in text(refused)


# -- OpenID Connect ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def provider() -> Iterator[FakeOidcProvider]:
    with FakeOidcProvider(new_key(), new_key()) as p:
        yield p


def test_openid_connect_login_maps_groups_and_returns(make_client: AppFactory, provider: FakeOidcProvider) -> None:
    client = make_client(oidc_issuer=provider.issuer, oidc_client_id=CLIENT_ID, oidc_client_secret=CLIENT_SECRET,
                         oidc_redirect_uri="http://testserver/auth/oidc/callback",
                         oidc_group_map={"GG-RH-AGENTS": "rh"})
    provider.reset()
    provider.claims = {"email": "marie.curie@region.fr", "email_verified": True, "name": "Marie Curie",
                       "groups": ["GG-RH-AGENTS", "GG-AUTRE"]}
    assert "Se connecter avec le compte de la Région" in client.get("/connexion").text
    start = client.get("/auth/oidc/login", params={"suivant": "/compte"}, follow_redirects=False)
    assert start.status_code == 303 and start.headers["location"].startswith(f"{provider.issuer}/authorize?")
    at_provider = httpx.get(start.headers["location"], follow_redirects=False)  # signed in there already
    back = at_provider.headers["location"]
    assert back.startswith("http://testserver/auth/oidc/callback?")
    done = client.get(back, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/compte"
    account = client.get("/compte")
    assert "marie.curie@region.fr" in account.text and ">rh<" in account.text and "GG-AUTRE" not in account.text
    assert "OpenID Connect" in account.text
    replayed = client.get(back, follow_redirects=False)  # a state is usable once
    assert replayed.status_code == 400 and "Demande de connexion inconnue ou expirée" in text(replayed)
    cancelled = client.get("/auth/oidc/callback", params={"error": "access_denied"})
    assert cancelled.status_code == 400 and "access_denied" in cancelled.text


def test_openid_connect_is_refused_in_french_when_not_configured(make_client: AppFactory) -> None:
    client = make_client()
    assert "compte de la Région" not in client.get("/connexion").text
    refused = client.get("/auth/oidc/login")
    assert refused.status_code == 404 and "Connexion OpenID Connect non configurée" in text(refused)
