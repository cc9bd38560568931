"""`sudia ingest` and `sudia collections`: put documents in, create, open, list and remove collections.

A new collection is `private` (administrators only) unless `--visibility` says otherwise: a folder
is never readable by anyone else while it is being ingested, whatever the order of the commands.
Each committed batch of files is written to the audit log as it is committed, so an interrupted
ingestion still leaves a trace of what it stored.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from sudia.cli.common import AS_USER_HELP, caller, console, platform, print_json
from sudia.errors import SudiaError

collections_app = typer.Typer(help="Créer, ouvrir, lister ou supprimer des collections.", no_args_is_help=True)

_STATUS = {"added": "ajouté", "updated": "mis à jour", "unchanged": "inchangé", "error": "erreur"}
VISIBILITIES = ("private", "authenticated", "restricted", "public")
_VISIBILITY_HELP = ("Qui la consulte : private (administrateurs seulement, par défaut), authenticated (agents"
                    " connectés), restricted (groupes nommés par --group) ou public")
AUDIT_EVERY_FILES = 20  # committed files written to the audit log together...
AUDIT_EVERY_S = 10.0  # ...or after this many seconds, whichever comes first


def check_access(visibility: str, group: list[str]):
    """A valid access (`sudia.usecases.collections.check_access`); on the command line, --group with
    another visibility than restricted is refused rather than dropped: it is surely a mistake."""
    from sudia.usecases.collections import check_access as valid_access

    if group and visibility == "restricted" or not group:
        return valid_access(visibility, group)
    valid_access(visibility)  # an unknown visibility is reported first
    raise SudiaError("SUDIA-R002", detail="--group ne s'emploie qu'avec --visibility restricted")


def create(p, who, name: str, access, description: str = ""):
    """Create the collection with its rights in one step (audited by the use case); warn of empty groups."""
    from sudia.usecases.collections import collection_rules

    changed = collection_rules(p).create(who.principal or who.actor, name, access, description, entry_point="cli",
                                         operator=who.operator)
    _warn(changed.warnings)
    return changed.collection


def _warn(warnings) -> None:
    for warning in warnings:
        console.print(f"[yellow]Attention[/] : {warning}", highlight=False)


def ingest(
    paths: list[Path] = typer.Argument(..., help="Fichiers ou dossiers (parcourus récursivement)"),
    collection: str = typer.Option(..., "--collection", "-c", help="Collection de destination"),
    visibility: str = typer.Option(None, "--visibility", help=_VISIBILITY_HELP + " ; seulement à la création"),
    group: list[str] = typer.Option([], "--group", "-g", help="Groupe lecteur d'une collection restreinte (répétable)"),
    as_json: bool = typer.Option(False, "--json", help="Résultat détaillé en JSON"),
    force: bool = typer.Option(False, "--force", help="Réindexer aussi les fichiers inchangés (après un changement"
                               " de réglages de découpage ou d'embeddings)"),
    as_user: str = typer.Option(None, "--as-user", envvar="SUDIA_CLI_USER", help=AS_USER_HELP),
) -> None:
    """Ingérer des documents (PDF, DOCX, HTML, Markdown, texte) dans une collection."""
    from sudia.access import require_manage
    from sudia.ingest.pipeline import discover
    from sudia.store.base import check_collection_name

    with platform() as p:
        who = caller(p, as_user)
        check_collection_name(collection)
        existing = p.store.get_collection(collection)
        if who.principal is not None:  # a user needs ingestion rights, and to read the collection if it exists
            require_manage(who.principal, "document.ingest", "ingest")
            if existing is not None:
                who.collections(p, [collection])
        if existing is None:
            rights = check_access(visibility or "private", group)
        elif visibility is not None and (visibility, check_access(visibility, group).groups) != (
                existing.visibility, existing.groups):
            raise SudiaError("SUDIA-R002", detail=f"la collection « {collection} » existe déjà ({existing.visibility}) :"
                                                  " changez ses droits avec « sudia collections access »")
        files = discover(paths)
        if existing is None:
            create(p, who, collection, rights)
        journal = _IngestJournal(p, who, collection)
        results = []
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        previous = signal.signal(signal.SIGTERM, _terminate)  # `kill`: write what was committed, then stop
        try:
            with Progress(*columns, console=console, disable=as_json) as bar:
                task = bar.add_task("Ingestion", total=len(files))

                def on_file(result) -> None:
                    results.append(result)
                    journal.add(result)
                    if result.status == "error":
                        bar.console.print(f"[red]✗[/] {result.source} : [{result.error_code}] {result.message}",
                                          highlight=False)
                    bar.update(task, advance=1, description=f"Ingestion ({result.source[-40:]})")

                p.ingestor.ingest(collection, files, on_file=on_file, force=force)
            journal.flush(outcome="ok")
            journal = None
        finally:
            if journal is not None:  # stopped: what was committed is written, even unreported
                journal.flush(outcome="interrupted")
            signal.signal(signal.SIGTERM, previous)
        counts = {s: sum(1 for r in results if r.status == s) for s in _STATUS}
        if as_json:
            print_json({"collection": collection, "counts": counts, "files": [r.__dict__ for r in results]})
        else:
            summary = ", ".join(f"{n} {_STATUS[s]}{'s' if n > 1 else ''}" for s, n in counts.items() if n)
            chunks = sum(r.chunks for r in results if r.status in ("added", "updated"))
            console.print(f"Collection « {collection} » : {summary or 'aucun fichier'} ; {chunks} passages indexés.")
            shown = p.store.get_collection(collection)
            if shown is not None and shown.visibility == "private":
                console.print(f"Collection privée (administrateurs seulement) : ouvrez-la avec « sudia collections"
                              f" access {collection} --visibility … »", highlight=False)
        if counts["error"]:
            raise typer.Exit(1)


def _terminate(signum, frame) -> None:
    raise SystemExit(128 + signum)


class _IngestJournal:
    """Writes the files of an ingestion to the audit log by batches, as they are committed."""

    def __init__(self, p, who, collection: str) -> None:
        from sudia.store.base import now_iso

        self.p, self.who, self.collection = p, who, collection
        self.pending: list = []
        self.since = time.monotonic()
        self.started = now_iso()
        self.reported: set[str] = set()

    def add(self, result) -> None:
        self.pending.append(result)
        if len(self.pending) >= AUDIT_EVERY_FILES or time.monotonic() - self.since >= AUDIT_EVERY_S:
            self.flush(outcome="ok")

    def flush(self, outcome: str) -> None:
        done, self.pending, self.since = self.pending, [], time.monotonic()
        documents = [r.document_id for r in done if r.status in ("added", "updated")]
        files = [r.source for r in done]
        if outcome == "interrupted":
            # Stopped between a commit and its report: the store knows what this run wrote.
            for document in self.p.store.list_documents(self.collection):
                if document.ingested_at >= self.started and document.id not in self.reported | set(documents):
                    documents.append(document.id)
                    files.append(document.source)
        if not files:
            return
        self.reported.update(documents)
        counts = {s: n for s in _STATUS if (n := sum(1 for r in done if r.status == s))}
        self.p.trust.audit.record_admin(
            self.who.actor, "document.ingest", self.collection, collections=[self.collection], entry_point="cli",
            outcome=outcome, details={"operator": self.who.operator, "counts": counts, "files": files,
                                      "documents": documents})


@collections_app.command("create")
def create_collection(
    name: str = typer.Argument(..., help="Collection"),
    visibility: str = typer.Option("private", "--visibility", help=_VISIBILITY_HELP),
    group: list[str] = typer.Option([], "--group", "-g", help="Groupe lecteur d'une collection restreinte (répétable)"),
    description: str = typer.Option("", "--description", help="Description affichée"),
) -> None:
    """Créer une collection vide avec ses droits, avant d'y ingérer des documents."""
    with platform() as p:
        created = create(p, caller(p, None), name, check_access(visibility, group), description)
        console.print(f"Collection « {name} » créée : {_rights(created.visibility, created.groups)}.", highlight=False)


