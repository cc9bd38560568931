"""`sudia db ...`: the versioned schema of the platform's and the use cases' tables (sudia.migrations)."""

from __future__ import annotations

import typer

from sudia.cli.common import console, platform, print_json

db_app = typer.Typer(help="Base de données : version du schéma et mises à niveau.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade(as_json: bool = typer.Option(False, "--json")) -> None:
    """Appliquer les migrations de schéma en attente (fait aussi au démarrage du serveur)."""
    with platform() as p:
        ran = p.upgrade_schema()
    if as_json:
        print_json({"applied": [{"component": m.component, "version": m.version, "name": m.name} for m in ran]})
        return
    for m in ran:
        console.print(f"Appliquée : {m.component} n° {m.version} — {m.name}", highlight=False)
    console.print("Schéma à jour." if ran else "Schéma déjà à jour : aucune migration en attente.")


@db_app.command("status")
def status(as_json: bool = typer.Option(False, "--json")) -> None:
    """Lister les migrations connues, appliquées ou en attente."""
    from sudia import migrations

    with platform() as p:
        states = migrations.status(p.database, p.all_migrations())
    if as_json:
        print_json({"migrations": [s.__dict__ for s in states]})
        return
    for s in states:
        when = f"appliquée le {s.applied_at}" if s.applied_at else "en attente"
        console.print(f"{s.component} n° {s.version} — {s.name} : {when}", highlight=False)
