"""OpenID Connect login against a stand-in provider on localhost: flow, group mapping, and refusals."""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from accounts.oidc_provider import CLIENT_ID, CLIENT_SECRET, FakeOidcProvider, new_key

from sudia.accounts.oidc import OidcClient
from sudia.accounts.trust import Trust
from sudia.errors import SudiaError

REDIRECT = "http://127.0.0.1:8000/auth/oidc/callback"


@pytest.fixture(scope="module")
def provider() -> Iterator[FakeOidcProvider]:
    with FakeOidcProvider(new_key(), new_key()) as p:
        yield p


@pytest.fixture
def client(provider: FakeOidcProvider) -> Iterator[OidcClient]:
    provider.reset()
    provider.claims = {"sub": "agent-42", "email": "Claire.Martin@maregionsud.fr", "email_verified": True,
                       "name": "Claire Martin", "groups": ["CN=RH,OU=Services", "agents"]}
    c = OidcClient(provider.issuer, CLIENT_ID, CLIENT_SECRET, REDIRECT, groups_claim="groups")
    yield c
    c.close()


def authorize(url: str) -> tuple[str, str]:
    """What the browser does: follow the provider's redirect back, with code and state."""
    response = httpx.get(url, follow_redirects=False)
    assert response.status_code == 302, response.text
    location = urlparse(response.headers["location"])
    assert location.geturl().startswith(REDIRECT)
    query = parse_qs(location.query)
    return query["state"][0], query["code"][0]


def sign_in(trust: Trust, client: OidcClient, return_to: str = "/"):
    state, code = authorize(trust.auth.begin_oidc(client, return_to))
    return trust.auth.finish_oidc(client, state, code)