@collections_app.command("list")
def list_collections(as_json: bool = typer.Option(False, "--json")) -> None:
    """Lister les collections avec leurs nombres de documents et de passages."""
    with platform() as p:
        rows = p.store.list_collections()
        stale = p.stale_index()
        if as_json:
            print_json([{**c.__dict__, "stale_documents": stale.get(c.name, 0)} for c in rows])
            return
        for c in rows:
            line = f"{c.name} : {c.documents} documents, {c.chunks} passages ({_rights(c.visibility, c.groups)})"
            if stale.get(c.name):
                line += (f" — {stale[c.name]} indexé(s) avec d'autres réglages (modèle, fenêtres, taille des passages) :"
                         f" relancez « sudia ingest » sur leurs fichiers")
            console.print(line, highlight=False)


@collections_app.command("delete")
def delete_collection(name: str, yes: bool = typer.Option(False, "--yes", help="Ne pas demander confirmation")) -> None:
    """Supprimer une collection, ses documents et les fichiers d'origine conservés."""
    from sudia.usecases.collections import collection_rules
    from sudia.usecases.uploads import Uploads

    with platform() as p:
        if p.store.get_collection(name) is None:
            raise SudiaError("SUDIA-C001", name=name)
        if not yes:
            typer.confirm(f"Supprimer la collection « {name} » ?", abort=True)
        # The kept originals, waiting uploads and display name go with the passages.
        uploads = Uploads(p.store, p.ingestor, p.settings, audit=p.trust.audit)
        collection_rules(p, uploads).delete(caller(p, None).actor, name, "cli")
        console.print(f"Collection « {name} » supprimée.")


