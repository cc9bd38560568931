"""The observatory's French pages: map, directory, actor page (with corrections), dashboard.

Every page works without JavaScript: filters are GET forms (so a filtered view is a link), the map
and the charts are SVG drawn on the server, corrections are a plain POST followed by a redirect.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from sudia.access import require_manage
from sudia.errors import SudiaError
from sudia.observatoire.demo import demo_documents
from sudia.observatoire.types import ACTOR_KINDS
from sudia.observatoire.web.actor_view import ActorView, actor_view, passage_links, source_links
from sudia.observatoire.web.corrections import ACTOR_FORM_FIELDS, FACT_FORM_FIELDS, CorrectionForm, apply_correction
from sudia.observatoire.web.dashboard_view import dashboard_view
from sudia.observatoire.web.directory import COLUMNS, Filters, choices, fact_counts, sort_actors
from sudia.observatoire.web.knowledge import knowledge_base
from sudia.observatoire.web.labels import FIELD_LABELS, KIND_COLOURS, kind_colour, kind_label, slug
from sudia.observatoire.web.startup import observatory_demo_status
from sudia.observatoire.web.svgmap import region_map
from sudia.web.auth import check_csrf, get_principal, get_trust, readable
from sudia.web.templating import templates

router = APIRouter(prefix="/observatoire", include_in_schema=False, default_response_class=HTMLResponse)

SUBNAV = (("Carte", "/observatoire"), ("Annuaire", "/observatoire/annuaire"),
          ("Tableau de bord", "/observatoire/tableau-de-bord"), ("Revue", "/observatoire/revue"))
SOURCE_TYPES = {".txt": "text/plain; charset=utf-8", ".md": "text/plain; charset=utf-8",
                ".html": "text/html; charset=utf-8", ".pdf": "application/pdf",
                ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def render(request: Request, template: str, context: dict[str, object], status: int = 200) -> Response:
    base = {"subnav": [(label, path, request.url.path == path) for label, path in SUBNAV],
            "obs_demo": observatory_demo_status()}
    return templates.TemplateResponse(request, template, base | context, status_code=status)


def not_found(request: Request, error: SudiaError) -> Response:
    return render(request, "obs_erreur.html", {"titre": "Page introuvable", "erreur": error}, status=404)


@router.get("", name="observatoire")
def map_page(request: Request) -> Response:
    filters = Filters.from_request(request)
    with knowledge_base(request) as kb:
        state = kb.load()
    actors = filters.apply(state)
    carte = region_map(actors)
    kinds: dict[str, int] = {}
    for point in carte.points:
        kinds[point.kind] = kinds.get(point.kind, 0) + 1
    legend = [(k, kind_label(k), kind_colour(k), n)
              for k, n in sorted(kinds.items(), key=lambda kv: kind_label(kv[0]))]
    settings = request.app.state.settings
    return render(request, "obs_carte.html", {
        "filters": filters, "choices": choices(state), "actors": actors, "total": len(state.actors),
        "carte": carte, "legend": legend,
        "unlocated": [a for a in actors if a.lat is None or a.lon is None],
        "tile_url": settings.map_tile_url, "tile_attribution": settings.map_tile_attribution,
        "colours": KIND_COLOURS,
    })


@router.get("/annuaire", name="observatoire-annuaire")
def directory_page(request: Request, tri: str = "nom", ordre: str = "asc") -> Response:
    filters = Filters.from_request(request)
    column = tri if tri in COLUMNS else "nom"
    descending = ordre == "desc"
    with knowledge_base(request) as kb:
        state = kb.load()
    counts = fact_counts(state)
    actors = sort_actors(filters.apply(state), column, descending, counts)
    return render(request, "obs_annuaire.html", {
        "filters": filters, "choices": choices(state), "actors": actors, "total": len(state.actors),
        "counts": counts, "columns": COLUMNS, "tri": column, "descending": descending,
    })


@router.get("/tableau-de-bord", name="observatoire-tableau-de-bord")
def dashboard_page(request: Request) -> Response:
    with knowledge_base(request) as kb:
        state, ids = kb.load(), kb.fact_ids()
    return render(request, "obs_tableau.html", {"vue": dashboard_view(state, ids), "total": len(state.actors)})


def _actor_page(request: Request, view: ActorView, form: CorrectionForm | None = None,
                error: SudiaError | None = None) -> Response:
    platform = request.app.state.platform
    collections = [c.name for c in readable(request)]
    quotes = [(f.fact.source.document, f.fact.source.quote) for f in view.facts]
    quotes += [(s.document, s.quote) for s in view.actor.sources]
    return render(request, "obs_acteur.html", {
        "vue": view, "actor": view.actor,
        "links": source_links(platform.store, view.documents, collections),
        "passages": passage_links(platform.store, quotes, collections),
        "form": form, "error": error, "done": request.query_params.get("corrige") == "1",
        "actor_fields": ACTOR_FORM_FIELDS, "fact_fields": FACT_FORM_FIELDS, "field_labels": FIELD_LABELS,
        "kinds": [(k, kind_label(k)) for k in ACTOR_KINDS],
    }, status=400 if error else 200)


@router.get("/acteurs/{ref}", name="observatoire-acteur")
def actor_page(request: Request, ref: str) -> Response:
    with knowledge_base(request) as kb:
        view = actor_view(kb, ref)
    if view is None:
        return not_found(request, SudiaError("SUDIA-O002", name=ref))
    return _actor_page(request, view)


@router.post("/acteurs/{ref}/corrections", name="observatoire-correction")
def correct(request: Request, ref: str, cible: Annotated[str, Form()] = "", fait: Annotated[str, Form()] = "",
            champ: Annotated[str, Form()] = "", valeur: Annotated[str, Form()] = "",
            csrf: Annotated[str, Form()] = "") -> Response:
    """Administrators correct; the correction is signed with their address and written to the audit log."""
    principal = get_principal(request)
    require_manage(principal, "observatoire.correction")
    check_csrf(request, csrf)
    form = CorrectionForm(cible, fait, champ, valeur)
    with knowledge_base(request) as kb:
        view = actor_view(kb, ref)
        if view is None:
            return not_found(request, SudiaError("SUDIA-O002", name=ref))
        try:
            correction = apply_correction(kb, view, form, principal.email)
        except SudiaError as exc:
            return _actor_page(request, view, form, exc)
    get_trust(request).audit.record_admin(
        principal.actor, "observatoire.correction", view.actor.name, entry_point="web",
        details={"target": correction.target, "key": correction.key, "field": correction.field,
                 "before": correction.before, "after": correction.after})
    renamed = correction.target == "actor" and correction.field == "name"
    target = slug(correction.after) if renamed else view.slug
    return RedirectResponse(f"/observatoire/acteurs/{target}?corrige=1#journal", status_code=303)


@router.get("/sources/{name}", name="observatoire-source", response_model=None)
def source_file(request: Request, name: str) -> Response:
    """The packaged demo documents, so the quotes of the demo observatory can be checked."""
    path = next((p for p in demo_documents() if p.name == name), None)
    if path is None:
        return not_found(request, SudiaError("SUDIA-C003", id=name))
    return FileResponse(path, media_type=SOURCE_TYPES.get(path.suffix, "application/octet-stream"))
