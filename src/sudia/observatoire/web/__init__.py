"""The observatory's web pages and API, plugged into the Sud IA app by `install(app, platform)`.

They reuse the main app's layout (`base.html`), navigation and French formats, and read the
knowledge base stored in the same database as the main store.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from sudia.observatoire.web import api, labels, pages, review_page
from sudia.platform import Platform
from sudia.web.auth import reader
from sudia.web.templating import add_nav_item, add_template_dir, env

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


def install(app: FastAPI, platform: Platform) -> None:
    """Adds the pages, their templates, static files and nav entry; builds the demo observatory if asked."""
    add_template_dir(HERE / "templates")
    env.filters.update(FILTERS)
    env.globals["obs_fields"] = labels.FIELD_LABELS
    add_nav_item("Observatoire", "/observatoire")
    app.mount(STATIC_URL, StaticFiles(directory=HERE / "static"), name="observatoire-static")
    # Reading the observatory (public data from press releases) needs what reading documents needs:
    # an account, or an instance open to anonymous visitors. Corrections need administration rights.
    app.include_router(router, dependencies=[Depends(reader)])
    if platform.settings.demo:
        from sudia.observatoire.web.startup import ensure_demo_observatory

        ensure_demo_observatory(platform.settings)
