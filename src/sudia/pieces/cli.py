"""`sudia pieces …` and `sudia eval pieces`: thin commands over the library (progress on stderr,
JSON on stdout with --json)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import typer

from sudia.cli.common import console, fail, platform, print_json
from sudia.errors import SudiaError

app = typer.Typer(help="Contrôle des pièces justificatives (lecture, type, contrôles ; l'instructeur décide).",
                  no_args_is_help=True)
certificates_app = typer.Typer(help="Certificats des autorités 2D-Doc (vérification des signatures).", no_args_is_help=True)
app.add_typer(certificates_app, name="certificates")
err = __import__("rich.console", fromlist=["Console"]).Console(stderr=True)


def _settings():
    from sudia.pieces.settings import PiecesSettings
    from sudia.settings import Settings

    return Settings(), PiecesSettings()


def _applicant(path: Path | None):
    from sudia.pieces.types import Applicant

    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("un objet JSON est attendu")
        return Applicant.from_dict(data)
    except (OSError, ValueError, TypeError) as exc:
        raise SudiaError("SUDIA-P003", path=str(path), detail=str(exc)) from exc


@app.command("check")
def check(
    files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, help="Pièces (PDF, JPEG, PNG, HEIC)"),
    procedure: str = typer.Option("", "--procedure", help="Procédure (ex. aide-permis) ; vide : contrôles génériques"),
    applicant: Path | None = typer.Option(None, "--applicant", exists=True, dir_okay=False,
                                          help="Identité et adresse déclarées (JSON : surname, given_names, birth_date, address, postcode, city…)"),
    today: str = typer.Option("", "--date", help="Date de référence AAAA-MM-JJ (par défaut aujourd'hui)"),
    as_json: bool = typer.Option(False, "--json", help="Résultat en JSON sur la sortie standard"),
) -> None:
    """Lire et contrôler des pièces, sans rien enregistrer : type, champs lus, contrôles avec leurs raisons."""
    from sudia.pieces.service import PieceDesk

    try:
        settings, pieces = _settings()
        desk = PieceDesk(None, pieces, settings.data_dir)
        chosen = desk.procedure(procedure) if procedure else None
        reference = date.fromisoformat(today) if today else date.today()
        data = [(f.name, f.read_bytes()) for f in files]
        reports, dossier_checks = desk.check_files(
            data, chosen, _applicant(applicant), reference,
            progress=lambda i, n, name: err.print(f"[{i}/{n}] {name}", highlight=False))
    except SudiaError as exc:
        fail(exc)
    except ValueError as exc:
        fail(SudiaError("SUDIA-R002", detail=str(exc)))
    out = {"procedure": procedure, "date": reference.isoformat(), "pieces": [r.to_dict() for r in reports],
           "dossier_checks": [c.__dict__ | {"zone": None} for c in dossier_checks]}
    if as_json:
        print_json(out)
        return
    labels = {"conforme": "[green]conforme[/]", "non_conforme": "[red]non conforme[/]", "a_verifier": "[yellow]à vérifier[/]"}
    for r in reports:
        console.print(f"[bold]{r.findings.file_name}[/] : {r.to_dict()['type_label']} — {labels[r.status]}")
        for c in r.checks:
            console.print(f"  {labels[c.outcome]} {c.label} : {c.reason}", highlight=False)
    for c in dossier_checks:
        console.print(f"{labels[c.outcome]} {c.label} : {c.reason}", highlight=False)


@app.command("procedures")
def list_procedures(as_json: bool = typer.Option(False, "--json")) -> None:
    """Procédures connues et pièces demandées."""
    from sudia.pieces.procedures import available

    _, pieces = _settings()
    found = available(pieces.procedures_dir)
    if as_json:
        print_json({name: {"title": p.title, "instructors": p.instructors,
                           "pieces": [r.__dict__ | {"types": list(r.types)} for r in p.pieces]} for name, p in found.items()})
        return
    for p in found.values():
        console.print(f"[bold]{p.name}[/] — {p.title} (groupe {p.instructors})")
        for r in p.pieces:
            console.print(f"  - {r.label}{'' if r.required else ' (facultative)'}")


@app.command("generate")
def generate(
    out: Path = typer.Argument(..., file_okay=False, help="Dossier de sortie (pièces et labels.jsonl)"),
    clean: int = typer.Option(10, help="Pièces propres par type"),
    degraded: int = typer.Option(10, help="Pièces dégradées par type"),
    tampered: int = typer.Option(6, help="Pièces falsifiées par type"),
    seed: int = typer.Option(2026),
) -> None:
    """Générer des pièces factices (propres, dégradées, falsifiées) et leurs étiquettes."""
    from sudia.pieces.fakes.build import Plan
    from sudia.pieces.fakes.build import generate as build

    try:
        labels = build(out, Plan(clean, degraded, tampered), seed,
                       progress=lambda i, n: err.print(f"\r{i}/{n}", end="", highlight=False))
    except SudiaError as exc:
        fail(exc)
    err.print()
    console.print(f"Étiquettes : {labels}")


@certificates_app.command("list")
def certificates_list(as_json: bool = typer.Option(False, "--json")) -> None:
    """Certificats 2D-Doc installés, avec leur source."""
    from sudia.pieces.twoddoc.certificates import PACKAGED, CertificateStore

    settings, pieces = _settings()
    found = CertificateStore([PACKAGED, *pieces.certificate_dirs(settings.data_dir)]).all()
    rows = [{"ca": c.ca_id, "cert": c.cert_id, "file": str(c.file), "source": c.source, "added": c.added} for c in found]
    if as_json:
        print_json(rows)
    elif not rows:
        console.print("Aucun certificat : les signatures 2D-Doc resteront « à vérifier ».")
    for r in rows if not as_json else []:
        console.print(f"{r['ca']}/{r['cert']} — {r['source']} (ajouté le {r['added']})", highlight=False)


@certificates_app.command("add")
def certificates_add(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="Certificat X.509 (PEM ou DER)"),
    ca: str = typer.Option(..., "--ca", help="Identifiant de l'autorité dans l'en-tête 2D-Doc (ex. FR03)"),
    cert: str = typer.Option(..., "--cert", help="Identifiant du certificat dans l'en-tête 2D-Doc"),
    source: str = typer.Option(..., "--source", help="D'où vient le certificat (adresse de publication)"),
) -> None:
    """Ajouter un certificat d'autorité 2D-Doc (inscrit au journal d'audit)."""
    from sudia.cli.users import operator
    from sudia.pieces.twoddoc.certificates import add_certificate

    with platform() as p:
        _, pieces = _settings()
        directory = pieces.certificate_dirs(p.settings.data_dir)[-1]
        added = add_certificate(directory, file, ca, cert, source)
        p.trust.audit.record_admin(f"cli:{operator()}", "pieces.certificate.add", f"{added.ca_id}/{added.cert_id}",
                                   entry_point="cli", details={"source": added.source})
        console.print(f"Certificat {added.ca_id}/{added.cert_id} ajouté ({added.file}).")


@app.command("purge")
def purge() -> None:
    """Supprimer les dossiers plus anciens que la durée de conservation (SUDIA_PIECES_RETENTION_DAYS)."""
    from sudia.cli.users import operator

    with platform() as p:
        desk = desk_for(p)
        dossiers, files = desk.purge(actor=f"cli:{operator()}", entry_point="cli")
        console.print(f"{dossiers} dossier(s) et {files} pièce(s) supprimés.")


def desk_for(p):
    from sudia.pieces.service import PieceDesk
    from sudia.pieces.settings import PiecesSettings
    from sudia.pieces.store import PiecesStore

    return PieceDesk(PiecesStore(p.database), PiecesSettings(), p.settings.data_dir, p.trust.audit)


def eval_pieces_command(
    documents: Path = typer.Option(..., "--documents", exists=True, file_okay=False, help="Dossier des pièces"),
    labels: Path = typer.Option(..., "--labels", exists=True, dir_okay=False, help="Étiquettes (JSONL)"),
    split: str = typer.Option("all", "--split", help="dev, heldout ou all"),
    test_certificate: bool = typer.Option(True, "--test-certificate/--no-test-certificate",
                                          help="Faire confiance au certificat de test du générateur"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Type, champs (MRZ, IBAN, dates, noms), contrôles contre les étiquettes, temps par page."""
    from sudia.pieces.evaluation import evaluate, read_labels
    from sudia.pieces.fakes.twoddoc_writer import TEST_KEYS

    try:
        chosen = [label for label in read_labels(labels) if split == "all" or label.split == split]
        result = evaluate(documents, chosen, [TEST_KEYS] if test_certificate else [],
                          progress=lambda i, n, name: err.print(f"\r{i}/{n} {name[:40]:40}", end="", highlight=False))
    except SudiaError as exc:
        fail(exc)
    err.print()
    result["split"] = split
    if as_json:
        print_json(result)
        return
    for key, value in result.items():
        if key not in ("valid_marked_non_conforme", "confusion"):
            console.print(f"{key} : {value}", highlight=False)
    sys.stdout.flush()
