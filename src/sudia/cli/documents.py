"""`sudia ingest` and `sudia collections`: put documents in, see and remove collections."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from sudia.cli.common import AS_USER_HELP, caller, console, platform, print_json

collections_app = typer.Typer(help="Lister ou supprimer des collections.", no_args_is_help=True)

_STATUS = {"added": "ajouté", "updated": "mis à jour", "unchanged": "inchangé", "error": "erreur"}


def ingest(
    paths: list[Path] = typer.Argument(..., help="Fichiers ou dossiers (parcourus récursivement)"),
    collection: str = typer.Option(..., "--collection", "-c", help="Collection de destination"),
    as_json: bool = typer.Option(False, "--json", help="Résultat détaillé en JSON"),
    force: bool = typer.Option(False, "--force", help="Réindexer aussi les fichiers inchangés (après un changement"
                               " de réglages de découpage ou d'embeddings)"),
    as_user: str = typer.Option(None, "--as-user", envvar="SUDIA_CLI_USER", help=AS_USER_HELP),
) -> None:
    """Ingérer des documents (PDF, DOCX, HTML, Markdown, texte) dans une collection."""
    from sudia.access import require_manage
    from sudia.ingest.pipeline import discover

    with platform() as p:
        who = caller(p, as_user)
        if who.principal is not None:  # a user needs ingestion rights, and to read the collection if it exists
            require_manage(who.principal, "document.ingest", "ingest")
            if p.store.get_collection(collection) is not None:
                who.collections(p, [collection])
        files = discover(paths)
        if p.store.get_collection(collection) is None:
            p.store.ensure_collection(collection)
            p.trust.audit.record_admin(who.actor, "collection.create", collection, collections=[collection],
                                       entry_point="cli", details={"operator": who.operator, "visibility": "public"})
        results = []
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=console, disable=as_json) as bar:
            task = bar.add_task("Ingestion", total=len(files))

            def on_file(result) -> None:
                results.append(result)
                if result.status == "error":
                    bar.console.print(f"[red]✗[/] {result.source} : [{result.error_code}] {result.message}",
                                      highlight=False)
                bar.update(task, advance=1, description=f"Ingestion ({result.source[-40:]})")

            p.ingestor.ingest(collection, files, on_file=on_file, force=force)
        counts = {s: sum(1 for r in results if r.status == s) for s in _STATUS}
        p.trust.audit.record_admin(who.actor, "document.ingest", collection, collections=[collection],
                                   entry_point="cli", details={"operator": who.operator, "counts": counts,
                                                               "files": [r.source for r in results]})
        if as_json:
            print_json({"collection": collection, "counts": counts, "files": [r.__dict__ for r in results]})
        else:
            summary = ", ".join(f"{n} {_STATUS[s]}{'s' if n > 1 else ''}" for s, n in counts.items() if n)
            chunks = sum(r.chunks for r in results if r.status in ("added", "updated"))
            console.print(f"Collection « {collection} » : {summary or 'aucun fichier'} ; {chunks} passages indexés.")
        if counts["error"]:
            raise typer.Exit(1)


@collections_app.command("list")
def list_collections(as_json: bool = typer.Option(False, "--json")) -> None:
    """Lister les collections avec leurs nombres de documents et de passages."""
    with platform() as p:
        rows = p.store.list_collections()
        if as_json:
            print_json([c.__dict__ for c in rows])
            return
        for c in rows:
            console.print(f"{c.name} : {c.documents} documents, {c.chunks} passages ({c.visibility})")


@collections_app.command("delete")
def delete_collection(name: str, yes: bool = typer.Option(False, "--yes", help="Ne pas demander confirmation")) -> None:
    """Supprimer une collection et tous ses documents."""
    with platform() as p:
        found = p.store.get_collection(name)
        if found is None:
            from sudia.errors import SudiaError

            raise SudiaError("SUDIA-C001", name=name)
        if not yes:
            typer.confirm(f"Supprimer la collection « {name} » ?", abort=True)
        p.store.delete_collection(name)
        who = caller(p, None)
        p.trust.audit.record_admin(who.actor, "collection.delete", name, collections=[name], entry_point="cli",
                                   details={"documents": found.documents})
        console.print(f"Collection « {name} » supprimée.")


@collections_app.command("access")
def collection_access(
    name: str = typer.Argument(..., help="Collection"),
    visibility: str = typer.Option(..., "--visibility", help="public, authenticated (agents connectés) ou restricted"),
    group: list[str] = typer.Option([], "--group", "-g", help="Groupe qui lit une collection restreinte (répétable)"),
) -> None:
    """Choisir qui peut consulter une collection (le changement est écrit au journal d'audit)."""
    from sudia.accounts.base import check_group
    from sudia.errors import SudiaError

    with platform() as p:
        found = p.store.get_collection(name)
        if found is None:
            raise SudiaError("SUDIA-C001", name=name)
        if visibility not in ("public", "authenticated", "restricted"):
            raise SudiaError("SUDIA-R002", detail=f"visibilité inconnue « {visibility} » (public, authenticated, restricted)")
        groups = tuple(check_group(g) for g in group) if visibility == "restricted" else ()
        if visibility == "restricted" and not groups:
            raise SudiaError("SUDIA-R002", detail="une collection restreinte doit nommer au moins un groupe (--group)")
        p.store.set_collection_access(name, visibility, groups)  # type: ignore[arg-type]
        p.trust.audit.record_admin(caller(p, None).actor, "collection.rights", name, collections=[name],
                                   entry_point="cli", details={"visibility": visibility, "groups": list(groups),
                                                               "before": {"visibility": found.visibility,
                                                                          "groups": list(found.groups)}})
        console.print(f"Collection « {name} » : {visibility}{' (' + ', '.join(groups) + ')' if groups else ''}.",
                      highlight=False)
