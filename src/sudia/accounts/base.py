"""Accounts data (users, API tokens, sessions, pending OIDC logins) and the `AccountStore` interface."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Protocol

from sudia.errors import SudiaError

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}$")
GROUP_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class User:
    id: str
    email: str
    name: str = ""
    is_admin: bool = False
    active: bool = True
    created_at: str = ""
    last_login_at: str = ""
    oidc_subject: str = ""  # "issuer|sub" once the user has signed in through OpenID Connect
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class ApiToken:
    """A token's public record; its secret is shown once and only its SHA-256 is stored."""

    id: str
    user_id: str
    name: str
    scopes: tuple[str, ...]
    created_at: str
    expires_at: str
    revoked_at: str = ""
    last_used_at: str = ""

    def usable(self, now: str) -> bool:
        return not self.revoked_at and now < self.expires_at


@dataclass(frozen=True)
class Session:
    """A web session; `key` is the SHA-256 of the cookie value, so a copy of the table opens nothing."""

    key: str
    user_id: str
    created_at: str
    expires_at: str
    csrf_token: str


@dataclass(frozen=True)
class PendingLogin:
    """What an OIDC login keeps between the redirect to the provider and the callback."""

    state: str
    nonce: str
    verifier: str
    return_to: str
    created_at: str


class AccountStore(Protocol):
    """Persistent accounts. Implementations: sudia.accounts.sqlite, sudia.accounts.postgres."""

    def add_user(self, user: User, password_hash: str | None) -> None:
        """Raises SUDIA-A005 when the e-mail is taken."""
        ...
    def get_user(self, user_id: str) -> User | None: ...
    def find_user(self, email: str) -> User | None: ...
    def find_user_by_subject(self, subject: str) -> User | None: ...
    def list_users(self) -> list[User]: ...
    def update_user(self, user_id: str, **fields: object) -> None:
        """Fields: name, is_admin, active, last_login_at, oidc_subject, password_hash."""
        ...
    def password_hash(self, user_id: str) -> str | None: ...

    def add_group(self, user_id: str, group: str, source: str = "local") -> None: ...
    def remove_group(self, user_id: str, group: str) -> None: ...
    def replace_groups(self, user_id: str, groups: list[str], source: str) -> None:
        """Replace only the memberships that came from `source` (e.g. "oidc"), keep the others."""
        ...
    def list_groups(self) -> dict[str, int]: ...

    def add_token(self, token: ApiToken, secret_hash: str) -> None: ...
    def find_token(self, secret_hash: str) -> ApiToken | None: ...
    def get_token(self, token_id: str) -> ApiToken | None: ...
    def list_tokens(self, user_id: str | None = None) -> list[ApiToken]: ...
    def revoke_token(self, token_id: str, at: str) -> None: ...
    def touch_token(self, token_id: str, at: str) -> None: ...

    def add_session(self, session: Session) -> None: ...
    def get_session(self, key: str) -> Session | None: ...
    def delete_session(self, key: str) -> None: ...
    def delete_user_sessions(self, user_id: str) -> None: ...
    def purge_sessions(self, now: str) -> int: ...

    def save_pending_login(self, pending: PendingLogin) -> None: ...
    def pop_pending_login(self, state: str) -> PendingLogin | None:
        """Remove and return: a state is usable once, even with several workers."""
        ...
    def purge_pending_logins(self, before: str) -> int: ...


def check_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not EMAIL.match(email):
        raise SudiaError("SUDIA-A006", email=email)
    return email


def check_group(name: str) -> str:
    """A valid group name, without spaces around. Case is kept (a lycée's UAI code is upper case) but
    never tells two groups apart: see `canonical_group`."""
    name = (name or "").strip()
    if not GROUP_NAME.match(name):
        raise SudiaError("SUDIA-A021", name=name)
    return name


def canonical_group(name: str, known: Iterable[str]) -> str:
    """`name` checked, spelt as the known group it matches whatever the case (« rh » is « RH » when
    « RH » exists), so that two spellings of one group can never diverge silently."""
    name = check_group(name)
    return next((k for k in known if k.lower() == name.lower()), name)


def new_id() -> str:
    return uuid.uuid4().hex


def now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    """One fixed format, so that timestamps compare as strings in both databases."""
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")
