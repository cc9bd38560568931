"""What every command shares: settings from the environment, the platform, error rendering."""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import typer
from rich.console import Console

from sudia.access import Principal, resolve_collections
from sudia.errors import SudiaError

# soft_wrap: one message per line even when stderr is not a terminal (logs, CI).
console = Console(stderr=True, soft_wrap=True)


def _quiet_libraries() -> None:
    """Third-party parsers warn in English about files we already report in French."""
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for name in ("pypdf", "pdfminer", "docx"):
        logging.getLogger(name).setLevel(logging.ERROR)


@contextmanager
def platform() -> Iterator[Any]:
    """Settings are read here, once, at the edge; errors become one French line and exit code 1."""
    from sudia.platform import Platform
    from sudia.settings import Settings

    _quiet_libraries()
    try:
        p = Platform.from_settings(Settings())
    except SudiaError as exc:
        fail(exc)
    try:
        yield p
    except SudiaError as exc:
        fail(exc)
    finally:
        p.close()


AS_USER_HELP = ("Agir au nom de cet utilisateur (ses droits sur les collections, son nom dans le journal d'audit) ;"
                " sans elle, la commande agit en opérateur local, qui détient déjà la base")


@dataclass(frozen=True)
class CliCaller:
    """Who a command acts for: a user (`--as-user` / SUDIA_CLI_USER), or the local operator."""

    principal: Principal | None
    actor: str
    operator: str

    def collections(self, p: Any, requested: list[str]) -> list[str]:
        """The collections the command may read: a user's rights, or every existing one for the operator.

        For a user, an unreadable collection is reported like a missing one (SUDIA-C001).
        """
        if self.principal is not None:
            return resolve_collections(self.principal, requested, p.store.list_collections(), False)
        for name in requested:
            if p.store.get_collection(name) is None:
                raise SudiaError("SUDIA-C001", name=name)
        return list(dict.fromkeys(requested)) or [c.name for c in p.store.list_collections()]


def operator() -> str:
    """The audit log names CLI actions after the system account that ran them."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def caller(p: Any, as_user: str | None) -> CliCaller:
    from sudia.accounts.authenticator import principal_for

    local = operator()
    if not as_user:
        return CliCaller(None, local, local)
    user = p.trust.directory.user(as_user)  # SUDIA-A004 for an unknown address
    if not user.active:
        raise SudiaError("SUDIA-A018", email=user.email)
    principal = principal_for(user)
    return CliCaller(principal, principal.actor, local)


def fail(exc: SudiaError) -> None:
    console.print(f"[bold red]Erreur[/] [{exc.code}] {exc.message}", highlight=False)
    raise typer.Exit(1)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
