"""A small use case written as a third-party package would write it: it touches no core file.

« Carnet » keeps short notes per signed-in agent: a table created by its own migrations, a page
that extends the platform's layout, a JSON API, a nav entry, CLI commands, a register entry. The
tests load it with SUDIA_EXTENSIONS=usecase_example.carnet:Carnet.
"""

from __future__ import annotations

from pathlib import Path

import typer
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from sudia.extensions import Command, NavEntry, Permission, UseCase
from sudia.migrations import Migration
from sudia.register import RegisterEntry


class CarnetSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SUDIA_CARNET_", extra="ignore")
    max_notes: int = 50


class NoteIn(BaseModel):
    text: str = Field(min_length=1, max_length=500)


def _notes(platform, owner: str) -> list[str]:
    rows = platform.database.fetchall("SELECT text FROM carnet_notes WHERE owner = ? ORDER BY id", (owner,))
    return [r[0] for r in rows]


def _router() -> APIRouter:
    from sudia.web.auth import get_principal, require_signed_in
    from sudia.web.templating import templates

    router = APIRouter(prefix="/carnet", dependencies=[Depends(require_signed_in)])

    @router.get("")
    def page(request: Request):
        platform = request.app.state.platform
        notes = _notes(platform, get_principal(request).email)
        return templates.TemplateResponse(request, "carnet.html", {"notes": notes})

    @router.post("/api/notes", status_code=201)
    def add(request: Request, note: NoteIn) -> dict:
        platform = request.app.state.platform
        platform.database.execute("INSERT INTO carnet_notes (owner, text, pinned) VALUES (?, ?, ?)",
                                  (get_principal(request).email, note.text, False))
        return {"notes": _notes(platform, get_principal(request).email)}

    return router


cli = typer.Typer(help="Carnet de notes (exemple d'extension).", no_args_is_help=True)


@cli.command("add")
def cli_add(owner: str, text: str) -> None:
    from sudia.cli.common import platform

    with platform() as p:
        p.database.execute("INSERT INTO carnet_notes (owner, text, pinned) VALUES (?, ?, ?)", (owner, text, False))


@cli.command("list")
def cli_list(owner: str) -> None:
    from sudia.cli.common import platform

    with platform() as p:
        for text in _notes(p, owner):
            typer.echo(text)


def eval_carnet() -> None:
    """Mesure fictive de l'exemple."""
    typer.echo('{"score": 1.0}')


class Carnet(UseCase):
    name = "carnet"
    title = "Carnet de notes"
    settings_model = CarnetSettings

    def routers(self, platform):
        return [_router()]

    def templates_dir(self) -> Path:
        return Path(__file__).parent / "templates"

    def navigation(self, settings):
        return [NavEntry("Carnet", "/carnet")]

    def json_paths(self):
        return ("/carnet/api",)

    def commands(self):
        return [Command("carnet", cli, "Carnet de notes (exemple d'extension)."),
                Command("carnet", eval_carnet, eval=True)]

    def permissions(self):
        return [Permission("carnet.ecrire", "Écrire dans son carnet")]

    def register_entries(self, settings, collections):
        return [RegisterEntry(id="carnet", titre="Carnet de notes", finalite="Garder des notes.")]

    def migrations(self):
        return [
            Migration("carnet", 1, "notes", "CREATE TABLE carnet_notes (id {serial}, owner TEXT NOT NULL, text TEXT NOT NULL)"),
            Migration("carnet", 2, "épingles", "ALTER TABLE carnet_notes ADD COLUMN pinned BOOLEAN NOT NULL DEFAULT FALSE"),
        ]
