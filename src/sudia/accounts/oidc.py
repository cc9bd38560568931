"""OpenID Connect client: authorization code flow with PKCE, ID token checked against the provider's JWKS.

Generic on purpose: any provider publishing a discovery document (Keycloak, Microsoft Entra ID,
AgentConnect/ProConnect, LemonLDAP::NG) is configured, not coded. Groups are read from a claim
named in the settings, with a dotted path for nested ones (Keycloak's "realm_access.roles").
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx

from sudia.accounts.tokens import new_nonce
from sudia.errors import SudiaError

# Symmetric algorithms are refused: with them anyone knowing the client secret could sign tokens.
ASYMMETRIC = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")


@dataclass(frozen=True)
class AuthorizationRequest:
    """Where to send the browser, and what the callback must match (kept server-side)."""

    url: str
    state: str
    nonce: str
    verifier: str


@dataclass(frozen=True)
class OidcIdentity:
    issuer: str
    subject: str
    email: str
    email_verified: bool
    name: str
    groups: tuple[str, ...]
    claims: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Stable account key: `sub` is unique only within its issuer."""
        return f"{self.issuer}|{self.subject}"


def pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def claim_path(claims: Mapping[str, Any], path: str) -> Any:
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def groups_from(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(v for v in value.replace(",", " ").split() if v)
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value if isinstance(v, (str, int)))
    return ()


