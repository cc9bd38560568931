"""A stand-in OpenID Connect provider for tests: real HTTP on localhost, RS256-signed ID tokens.

The Région's identity provider is outside the project, so tests replace it with this server;
our client (discovery, PKCE, token exchange, JWKS signature check) runs for real against it.
Knobs on the instance let a test make the provider misbehave in one precise way.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "sudia-test"
CLIENT_SECRET = "secret-du-client-de-test"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeOidcProvider:
    def __init__(self, key: rsa.RSAPrivateKey, other_key: rsa.RSAPrivateKey) -> None:
        self.key, self.kid = key, "cle-1"
        self.other_key = other_key  # a key the provider does not publish
        self.claims: dict[str, Any] = {}  # claims of the next login, besides iss/aud/exp/iat/nonce
        self.overrides: dict[str, Any] = {}  # forced into the next ID token (wrong aud, old exp...)
        self.sign_with: rsa.RSAPrivateKey | None = None
        self.algorithm = "RS256"
        self.advertised_issuer: str | None = None
        self.token_requests: list[dict[str, str]] = []
        self._codes: dict[str, dict[str, str]] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeOidcProvider:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def reset(self) -> None:
        self.claims, self.overrides, self.sign_with, self.algorithm = {}, {}, None, "RS256"
        self.advertised_issuer = None
        self.token_requests.clear()

    def rotate(self) -> None:
        """Publish a new signing key under a new kid, as providers do from time to time."""
        self.key, self.kid = new_key(), f"cle-{secrets.token_hex(3)}"

    def jwks(self) -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300, "nonce": nonce,
                  "sub": "agent-42", **self.claims, **self.overrides}
        if self.algorithm == "none":
            return jwt.encode(claims, None, algorithm="none")
        if self.algorithm == "HS256":
            return jwt.encode(claims, CLIENT_SECRET * 2, algorithm="HS256", headers={"kid": self.kid})
        return jwt.encode(claims, self.sign_with or self.key, algorithm=self.algorithm, headers={"kid": self.kid})

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                url = urlparse(self.path)
                if url.path == "/.well-known/openid-configuration":
                    self._json(200, {
                        "issuer": provider.advertised_issuer or provider.issuer,
                        "authorization_endpoint": f"{provider.issuer}/authorize",
                        "token_endpoint": f"{provider.issuer}/token",
                        "jwks_uri": f"{provider.issuer}/jwks",
                        "id_token_signing_alg_values_supported": ["RS256", "HS256", "none"],
                        "token_endpoint_auth_methods_supported": ["client_secret_basic"],
                        "code_challenge_methods_supported": ["S256"],
                    })
                elif url.path == "/jwks":
                    self._json(200, provider.jwks())
                elif url.path == "/authorize":
                    # The user is already signed in at the provider: the code comes back at once.
                    q = {k: v[0] for k, v in parse_qs(url.query).items()}
                    if q.get("client_id") != CLIENT_ID or q.get("code_challenge_method") != "S256":
                        self._json(400, {"error": "invalid_request"})
                        return
                    code = secrets.token_urlsafe(16)
                    provider._codes[code] = q
                    self.send_response(302)
                    self.send_header("Location", f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q['state']})}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                provider.token_requests.append(form)
                expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
                if self.headers.get("Authorization") != f"Basic {expected}":
                    self._json(401, {"error": "invalid_client"})
                    return
                request = provider._codes.pop(form.get("code", ""), None)  # a code is usable once
                if request is None or form.get("redirect_uri") != request["redirect_uri"]:
                    self._json(400, {"error": "invalid_grant"})
                    return
                digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
                if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != request["code_challenge"]:
                    self._json(400, {"error": "invalid_grant", "error_description": "PKCE"})
                    return
                self._json(200, {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                                 "expires_in": 300, "id_token": provider.id_token(request["nonce"])})

        return Handler
