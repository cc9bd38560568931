"""The public-sector pages linked from every footer: accessibility declaration, legal notice,
personal data, site map. Their facts come from the code and the settings (retention periods,
what the audit log keeps, whether a language model receives questions), so they stay true.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from sudia.accessibility import (
    CHECKED_ON, NON_CONFORMITIES, NOTES, RGAA_VERSION, SAMPLE, assessment,
)
from sudia.web.auth import ADMIN_SECTIONS, current_principal
from sudia.web.templating import templates

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

QUESTIONS_KEPT = {"full": "en entier", "hash": "sous forme d'empreinte (la question elle-même n'est pas gardée)",
                  "none": "pas du tout"}


def _settings(request: Request):
    return request.app.state.platform.settings


def _days(days: int) -> str:
    return "sans limite de durée" if days <= 0 else f"{days} jours"


@router.get("/accessibilite", name="accessibilite")
def accessibility_page(request: Request) -> Response:
    settings = _settings(request)
    return templates.TemplateResponse(request, "accessibilite.html", {
        "evaluation": assessment(), "date": CHECKED_ON, "version_rgaa": RGAA_VERSION, "echantillon": SAMPLE,
        "non_conformites": NON_CONFORMITIES, "notes": NOTES, "organisation": settings.transparency_organisation,
        "contact": settings.transparency_contact,
    })


@router.get("/mentions-legales", name="mentions_legales")
def legal_page(request: Request) -> Response:
    settings = _settings(request)
    return templates.TemplateResponse(request, "mentions_legales.html", {
        "organisation": settings.transparency_organisation, "contact": settings.transparency_contact,
        "llm": urlsplit(settings.llm_url).hostname if settings.llm_configured else "",
        "demo": settings.demo,
    })


@router.get("/donnees-personnelles", name="donnees_personnelles")
def personal_data_page(request: Request) -> Response:
    s = _settings(request)
    return templates.TemplateResponse(request, "donnees_personnelles.html", {
        "organisation": s.transparency_organisation, "contact": s.transparency_contact,
        "questions_audit": QUESTIONS_KEPT[s.audit_questions], "audit_duree": _days(s.audit_retention_days),
        "historique_duree": _days(s.conversation_retention_days), "avis_duree": _days(s.feedback_retention_days),
        "session_jours": s.session_days, "anonymes": s.allow_anonymous,
        "llm": urlsplit(s.llm_url).hostname if s.llm_configured else "", "masquage": s.redact_pii,
    })


@router.get("/plan-du-site", name="plan_du_site")
def site_map_page(request: Request) -> Response:
    principal = current_principal(request)
    admin = principal.is_admin and principal.allows("admin")
    return templates.TemplateResponse(request, "plan_du_site.html", {
        "sections_admin": ADMIN_SECTIONS if admin else [], "connecte": principal.authenticated,
    })
