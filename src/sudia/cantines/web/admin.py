"""The regional team's page: import files with a column mapping, edit the calendar, retrain the model."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sudia.cantines.calendar import KINDS, CalendarEntry
from sudia.cantines.importing import read_table
from sudia.cantines.importing.mapping import KINDS as IMPORT_KINDS
from sudia.cantines.web import context as ctx
from sudia.cantines.web.api import MAX_IMPORT_BYTES
from sudia.cantines.web.pages import _render
from sudia.errors import SudiaError

router = APIRouter(route_class=ctx.CantinesRoute, prefix="/cantines/admin", include_in_schema=False, default_response_class=HTMLResponse)
IMPORT_LABELS = {"services": "Services (repas prévus, préparés, servis)", "menus": "Menus", "waste": "Pesées du gaspillage",
                 "calendar": "Calendrier (grèves, sorties, examens…)", "canteens": "Cantines"}


def _page(request: Request, result=None, error: SudiaError | None = None, status: int = 200) -> Response:
    service = ctx.service(request)
    version, entries = service.repo.calendar_entries()
    return _render(request, "cant_admin.html", {
        "import_kinds": IMPORT_LABELS, "fields": {k: [f.name for f in v] for k, v in IMPORT_KINDS.items()},
        "result": result, "error": error, "calendar_version": version, "entries": list(enumerate(entries)),
        "kinds": KINDS, "models": service.repo.models()[:10], "canteens": service.repo.canteens(),
        "trained": request.query_params.get("entraine")}, status)


@router.get("")
def admin(request: Request) -> Response:
    ctx.regional(request, "cantines.admin")
    return _page(request)


@router.post("/import")
async def import_file(request: Request, fichier: UploadFile = File(...), type: str = Form("services"),  # noqa: A002
                      correspondance: str = Form(""), csrf: str = Form("")) -> Response:
    principal = ctx.regional(request, "cantines.import")
    ctx.form_write(request, csrf)
    data = await fichier.read(MAX_IMPORT_BYTES + 1)
    try:
        if len(data) > MAX_IMPORT_BYTES:
            raise SudiaError("SUDIA-I003", path=fichier.filename or "fichier", size_mb=len(data) / 2**20,
                             max_mb=MAX_IMPORT_BYTES // 2**20)
        mapping = [p.strip() for p in correspondance.replace("\n", ",").split(",") if p.strip()]
        result = ctx.service(request).import_table(read_table(data, fichier.filename or "import.csv"), type, mapping,
                                                   principal.actor, entry_point="web")
    except SudiaError as exc:
        return _page(request, error=exc, status=400)
    return _page(request, result=result)


@router.post("/calendrier")
def add_entry(request: Request, type: Annotated[str, Form()], debut: Annotated[str, Form()],  # noqa: A002
              fin: Annotated[str, Form()] = "", libelle: Annotated[str, Form()] = "",
              cantine: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = "") -> Response:
    principal = ctx.regional(request, "cantines.calendrier")
    ctx.form_write(request, csrf)
    try:
        if type not in KINDS:
            raise SudiaError("SUDIA-K009", detail=f"type « {type} »")
        start = date.fromisoformat(debut)
        end = date.fromisoformat(fin) if fin else start
        if end < start:
            raise SudiaError("SUDIA-K009", detail="la fin précède le début")
    except ValueError:
        return _page(request, error=SudiaError("SUDIA-K009", detail="date invalide (AAAA-MM-JJ)"), status=400)
    except SudiaError as exc:
        return _page(request, error=exc, status=400)
    ctx.service(request).add_calendar_entries([CalendarEntry(type, start, end, libelle.strip(), "", cantine)],
                                              principal.actor, libelle.strip())
    return RedirectResponse("/cantines/admin#calendrier", status_code=303)


@router.post("/calendrier/{index}/retrait")
def remove_entry(request: Request, index: int, csrf: Annotated[str, Form()] = "") -> Response:
    principal = ctx.regional(request, "cantines.calendrier")
    ctx.form_write(request, csrf)
    ctx.service(request).remove_calendar_entry(index, principal.actor)
    return RedirectResponse("/cantines/admin#calendrier", status_code=303)


@router.post("/entrainement")
def train(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    principal = ctx.regional(request, "cantines.entrainement")
    ctx.form_write(request, csrf, "admin")
    described = ctx.service(request).train(principal.actor, entry_point="web")
    return RedirectResponse(f"/cantines/admin?entraine={described['version']}#modeles", status_code=303)
