"""Account pages: login and logout (password or OpenID Connect), « Mon compte » with its API tokens,
and the administration of users, groups and collection rights.

Every form posts its CSRF token; every change goes through `Directory` (which audits it) or, for
collection rights, is written to the audit log here.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sudia.access import SCOPES, Principal, can_read
from sudia.accounts.authenticator import SignIn
from sudia.errors import SudiaError
from sudia.usecases.collections import VISIBILITY_LABELS, check_access, collection_rules, split_groups
from sudia.web.deps import AdminUser, get_platform
from sudia.web.errors import error_headers, status_of
from sudia.web.auth import (
    ADMIN_SECTIONS, CSRF_COOKIE, SESSION_COOKIE, allow_anonymous, check_csrf, client_ip, csrf_token, get_trust,
    keep_csrf_cookie, local_path, require_signed_in,
)
from sudia.web.forms import field_errors
from sudia.web.templating import add_nav_item, env, templates

# The rights page also offers "private": administrators only, the state of every new collection.
VISIBILITIES = VISIBILITY_LABELS

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
env.globals["admin_sections"] = ADMIN_SECTIONS
add_nav_item("Administration", "/admin", admin=True)

SCOPE_LABELS = {"ask": "Poser des questions", "search": "Rechercher des passages",
                "ingest": "Déposer et retirer des documents", "admin": "Administrer"}
DONE = {
    "deconnecte": "Vous êtes déconnecté.",
    "jeton-revoque": "Le jeton a été révoqué : il ne fonctionne plus.",
    "utilisateur-cree": "L'utilisateur a été créé.",
    "utilisateur-modifie": "L'utilisateur a été modifié.",
    "jeton-revoque-admin": "Le jeton a été révoqué.",
    "droits-modifies": "Les droits de la collection ont été modifiés.",
    "mot-de-passe-change": "Mot de passe changé : reconnectez-vous avec le nouveau (vos autres sessions et vos "
                           "jetons d'API ont été fermés).",
    "mot-de-passe-reinitialise": "Le mot de passe a été réinitialisé : ses sessions sont fermées et ses jetons "
                                 "d'API révoqués. Transmettez-le à la personne par un canal sûr.",
}
NO_STORE = {"Cache-Control": "no-store"}
TOKEN_FIELDS = {"SUDIA-A008": "scopes"}  # a token « admin » for an account that is not


# -- login and logout --------------------------------------------------------------------------
@router.get("/connexion", name="connexion")
def login_page(request: Request, suivant: str = "/", fait: str = "") -> Response:
    return _login(request, suivant, done=DONE.get(fait, ""))


def _login(request: Request, suivant: str, email: str = "", error: SudiaError | None = None, done: str = "") -> Response:
    settings = get_platform(request).settings
    context = {"suivant": local_path(suivant), "email": email, "error": error, "done": done,
               "oidc": settings.oidc_configured, "login_csrf": csrf_token(request)}
    status = status_of(error) if error else 200
    response = templates.TemplateResponse(request, "connexion.html", context, status_code=status,
                                          headers={**NO_STORE, **(error_headers(error) if error else {})})
    return keep_csrf_cookie(request, response)


@router.post("/connexion")
def login(request: Request, email: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
          csrf: Annotated[str, Form()] = "", suivant: Annotated[str, Form()] = "/") -> Response:
    try:
        check_csrf(request, csrf)
        signed = get_trust(request).auth.login(email, password, client_ip(request))
    except SudiaError as exc:
        return _login(request, suivant, email, exc)
    return _signed_in(request, signed, local_path(suivant))


def _signed_in(request: Request, signed: SignIn, target: str) -> Response:
    old = request.cookies.get(SESSION_COOKIE, "")
    if old:
        get_trust(request).auth.logout(old)  # one browser, one session
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, signed.cookie, max_age=get_trust(request).settings.session_days * 86400,
                        httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@router.post("/deconnexion", name="deconnexion")
def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf)
    get_trust(request).auth.logout(request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/connexion?fait=deconnecte", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# -- OpenID Connect ----------------------------------------------------------------------------
def _oidc_client(request: Request):
    from sudia.accounts.oidc import OidcClient

    settings = get_platform(request).settings
    if not settings.oidc_configured:
        raise SudiaError("SUDIA-A014")
    client = getattr(request.app.state, "oidc", None)
    if client is None:  # discovery and keys are cached by the client: one per app
        redirect = settings.oidc_redirect_uri or str(request.url_for("oidc_callback"))
        client = request.app.state.oidc = OidcClient.from_settings(settings, redirect)
    return client


@router.get("/auth/oidc/login", name="oidc_login")
def oidc_login(request: Request, suivant: str = "/") -> Response:
    try:
        url = get_trust(request).auth.begin_oidc(_oidc_client(request), local_path(suivant))
    except SudiaError as exc:
        return _login(request, suivant, error=exc)
    return RedirectResponse(url, status_code=303, headers=NO_STORE)


@router.get("/auth/oidc/callback", name="oidc_callback")
def oidc_callback(request: Request, state: str = "", code: str = "", error: str = "",
                  error_description: str = "") -> Response:
    try:
        if error:  # the provider refused or the person cancelled
            raise SudiaError("SUDIA-A016", detail=f"{error} {error_description}".strip())
        signed = get_trust(request).auth.finish_oidc(_oidc_client(request), state, code)
    except SudiaError as exc:
        return _login(request, "/", error=exc)
    return _signed_in(request, signed, local_path(signed.return_to))


# -- « Mon compte » ----------------------------------------------------------------------------
@router.get("/compte", name="compte")
def account_page(request: Request, fait: str = "") -> Response:
    return _account(request, require_signed_in(request), done=DONE.get(fait, ""))


def _account(request: Request, principal: Principal, done: str = "", error: SudiaError | None = None,
             issued=None, errors: dict[str, SudiaError] | None = None) -> Response:
    trust = get_trust(request)
    user = trust.store.get_user(principal.user_id)
    platform = get_platform(request)
    readable = [c for c in platform.store.list_collections() if can_read(principal, c, allow_anonymous(request))]
    scopes = [s for s in SCOPES if s != "admin" or (user and user.is_admin)]
    context = {"compte": user, "jetons": trust.directory.list_tokens(principal.email), "lisibles": readable,
               "portees": {s: SCOPE_LABELS[s] for s in scopes}, "done": done, "error": error, "nouveau": issued,
               "par_session": principal.kind == "user", "jours_defaut": trust.settings.token_default_days,
               "jours_max": trust.settings.token_max_days, "visibilites": VISIBILITIES,
               "erreurs": errors or {}, "a_mot_de_passe": trust.store.password_hash(principal.user_id) is not None}
    status = status_of(error) if error else (201 if issued else 200)
    return templates.TemplateResponse(request, "compte.html", context, status_code=status, headers=NO_STORE)


def _session_user(request: Request) -> Principal:
    """Tokens are managed from a web session only: a token never mints or revokes tokens."""
    principal = require_signed_in(request)
    if principal.kind != "user":
        raise SudiaError("SUDIA-A008", action="gérer les jetons avec un jeton")
    return principal


@router.post("/compte/jetons", name="creer_jeton")
def create_token(request: Request, csrf: Annotated[str, Form()] = "", name: Annotated[str, Form()] = "",
                 scopes: Annotated[list[str], Form()] = [],  # noqa: B006
                 days: Annotated[str, Form()] = "") -> Response:
    principal = _session_user(request)
    check_csrf(request, csrf)
    try:
        expires = int(days) if days.strip() else None
    except ValueError:
        error = SudiaError("SUDIA-A020", days=days, max_days=get_trust(request).settings.token_max_days)
        return _account(request, principal, error=error, errors=field_errors(error, TOKEN_FIELDS))
    try:
        issued = get_trust(request).directory.create_token(principal.actor, principal.email, scopes, expires, name)
    except SudiaError as exc:
        return _account(request, principal, error=exc, errors=field_errors(exc, TOKEN_FIELDS))
    return _account(request, principal, issued=issued)


@router.post("/compte/jetons/{token_id}/revoquer", name="revoquer_jeton")
def revoke_own_token(request: Request, token_id: str, csrf: Annotated[str, Form()] = "") -> Response:
    principal = _session_user(request)
    check_csrf(request, csrf)
    trust = get_trust(request)
    token = trust.store.get_token(token_id)
    if token is None or token.user_id != principal.user_id:  # someone else's token looks like no token
        return _account(request, principal, error=SudiaError("SUDIA-A012", id=token_id))
    trust.directory.revoke_token(principal.actor, token_id)
    return RedirectResponse("/compte?fait=jeton-revoque", status_code=303)


# -- administration: users ---------------------------------------------------------------------
@router.get("/admin", name="admin")
def admin_home(principal: AdminUser) -> Response:
    return RedirectResponse("/admin/utilisateurs", status_code=303)


@router.get("/admin/utilisateurs", name="admin_utilisateurs")
def users_page(request: Request, principal: AdminUser, fait: str = "") -> Response:
    return _users(request, done=DONE.get(fait, ""))


def _users(request: Request, done: str = "", error: SudiaError | None = None,
           form: dict[str, str] | None = None) -> Response:
    directory = get_trust(request).directory
    users = directory.list_users()
    owners = {u.id: u.email for u in users}
    context = {"utilisateurs": users, "groupes": directory.groups(), "jetons": directory.list_tokens(),
               "proprietaires": owners, "done": done, "error": error, "form": form or {},
               "erreurs": field_errors(error) if form is not None else {}}
    return templates.TemplateResponse(request, "admin_utilisateurs.html", context,
                                      status_code=status_of(error) if error else 200, headers=NO_STORE)


@router.post("/admin/utilisateurs", name="admin_creer_utilisateur")
def add_user(request: Request, principal: AdminUser, csrf: Annotated[str, Form()] = "",
             email: Annotated[str, Form()] = "", name: Annotated[str, Form()] = "",
             password: Annotated[str, Form()] = "", groups: Annotated[str, Form()] = "",
             admin: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf)
    try:
        get_trust(request).directory.add_user(principal, email, name, password or None, admin == "oui",
                                              _names(groups))
    except SudiaError as exc:
        return _users(request, error=exc, form={"email": email, "name": name, "groups": groups})
    return RedirectResponse("/admin/utilisateurs?fait=utilisateur-cree", status_code=303)


@router.post("/admin/utilisateurs/{user_id}", name="admin_modifier_utilisateur")
def change_user(request: Request, principal: AdminUser, user_id: str, csrf: Annotated[str, Form()] = "",
                action: Annotated[str, Form()] = "",
                group: Annotated[str, Form()] = "") -> Response:
    """One form per button: add or remove a group, enable or disable, grant or withdraw administration."""
    check_csrf(request, csrf)
    trust = get_trust(request)
    user = trust.store.get_user(user_id)
    try:
        if user is None:
            raise SudiaError("SUDIA-A004", email=user_id)
        directory = trust.directory
        if action == "ajouter-groupe":
            directory.add_to_group(principal, user.email, group.strip())
        elif action == "retirer-groupe":
            directory.remove_from_group(principal, user.email, group)
        elif action in ("activer", "desactiver"):
            directory.set_active(principal, user.email, action == "activer")
        elif action in ("donner-admin", "retirer-admin"):
            directory.set_admin(principal, user.email, action == "donner-admin")
        else:
            raise SudiaError("SUDIA-R002", detail=f"action inconnue « {action} »")
    except SudiaError as exc:
        return _users(request, error=exc)
    return RedirectResponse("/admin/utilisateurs?fait=utilisateur-modifie", status_code=303)


@router.post("/admin/jetons/{token_id}/revoquer", name="admin_revoquer_jeton")
def revoke_token(request: Request, principal: AdminUser, token_id: str, csrf: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf)
    try:
        get_trust(request).directory.revoke_token(principal, token_id)
    except SudiaError as exc:
        return _users(request, error=exc)
    return RedirectResponse("/admin/utilisateurs?fait=jeton-revoque-admin", status_code=303)


# -- administration: collection rights -----------------------------------------------------------
@router.get("/admin/collections", name="admin_collections")
def rights_page(request: Request, principal: AdminUser, fait: str = "",
                sans_membre: Annotated[str, Query(alias="sans-membre", max_length=2000)] = "") -> Response:
    warnings = ()
    if sans_membre:  # worded from the groups as they are now: a forged link warns of nothing untrue
        try:
            warnings = collection_rules(get_platform(request)).warnings_for(split_groups(sans_membre))
        except SudiaError:
            pass
    return _rights(request, principal, done=DONE.get(fait, ""), warnings=warnings)


def _rights(request: Request, principal: Principal, done: str = "", error: SudiaError | None = None,
            failed: str = "", typed: str = "", warnings: tuple[str, ...] = ()) -> Response:
    platform = get_platform(request)
    collections = platform.store.list_collections()
    # Administrators manage every collection's rights but see counts only where they may read.
    readable = {c.name for c in collections if can_read(principal, c, allow_anonymous(request))}
    context = {"collections": collections, "lisibles": readable, "visibilites": VISIBILITIES,
               "groupes": get_trust(request).directory.groups(), "done": done, "error": error,
               "anonymes": allow_anonymous(request), "avertissements": warnings, "en_erreur": failed,
               "erreurs": field_errors(error, {"SUDIA-R002": "groups"}), "saisie": typed}
    return templates.TemplateResponse(request, "admin_collections.html", context,
                                      status_code=status_of(error) if error else 200, headers=NO_STORE)


@router.post("/admin/collections/{name}/droits", name="admin_droits")
def change_rights(request: Request, principal: AdminUser, name: str, csrf: Annotated[str, Form()] = "",
                  visibility: Annotated[str, Form()] = "",
                  groups: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf)
    try:
        changed = collection_rules(get_platform(request)).set_access(
            principal, name, check_access(visibility, split_groups(groups)), entry_point="web")
    except SudiaError as exc:
        return _rights(request, principal, error=exc, failed=name, typed=groups)
    warned = f"&sans-membre={quote(','.join(changed.collection.groups))}" if changed.warnings else ""
    return RedirectResponse(f"/admin/collections?fait=droits-modifies{warned}", status_code=303)


def _names(text: str) -> list[str]:
    return split_groups(text)
