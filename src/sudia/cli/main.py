"""The `sudia` command. Heavy modules are imported inside commands so `sudia --help` stays fast.

Use cases add their command groups and `sudia eval` commands by declaring them (sudia.extensions);
this module names none of them.
"""

from __future__ import annotations

import typer

from sudia.cli.audit import audit_app
from sudia.cli.db import db_app
from sudia.cli.documents import collections_app, ingest
from sudia.cli.evaluate import eval_app
from sudia.cli.query import ask, search
from sudia.cli.serve import serve
from sudia.cli.users import users_app

app = typer.Typer(
    help="Sud IA : réponses sourcées à partir des documents de la Région, en local et sobrement.",
    no_args_is_help=True,
    add_completion=False,
)
app.command()(ingest)
app.command()(search)
app.command()(ask)
app.command()(serve)
app.add_typer(collections_app, name="collections")
app.add_typer(eval_app, name="eval")
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")
app.add_typer(db_app, name="db")


def add_usecase_commands(root: typer.Typer, evaluations: typer.Typer) -> None:
    """The declared use cases' commands. A use case that cannot load is reported, not fatal:
    the other commands (users, audit, db) must keep working to repair an instance."""
    from sudia.cli.common import console
    from sudia.errors import SudiaError
    from sudia.extensions import from_settings
    from sudia.settings import Settings

    try:
        usecases = from_settings(Settings())
    except SudiaError as exc:
        console.print(f"[red]{exc.code}[/] {exc.message}", highlight=False)
        return
    for usecase in usecases:
        for command in usecase.commands():
            if command.eval:
                evaluations.command(command.name, help=command.help or None)(command.target)
            elif isinstance(command.target, typer.Typer):
                root.add_typer(command.target, name=command.name, help=command.help or None)
            else:
                root.command(command.name, help=command.help or None)(command.target)


add_usecase_commands(app, eval_app)

if __name__ == "__main__":
    app()
