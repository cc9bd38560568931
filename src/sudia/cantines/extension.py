"""The canteens use case, declared to the platform (sudia.extensions): pages, API, CLI, tables, rights.

Declared in pyproject.toml under the entry points `sudia.usecases`, like the observatoire.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sudia.cantines.settings import CantinesSettings
from sudia.extensions import AuditAction, Command, NavEntry, Permission, UseCase

if TYPE_CHECKING:
    from fastapi import APIRouter

    from sudia.migrations import Migration
    from sudia.platform import Platform
    from sudia.register import RegisterEntry
    from sudia.settings import Settings
    from sudia.types import Collection

WEB = Path(__file__).parent / "web"


def _date(value: object) -> str:
    if not isinstance(value, date):
        return "—" if value is None else str(value)
    days = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
    from sudia.cantines.reports import MONTHS

    return f"{days[value.weekday()]} {value.day} {MONTHS[value.month - 1]} {value.year}"


def _number(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")
    return f"{int(value):,}".replace(",", "\u202f")  # type: ignore[call-overload]


class Cantines(UseCase):
    name = "cantines"
    title = "Cantines : prévision des repas et suivi du gaspillage"

    settings_model = CantinesSettings

    def routers(self, platform: Platform) -> list[APIRouter]:
        from sudia.cantines.web import admin, api, pages

        return [admin.router, api.router, pages.router]

    def templates_dir(self) -> Path:
        return WEB / "templates"

    def static_dir(self) -> Path:
        return WEB / "static"

    def template_filters(self) -> dict[str, Any]:
        return {"cant_date": _date, "cant_n": _number}

    def json_paths(self) -> tuple[str, ...]:
        return ("/cantines/api",)

    def navigation(self, settings: Settings) -> list[NavEntry]:
        return [NavEntry("Cantines", "/cantines")]

    def commands(self) -> list[Command]:
        from sudia.cantines.cli import app

        return [Command("cantines", app, "Cantines des lycées : prévisions de repas et suivi du gaspillage.")]

    def permissions(self) -> list[Permission]:
        return [Permission("cantines.chef", "Voir et saisir les services de son lycée",
                           "Membres du groupe « cantine-<lycée> » (SUDIA_CANTINES_CHEF_PREFIX)"),
                Permission("cantines.region", "Voir toutes les cantines, importer, modifier le calendrier, réentraîner",
                           "Administrateurs et membres du groupe SUDIA_CANTINES_REGION_GROUP")]

    def audit_actions(self) -> dict[str, AuditAction]:
        return {
            "cantines.import.services": AuditAction("Import des repas servis (cantines)",
                                                    "a importé des repas servis ({target})"),
            "cantines.import.canteens": AuditAction("Import des cantines (cantines)",
                                                    "a importé la liste des cantines ({target})"),
            "cantines.import.menus": AuditAction("Import des menus (cantines)", "a importé des menus ({target})"),
            "cantines.import.waste": AuditAction("Import des pesées (cantines)",
                                                 "a importé des pesées de gaspillage ({target})"),
            "cantines.import.calendar": AuditAction("Import du calendrier (cantines)",
                                                    "a importé des dates du calendrier ({target})"),
            "cantines.service.edit": AuditAction("Saisie d'un service (cantines)",
                                                 "a saisi un service de cantine ({target})"),
            "cantines.calendar.add": AuditAction("Ajout au calendrier (cantines)",
                                                 "a complété le calendrier des cantines ({target})"),
            "cantines.calendar.remove": AuditAction("Retrait du calendrier (cantines)",
                                                    "a retiré une date du calendrier des cantines ({target})"),
            "cantines.model.train": AuditAction("Entraînement des prévisions (cantines)",
                                                "a entraîné les prévisions des cantines ({target})"),
        }

    def register_entries(self, settings: Settings, collections: list[Collection]) -> list[RegisterEntry]:
        from sudia.register import RegisterEntry

        return [RegisterEntry(
            id="cantines", titre=self.title,
            finalite="Prévoir le nombre de repas de chaque cantine de lycée et recommander la quantité à préparer, "
                     "pour réduire le gaspillage alimentaire sans laisser d'élève sans repas.",
            modeles=("Gradient boosting LightGBM (erreur absolue), réentraîné chaque semaine ou à la demande",),
            donnees="Nombres de repas prévus, préparés et servis, menus, pesées du gaspillage, calendrier scolaire ; "
                    "aucune donnée personnelle d'élève.",
            controle_humain="Le chef décide de la quantité préparée ; la prévision, son intervalle et la recommandation "
                            "sont affichés avec leur source ; chaque saisie est inscrite au journal d'audit.",
            utilisateurs="Chefs de cuisine des lycées pilotes (leur lycée) et équipe régionale (tous)",
            acces="Pages « Cantines », API /cantines/api, commande « sudia cantines »",
            contact=settings.transparency_contact)]

    def migrations(self) -> list[Migration]:
        from sudia.cantines.storage.schema import migrations

        return migrations()

    def startup(self, platform: Platform) -> None:
        from sudia.cantines.scheduler import start

        start(platform, CantinesSettings())
