"""The observatory's web pages and API, served by the web app as declared in `observatoire.extension`.

They reuse the main app's layout (`base.html`), navigation and French formats, and read the
knowledge base stored in the same database as the main store.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from sudia.observatoire.web import api, labels, pages, review_page

HERE = Path(__file__).parent
STATIC_URL = "/observatoire/static"

router = APIRouter()
router.include_router(pages.router)
router.include_router(api.router)
router.include_router(review_page.router)

FILTERS = {
    "obs_valeur": labels.fact_value, "obs_date": labels.fact_date, "obs_type": labels.kind_label,
    "obs_couleur": labels.kind_colour, "obs_departement": labels.department_label, "obs_nombre": labels.number,
    "obs_slug": labels.slug, "obs_fait": labels.fact_label, "obs_unite": labels.unit_label,
    "obs_portee": labels.scope_label,
}
