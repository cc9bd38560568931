"""The web seam of the trust layer: who calls (session cookie or bearer token), CSRF tokens, rights checks.

Routes depend on `get_principal` and pass the principal to `sudia.access`; they never read cookies
or headers themselves. The caller is resolved once per request and kept on `request.state`.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import Depends, Request, Response

from sudia.access import Principal, require_manage, require_scope, resolve_collections
from sudia.accounts.base import Session
from sudia.accounts.trust import Trust
from sudia.errors import SudiaError
from sudia.limits import Limits
from sudia.types import Answer, Collection, Document, Hit, Usage

SESSION_COOKIE = "sudia_session"
CSRF_COOKIE = "sudia_csrf"  # before login there is no session: the login form uses this cookie's value
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"


# (label, path) of the administration pages, shown as a menu on each of them; append with add_admin_section.
ADMIN_SECTIONS: list[tuple[str, str]] = [("Utilisateurs", "/admin/utilisateurs"),
                                         ("Droits des collections", "/admin/collections")]


def add_admin_section(label: str, path: str) -> None:
    if (label, path) not in ADMIN_SECTIONS:
        ADMIN_SECTIONS.append((label, path))


@dataclass(frozen=True)
class Caller:
    principal: Principal
    session: Session | None = None  # the web session, when the caller came with a valid cookie


def get_trust(request: Request) -> Trust:
    return request.app.state.platform.trust


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def get_caller(request: Request) -> Caller:
    """Resolved once per request. A bearer token wins over the cookie; an unusable token is SUDIA-A009."""
    cached = getattr(request.state, "sudia_caller", None)
    if cached is not None:
        return cached
    refused = getattr(request.state, "sudia_caller_refused", None)
    if refused is not None:
        raise refused  # an unusable token is counted once per request, however often it is asked
    trust = get_trust(request)
    authorization = request.headers.get("authorization", "")
    if authorization.strip():
        try:
            caller = Caller(trust.principal(authorization, "", client_ip(request)))
        except SudiaError as exc:
            request.state.sudia_caller_refused = exc
            raise
    else:
        found = trust.auth.session(request.cookies.get(SESSION_COOKIE, ""))
        caller = Caller(*found) if found else Caller(Principal.anonymous())
    request.state.sudia_caller = caller
    return caller


def get_principal(request: Request) -> Principal:
    """FastAPI dependency: the caller's `Principal` (anonymous when nobody signed in)."""
    return get_caller(request).principal


def current_principal(request: Request) -> Principal:
    """For templates and error pages: never raises (a bad token shows the page as to an anonymous visitor)."""
    try:
        return get_principal(request)
    except SudiaError:
        return Principal.anonymous()


def allow_anonymous(request: Request) -> bool:
    """The app's own settings decide (tests may serve a shared platform under other settings)."""
    return bool(request.app.state.settings.allow_anonymous)


def require_admin(principal: Principal, action: str = "administration", scope: str = "admin") -> Principal:
    """SUDIA-A007 (401) for anonymous callers, A010 for a token without the scope, A008 (403) otherwise."""
    require_manage(principal, action, scope)
    return principal


def admin_principal(principal: Principal = Depends(get_principal)) -> Principal:
    """FastAPI dependency for administration routes."""
    return require_admin(principal)


def require_signed_in(request: Request) -> Principal:
    """For pages that need an account whatever the instance's settings (« Mon compte »)."""
    principal = get_principal(request)
    if not principal.authenticated:
        raise SudiaError("SUDIA-A007")
    return principal


# -- collections -------------------------------------------------------------------------------
def readable(request: Request) -> list[Collection]:
    """The collections the caller may read, with their counts (listings show nothing else)."""
    principal = get_principal(request)
    names = set(resolve_collections(principal, [], all_collections(request), allow_anonymous(request)))
    return [c for c in all_collections(request) if c.name in names]


def all_collections(request: Request) -> list[Collection]:
    cached = getattr(request.state, "sudia_collections", None)
    if cached is None:
        cached = request.app.state.platform.store.list_collections()
        request.state.sudia_collections = cached
    return cached


