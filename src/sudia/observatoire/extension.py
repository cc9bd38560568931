"""The observatoire as a declared use case (sudia.extensions): what it adds to the web app and CLI.

Declared in pyproject.toml under the entry points `sudia.usecases`, like any third-party use case.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sudia.extensions import AuditAction, Command, NavEntry, Permission, UseCase

if TYPE_CHECKING:
    from fastapi import APIRouter

    from sudia.migrations import Migration
    from sudia.platform import Platform
    from sudia.register import RegisterEntry
    from sudia.settings import Settings
    from sudia.types import Collection

WEB = Path(__file__).parent / "web"


class Observatoire(UseCase):
    name = "observatoire"
    title = "Observatoire de l'écosystème de l'IA"

    def routers(self, platform: Platform) -> list[APIRouter]:
        from fastapi import APIRouter, Depends

        from sudia.observatoire.web import router
        from sudia.web.auth import reader

        # Reading the observatory (public data from press releases) needs what reading documents
        # needs: an account, or an instance open to anonymous visitors. Corrections need admin rights.
        guarded = APIRouter(dependencies=[Depends(reader)])
        guarded.include_router(router)
        return [guarded]

    def templates_dir(self) -> Path:
        return WEB / "templates"

    def static_dir(self) -> Path:
        return WEB / "static"

    def template_filters(self) -> dict[str, Any]:
        from sudia.observatoire.web import FILTERS

        return FILTERS

    def template_globals(self) -> dict[str, Any]:
        from sudia.observatoire.web import labels

        return {"obs_fields": labels.FIELD_LABELS}

    def json_paths(self) -> tuple[str, ...]:
        return ("/observatoire/api", "/observatoire/export", "/observatoire/departements")

    def navigation(self, settings: Settings) -> list[NavEntry]:
        return [NavEntry("Observatoire", "/observatoire")]

    def commands(self) -> list[Command]:
        from sudia.observatoire.cli import app, eval_extraction_command

        return [Command("observatoire", app, "Observatoire de l'écosystème IA de la Région Sud."),
                Command("extraction", eval_extraction_command, eval=True)]

    def permissions(self) -> list[Permission]:
        return [Permission("observatoire.lire", "Consulter l'observatoire",
                           "Toute personne connectée, ou tout visiteur si l'accès anonyme est ouvert"),
                Permission("observatoire.corriger", "Corriger un acteur ou un fait", "Administrateurs"),
                Permission("observatoire.revue", "Trancher une contradiction ou fusionner deux acteurs", "Administrateurs")]

    def audit_actions(self) -> dict[str, AuditAction]:
        return {
            "observatoire.correction": AuditAction("Correction dans l'observatoire",
                                                   "a corrigé une fiche de l'observatoire : {target}"),
            "observatoire.revue": AuditAction("Revue dans l'observatoire", "a revu un élément de l'observatoire"),
        }

    def register_entries(self, settings: Settings, collections: list[Collection]) -> list[RegisterEntry]:
        from sudia.observatoire.nlp import MODELS  # names only: spaCy is not loaded
        from sudia.register import RegisterEntry

        # The pages need what reading documents needs (see `routers`): say who can really see them.
        audience = "Tout public (consultation)" if settings.allow_anonymous else "Personnes connectées (consultation)"
        return [RegisterEntry(
            id="observatoire", titre=self.title,
            finalite="Extraire des documents publics les acteurs de l'IA de la région et les faits qui les concernent.",
            modeles=tuple(f"{m} (spaCy, reconnaissance d'entités en français)" for m in MODELS)
            + ((f"{settings.llm_model} (extraction assistée, citations vérifiées mot pour mot)",)
               if settings.llm_configured else ()),
            donnees="Documents publics (communiqués, annuaires) ; noms d'organisations et de personnes citées.",
            controle_humain="Chaque fait renvoie à sa source ; les administrateurs corrigent les erreurs, "
                            "corrections inscrites au journal d'audit.",
            utilisateurs=audience, acces="Pages « Observatoire »", contact=settings.transparency_contact)]

    def migrations(self) -> list[Migration]:
        from sudia.observatoire.kb.sql import MIGRATIONS

        return MIGRATIONS

    def startup(self, platform: Platform) -> None:
        if platform.settings.demo:
            from sudia.observatoire.web.startup import ensure_demo_observatory

            ensure_demo_observatory(platform.settings)
