"""The observatory's JSON API and its exports (CSV, GeoJSON), with the same filters as the pages."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from sudia.errors import SudiaError
from sudia.observatoire.geography import department_outlines
from sudia.observatoire.queries import actors_csv, actors_geojson, dashboard, facts_csv
from sudia.observatoire.types import Actor
from sudia.observatoire.web.actor_view import actor_view
from sudia.observatoire.web.directory import Filters
from sudia.observatoire.web.knowledge import knowledge_base
from sudia.observatoire.web.labels import kind_label, slug

router = APIRouter(prefix="/observatoire", tags=["observatoire"])

FILTERS_DOC = ("Filtres facultatifs : `type` (company, startup, lab…), `secteur`, `departement` (04, 05, 06, "
               "13, 83, 84), `q` (texte libre, sans tenir compte des accents).")


def _actor(actor: Actor) -> dict[str, Any]:
    return actor.to_dict() | {"slug": slug(actor.name), "kind_label": kind_label(actor.kind),
                              "url": f"/observatoire/acteurs/{slug(actor.name)}"}


@router.get("/api/actors", summary="Acteurs de l'observatoire", description=FILTERS_DOC)
def api_actors(request: Request) -> dict[str, Any]:
    filters = Filters.from_request(request)
    with knowledge_base(request) as kb:
        actors = filters.apply(kb.load())
    return {"filters": filters.params(), "count": len(actors), "actors": [_actor(a) for a in actors]}


@router.get("/api/actors/{ref}", summary="Fiche d'un acteur (faits sourcés, personnes, corrections)")
def api_actor(request: Request, ref: str) -> Response:
    with knowledge_base(request) as kb:
        view = actor_view(kb, ref)
    if view is None:
        error = SudiaError("SUDIA-O002", name=ref)
        return JSONResponse({"error": error.to_dict()}, status_code=404)
    return JSONResponse({
        "actor": _actor(view.actor),
        "facts": [f.fact.to_dict() | {"id": f.id, "contradicted_by": f.other.to_dict() if f.other else None}
                  for f in view.facts],
        "people": [p.to_dict() for p in view.people],
        "contradictions": [c.to_dict() for c in view.contradictions],
        "corrections": [dataclasses.asdict(c) for c in view.corrections],
    })


@router.get("/api/dashboard", summary="Agrégats du tableau de bord")
def api_dashboard(request: Request) -> dict[str, Any]:
    with knowledge_base(request) as kb:
        board = dashboard(kb.load())
    data = dataclasses.asdict(board)
    data["datacentre_power"] = [{"actor": a, "mw": mw, "department": d} for a, mw, d in board.datacentre_power]
    return data


def _download(content: str, media_type: str, filename: str) -> Response:
    return Response(content.encode("utf-8"), media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/export.csv", summary="Export CSV des acteurs", description=FILTERS_DOC)
def export_csv(request: Request) -> Response:
    with knowledge_base(request) as kb:
        state = Filters.from_request(request).restrict(kb.load())
    return _download(actors_csv(state), "text/csv; charset=utf-8", "observatoire-acteurs.csv")


@router.get("/export-faits.csv", summary="Export CSV des faits sourcés", description=FILTERS_DOC)
def export_facts_csv(request: Request) -> Response:
    with knowledge_base(request) as kb:
        state = Filters.from_request(request).restrict(kb.load())
    return _download(facts_csv(state), "text/csv; charset=utf-8", "observatoire-faits.csv")


@router.get("/export.geojson", summary="Export GeoJSON des acteurs localisés", description=FILTERS_DOC)
def export_geojson(request: Request) -> Response:
    with knowledge_base(request) as kb:
        state = Filters.from_request(request).restrict(kb.load())
    collection = actors_geojson(state)
    for feature in collection["features"]:  # where to go from a point, for maps built on this export
        props = feature["properties"]
        props |= {"url": f"/observatoire/acteurs/{slug(props['name'])}", "kind_label": kind_label(props["kind"])}
    body = json.dumps(collection, ensure_ascii=False, indent=1)
    return _download(body, "application/geo+json", "observatoire-acteurs.geojson")


@router.get("/departements.geojson", summary="Contours simplifiés des six départements (IGN Admin Express)")
def departments_geojson() -> Response:
    body = json.dumps(department_outlines(), ensure_ascii=False)
    return Response(body, media_type="application/geo+json", headers={"Cache-Control": "public, max-age=86400"})
