"""The trust layer assembled from settings: what web routes and CLI commands hold, next to `Platform`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sudia.access import Principal
from sudia.accounts.authenticator import Authenticator
from sudia.accounts.directory import Directory
from sudia.accounts.factory import TrustStore, open_trust_store
from sudia.accounts.passwords import HashingCost, Passwords
from sudia.settings import TrustSettings
from sudia.audit.key import ANCHOR_NAME, KEY_NAME, AnchorFile, AuditKey, load_key_file
from sudia.audit.log import AuditLog
from sudia.errors import SudiaError
from sudia.store.pg_connections import PoolOptions
from sudia.store.urls import DatabaseUrl, public_url
from sudia.ratelimit import RateLimiter, WindowSampler


@dataclass
class Trust:
    settings: TrustSettings
    store: TrustStore
    audit: AuditLog
    directory: Directory
    auth: Authenticator
    requests: RateLimiter  # AI requests per user or token
    anonymous_requests: RateLimiter  # AI requests per IP address of anonymous visitors
    auth_failures: RateLimiter  # unusable bearer tokens per IP address: past the limit, not even looked up
    audited_refusals: WindowSampler  # refusals written to the audit log per caller; the others are counted

    @classmethod
    def open(cls, database_url: str, settings: TrustSettings | None = None,
             cost: HashingCost = HashingCost()) -> Trust:
        """`database_url` is the main store's (`Settings.resolved_database_url()`)."""
        settings = settings or TrustSettings()
        store = open_trust_store(database_url, PoolOptions(settings.pg_pool_size, settings.pg_pool_timeout_s))
        passwords = Passwords(cost, settings.password_min_length)
        key, anchor = audit_key(settings, database_url, store)
        audit = AuditLog(store, settings.audit_questions, key=key, anchor=anchor,
                         retention_days=settings.audit_retention_days)
        return cls(
            settings=settings, store=store, audit=audit,
            directory=Directory(store, passwords, audit, settings.token_default_days, settings.token_max_days),
            auth=Authenticator(store, passwords, store, settings, audit),
            requests=RateLimiter(store, "requests", settings.rate_limit_per_minute, 60),
            anonymous_requests=RateLimiter(store, "requests-ip", settings.rate_limit_anonymous_per_minute, 60),
            auth_failures=RateLimiter(store, "auth-fail-ip", settings.auth_failures_per_ip_per_minute, 60),
            audited_refusals=WindowSampler(store, "audit-refusals", settings.audit_refusals_per_minute, 60),
        )

    def principal(self, authorization: str = "", cookie: str = "", ip: str = "") -> Principal:
        """Who calls, from an `Authorization` header and a session cookie value (the web seam).

        A bearer token wins; a token that is present but not usable raises SUDIA-A009 (HTTP 401)
        rather than falling back to anonymous, so that a script notices its revoked token. An
        unknown or expired cookie gives an anonymous visitor, who is then asked to log in.
        An address that sent too many unusable tokens this minute gets SUDIA-L006 (HTTP 429)
        before any lookup: guessing tokens, or hammering with a revoked one, costs one counter.
        """
        if not authorization.strip():
            found = self.auth.session(cookie)
            return found[0] if found else Principal.anonymous()
        key = f"ip:{ip or 'unknown'}"
        decision = self.auth_failures.peek(key)
        if not decision.allowed:
            raise SudiaError("SUDIA-L006", retry_after=decision.retry_after_s)
        scheme, _, credentials = authorization.strip().partition(" ")
        try:
            if scheme.lower() != "bearer" or not credentials.strip():
                raise SudiaError("SUDIA-A009")
            return self.auth.token(credentials.strip())
        except SudiaError:
            self.auth_failures.hit(key)
            raise

    def should_audit_refusal(self, key: str) -> bool:
        """Whether this refusal (bad token, access denied, rate limited) gets its own audit entry:
        the first `audit_refusals_per_minute` per caller do, the others are only counted, so that a
        flood of bogus requests cannot flood the log (nor slow every worker on its lock)."""
        return self.audited_refusals.sample(key)

    def refusals_before(self, key: str) -> int:
        """Refusals counted for `key` in the previous minute (reported in the next audited one)."""
        return self.audited_refusals.previous(key)

    def check_rate(self, principal: Principal, ip: str = "") -> None:
        """Count one AI request; SUDIA-L001 (HTTP 429) past the limit. A token has its own budget."""
        limiter = self.requests if principal.authenticated else self.anonymous_requests
        limiter.check(self.caller_key(principal, ip))

    @staticmethod
    def caller_key(principal: Principal, ip: str = "") -> str:
        """The key that counts a caller's requests: its token, its account, or its address."""
        if principal.kind == "token":
            return f"token:{principal.token_id}"
        if principal.authenticated:
            return f"user:{principal.user_id}"
        return f"ip:{ip or 'unknown'}"

    def close(self) -> None:
        self.store.close()


def audit_key(settings: TrustSettings, database_url: str, store: TrustStore) -> tuple[AuditKey, AnchorFile]:
    """The audit key and anchor file, outside the database: SUDIA_AUDIT_KEY, else the key file
    (SUDIA_AUDIT_KEY_FILE, by default `audit.key` in the data folder, or beside a SQLite file
    when only the trust settings are known), created on first use."""
    next_seq = store.head()[0] + 1
    folder, anchor_name = _key_folder(settings, database_url)
    if settings.audit_key.get_secret_value():
        key = AuditKey.from_text(settings.audit_key.get_secret_value())
    else:
        path = settings.audit_key_file or folder / KEY_NAME
        path.parent.mkdir(parents=True, exist_ok=True)
        key = load_key_file(path, next_seq)
        folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    return key, AnchorFile(settings.audit_anchor_file or folder / anchor_name, key)


def _key_folder(settings: TrustSettings, database_url: str) -> tuple[Path, str]:
    """Folder of the key and anchor files, and the anchor's name (one per database when the
    folder is not the instance's own data folder)."""
    data_dir = getattr(settings, "data_dir", None)
    if data_dir is not None:
        return Path(data_dir), ANCHOR_NAME
    digest = hashlib.sha256(public_url(database_url).encode()).hexdigest()[:12]
    parsed = DatabaseUrl.parse(database_url)
    if parsed.dialect == "sqlite" and parsed.url != "sqlite://":
        return Path(parsed.sqlite_path).parent, ANCHOR_NAME
    return Path("data"), f"audit-anchor-{digest}.json"