class OidcClient:
    def __init__(self, issuer: str, client_id: str, client_secret: str, redirect_uri: str,
                 scopes: str = "openid email profile", groups_claim: str = "groups",
                 http: httpx.Client | None = None, leeway_s: int = 60, clock: Callable[[], float] = time.time) -> None:
        if not (issuer and client_id and client_secret):
            raise SudiaError("SUDIA-A014")
        self.issuer = issuer.rstrip("/")
        self.client_id = client_id
        self._secret = client_secret
        self.redirect_uri = redirect_uri
        self.scopes = scopes if "openid" in scopes.split() else f"openid {scopes}"
        self.groups_claim = groups_claim
        self._http = http or httpx.Client(timeout=10.0)
        self._owns_http = http is None
        self.leeway_s = leeway_s
        self.clock = clock
        self._discovery: dict[str, Any] | None = None
        self._jwks: Any = None

    @classmethod
    def from_settings(cls, settings: Any, redirect_uri: str = "", http: httpx.Client | None = None) -> OidcClient:
        return cls(settings.oidc_issuer, settings.oidc_client_id, settings.oidc_client_secret.get_secret_value(),
                   redirect_uri or settings.oidc_redirect_uri, settings.oidc_scopes, settings.oidc_groups_claim, http)

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    # -- provider metadata ---------------------------------------------------------------------
    def _get_json(self, url: str) -> dict[str, Any]:
        try:
            response = self._http.get(url)
            response.raise_for_status()
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise SudiaError("SUDIA-A015", detail=f"{url} : {exc}") from exc
        if not isinstance(data, dict):
            raise SudiaError("SUDIA-A015", detail=f"{url} : objet JSON attendu")
        return data

    def discovery(self) -> dict[str, Any]:
        if self._discovery is None:
            data = self._get_json(f"{self.issuer}/.well-known/openid-configuration")
            if data.get("issuer", "").rstrip("/") != self.issuer:  # OIDC Discovery §4.3
                raise SudiaError("SUDIA-A015", detail=f"émetteur annoncé « {data.get('issuer')} » différent de {self.issuer}")
            for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
                if not data.get(key):
                    raise SudiaError("SUDIA-A015", detail=f"« {key} » absent du document de découverte")
            self._discovery = data
        return self._discovery

    def _keys(self, refresh: bool = False) -> Any:
        import jwt

        if self._jwks is None or refresh:
            try:
                self._jwks = jwt.PyJWKSet.from_dict(self._get_json(self.discovery()["jwks_uri"]))
            except jwt.PyJWTError as exc:
                raise SudiaError("SUDIA-A015", detail=f"clés publiques illisibles ({exc})") from exc
        return self._jwks

    # -- the flow ------------------------------------------------------------------------------
    def authorization_request(self) -> AuthorizationRequest:
        state, nonce = new_nonce(), new_nonce()
        verifier = secrets.token_urlsafe(48)  # 64 characters, within RFC 7636's 43..128
        query = {"response_type": "code", "client_id": self.client_id, "redirect_uri": self.redirect_uri,
                 "scope": self.scopes, "state": state, "nonce": nonce,
                 "code_challenge": pkce_challenge(verifier), "code_challenge_method": "S256"}
        endpoint = self.discovery()["authorization_endpoint"]
        separator = "&" if "?" in endpoint else "?"
        return AuthorizationRequest(f"{endpoint}{separator}{urlencode(query)}", state, nonce, verifier)

    def exchange(self, code: str, nonce: str, verifier: str) -> OidcIdentity:
        """Trade the code for tokens at the token endpoint and return the verified identity."""
        meta = self.discovery()
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": self.redirect_uri,
                "code_verifier": verifier, "client_id": self.client_id}
        methods = meta.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
        auth = None
        if "client_secret_basic" in methods:
            auth = (self.client_id, self._secret)
        else:
            form["client_secret"] = self._secret
        try:
            response = self._http.post(meta["token_endpoint"], data=form, auth=auth,
                                       headers={"Accept": "application/json"})
            tokens = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise SudiaError("SUDIA-A015", detail=f"point d'accès des jetons : {exc}") from exc
        if response.status_code != 200 or not isinstance(tokens, dict) or "id_token" not in tokens:
            error = tokens.get("error", response.status_code) if isinstance(tokens, dict) else response.status_code
            raise SudiaError("SUDIA-A016", detail=f"échange du code refusé ({error})")
        claims = self.verify_id_token(str(tokens["id_token"]), nonce)
        return self.identity(claims)

    def verify_id_token(self, id_token: str, nonce: str) -> dict[str, Any]:
        import jwt

        try:
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError as exc:
            raise SudiaError("SUDIA-A016", detail=f"format invalide ({exc})") from exc
        allowed = [a for a in self.discovery().get("id_token_signing_alg_values_supported", ["RS256"])
                   if a in ASYMMETRIC]
        algorithm = header.get("alg", "")
        if algorithm not in allowed:
            raise SudiaError("SUDIA-A016", detail=f"algorithme de signature « {algorithm} » refusé")
        key = self._key(header.get("kid"))
        try:
            claims = jwt.decode(id_token, key=key, algorithms=[algorithm], audience=self.client_id,
                                issuer=self.discovery()["issuer"], leeway=self.leeway_s,
                                options={"require": ["iss", "sub", "aud", "exp", "iat"]})
        except jwt.PyJWTError as exc:
            raise SudiaError("SUDIA-A016", detail=str(exc)) from exc
        if not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
            raise SudiaError("SUDIA-A016", detail="nonce différent de celui de la demande (rejeu ?)")
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.client_id:
            raise SudiaError("SUDIA-A016", detail="partie autorisée (azp) différente de ce client")
        return claims

    def _key(self, kid: str | None) -> Any:
        for refresh in (False, True):  # an unknown kid may be a key the provider just rotated in
            keys = self._keys(refresh)
            for jwk in keys.keys:
                signing = jwk.key_type != "oct" and jwk.public_key_use in (None, "sig")
                if signing and (kid is None or jwk.key_id == kid):
                    return jwk.key
        raise SudiaError("SUDIA-A016", detail=f"clé de signature inconnue ({kid})")

    def identity(self, claims: Mapping[str, Any]) -> OidcIdentity:
        name = claims.get("name") or " ".join(p for p in (claims.get("given_name"), claims.get("family_name")) if p)
        return OidcIdentity(
            issuer=str(claims["iss"]).rstrip("/"), subject=str(claims["sub"]),
            email=str(claims.get("email") or "").strip().lower(),
            email_verified=claims.get("email_verified") in (True, "true"),
            name=str(name or ""), groups=groups_from(claim_path(claims, self.groups_claim)), claims=dict(claims),
        )
