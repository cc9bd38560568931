"""The trust layer assembled from settings: what web routes and CLI commands hold, next to `Platform`."""

from __future__ import annotations

from dataclasses import dataclass

from sudia.access import Principal
from sudia.accounts.authenticator import Authenticator
from sudia.accounts.directory import Directory
from sudia.accounts.factory import TrustStore, open_trust_store
from sudia.accounts.passwords import HashingCost, Passwords
from sudia.settings import TrustSettings
from sudia.audit.log import AuditLog
from sudia.errors import SudiaError
from sudia.ratelimit import RateLimiter


@dataclass
class Trust:
    settings: TrustSettings
    store: TrustStore
    audit: AuditLog
    directory: Directory
    auth: Authenticator
    requests: RateLimiter  # AI requests per user or token
    anonymous_requests: RateLimiter  # AI requests per IP address of anonymous visitors

    @classmethod
    def open(cls, database_url: str, settings: TrustSettings | None = None,
             cost: HashingCost = HashingCost()) -> Trust:
        """`database_url` is the main store's (`Settings.resolved_database_url()`)."""
        settings = settings or TrustSettings()
        store = open_trust_store(database_url)
        passwords = Passwords(cost, settings.password_min_length)
        audit = AuditLog(store, settings.audit_questions)
        return cls(
            settings=settings, store=store, audit=audit,
            directory=Directory(store, passwords, audit, settings.token_default_days, settings.token_max_days),
            auth=Authenticator(store, passwords, store, settings, audit),
            requests=RateLimiter(store, "requests", settings.rate_limit_per_minute, 60),
            anonymous_requests=RateLimiter(store, "requests-ip", settings.rate_limit_anonymous_per_minute, 60),
        )

    def principal(self, authorization: str = "", cookie: str = "") -> Principal:
        """Who calls, from an `Authorization` header and a session cookie value (the web seam).

        A bearer token wins; a token that is present but not usable raises SUDIA-A009 (HTTP 401)
        rather than falling back to anonymous, so that a script notices its revoked token. An
        unknown or expired cookie gives an anonymous visitor, who is then asked to log in.
        """
        scheme, _, credentials = authorization.strip().partition(" ")
        if scheme.lower() == "bearer" and credentials.strip():
            return self.auth.token(credentials.strip())
        if authorization.strip():
            raise SudiaError("SUDIA-A009")
        found = self.auth.session(cookie)
        return found[0] if found else Principal.anonymous()

    def check_rate(self, principal: Principal, ip: str = "") -> None:
        """Count one AI request; SUDIA-L001 (HTTP 429) past the limit. A token has its own budget."""
        if principal.kind == "token":
            self.requests.check(f"token:{principal.token_id}")
        elif principal.authenticated:
            self.requests.check(f"user:{principal.user_id}")
        else:
            self.anonymous_requests.check(f"ip:{ip or 'unknown'}")

    def close(self) -> None:
        self.store.close()