@collections_app.command("flagged")
def flagged(
    names: list[str] = typer.Argument(None, help="Collections (toutes par défaut)"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Lister les passages qui tentent de donner des ordres à l'IA (à vérifier, ou à retirer)."""
    from sudia.safety.flagged import flagged_passages

    with platform() as p:
        chosen = caller(p, None).collections(p, list(names or []))
        found = list(flagged_passages(p.store, chosen))
        if as_json:
            print_json([f.to_dict() for f in found])
            return
        for f in found:
            page = f", p. {f.page}" if f.page else ""
            console.print(f"{f.collection} · {f.document}{page} · passage {f.chunk_id} : {', '.join(f.kinds)}"
                          f" — « {' / '.join(e[:80] for e in f.excerpts)} »", highlight=False, markup=False)
        console.print(f"{len(found)} passage{'s' if len(found) > 1 else ''} suspect{'s' if len(found) > 1 else ''}"
                      f" dans {len(chosen)} collection{'s' if len(chosen) > 1 else ''}.", highlight=False)


@collections_app.command("access")
def collection_access(
    name: str = typer.Argument(..., help="Collection"),
    visibility: str = typer.Option(..., "--visibility", help=_VISIBILITY_HELP),
    group: list[str] = typer.Option([], "--group", "-g", help="Groupe lecteur d'une collection restreinte (répétable)"),
) -> None:
    """Choisir qui peut consulter une collection (le changement est écrit au journal d'audit)."""
    from sudia.usecases.collections import collection_rules

    with platform() as p:
        changed = collection_rules(p).set_access(caller(p, None).actor, name, check_access(visibility, group),
                                                 entry_point="cli")
        _warn(changed.warnings)
        shown = changed.collection
        console.print(f"Collection « {name} » : {_rights(shown.visibility, shown.groups)}.", highlight=False)


@collections_app.command("title")
def collection_title(
    name: str = typer.Argument(..., help="Collection"),
    title: str = typer.Argument("", help="Nom affiché (vide : le nom de la collection, rendu lisible)"),
) -> None:
    """Choisir le nom affiché d'une collection (« Aides aux jeunes » pour aides-jeunes), écrit au journal d'audit."""
    from sudia.usecases.collections import collection_rules

    with platform() as p:
        collection_rules(p).rename(caller(p, None).actor, name, title, entry_point="cli")
        console.print(f"Collection « {name} » : nom affiché « {title or name} ».", highlight=False)


def _rights(visibility: str, groups: tuple[str, ...]) -> str:
    return visibility + (f" ({', '.join(groups)})" if groups else "")
