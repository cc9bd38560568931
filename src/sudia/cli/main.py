"""The `sudia` command. Heavy modules are imported inside commands so `sudia --help` stays fast."""

from __future__ import annotations

import typer

from sudia.cli.audit import audit_app
from sudia.cli.documents import collections_app, ingest
from sudia.cli.evaluate import eval_app
from sudia.cli.observatoire import app as observatoire_app
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
app.add_typer(observatoire_app, name="observatoire")

if __name__ == "__main__":
    app()