def test_authorization_url_uses_pkce_s256_state_and_nonce(client: OidcClient) -> None:
    request = client.authorization_request()
    query = parse_qs(urlparse(request.url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["code_challenge"][0] != request.verifier and len(request.verifier) >= 43
    assert query["state"] == [request.state] and query["nonce"] == [request.nonce]
    assert "openid" in query["scope"][0].split()


def test_state_and_nonce_come_from_the_one_secret_generator(client: OidcClient, monkeypatch) -> None:
    """Regression (#11): oidc.py re-implemented `tokens.new_nonce` and left it dead."""
    from sudia.accounts import oidc

    issued = iter(["etat-1", "nonce-1"])
    monkeypatch.setattr(oidc, "new_nonce", lambda: next(issued))
    request = client.authorization_request()
    assert (request.state, request.nonce) == ("etat-1", "nonce-1")


def test_login_creates_the_account_and_maps_groups(trust: Trust, client: OidcClient,
                                                   provider: FakeOidcProvider) -> None:
    trust.settings = trust.settings.model_copy(update={"oidc_group_map": {"CN=RH,OU=Services": "rh"}})
    trust.auth.settings = trust.settings
    signed = sign_in(trust, client, "/admin/audit")
    assert signed.return_to == "/admin/audit"
    assert signed.principal.email == "claire.martin@maregionsud.fr"
    assert signed.principal.groups == {"rh"}  # "agents" is not mapped: ignored
    assert not signed.principal.is_admin
    assert trust.auth.session(signed.cookie)[0] == signed.principal
    # the client authenticated with the secret, and sent the PKCE verifier
    form = provider.token_requests[-1]
    assert form["grant_type"] == "authorization_code" and len(form["code_verifier"]) >= 43
    actions = [e.action for e in trust.audit.entries()]
    assert "user.add" in actions and "user.groups_sync" in actions


def test_groups_follow_the_provider_and_local_groups_stay(trust: Trust, client: OidcClient,
                                                          provider: FakeOidcProvider) -> None:
    user = sign_in(trust, client).principal
    assert user.groups == {"agents"}  # no mapping: valid names taken as they are, DN-style dropped
    trust.directory.add_to_group("cli:test", user.email, "pilotes")
    provider.claims["groups"] = ["formation"]
    again = sign_in(trust, client).principal
    assert again.user_id == user.user_id
    assert again.groups == {"formation", "pilotes"}


def test_admin_group_makes_administrators(trust: Trust, client: OidcClient, provider: FakeOidcProvider) -> None:
    trust.auth.settings = trust.settings.model_copy(update={"oidc_admin_group": "agents"})
    assert sign_in(trust, client).principal.is_admin
    provider.claims["groups"] = []
    assert not sign_in(trust, client).principal.is_admin


def test_nested_groups_claim(trust: Trust, provider: FakeOidcProvider) -> None:
    provider.reset()
    provider.claims = {"email": "a@b.fr", "email_verified": True, "realm_access": {"roles": ["rh", "agents"]}}
    client = OidcClient(provider.issuer, CLIENT_ID, CLIENT_SECRET, REDIRECT, groups_claim="realm_access.roles")
    try:
        assert sign_in(trust, client).principal.groups == {"rh", "agents"}
    finally:
        client.close()


def test_existing_account_is_linked_only_by_a_verified_email(trust: Trust, client: OidcClient,
                                                             provider: FakeOidcProvider) -> None:
    local = trust.directory.add_user("cli:test", "claire.martin@maregionsud.fr", groups=["rh"])
    provider.claims["email_verified"] = False
    with pytest.raises(SudiaError) as refused:
        sign_in(trust, client)
    assert refused.value.code == "SUDIA-A005"
    provider.claims["email_verified"] = True
    linked = sign_in(trust, client).principal
    assert linked.user_id == local.id
    assert trust.store.get_user(local.id).oidc_subject == f"{provider.issuer}|agent-42"


def test_no_automatic_account_when_disabled(trust: Trust, client: OidcClient) -> None:
    trust.auth.settings = trust.settings.model_copy(update={"oidc_auto_create": False})
    with pytest.raises(SudiaError) as refused:
        sign_in(trust, client)
    assert refused.value.code == "SUDIA-A022"


def test_disabled_account_cannot_sign_in(trust: Trust, client: OidcClient) -> None:
    user = sign_in(trust, client).principal
    trust.directory.set_active("cli:test", user.email, False)
    with pytest.raises(SudiaError) as refused:
        sign_in(trust, client)
    assert refused.value.code == "SUDIA-A018"


def test_state_is_single_use_and_unknown_state_refused(trust: Trust, client: OidcClient) -> None:
    state, code = authorize(trust.auth.begin_oidc(client))
    trust.auth.finish_oidc(client, state, code)
    for bad_state in (state, "etat-inconnu", ""):
        with pytest.raises(SudiaError) as refused:
            trust.auth.finish_oidc(client, bad_state, code)
        assert refused.value.code == "SUDIA-A017"


def test_return_to_is_local_only(trust: Trust, client: OidcClient) -> None:
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        assert sign_in(trust, client, target).return_to == "/"


def test_pkce_verifier_must_match(trust: Trust, client: OidcClient) -> None:
    state, code = authorize(trust.auth.begin_oidc(client))
    pending = trust.store.pop_pending_login(state)
    with pytest.raises(SudiaError) as refused:
        client.exchange(code, pending.nonce, "x" * 64)
    assert refused.value.code == "SUDIA-A016" and "invalid_grant" in refused.value.message


@pytest.mark.parametrize("tamper, reason", [
    ({"overrides": {"aud": "another-client"}}, "audience"),
    ({"overrides": {"iss": "http://127.0.0.1:1/"}}, "issuer"),
    ({"overrides": {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}}, "expired"),
    ({"overrides": {"nonce": "rejeu"}}, "nonce"),
    ({"sign_with": "other"}, "signature"),
    ({"algorithm": "HS256"}, "HS256"),
    ({"algorithm": "none"}, "none"),
])
def test_id_token_refusals(trust: Trust, client: OidcClient, provider: FakeOidcProvider, tamper: dict,
                           reason: str) -> None:
    provider.overrides = tamper.get("overrides", {})
    provider.sign_with = provider.other_key if tamper.get("sign_with") else None
    provider.algorithm = tamper.get("algorithm", "RS256")
    with pytest.raises(SudiaError) as refused:
        sign_in(trust, client)
    assert refused.value.code == "SUDIA-A016"
    assert reason.lower() in refused.value.message.lower()
    assert trust.store.list_users() == []


def test_rotated_signing_key_is_fetched_again(trust: Trust, client: OidcClient, provider: FakeOidcProvider) -> None:
    sign_in(trust, client)
    provider.rotate()
    assert sign_in(trust, client).principal.email == "claire.martin@maregionsud.fr"


def test_issuer_mismatch_in_discovery_is_refused(provider: FakeOidcProvider) -> None:
    provider.reset()
    provider.advertised_issuer = "https://idp.example"
    client = OidcClient(provider.issuer, CLIENT_ID, CLIENT_SECRET, REDIRECT)
    try:
        with pytest.raises(SudiaError) as refused:
            client.authorization_request()
        assert refused.value.code == "SUDIA-A015"
    finally:
        client.close()


def test_unreachable_provider_and_missing_configuration() -> None:
    client = OidcClient("http://127.0.0.1:9", CLIENT_ID, CLIENT_SECRET, REDIRECT)
    try:
        with pytest.raises(SudiaError) as refused:
            client.authorization_request()
        assert refused.value.code == "SUDIA-A015"
    finally:
        client.close()
    with pytest.raises(SudiaError) as missing:
        OidcClient("", CLIENT_ID, "", REDIRECT)
    assert missing.value.code == "SUDIA-A014"
