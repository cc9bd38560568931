"""Random secrets for API tokens and session cookies, and the hashes stored in their place."""

from __future__ import annotations

import hashlib
import secrets

from sudia.access import SCOPES
from sudia.errors import SudiaError

TOKEN_PREFIX = "sudia_"  # lets secret scanners (and people) recognise a leaked Sud IA token


def new_token_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_session_secret() -> str:
    return secrets.token_urlsafe(32)


def new_nonce() -> str:
    """An unguessable one-time value: the OpenID Connect `state` and `nonce`."""
    return secrets.token_urlsafe(24)


def secret_hash(secret: str) -> str:
    """SHA-256 suffices here, unlike for passwords: 256 random bits cannot be guessed offline,
    and a fast hash keeps the per-request lookup cheap."""
    return hashlib.sha256(secret.encode()).hexdigest()


def check_scopes(scopes: list[str] | tuple[str, ...] | str) -> tuple[str, ...]:
    if isinstance(scopes, str):
        scopes = [s for s in scopes.replace(" ", ",").split(",") if s]
    wanted = tuple(dict.fromkeys(s.strip().lower() for s in scopes if s.strip()))
    unknown = [s for s in wanted if s not in SCOPES]
    if unknown or not wanted:
        raise SudiaError("SUDIA-A011", scopes=", ".join(unknown) or "(aucune)", choices=", ".join(SCOPES))
    return wanted
