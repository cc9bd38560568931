"""The canteens' JSON API (under /cantines/api): canteens, services, forecasts, import, calendar, models.

Same rights as the pages: chefs read and write their lycée's canteens; imports, the calendar and
training are for the regional team. Writes with a session cookie need the CSRF header or the
same origin, and API tokens the scope of the write (`context.api_write`); every write is audited.
"""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel, Field

from sudia.cantines.calendar import CalendarEntry
from sudia.cantines.importing import read_table
from sudia.cantines.web import context as ctx
from sudia.errors import SudiaError

router = APIRouter(route_class=ctx.CantinesRoute, prefix="/cantines/api", tags=["cantines"])
MAX_IMPORT_BYTES = 50 * 1024 * 1024


class DayEntry(BaseModel):
    planned: int | None = Field(default=None, ge=0, le=20_000)
    prepared: int | None = Field(default=None, ge=0, le=20_000)
    served: int | None = Field(default=None, ge=0, le=20_000)
    waste_kg: dict[str, float] = Field(default_factory=dict)


class EntryIn(BaseModel):
    kind: str
    start: date
    end: date | None = None
    label: str = ""
    zone: str = ""
    canteen_id: str = ""
    share_absent: float | None = Field(default=None, ge=0, le=1)


@router.get("/cantines")
def list_canteens(request: Request) -> dict:
    return {"canteens": [c.to_dict() for c in ctx.visible_canteens(request)]}


@router.get("/cantines/{canteen_id}/services")
def services(request: Request, canteen_id: str, debut: date | None = None, fin: date | None = None) -> dict:
    canteen = ctx.canteen_for(request, canteen_id)
    repo = ctx.service(request).repo
    return {"canteen": canteen.to_dict(), "services": [s.to_dict() for s in repo.services([canteen.id], debut, fin)],
            "waste": [w.to_dict() for w in repo.waste([canteen.id], debut, fin)]}


@router.put("/cantines/{canteen_id}/services/{day}")
def record(request: Request, canteen_id: str, day: date, entry: DayEntry) -> dict:
    canteen = ctx.canteen_for(request, canteen_id)
    principal = ctx.api_write(request)
    ctx.service(request).record_day(canteen.id, day, principal.actor, planned=entry.planned,
                                    prepared=entry.prepared, served=entry.served, waste_kg=entry.waste_kg,
                                    entry_point="api")
    return services(request, canteen_id, day, day + timedelta(days=1))


@router.get("/cantines/{canteen_id}/previsions")
def forecasts(request: Request, canteen_id: str, jours: int = 1, risque: float | None = None) -> dict:
    canteen = ctx.canteen_for(request, canteen_id)
    if not 1 <= jours <= 15:
        raise SudiaError("SUDIA-K006", detail=f"jours = {jours} (entre 1 et 15)")
    if risque is not None and not 0 < risque < 1:
        raise SudiaError("SUDIA-K006", detail=f"risque = {risque} (entre 0 et 1 exclus)")
    service = ctx.service(request)
    calendar = service.calendar()
    days, day = [], date.today()
    while len(days) < jours:
        nxt = calendar.next_open_day(day, canteen.id, canteen.zone)
        if nxt is None:
            break
        days.append(nxt)
        day = nxt
    found = service.forecast([canteen], days, risque) if days else []
    return {"canteen": canteen.to_dict(), "forecasts": [f.to_dict() for f in found],
            "factors": service.settings.factors().to_dict()}


@router.post("/import")
async def import_file(request: Request, fichier: UploadFile = File(...), type: str = Form("services"),  # noqa: A002
                      correspondance: str = Form("")) -> dict:
    """Import a CSV/Excel file; `correspondance`: « champ=colonne » pairs separated by commas or new lines."""
    principal = ctx.regional(request, "cantines.import")
    ctx.api_write(request)
    data = await fichier.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise SudiaError("SUDIA-I003", path=fichier.filename or "fichier", size_mb=len(data) / 2**20,
                         max_mb=MAX_IMPORT_BYTES // 2**20)
    mapping = [p.strip() for p in correspondance.replace("\n", ",").split(",") if p.strip()]
    table = read_table(data, fichier.filename or "import.csv")
    result = ctx.service(request).import_table(table, type, mapping, principal.actor, entry_point="api")
    return result.to_dict()


@router.get("/calendrier")
def calendar(request: Request) -> dict:
    ctx.signed_in(request)
    repo = ctx.service(request).repo
    version, entries = repo.calendar_entries()
    return {"version": version, "entries": [e.to_dict() for e in entries], "versions": repo.calendar_versions()}


@router.post("/calendrier", status_code=201)
def add_entries(request: Request, entries: list[EntryIn]) -> dict:
    principal = ctx.regional(request, "cantines.calendrier")
    ctx.api_write(request)
    added = [CalendarEntry(e.kind, e.start, e.end or e.start, e.label, e.zone, e.canteen_id, e.share_absent)
             for e in entries]
    version = ctx.service(request).add_calendar_entries(added, principal.actor, "API", entry_point="api")
    return {"version": version, "added": len(added)}


@router.get("/modeles")
def models(request: Request) -> dict:
    ctx.regional(request, "cantines.modeles")
    return {"models": ctx.service(request).repo.models()}


@router.post("/modeles", status_code=201)
def train(request: Request) -> dict:
    principal = ctx.regional(request, "cantines.entrainement")
    ctx.api_write(request, "admin")
    return ctx.service(request).train(principal.actor, entry_point="api")