def resolve(request: Request, requested: list[str]) -> list[str]:
    """Collections a request may read among those named (all readable ones when none); SUDIA-C001 otherwise."""
    return resolve_collections(get_principal(request), requested, all_collections(request), allow_anonymous(request))


def require_reader(request: Request, scopes: tuple[str, ...] = ("ask", "search")) -> Principal:
    """Reading documents: anonymous visitors when the instance allows it (SUDIA-A007 otherwise), and
    tokens carrying one of `scopes` (SUDIA-A010). Checked before any lookup, so that nothing about a
    collection or document changes the answer to someone who may read nothing."""
    principal = get_principal(request)
    if not principal.authenticated:
        if not allow_anonymous(request):
            raise SudiaError("SUDIA-A007")
    elif scopes and not any(principal.allows(s) for s in scopes):
        raise SudiaError("SUDIA-A010", scope=" ou ".join(scopes))
    return principal


def reader(request: Request) -> Principal:
    """FastAPI dependency for routers whose every route reads (the observatory): see `require_reader`."""
    return require_reader(request)


def readable_document(request: Request, document_id: str,
                      scopes: tuple[str, ...] = ("ask", "search")) -> Document:
    """A document the caller may read; one in an unreadable collection is reported as unknown (SUDIA-C003)."""
    require_reader(request, scopes)
    document = request.app.state.platform.store.get_document(document_id)
    if document is None or document.collection not in {c.name for c in readable(request)}:
        raise SudiaError("SUDIA-C003", id=document_id)
    return document


def editable_collection(request: Request, name: str, action: str, scope: str = "ingest") -> str:
    """A collection the caller may change: manage rights first (the same answer for any name), then read rights."""
    require_manage(get_principal(request), action, scope)
    return resolve(request, [name])[0]


# -- AI requests: rate limit, scope, size, collections, audit --------------------------------------
_CHECKS = {"search": "query", "ask": "question"}  # the limit each action's text is held to


def get_limits(request: Request) -> Limits:
    return Limits.from_settings(request.app.state.settings)


class AiRequest:
    """One AI request (ask, search, chat): admitted, then recorded in the audit log however it ends."""

    def __init__(self, request: Request, action: str, question: str, requested: list[str] | None,
                 entry_point: str) -> None:
        self.request = request
        self.action = action
        self.question = question
        self.requested = [c for c in dict.fromkeys(requested or []) if c]
        self.entry_point = entry_point
        self.collections: list[str] = []
        self.recorded = False

    def admit(self, scope: str, default: bool = True, check: Callable[[Limits], None] | None = None) -> list[str]:
        """Rate first (every attempt counts, refused ones too), then scope, then the size of the
        request (`check`, by default the length of the action's text), then collections: those
        named, else the default collection when readable, else every readable one (`default=False`:
        none, e.g. plain chat). Nothing here runs a model: a refused request costs a few reads."""
        principal = get_principal(self.request)
        get_trust(self.request).check_rate(principal, client_ip(self.request))
        require_scope(principal, scope, allow_anonymous(self.request))
        limits = get_limits(self.request)
        if check is not None:
            check(limits)
        elif self.action in _CHECKS:
            limits.check_text(_CHECKS[self.action], self.question)
        if self.requested:
            self.collections = resolve(self.request, self.requested)
        elif default:
            names = resolve(self.request, [])
            fallback = self.request.app.state.platform.settings.default_collection
            self.collections = [fallback] if fallback in names else names
        return self.collections

    def done(self, *, answer: Answer | None = None, hits: list[Hit] | None = None, usage: Usage | None = None,
             outcome: str = "", details: dict[str, object] | None = None) -> None:
        details = dict(details or {})
        if answer is not None and getattr(answer, "warnings", None):
            details["warnings"] = list(answer.warnings)  # suspicious passages, set-aside generations (ADR 0004)
        self._record(answer=answer, hits=hits, usage=usage, outcome=outcome, details=details)

    def failed(self, exc: SudiaError) -> None:
        """A refusal is audited once per caller and minute (`audit_refusals_per_minute`), with the
        number counted the minute before: a flood of bogus requests cannot flood the log."""
        if exc.code in ("SUDIA-L001", "SUDIA-L006"):
            outcome = "rate_limited"
        elif exc.code.startswith("SUDIA-A") or exc.code == "SUDIA-C001":
            outcome = "denied"
        elif exc.code.startswith("SUDIA-L"):
            outcome = "too_large"
        else:
            outcome = "error"
        details: dict[str, object] = {"code": exc.code}
        if outcome in ("rate_limited", "denied", "too_large"):
            trust = get_trust(self.request)
            key = f"{outcome}:{trust.caller_key(current_principal(self.request), client_ip(self.request))}"
            if not trust.should_audit_refusal(key):
                self.recorded = True
                return
            details["refused_previous_minute"] = trust.refusals_before(key)
        self._record(outcome=outcome, details=details)

    @contextmanager
    def guard(self) -> Iterator[AiRequest]:
        """Record any SudiaError raised inside as a refusal or an error, then let it go on."""
        try:
            yield self
        except SudiaError as exc:
            self.failed(exc)
            raise

    def _record(self, **kwargs: object) -> None:
        if self.recorded:
            return
        self.recorded = True
        actor = current_principal(self.request).actor
        # A refused over-long text is not kept whole: the log holds at most the longest accepted one.
        question = self.question[:get_limits(self.request).question_chars]
        get_trust(self.request).audit.record_request(
            actor, self.action, self.collections or self.requested, question, entry_point=self.entry_point,
            **kwargs)  # type: ignore[arg-type]


