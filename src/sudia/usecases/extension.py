"""The assistant (« Allo Région ») as a declared use case (sudia.extensions), like the observatoire.

Declared in pyproject.toml under the entry points `sudia.usecases`: the web app and the CLI name
it nowhere. What it serves: the assistant's pages and posted forms, its conversations API (NDJSON
stream, history, feedback), the feedback page for administrators, the conversations' versioned
tables and the rights it checks. The assistant itself (retrieval, relevance gate, answers) and
its conversations (`Chat`) are built by the platform, which the other use cases share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sudia.extensions import NavEntry, Permission, UseCase

if TYPE_CHECKING:
    from fastapi import APIRouter

    from sudia.migrations import Migration
    from sudia.platform import Platform
    from sudia.settings import Settings


class Assistant(UseCase):
    name = "assistant"
    title = "Assistant « Allo Région » : réponses sourcées"

    def routers(self, platform: Platform) -> list[APIRouter]:
        # Interface code of the assistant, kept in sudia.web with the pages it shares templates with.
        from sudia.web import assistant_pages, conversations_api, feedback_pages

        return [assistant_pages.router, conversations_api.router, feedback_pages.router, feedback_pages.api_router]

    def admin_sections(self, settings: Settings) -> list[NavEntry]:
        return [NavEntry("Avis sur les réponses", "/admin/avis", admin=True)]

    def permissions(self) -> list[Permission]:
        return [Permission("assistant.poser", "Poser une question à l'assistant",
                           "Toute personne qui lit au moins une collection ; jeton d'API : portée « ask »"),
                Permission("assistant.historique", "Rouvrir, renommer, supprimer ses conversations",
                           "Son auteur seulement"),
                Permission("assistant.avis", "Lire et exporter les avis sur les réponses",
                           "Administrateurs, pour les collections qu'ils peuvent lire")]

    def migrations(self) -> list[Migration]:
        from sudia.conversations.sql import MIGRATIONS

        return MIGRATIONS
