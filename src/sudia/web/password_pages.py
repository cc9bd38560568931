"""Passwords in the UI: a signed-in person changes their own (the current one asked first), an
administrator resets someone else's. Either way the account's sessions end and its API tokens are
revoked (`Directory`), and the change is in the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sudia.access import Principal
from sudia.accounts.base import User
from sudia.errors import SudiaError
from sudia.web.account_pages import NO_STORE, _account, _session_user
from sudia.web.auth import SESSION_COOKIE, check_csrf, client_ip, get_trust
from sudia.web.deps import AdminUser
from sudia.web.errors import status_of
from sudia.web.forms import field_errors
from sudia.web.templating import templates

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def _same(password: str, confirmation: str) -> None:
    if password != confirmation:
        raise SudiaError("SUDIA-A019")


@router.post("/compte/mot-de-passe", name="changer_mot_de_passe")
def change_own(request: Request, csrf: Annotated[str, Form()] = "", current: Annotated[str, Form()] = "",
               password: Annotated[str, Form()] = "", confirmation: Annotated[str, Form()] = "") -> Response:
    """From « Mon compte », in a web session (a token never changes a password)."""
    principal = _session_user(request)
    check_csrf(request, csrf)
    trust = get_trust(request)
    try:
        trust.check_rate(principal, client_ip(request))  # guessing the current password is rate-limited
        _same(password, confirmation)
        trust.directory.change_own_password(principal, current, password)
    except SudiaError as exc:
        return _account(request, principal, error=exc, errors=field_errors(exc))
    # Every session of the account was closed, this one too: sign in again with the new password.
    response = RedirectResponse("/connexion?fait=mot-de-passe-change", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _user(request: Request, user_id: str) -> User:
    user = get_trust(request).store.get_user(user_id)
    if user is None:
        raise SudiaError("SUDIA-A004", email=user_id)
    return user


def _reset_page(request: Request, user: User, principal: Principal, error: SudiaError | None = None) -> Response:
    has_password = get_trust(request).store.password_hash(user.id) is not None
    context = {"cible": user, "soi_meme": user.id == principal.user_id, "a_mot_de_passe": has_password,
               "error": error, "erreurs": field_errors(error)}
    return templates.TemplateResponse(request, "admin_mot_de_passe.html", context,
                                      status_code=status_of(error) if error else 200, headers=NO_STORE)


@router.get("/admin/utilisateurs/{user_id}/mot-de-passe", name="admin_mot_de_passe")
def reset_page(request: Request, principal: AdminUser, user_id: str) -> Response:
    return _reset_page(request, _user(request, user_id), principal)


@router.post("/admin/utilisateurs/{user_id}/mot-de-passe")
def reset(request: Request, principal: AdminUser, user_id: str, csrf: Annotated[str, Form()] = "",
          password: Annotated[str, Form()] = "",
          confirmation: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf)
    user = _user(request, user_id)
    try:
        _same(password, confirmation)
        get_trust(request).directory.set_password(principal, user.email, password)
    except SudiaError as exc:
        return _reset_page(request, user, principal, exc)
    return RedirectResponse("/admin/utilisateurs?fait=mot-de-passe-reinitialise", status_code=303)
