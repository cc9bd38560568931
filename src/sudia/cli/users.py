"""`sudia users`: accounts, groups and API tokens, for the operator who holds the database."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer

from sudia.cli.common import console, fail, operator, print_json  # noqa: F401 - operator: imported from here too
from sudia.errors import SudiaError

users_app = typer.Typer(help="Gérer les comptes, les groupes et les jetons d'API.", no_args_is_help=True)
groups_app = typer.Typer(help="Groupes d'un utilisateur (ils ouvrent les collections restreintes).",
                         no_args_is_help=True)
token_app = typer.Typer(help="Jetons d'API : créés pour un utilisateur, limités en portée et en durée.",
                        no_args_is_help=True)
users_app.add_typer(groups_app, name="groups")
users_app.add_typer(token_app, name="token")


@contextmanager
def trust() -> Iterator[Any]:
    """Settings are read here, at the edge; SudiaError becomes one French line and exit code 1."""
    from sudia.accounts.trust import Trust
    from sudia.settings import Settings

    try:
        settings = Settings()  # all of them: the audit key file is found from the data folder
        t = Trust.open(settings.resolved_database_url(), settings)
    except SudiaError as exc:
        fail(exc)
    try:
        yield t
    except SudiaError as exc:
        fail(exc)
    finally:
        t.close()


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = typer.prompt("Mot de passe", hide_input=True)
    second = typer.prompt("Mot de passe (confirmation)", hide_input=True)
    if first != second:
        fail(SudiaError("SUDIA-A019"))
    return first


def _user_row(user: Any) -> dict[str, Any]:
    return {"email": user.email, "name": user.name, "admin": user.is_admin, "active": user.active,
            "groups": list(user.groups), "oidc": bool(user.oidc_subject), "created_at": user.created_at,
            "last_login_at": user.last_login_at}


@users_app.command("create-admin")
def create_admin(
    email: str = typer.Argument(..., help="Adresse e-mail de l'administrateur"),
    name: str = typer.Option("", "--name", help="Nom affiché"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Lire le mot de passe sur l'entrée standard"),
) -> None:
    """Créer un administrateur (le premier compte : aucun mot de passe par défaut n'existe)."""
    password = read_password(password_stdin)
    with trust() as t:
        user = t.directory.create_admin(operator(), email, password, name)
        console.print(f"Administrateur « {user.email} » créé.")


@users_app.command("add")
def add(
    email: str = typer.Argument(..., help="Adresse e-mail"),
    name: str = typer.Option("", "--name", help="Nom affiché"),
    admin: bool = typer.Option(False, "--admin", help="Donner les droits d'administration"),
    group: list[str] = typer.Option([], "--group", "-g", help="Groupe (option répétable)"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Lire le mot de passe sur l'entrée standard"),
    no_password: bool = typer.Option(False, "--no-password", help="Sans mot de passe : connexion OpenID Connect seulement"),
) -> None:
    """Ajouter un utilisateur."""
    password = None if no_password else read_password(password_stdin)
    with trust() as t:
        user = t.directory.add_user(operator(), email, name, password, admin, group)
        console.print(f"Utilisateur « {user.email} » créé.")


@users_app.command("list")
def list_users(as_json: bool = typer.Option(False, "--json")) -> None:
    """Lister les utilisateurs, leurs groupes et leurs droits."""
    with trust() as t:
        rows = [_user_row(u) for u in t.directory.list_users()]
    if as_json:
        print_json(rows)
        return
    for r in rows:
        flags = ", ".join(f for f, on in (("admin", r["admin"]), ("désactivé", not r["active"]), ("OIDC", r["oidc"])) if on)
        groups = ", ".join(r["groups"]) or "aucun groupe"
        console.print(f"{r['email']} : {groups}{f' ({flags})' if flags else ''}", highlight=False)


@users_app.command("disable")
def disable(email: str = typer.Argument(...)) -> None:
    """Désactiver un compte : ses sessions sont fermées et ses jetons cessent de fonctionner."""
    with trust() as t:
        t.directory.set_active(operator(), email, False)
        console.print(f"Compte « {email} » désactivé.")


@users_app.command("enable")
def enable(email: str = typer.Argument(...)) -> None:
    """Réactiver un compte."""
    with trust() as t:
        t.directory.set_active(operator(), email, True)
        console.print(f"Compte « {email} » réactivé.")


@users_app.command("password")
def password(
    email: str = typer.Argument(...),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Lire le mot de passe sur l'entrée standard"),
) -> None:
    """Changer le mot de passe d'un compte (ses sessions ouvertes sont fermées)."""
    secret = read_password(password_stdin)
    with trust() as t:
        t.directory.set_password(operator(), email, secret)
        console.print(f"Mot de passe de « {email} » changé.")


@groups_app.command("add")
def group_add(email: str = typer.Argument(...), group: str = typer.Argument(...)) -> None:
    """Ajouter un utilisateur à un groupe."""
    with trust() as t:
        user = t.directory.add_to_group(operator(), email, group)
        console.print(f"{user.email} : {', '.join(user.groups)}", highlight=False)


@groups_app.command("remove")
def group_remove(email: str = typer.Argument(...), group: str = typer.Argument(...)) -> None:
    """Retirer un utilisateur d'un groupe."""
    with trust() as t:
        user = t.directory.remove_from_group(operator(), email, group)
        console.print(f"{user.email} : {', '.join(user.groups) or 'aucun groupe'}", highlight=False)


@groups_app.command("list")
def group_list(as_json: bool = typer.Option(False, "--json")) -> None:
    """Lister les groupes et leur nombre de membres."""
    with trust() as t:
        groups = t.directory.groups()
    if as_json:
        print_json(groups)
        return
    for name, members in groups.items():
        console.print(f"{name} : {members} membre{'s' if members > 1 else ''}", highlight=False)


@token_app.command("create")
def token_create(
    email: str = typer.Argument(..., help="Compte pour lequel le jeton agit"),
    scopes: str = typer.Option("ask,search", "--scopes", help="Portées séparées par des virgules : ask, search, ingest, admin"),
    expires_days: int = typer.Option(None, "--expires-days", help="Validité en jours (par défaut SUDIA_TOKEN_DEFAULT_DAYS)"),
    name: str = typer.Option("", "--name", help="Nom du jeton, pour le reconnaître"),
) -> None:
    """Créer un jeton d'API ; son secret est affiché une seule fois."""
    with trust() as t:
        issued = t.directory.create_token(operator(), email, scopes, expires_days, name)
    console.print(f"Jeton {issued.token.id} ({', '.join(issued.token.scopes)}) valable jusqu'au "
                  f"{issued.token.expires_at[:10]}. Copiez le secret maintenant : il ne sera plus affiché.",
                  highlight=False)
    sys.stdout.write(issued.secret + "\n")  # alone on stdout, so that it can be piped into a vault


@token_app.command("revoke")
def token_revoke(token_id: str = typer.Argument(..., metavar="ID")) -> None:
    """Révoquer un jeton d'API."""
    with trust() as t:
        t.directory.revoke_token(operator(), token_id)
        console.print(f"Jeton {token_id} révoqué.")


@token_app.command("list")
def token_list(email: str = typer.Argument(None, help="Seulement les jetons de ce compte"),
               as_json: bool = typer.Option(False, "--json")) -> None:
    """Lister les jetons d'API (jamais leurs secrets)."""
    with trust() as t:
        owners = {u.id: u.email for u in t.directory.list_users()}
        rows = [{"id": k.id, "user": owners.get(k.user_id, k.user_id), "name": k.name, "scopes": list(k.scopes),
                 "created_at": k.created_at, "expires_at": k.expires_at, "revoked_at": k.revoked_at,
                 "last_used_at": k.last_used_at} for k in t.directory.list_tokens(email)]
    if as_json:
        print_json(rows)
        return
    for r in rows:
        state = f"révoqué le {r['revoked_at'][:10]}" if r["revoked_at"] else f"expire le {r['expires_at'][:10]}"
        console.print(f"{r['id']} {r['user']} « {r['name']} » [{', '.join(r['scopes'])}] {state}",
                      highlight=False, markup=False)
