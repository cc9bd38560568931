"""Who is calling: password and OpenID Connect logins, web sessions and API tokens, each to a `Principal`.

Sessions and pending OIDC logins live in the database, so any worker can serve any request.
Failed password logins are counted in the shared rate counters per account and IP address (5 lock
that address out of that account, not everyone: a stranger cannot lock a colleague out), per
account from any address (a much higher bound, against guessing spread over many addresses), and
per address across accounts. Logins, failures and lockouts are written to the audit log; a lockout
once per account and address and window, so that hammering a locked door does not flood the log.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sudia.access import Principal
from sudia.accounts.base import AccountStore, PendingLogin, Session, User, check_group, iso, new_id, now
from sudia.accounts.oidc import OidcClient, OidcIdentity
from sudia.accounts.passwords import Passwords
from sudia.settings import TrustSettings
from sudia.accounts.tokens import TOKEN_PREFIX, new_session_secret, secret_hash
from sudia.audit.log import AuditLog
from sudia.errors import SudiaError
from sudia.ratelimit import RateLimiter, RateStore, WindowSampler

PENDING_LOGIN_MINUTES = 10  # time allowed between the redirect to the provider and the callback


@dataclass(frozen=True)
class SignIn:
    """A successful login: who, and the cookie value to set (shown nowhere else)."""

    principal: Principal
    cookie: str
    session: Session
    return_to: str = "/"


def principal_for(user: User) -> Principal:
    return Principal.user(user.id, user.email, user.groups, user.is_admin)


class Authenticator:
    def __init__(self, store: AccountStore, passwords: Passwords, counters: RateStore, settings: TrustSettings,
                 audit: AuditLog | None = None, clock: Callable[[], datetime] = now) -> None:
        self.store = store
        self.passwords = passwords
        self.settings = settings
        self.audit = audit
        self.clock = clock
        window = settings.login_lockout_minutes * 60
        epoch = lambda: self.clock().timestamp()  # noqa: E731 - the limiters follow the same clock
        self._per_pair = RateLimiter(counters, "login-user-ip", settings.login_max_failures, window, epoch)
        self._per_user = RateLimiter(counters, "login-user", settings.login_max_failures_per_account, window, epoch)
        self._per_ip = RateLimiter(counters, "login-ip", settings.login_max_failures_per_ip, window, epoch)
        self._lockouts = WindowSampler(counters, "audit-lockout", 1, window, epoch)

    # -- password login ------------------------------------------------------------------------
    def login(self, email: str, password: str, ip: str = "") -> SignIn:
        email = (email or "").strip().lower()
        checks = [(self._per_pair, f"{email}|{ip}"), (self._per_user, email)] + ([(self._per_ip, ip)] if ip else [])
        for limiter, key in checks:
            decision = limiter.peek(key)
            if not decision.allowed:
                if self._lockouts.sample(f"{email}|{ip}"):
                    self._record("auth.lockout", email, actor="anonymous", outcome="denied", ip=ip,
                                 counter=limiter.name)
                raise SudiaError("SUDIA-A002", minutes=max(1, math.ceil(decision.retry_after_s / 60)))
        user = self.store.find_user(email)
        hashed = self.store.password_hash(user.id) if user else None
        if not self.passwords.verify(hashed, password):  # also spends the time for unknown e-mails
            for limiter, key in checks:
                limiter.hit(key)
            self._record("auth.login", email, actor="anonymous", outcome="denied", ip=ip, known=user is not None)
            raise SudiaError("SUDIA-A001")
        assert user is not None and hashed is not None
        if not user.active:
            self._record("auth.login", email, actor="anonymous", outcome="denied", ip=ip, reason="disabled")
            raise SudiaError("SUDIA-A018", email=user.email)
        self._per_pair.reset(f"{email}|{ip}")
        if self.passwords.needs_rehash(hashed):  # cost parameters were raised since this hash was made
            self.store.update_user(user.id, password_hash=self.passwords.hash(password))
        signed = self._sign_in(user)
        self._record("auth.login", user.email, actor=signed.principal.actor, ip=ip, method="password")
        return signed

    def _sign_in(self, user: User, return_to: str = "/") -> SignIn:
        moment = self.clock()
        self.store.update_user(user.id, last_login_at=iso(moment))
        cookie = new_session_secret()
        session = Session(secret_hash(cookie), user.id, iso(moment), iso(moment + timedelta(days=self.settings.session_days)),
                          new_session_secret())
        self.store.add_session(session)
        return SignIn(principal_for(self.store.get_user(user.id) or user), cookie, session, return_to)

    # -- sessions ------------------------------------------------------------------------------
    def session(self, cookie: str) -> tuple[Principal, Session] | None:
        """The principal of a session cookie, or None when it is unknown, expired or its user disabled."""
        if not cookie:
            return None
        session = self.store.get_session(secret_hash(cookie))
        if session is None:
            return None
        if session.expires_at <= iso(self.clock()):
            self.store.delete_session(session.key)
            return None
        user = self.store.get_user(session.user_id)
        if user is None or not user.active:
            return None
        return principal_for(user), session

    def logout(self, cookie: str) -> None:
        if cookie:
            self.store.delete_session(secret_hash(cookie))

    # -- API tokens ----------------------------------------------------------------------------
    def token(self, secret: str) -> Principal:
        """The principal of an `Authorization: Bearer` secret; SUDIA-A009 for anything not usable."""
        token = self.store.find_token(secret_hash(secret)) if secret.startswith(TOKEN_PREFIX) else None
        moment = iso(self.clock())
        if token is None or not token.usable(moment):
            raise SudiaError("SUDIA-A009")
        user = self.store.get_user(token.user_id)
        if user is None or not user.active:
            raise SudiaError("SUDIA-A009")
        if token.last_used_at[:16] != moment[:16]:  # at most one write a minute per token
            self.store.touch_token(token.id, moment)
        return Principal.token(token.id, user.id, user.email, user.groups, user.is_admin, token.scopes)

    # -- OpenID Connect ------------------------------------------------------------------------
    def begin_oidc(self, client: OidcClient, return_to: str = "/") -> str:
        """Remember state, nonce and PKCE verifier server-side; return the provider's URL."""
        if not return_to.startswith("/") or return_to.startswith("//") or "\\" in return_to:
            return_to = "/"  # only local paths: no open redirect through the login
        request = client.authorization_request()
        self.store.save_pending_login(PendingLogin(request.state, request.nonce, request.verifier, return_to,
                                                   iso(self.clock())))
        self.store.purge_pending_logins(iso(self.clock() - timedelta(minutes=PENDING_LOGIN_MINUTES)))
        return request.url

    def finish_oidc(self, client: OidcClient, state: str, code: str) -> SignIn:
        pending = self.store.pop_pending_login(state or "")
        too_old = iso(self.clock() - timedelta(minutes=PENDING_LOGIN_MINUTES))
        if pending is None or pending.created_at < too_old:
            raise SudiaError("SUDIA-A017")
        identity = client.exchange(code, pending.nonce, pending.verifier)
        signed = self._sign_in(self.oidc_user(identity), pending.return_to)
        self._record("auth.login", signed.principal.email, actor=signed.principal.actor, method="oidc",
                     issuer=identity.issuer)
        return signed

    def oidc_user(self, identity: OidcIdentity) -> User:
        """Find, link or create the account of an OIDC identity, then sync its groups from the claim."""
        user = self.store.find_user_by_subject(identity.key)
        if user is None and identity.email and identity.email_verified:
            # Linking by e-mail only when the provider vouches for it: otherwise anyone could
            # register the address of an existing account at the provider and take it over.
            user = self.store.find_user(identity.email)
            if user is not None:
                self.store.update_user(user.id, oidc_subject=identity.key)
                self._record("user.link_oidc", user.email, issuer=identity.issuer)
        if user is None:
            if not self.settings.oidc_auto_create:
                raise SudiaError("SUDIA-A022", email=identity.email or identity.subject)
            if not identity.email:
                raise SudiaError("SUDIA-A016", detail="adresse e-mail absente des revendications")
            if self.store.find_user(identity.email) is not None:
                raise SudiaError("SUDIA-A005", email=identity.email)  # exists, but the address is unverified
            user = User(new_id(), identity.email, identity.name, False, True, iso(self.clock()),
                        oidc_subject=identity.key)
            self.store.add_user(user, None)
            self._record("user.add", user.email, source="oidc", issuer=identity.issuer)
        if not user.active:
            raise SudiaError("SUDIA-A018", email=user.email)
        self._sync_groups(user, identity)
        return self.store.get_user(user.id)  # type: ignore[return-value]

    def mapped_groups(self, identity: OidcIdentity) -> list[str]:
        """With a mapping, only mapped groups count; without, valid names are taken as they are."""
        mapping = self.settings.oidc_group_map
        names = [mapping[g] for g in identity.groups if g in mapping] if mapping else list(identity.groups)
        valid = []
        for name in names:
            try:
                valid.append(check_group(name))
            except SudiaError:
                continue  # a provider's DN-style group name is simply not a Sud IA group
        return sorted(set(valid))

    def _sync_groups(self, user: User, identity: OidcIdentity) -> None:
        groups = self.mapped_groups(identity)
        before = self.store.get_user(user.id)
        self.store.replace_groups(user.id, groups, "oidc")
        after = self.store.get_user(user.id)
        if before and after and before.groups != after.groups:
            self._record("user.groups_sync", user.email, groups=list(after.groups), source="oidc")
        admin_group = self.settings.oidc_admin_group
        if admin_group and after and after.is_admin != (admin_group in groups):
            # With an admin group configured, the provider decides who administers.
            self.store.update_user(user.id, is_admin=admin_group in groups)
            self._record("user.admin", user.email, admin=admin_group in groups, source="oidc")

    def _record(self, action: str, target: str, actor: str = "oidc", outcome: str = "ok", **details: object) -> None:
        if self.audit is not None:
            entry_point = "oidc" if actor == "oidc" or details.get("method") == "oidc" else "login"
            self.audit.record_admin(actor, action, target, outcome=outcome, entry_point=entry_point, details=details)