# -- CSRF ---------------------------------------------------------------------------------------
def csrf_token(request: Request) -> str:
    """The token forms must send back: the session's, or before login the `sudia_csrf` cookie's."""
    caller = get_caller_quietly(request)
    if caller.session is not None:
        return caller.session.csrf_token
    token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "sudia_new_csrf", "")
    if not token:
        token = secrets.token_urlsafe(32)
        request.state.sudia_new_csrf = token  # keep_csrf_cookie sets it on the response
    return token


def keep_csrf_cookie(request: Request, response: Response) -> Response:
    """Set the pre-login CSRF cookie when this request created one (the login page does)."""
    token = getattr(request.state, "sudia_new_csrf", "")
    if token:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="lax", secure=request.url.scheme == "https",
                            path="/")
    return response


def check_csrf(request: Request, token: str | None) -> None:
    """Refuse a state-changing request whose token differs from the caller's (SUDIA-A023, HTTP 403).

    Requests authenticated by a bearer token carry no ambient credentials: nothing to forge.
    """
    if request.headers.get("authorization", "").strip():
        return
    caller = get_caller_quietly(request)
    expected = caller.session.csrf_token if caller.session is not None else request.cookies.get(CSRF_COOKIE, "")
    if not token or not expected or not hmac.compare_digest(str(token), expected):
        raise SudiaError("SUDIA-A023")


def check_api_csrf(request: Request) -> None:
    """JSON API calls that change state with a session cookie: the X-CSRF-Token header, or same origin."""
    if request.headers.get("authorization", "").strip() or get_caller_quietly(request).session is None:
        return
    header = request.headers.get(CSRF_HEADER, "")
    if header:
        check_csrf(request, header)
        return
    origin = request.headers.get("origin", "")
    if request.headers.get("sec-fetch-site") == "same-origin" or (origin and origin == _own_origin(request)):
        return
    raise SudiaError("SUDIA-A023")


def _own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.headers.get('host', request.url.netloc)}"


def get_caller_quietly(request: Request) -> Caller:
    try:
        return get_caller(request)
    except SudiaError:
        return Caller(Principal.anonymous())


# -- redirects ----------------------------------------------------------------------------------
def local_path(target: str | None, default: str = "/") -> str:
    """Only local paths are followed after login: no open redirect through `suivant`."""
    target = (target or "").strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target or any(ord(c) < 32 for c in target):
        return default
    return target


def login_url(request: Request) -> str:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"/connexion?suivant={quote(local_path(here), safe='')}"


def template_context(request: Request) -> dict[str, object]:
    """What every page knows about its visitor: the principal, the CSRF token, whether login is offered."""
    principal = current_principal(request)
    return {"utilisateur": principal, "csrf": csrf_token(request) if principal.authenticated else "",
            "est_admin": principal.is_admin and principal.allows("admin"),
            "connexion_url": login_url(request) if request.url.path != "/connexion" else "/connexion"}
