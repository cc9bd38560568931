"""Administration of users, groups and API tokens; every change is written to the audit log.

Each method takes `by`: the `Principal` of a web or API caller, who must be an administrator, or
a plain string naming a local operator ("cli:jdupont"), who already holds the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from sudia.access import Principal, require_manage
from sudia.accounts.base import AccountStore, ApiToken, User, canonical_group, check_email, iso, new_id, now
from sudia.accounts.passwords import Passwords
from sudia.accounts.tokens import check_scopes, new_token_secret, secret_hash
from sudia.audit.log import AuditLog
from sudia.errors import SudiaError

Actor = Principal | str


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its secret: the only moment the secret exists outside its holder."""

    token: ApiToken
    secret: str


class Directory:
    def __init__(self, store: AccountStore, passwords: Passwords, audit: AuditLog | None = None,
                 token_default_days: int = 90, token_max_days: int = 365) -> None:
        self.store = store
        self.passwords = passwords
        self.audit = audit
        self.token_default_days = token_default_days
        self.token_max_days = token_max_days

    def _authorise(self, by: Actor, action: str) -> str:
        if isinstance(by, Principal):
            require_manage(by, action)
            return by.actor
        return by

    def _record(self, actor: str, action: str, target: str, **details: object) -> None:
        if self.audit is not None:
            self.audit.record_admin(actor, action, target, details=details)

    # -- users ---------------------------------------------------------------------------------
    def user(self, email: str) -> User:
        user = self.store.find_user(check_email(email))
        if user is None:
            raise SudiaError("SUDIA-A004", email=email)
        return user

    def list_users(self) -> list[User]:
        return self.store.list_users()

    def add_user(self, by: Actor, email: str, name: str = "", password: str | None = None, is_admin: bool = False,
                 groups: Iterable[str] = ()) -> User:
        """A user without a password can only sign in through OpenID Connect."""
        actor = self._authorise(by, "user.add")
        email = check_email(email)
        known, chosen = list(self.store.list_groups()), []
        for group in groups:  # each spelt as an existing group, whatever the case; no duplicates
            name = canonical_group(group, known + chosen)
            chosen += [] if name in chosen else [name]
        groups = tuple(chosen)
        hashed = None
        if password is not None:
            self.passwords.check_strength(password, email)
            hashed = self.passwords.hash(password)
        user = User(new_id(), email, name.strip(), is_admin, True, iso(now()), groups=groups)
        self.store.add_user(user, hashed)
        self._record(actor, "user.add", email, admin=is_admin, groups=list(groups), password=hashed is not None)
        return self.store.get_user(user.id)  # type: ignore[return-value]

    def create_admin(self, by: Actor, email: str, password: str, name: str = "") -> User:
        """The first administrator comes from the command line: there is no default password."""
        return self.add_user(by, email, name, password, is_admin=True)

    def set_password(self, by: Actor, email: str, password: str) -> None:
        """An administrator's reset (or an operator's); for one's own account, `change_own_password`."""
        actor = self._authorise(by, "user.password")
        user = self.user(email)
        if isinstance(by, Principal) and by.user_id == user.id:
            raise SudiaError("SUDIA-A026")  # the current password is asked for: a stolen session is not enough
        self._replace_password(actor, user, password)

    def change_own_password(self, by: Principal, current: str, password: str) -> None:
        """A signed-in person changes their password: the current one first (SUDIA-A024)."""
        if not by.authenticated:
            raise SudiaError("SUDIA-A007")
        user = self.store.get_user(by.user_id)
        if user is None:
            raise SudiaError("SUDIA-A004", email=by.email)
        if not self.passwords.verify(self.store.password_hash(user.id), current):
            if self.audit is not None:
                self.audit.record_admin(by.actor, "user.password", user.email, outcome="denied",
                                        details={"reason": "mot de passe actuel incorrect"})
            raise SudiaError("SUDIA-A024")
        self._replace_password(by.actor, user, password)

    def _replace_password(self, actor: str, user: User, password: str) -> None:
        self.passwords.check_strength(password, user.email)
        self.store.update_user(user.id, password_hash=self.passwords.hash(password))
        # A new password closes what the old one opened: sessions, and API tokens (a password is
        # changed because it may be known: so may the tokens its holder created).
        self.store.delete_user_sessions(user.id)
        moment = iso(now())
        revoked = [t.id for t in self.store.list_tokens(user.id) if t.usable(moment)]
        for token_id in revoked:
            self.store.revoke_token(token_id, moment)
        self._record(actor, "user.password", user.email, tokens_revoked=revoked)

    def _refuse_own_demotion(self, by: Actor, user: User) -> None:
        """An administrator cannot lock themself out: another administrator must do it."""
        if isinstance(by, Principal) and by.user_id == user.id:
            raise SudiaError("SUDIA-A025")

    def set_active(self, by: Actor, email: str, active: bool) -> User:
        action = "user.enable" if active else "user.disable"
        actor = self._authorise(by, action)
        user = self.user(email)
        if not active:
            self._refuse_own_demotion(by, user)
        self.store.update_user(user.id, active=active)
        if not active:
            self.store.delete_user_sessions(user.id)  # tokens stop working too: they check the user
        self._record(actor, action, user.email)
        return self.user(email)

    def set_admin(self, by: Actor, email: str, is_admin: bool) -> User:
        actor = self._authorise(by, "user.admin")
        user = self.user(email)
        if not is_admin:
            self._refuse_own_demotion(by, user)
        self.store.update_user(user.id, is_admin=is_admin)
        self._record(actor, "user.admin", user.email, admin=is_admin)
        return self.user(email)

    # -- groups --------------------------------------------------------------------------------
    def add_to_group(self, by: Actor, email: str, group: str) -> User:
        actor = self._authorise(by, "group.add")
        user = self.user(email)
        group = canonical_group(group, self.store.list_groups())  # « rh » joins « RH » when it exists
        self.store.add_group(user.id, group)
        self._record(actor, "group.add", user.email, group=group)
        return self.user(email)

    def remove_from_group(self, by: Actor, email: str, group: str) -> User:
        actor = self._authorise(by, "group.remove")
        user = self.user(email)
        group = next((g for g in user.groups if g.lower() == group.strip().lower()), group.strip())  # any case
        self.store.remove_group(user.id, group)
        self._record(actor, "group.remove", user.email, group=group)
        return self.user(email)

    def groups(self) -> dict[str, int]:
        return self.store.list_groups()

    # -- API tokens ----------------------------------------------------------------------------
    def create_token(self, by: Actor, email: str, scopes: Iterable[str] | str, expires_days: int | None = None,
                     name: str = "") -> IssuedToken:
        actor = self._authorise(by, "token.create")
        user = self.user(email)
        scopes = check_scopes(scopes if isinstance(scopes, str) else tuple(scopes))
        days = self.token_default_days if expires_days is None else expires_days
        if not 1 <= days <= self.token_max_days:
            raise SudiaError("SUDIA-A020", days=days, max_days=self.token_max_days)
        if "admin" in scopes and not user.is_admin:
            raise SudiaError("SUDIA-A008", action="jeton « admin » pour un compte non administrateur")
        moment = now()
        secret = new_token_secret()
        token = ApiToken(new_id()[:16], user.id, name.strip() or f"jeton {moment:%Y-%m-%d}", scopes, iso(moment),
                         iso(moment + timedelta(days=days)))
        self.store.add_token(token, secret_hash(secret))
        self._record(actor, "token.create", user.email, token=token.id, scopes=list(scopes), days=days)
        return IssuedToken(token, secret)

    def revoke_token(self, by: Actor, token_id: str) -> ApiToken:
        actor = self._authorise(by, "token.revoke")
        token = self.store.get_token(token_id)
        if token is None:
            raise SudiaError("SUDIA-A012", id=token_id)
        self.store.revoke_token(token_id, iso(now()))
        owner = self.store.get_user(token.user_id)
        self._record(actor, "token.revoke", owner.email if owner else token.user_id, token=token_id)
        return self.store.get_token(token_id)  # type: ignore[return-value]

    def list_tokens(self, email: str | None = None) -> list[ApiToken]:
        return self.store.list_tokens(self.user(email).id if email else None)
