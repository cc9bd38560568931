"""The one access policy: caller × collection visibility, on collections read from the real store."""

from __future__ import annotations

import pytest

from sudia.access import (
    Principal, can_manage, readable_collections, require_manage, require_scope, resolve_collections,
)
from sudia.errors import SudiaError
from sudia.store.factory import open_store
from sudia.types import Collection

COLLECTIONS = [
    Collection("allo-region", visibility="public"),
    Collection("intranet", visibility="authenticated"),
    Collection("rh-interne", visibility="restricted", groups=("rh",)),
    Collection("paie", visibility="restricted", groups=("paie", "rh-direction")),
    Collection("orpheline", visibility="restricted", groups=()),
    Collection("bizarre", visibility="secret"),  # type: ignore[arg-type] - unknown values fail closed
]
ANONYMOUS = Principal.anonymous()
AGENT = Principal.user("u1", "agent@region.fr", ["accueil"])
RH = Principal.user("u2", "rh@region.fr", ["rh"])
DIRECTION = Principal.user("u3", "drh@region.fr", ["rh-direction", "rh"])
ADMIN = Principal.user("u4", "admin@region.fr", [], is_admin=True)
RH_TOKEN = Principal.token("t1", "u2", "rh@region.fr", ["rh"], False, ["search"])

# caller -> readable collections, with anonymous visitors refused, then allowed, by the instance
MATRIX = [
    (ANONYMOUS, [], ["allo-region"]),
    (AGENT, ["allo-region", "intranet"], ["allo-region", "intranet"]),
    (RH, ["allo-region", "intranet", "rh-interne"], ["allo-region", "intranet", "rh-interne"]),
    (DIRECTION, ["allo-region", "intranet", "rh-interne", "paie"], ["allo-region", "intranet", "rh-interne", "paie"]),
    (ADMIN, ["allo-region", "intranet"], ["allo-region", "intranet"]),  # no implicit read of restricted ones
    (RH_TOKEN, ["allo-region", "intranet", "rh-interne"], ["allo-region", "intranet", "rh-interne"]),
]


@pytest.mark.parametrize("principal, closed, open_", MATRIX, ids=lambda p: getattr(p, "actor", None))
def test_matrix(principal: Principal, closed: list[str], open_: list[str]) -> None:
    assert readable_collections(principal, COLLECTIONS, allow_anonymous=False) == closed
    assert readable_collections(principal, COLLECTIONS, allow_anonymous=True) == open_


def test_a_principal_without_user_is_anonymous() -> None:
    forged = Principal("user", "", "x@y.fr", frozenset({"rh"}))
    assert not forged.authenticated
    assert readable_collections(forged, COLLECTIONS, allow_anonymous=False) == []


def test_unreadable_collections_look_unknown() -> None:
    assert resolve_collections(RH, [], COLLECTIONS, False) == ["allo-region", "intranet", "rh-interne"]
    assert resolve_collections(RH, ["rh-interne", "rh-interne"], COLLECTIONS, False) == ["rh-interne"]
    for name in ("rh-interne", "n-existe-pas"):
        with pytest.raises(SudiaError) as error:
            resolve_collections(AGENT, ["allo-region", name], COLLECTIONS, False)
        # the same code and message shape whether it exists or not: no existence leak
        assert error.value.code == "SUDIA-C001" and error.value.message == f"Collection inconnue : {name}"


def test_scopes_and_management() -> None:
    require_scope(ANONYMOUS, "ask", allow_anonymous=True)
    for principal, scope, code in [(ANONYMOUS, "ask", "SUDIA-A007"), (ANONYMOUS, "ingest", "SUDIA-A007"),
                                   (RH_TOKEN, "ask", "SUDIA-A010")]:
        with pytest.raises(SudiaError) as error:
            require_scope(principal, scope)
        assert error.value.code == code
    require_scope(RH_TOKEN, "search")
    require_scope(RH, "ingest")  # sessions are not scoped: management rights are checked apart
    assert can_manage(ADMIN) and can_manage(ADMIN, "ingest") and not can_manage(RH)
    ingest_token = Principal.token("t2", "u4", "admin@region.fr", [], True, ["ingest"])
    assert can_manage(ingest_token, "ingest") and not can_manage(ingest_token, "admin")
    for principal, code in [(ANONYMOUS, "SUDIA-A007"), (RH, "SUDIA-A008"), (ingest_token, "SUDIA-A010")]:
        with pytest.raises(SudiaError) as error:
            require_manage(principal, "collection.rights")
        assert error.value.code == code


def test_actor_names_for_the_audit_log() -> None:
    assert (ANONYMOUS.actor, RH.actor, RH_TOKEN.actor) == ("anonymous", "user:rh@region.fr", "token:t1:rh@region.fr")


def test_policy_on_collections_from_the_real_store(engine_url: str) -> None:
    """Visibility and groups as the store keeps them (both engines) drive the same decisions."""
    store = open_store(engine_url)
    try:
        store.ensure_collection("allo-region", visibility="public")
        store.ensure_collection("intranet", visibility="authenticated")
        store.ensure_collection("paie-2024")  # created without rights: fails closed (#10)
        store.ensure_collection("rh-interne", "Documents RH", visibility="restricted", groups=("rh",))
        stored = store.list_collections()
        assert store.get_collection("paie-2024").visibility == "private"
        assert readable_collections(ANONYMOUS, stored, allow_anonymous=True) == ["allo-region"]
        assert readable_collections(AGENT, stored, allow_anonymous=False) == ["allo-region", "intranet"]
        assert readable_collections(RH, stored, allow_anonymous=False) == ["allo-region", "intranet", "rh-interne"]
        assert readable_collections(ADMIN, stored, allow_anonymous=False) == ["allo-region", "intranet", "paie-2024"]
    finally:
        store.close()
