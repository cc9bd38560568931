"""The one access policy: who is calling (`Principal`) and which collections they may read or manage.

Every entry point resolves a `Principal`, then filters collections here before any store read.
Rules fail closed: an unknown visibility, or a restricted collection without groups, is read by
nobody; a new collection is `private` (administrators only) until its rights are set. Administrators manage collections but do not read restricted ones implicitly: to read
the HR collection an administrator joins its group, an action the audit log records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from sudia.errors import SudiaError
from sudia.types import Collection

PrincipalKind = Literal["anonymous", "user", "token"]


def shares_group(groups: Iterable[str], wanted: Iterable[str]) -> bool:
    """Whether one of `groups` is one of `wanted`, whatever the case: « RH » and « rh » are one group
    (a group keeps its first spelling; older rows and deployers' files may use another)."""
    return bool({g.lower() for g in groups} & {g.lower() for g in wanted})
SCOPES: tuple[str, ...] = ("ask", "search", "ingest", "admin")


@dataclass(frozen=True)
class Principal:
    """The caller: an anonymous visitor, a signed-in user, or an API token acting for its user."""

    kind: PrincipalKind = "anonymous"
    user_id: str = ""
    email: str = ""
    groups: frozenset[str] = field(default_factory=frozenset)
    is_admin: bool = False
    scopes: frozenset[str] | None = None  # None: a session, with every right of its user
    token_id: str = ""

    @classmethod
    def anonymous(cls) -> Principal:
        return cls()

    @classmethod
    def user(cls, user_id: str, email: str, groups: Iterable[str] = (), is_admin: bool = False) -> Principal:
        return cls("user", user_id, email, frozenset(groups), is_admin)

    @classmethod
    def token(cls, token_id: str, user_id: str, email: str, groups: Iterable[str], is_admin: bool,
              scopes: Iterable[str]) -> Principal:
        return cls("token", user_id, email, frozenset(groups), is_admin, frozenset(scopes), token_id)

    @property
    def authenticated(self) -> bool:
        return self.kind != "anonymous" and bool(self.user_id)

    def in_any_group(self, wanted: Iterable[str]) -> bool:
        return shares_group(self.groups, wanted)

    def allows(self, scope: str) -> bool:
        """A session may do what its user may; a token only what its scopes say."""
        return self.authenticated and (self.scopes is None or scope in self.scopes)

    @property
    def actor(self) -> str:
        """How the audit log names the caller."""
        if self.kind == "token":
            return f"token:{self.token_id}:{self.email}"
        if self.kind == "user":
            return f"user:{self.email}"
        return "anonymous"


def can_read(principal: Principal, collection: Collection, allow_anonymous: bool) -> bool:
    if collection.visibility == "public":
        return principal.authenticated or allow_anonymous
    if collection.visibility == "authenticated":
        return principal.authenticated
    if collection.visibility == "restricted":
        return principal.authenticated and principal.in_any_group(collection.groups)
    if collection.visibility == "private":
        # A new collection, being filled before anyone decided who reads it: its administrators
        # check the result; nobody else sees it until `sudia collections access` opens it.
        return principal.authenticated and principal.is_admin
    return False


def readable_collections(principal: Principal, collections: list[Collection], allow_anonymous: bool) -> list[str]:
    """Names of the collections the principal may read, in the given order."""
    return [c.name for c in collections if can_read(principal, c, allow_anonymous)]


def resolve_collections(principal: Principal, requested: list[str], collections: list[Collection],
                        allow_anonymous: bool) -> list[str]:
    """The collections a request may search: those asked for, or all readable ones when none is named.

    A collection the caller may not read is reported exactly like one that does not exist
    (SUDIA-C001), so that its name, size or existence never leaks.
    """
    readable = readable_collections(principal, collections, allow_anonymous)
    if not requested:
        return readable
    for name in requested:
        if name not in readable:
            raise SudiaError("SUDIA-C001", name=name)
    return list(dict.fromkeys(requested))


def can_manage(principal: Principal, scope: str = "admin") -> bool:
    """Administrative actions (users, rights, ingestion, deletion): administrators only.

    `scope` is what an API token must carry for this action: "admin", or "ingest" for uploads.
    """
    return principal.is_admin and principal.allows(scope)


def require_manage(principal: Principal, action: str, scope: str = "admin") -> None:
    if not principal.authenticated:
        raise SudiaError("SUDIA-A007")
    if principal.is_admin and not principal.allows(scope):
        raise SudiaError("SUDIA-A010", scope=scope)
    if not can_manage(principal, scope):
        raise SudiaError("SUDIA-A008", action=action)


def require_scope(principal: Principal, scope: str, allow_anonymous: bool = False) -> None:
    """Ask and search are open to anonymous visitors when the instance allows it; tokens need the scope."""
    if not principal.authenticated:
        if allow_anonymous and scope in ("ask", "search"):
            return
        raise SudiaError("SUDIA-A007")
    if not principal.allows(scope):
        raise SudiaError("SUDIA-A010", scope=scope)
