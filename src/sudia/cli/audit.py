"""`sudia audit`: verify the hash chain, read and export the log, purge it after its retention."""

from __future__ import annotations

from pathlib import Path

import typer

from sudia.cli.common import console, fail, print_json
from sudia.cli.users import operator, trust
from sudia.errors import SudiaError

audit_app = typer.Typer(help="Journal d'audit : vérification, lecture, export CSV, purge.", no_args_is_help=True)

_ACTOR = typer.Option("", "--actor", help="Auteur (adresse e-mail, jeton ou partie de ceux-ci)")
_KIND = typer.Option("", "--kind", help="ai_request ou admin")
_COLLECTION = typer.Option("", "--collection", "-c", help="Collection concernée")
_SINCE = typer.Option("", "--since", help="Depuis cette date (AAAA-MM-JJ)")
_UNTIL = typer.Option("", "--until", help="Jusqu'à cette date incluse (AAAA-MM-JJ)")


def _query(actor: str, kind: str, collection: str, since: str, until: str):
    from sudia.audit.base import AuditQuery

    try:
        return AuditQuery(actor=actor, kind=kind, collection=collection, since=since, until=until)
    except SudiaError as exc:
        fail(exc)


@audit_app.command("verify")
def verify(
    anchor: str = typer.Option("", "--anchor", help="Tête notée auparavant, « NUMÉRO:EMPREINTE », pour détecter une troncature"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Vérifier la chaîne d'empreintes du journal ; code de sortie 1 si elle est rompue."""
    expected = None
    if anchor:
        seq, _, digest = anchor.partition(":")
        if not seq.isdigit() or len(digest) != 64:
            fail(SudiaError("SUDIA-U002", detail=f"référence « {anchor} » (NUMÉRO:EMPREINTE attendu)"))
        expected = (int(seq), digest)
    with trust() as t:
        result = t.audit.verify(expected)
        if result.ok:
            t.audit.anchor_now()  # the head just verified is noted, signed, outside the database
    if as_json:
        print_json(result.__dict__)
    elif result.ok:
        console.print(f"Journal intègre : {result.checked} entrées vérifiées (n° {result.first_seq} à {result.head_seq}).",
                      highlight=False)
        console.print(f"Tête à noter hors de la base : {result.head_seq}:{result.head_hash}", highlight=False)
    else:
        error = SudiaError("SUDIA-U001", seq=result.broken_seq, reason=result.reason)
        console.print(f"[bold red]Erreur[/] [{error.code}] {error.message}", highlight=False)
    if not result.ok:
        raise typer.Exit(1)


@audit_app.command("list")
def list_entries(
    actor: str = _ACTOR, kind: str = _KIND, collection: str = _COLLECTION, since: str = _SINCE, until: str = _UNTIL,
    limit: int = typer.Option(20, "--limit", "-n", help="Nombre d'entrées (les plus récentes)"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Afficher les entrées les plus récentes du journal."""
    query = _query(actor, kind, collection, since, until)
    with trust() as t:
        entries = t.audit.entries(query, limit=limit)
    if as_json:
        print_json([{**e.__dict__, "details": dict(e.details)} for e in entries])
        return
    for e in entries:
        what = e.action + (f" {e.target}" if e.target else "")
        where = f" [{', '.join(e.collections)}]" if e.collections else ""
        console.print(f"{e.seq} {e.at[:19]} {e.actor} {what}{where} → {e.outcome}", highlight=False, markup=False)


@audit_app.command("export")
def export(
    csv_path: Path = typer.Option(..., "--csv", help="Fichier CSV à écrire"),
    actor: str = _ACTOR, kind: str = _KIND, collection: str = _COLLECTION, since: str = _SINCE, until: str = _UNTIL,
) -> None:
    """Exporter le journal (filtré) en CSV, de la plus ancienne à la plus récente entrée."""
    from sudia.audit.export import export_csv

    query = _query(actor, kind, collection, since, until)
    with trust() as t:
        count = export_csv(t.audit.iter_entries(query), csv_path)
    console.print(f"{count} entrées exportées dans {csv_path}.", highlight=False)


@audit_app.command("purge")
def purge(days: int = typer.Option(None, "--days", help="Conservation en jours (par défaut SUDIA_AUDIT_RETENTION_DAYS)")) -> None:
    """Supprimer les entrées plus anciennes que la durée de conservation ; la chaîne reste vérifiable."""
    with trust() as t:
        retention = t.settings.audit_retention_days if days is None else days
        if retention <= 0:
            console.print("Conservation sans limite : rien à purger.")
            return
        result = t.audit.purge(retention, actor=operator(), entry_point="cli")
    if result is None:
        console.print(f"Aucune entrée de plus de {retention} jours.")
    else:
        console.print(f"{result.purged} entrées purgées (jusqu'au n° {result.through_seq}) ; "
                      f"point de contrôle n° {result.checkpoint.seq} ajouté.", highlight=False)
