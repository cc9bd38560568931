"""The review page: contradictions between sources and proposed merges; administrators accept,
dismiss or merge, each decision signed, kept across re-ingestions and written to the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sudia.access import require_manage
from sudia.errors import SudiaError
from sudia.observatoire.observatory import Observatory
from sudia.observatoire.review import review_items
from sudia.observatoire.web.knowledge import knowledge_base
from sudia.observatoire.web.labels import slug
from sudia.web.auth import check_csrf, get_principal, get_trust

router = APIRouter(prefix="/observatoire", include_in_schema=False, default_response_class=HTMLResponse)
DECISION_LABELS = {"accept": "Contradiction confirmée", "dismiss": "Écartée", "merge": "Fusionnés"}


def _page(request: Request, error: SudiaError | None = None, status: int = 200) -> Response:
    from sudia.observatoire.web.pages import render  # the pages' layout (sub-navigation, demo status)

    with knowledge_base(request) as kb:
        state, reviews = kb.load(), kb.reviews()
    items = review_items(state, reviews)
    return render(request, "obs_revue.html", {
        "items": items, "pending": [i for i in items if i.pending], "done": list(reversed(reviews)),
        "labels": DECISION_LABELS, "error": error, "saved": request.query_params.get("fait") == "1",
        "total": len(state.actors), "slug": slug}, status=status)


@router.get("/revue", name="observatoire-revue")
def review_page(request: Request) -> Response:
    return _page(request)


@router.post("/revue", name="observatoire-revue-decision")
def review_decision(request: Request, cle: Annotated[str, Form()] = "", decision: Annotated[str, Form()] = "",
                    csrf: Annotated[str, Form()] = "") -> Response:
    principal = get_principal(request)
    require_manage(principal, "observatoire.revue")
    check_csrf(request, csrf)
    with knowledge_base(request) as kb:
        try:
            review = Observatory(kb).review(principal.email, cle, decision)  # no extractor: never loads spaCy
        except SudiaError as exc:
            error = exc
        else:
            error = None
    if error is not None:
        return _page(request, error, status=400)
    get_trust(request).audit.record_admin(principal.actor, "observatoire.revue", review.key, entry_point="web",
                                          details={"kind": review.kind, "decision": review.decision,
                                                   "actors": review.detail})
    return RedirectResponse("/observatoire/revue?fait=1", status_code=303)
