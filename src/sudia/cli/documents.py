"""`sudia ingest` and `sudia collections`: put documents in, see and remove collections."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from sudia.cli.common import console, platform, print_json

collections_app = typer.Typer(help="Lister ou supprimer des collections.", no_args_is_help=True)

_STATUS = {"added": "ajouté", "updated": "mis à jour", "unchanged": "inchangé", "error": "erreur"}


def ingest(
    paths: list[Path] = typer.Argument(..., help="Fichiers ou dossiers (parcourus récursivement)"),
    collection: str = typer.Option(..., "--collection", "-c", help="Collection de destination"),
    as_json: bool = typer.Option(False, "--json", help="Résultat détaillé en JSON"),
) -> None:
    """Ingérer des documents (PDF, DOCX, HTML, Markdown, texte) dans une collection."""
    from sudia.ingest.pipeline import discover

    with platform() as p:
        files = discover(paths)
        p.store.ensure_collection(collection)
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

            p.ingestor.ingest(collection, files, on_file=on_file)
        counts = {s: sum(1 for r in results if r.status == s) for s in _STATUS}
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
        if p.store.get_collection(name) is None:
            from sudia.errors import SudiaError

            raise SudiaError("SUDIA-C001", name=name)
        if not yes:
            typer.confirm(f"Supprimer la collection « {name} » ?", abort=True)
        p.store.delete_collection(name)
        console.print(f"Collection « {name} » supprimée.")
