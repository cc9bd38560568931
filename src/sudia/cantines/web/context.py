"""What every canteens route needs: the service on the platform's database, the caller's canteens."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from sudia.access import Principal, require_scope
from sudia.cantines.access import CanteenAccess
from sudia.cantines.service import CantinesService
from sudia.cantines.settings import CantinesSettings
from sudia.cantines.storage.repository import CantinesRepository
from sudia.cantines.types import Canteen
from sudia.errors import SudiaError
from sudia.web.auth import check_api_csrf, check_csrf, get_principal, get_trust


def settings(request: Request) -> CantinesSettings:
    found = getattr(request.app.state, "cantines_settings", None)
    if found is None:  # read once per app, at the first request (the edge)
        found = request.app.state.cantines_settings = CantinesSettings()
    return found


def service(request: Request) -> CantinesService:
    platform = request.app.state.platform
    return CantinesService(CantinesRepository(platform.database), settings(request), get_trust(request).audit)


def access(request: Request) -> CanteenAccess:
    s = settings(request)
    return CanteenAccess(s.region_group, s.chef_prefix)


def signed_in(request: Request) -> Principal:
    principal = get_principal(request)
    access(request).require_signed_in(principal)
    return principal


def visible_canteens(request: Request) -> list[Canteen]:
    principal = signed_in(request)
    return access(request).visible(principal, service(request).repo.canteens())


def canteen_for(request: Request, canteen_id: str) -> Canteen:
    """The canteen, if the caller may see it (K004 if unknown, K008 if another lycée's)."""
    principal = signed_in(request)
    canteen = service(request).repo.canteen(canteen_id)
    access(request).require_canteen(principal, canteen)
    return canteen


def regional(request: Request, action: str) -> Principal:
    principal = signed_in(request)
    access(request).require_regional(principal, action)
    return principal


def api_write(request: Request, scope: str = "ingest") -> Principal:
    """Checks of every API write, after the caller's rights on the canteen: an API token must carry
    `scope` (« ingest » for data entry and imports, « admin » for training: a read-only « ask »
    token handed to a dashboard must not change figures), and a session cookie the CSRF header."""
    principal = get_principal(request)
    require_scope(principal, scope)
    check_api_csrf(request)
    return principal


def form_write(request: Request, csrf: str, scope: str = "ingest") -> Principal:
    """The same for the pages' forms, which API tokens may post to as well."""
    principal = get_principal(request)
    require_scope(principal, scope)
    check_csrf(request, csrf)
    return principal


# The core maps its own error codes to HTTP statuses; use cases cannot declare theirs yet
# (reported to the lead), so the canteens' routes answer their codes themselves.
STATUSES = {"SUDIA-K004": 404, "SUDIA-K008": 403, "SUDIA-K010": 404, "SUDIA-K011": 404, "SUDIA-K007": 409}


class CantinesRoute(APIRoute):
    def get_route_handler(self):
        handler = super().get_route_handler()

        async def route(request: Request):
            try:
                return await handler(request)
            except SudiaError as exc:
                status = STATUSES.get(exc.code)
                if status is None:
                    raise
                if request.url.path.startswith("/cantines/api") or "application/json" in request.headers.get("accept", ""):
                    return JSONResponse({"error": exc.to_dict()}, status_code=status)
                from sudia.web.templating import templates

                title = "Accès refusé" if status == 403 else "Page introuvable" if status == 404 else "Une erreur est survenue"
                return templates.TemplateResponse(request, "erreur.html", {"titre": title, "erreur": exc},
                                                  status_code=status)

        return route
