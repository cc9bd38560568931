"""Feedback on the assistant's answers, for administrators: a page, a CSV export and a JSON listing.

An administrator sees only feedback whose every collection they may read (administrators do not
read restricted collections implicitly, see `sudia.access`), and each export is audited.
"""

from __future__ import annotations

import io
from dataclasses import asdict

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from sudia.conversations.base import Feedback
from sudia.conversations.export import RATINGS, write_feedback_csv
from sudia.web.auth import get_trust
from sudia.web.conversation_views import get_chat, readable_names
from sudia.web.deps import AdminUser
from sudia.web.templating import templates

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
api_router = APIRouter(tags=["conversations"])
PAGE = 200
FILTERS = {"": None, "utile": 1, "pas-utile": -1}


def _listed(request: Request, note: str) -> list[Feedback]:
    wanted = FILTERS.get(note)
    found = get_chat(request).feedback(readable_names(request))
    return [f for f in found if wanted is None or f.rating == wanted]


@router.get("/admin/avis")
def feedback_page(request: Request, principal: AdminUser, note: str = "") -> Response:
    found = _listed(request, note if note in FILTERS else "")
    everything = get_chat(request).feedback(readable_names(request))
    useful = sum(1 for f in everything if f.rating == 1)
    return templates.TemplateResponse(request, "admin_avis.html", {
        "avis": found[:PAGE], "total": len(found), "page": PAGE, "note": note, "notes": RATINGS,
        "utiles": useful, "pas_utiles": len(everything) - useful,
        "retention": get_chat(request).options.feedback_retention_days,
    }, headers={"Cache-Control": "no-store"})


@router.get("/admin/avis.csv")
def feedback_csv(request: Request, principal: AdminUser, note: str = "") -> Response:
    found = _listed(request, note if note in FILTERS else "")
    get_trust(request).audit.record_admin(principal.actor, "feedback.export", "avis.csv", entry_point="web",
                                          details={"rows": len(found), **({"note": note} if note else {})})
    buffer = io.StringIO()
    write_feedback_csv(found, buffer)
    data = "\ufeff" + buffer.getvalue()  # a byte-order mark: spreadsheets then read the accents right
    return Response(data.encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="avis-reponses.csv"',
                             "Cache-Control": "no-store"})


@api_router.get("/api/feedback", summary="Avis des agents sur les réponses (administrateurs)")
def feedback_api(request: Request, principal: AdminUser, limit: int = Query(500, ge=1, le=10000)) -> list[dict]:
    """Les avis les plus récents d'abord, avec la question, la réponse, les collections et les citations."""
    return [asdict(f) | {"collections": list(f.collections)} for f in get_chat(request).feedback(
        readable_names(request), limit)]
