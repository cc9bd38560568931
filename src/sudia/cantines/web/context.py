"""What every canteens route needs: the service on the platform's database, the caller's canteens."""

from __future__ import annotations

from fastapi import Request

from sudia.access import Principal
from sudia.cantines.access import CanteenAccess
from sudia.cantines.service import CantinesService
from sudia.cantines.settings import CantinesSettings
from sudia.cantines.storage.repository import CantinesRepository
from sudia.cantines.types import Canteen
from sudia.web.auth import get_principal, get_trust


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
