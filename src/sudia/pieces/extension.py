"""Contrôle des pièces justificatives as a declared use case (sudia.extensions)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sudia.extensions import AuditAction, Command, NavEntry, Permission, UseCase
from sudia.pieces.settings import PiecesSettings

if TYPE_CHECKING:
    from fastapi import APIRouter

    from sudia.migrations import Migration
    from sudia.platform import Platform
    from sudia.register import RegisterEntry
    from sudia.settings import Settings
    from sudia.types import Collection

WEB = Path(__file__).parent / "web"


class Pieces(UseCase):
    name = "pieces"
    title = "Contrôle des pièces justificatives"
    settings_model = PiecesSettings

    def routers(self, platform: Platform) -> list[APIRouter]:
        from sudia.pieces.web.routes import router

        return [router]

    def templates_dir(self) -> Path:
        return WEB / "templates"

    def static_dir(self) -> Path:
        return WEB / "static"

    def json_paths(self) -> tuple[str, ...]:
        return ("/pieces/api",)

    def navigation(self, settings: Settings) -> list[NavEntry]:
        from sudia.pieces.procedures import available

        groups = tuple(sorted({p.instructors for p in available(PiecesSettings().procedures_dir).values()}))
        return [NavEntry("Pièces", "/pieces", groups=groups)]

    def commands(self) -> list[Command]:
        from sudia.pieces.cli import app, eval_pieces_command

        return [Command("pieces", app, "Contrôle des pièces justificatives."),
                Command("pieces", eval_pieces_command, eval=True)]

    def permissions(self) -> list[Permission]:
        return [Permission("pieces.instruire", "Instruire les dossiers d'une procédure",
                           "Membres du groupe d'instructeurs de la procédure (fichier de procédure, clé « instructors »)"),
                Permission("pieces.certificats", "Ajouter un certificat 2D-Doc", "Opérateur (ligne de commande)")]

    def audit_actions(self) -> dict[str, AuditAction]:
        return {
            "pieces.analyse": AuditAction("Analyse d'un dossier (pièces)", "a fait analyser le dossier {target}"),
            "pieces.decision": AuditAction("Décision sur un dossier (pièces)", "a décidé du dossier {target}"),
            "pieces.purge": AuditAction("Purge des dossiers (pièces)", "a supprimé les dossiers anciens ({target})"),
            "pieces.certificate.add": AuditAction("Ajout d'un certificat 2D-Doc",
                                                  "a ajouté le certificat 2D-Doc {target}"),
        }

    def register_entries(self, settings: Settings, collections: list[Collection]) -> list[RegisterEntry]:
        from sudia.register import RegisterEntry

        days = PiecesSettings().retention_days
        return [RegisterEntry(
            id="pieces", titre=self.title,
            finalite="Aider les instructeurs des aides régionales à vérifier les pièces jointes aux demandes : type de "
                     "document, lisibilité, validité, cohérence avec l'identité déclarée, signatures 2D-Doc.",
            modeles=("Tesseract (OCR, français)", "Règles explicites (MRZ, IBAN, SIREN, 2D-Doc) ; aucun modèle appris"),
            donnees="Pièces justificatives déposées (identité, domicile, revenus, coordonnées bancaires), conservées "
                    f"{days} jours" if days else "Pièces justificatives déposées",
            controle_humain="Aucun refus automatique : chaque contrôle est « conforme », « non conforme » ou « à vérifier » "
                            "avec sa raison, l'instructeur décide ; décisions au journal d'audit.",
            utilisateurs="Instructeurs de chaque procédure (groupe dédié)", acces="Pages « Pièces »",
            contact=settings.transparency_contact)]

    def migrations(self) -> list[Migration]:
        from sudia.pieces.store import MIGRATIONS

        return list(MIGRATIONS)

    def startup(self, platform: Platform) -> None:
        from sudia.pieces.retention import start_retention

        start_retention(platform)
