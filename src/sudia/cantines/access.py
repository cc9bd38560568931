"""Who sees and edits which canteen: chefs their own lycée's, the regional team every one.

Rights come from the platform's groups (set by administrators or by the identity provider):
- members of `region_group` (and administrators) see and edit every canteen, the calendar, the models;
- a member of `chef_prefix + X` sees and edits the canteens whose lycée (or identifier) is X,
  e.g. group « cantine-0130001A » for the lycée whose UAI code is 0130001A.
Nobody else sees anything. Pages and API check here before any read. Group names are compared
without case (« RH » and « rh » are one group): « cantine-0130001a » is the chef group of the
lycée 0130001A too.
"""

from __future__ import annotations

from dataclasses import dataclass

from sudia.access import Principal
from sudia.cantines.types import Canteen
from sudia.errors import SudiaError


@dataclass(frozen=True)
class CanteenAccess:
    region_group: str = "cantines-region"
    chef_prefix: str = "cantine-"

    def is_regional(self, principal: Principal) -> bool:
        return principal.authenticated and (principal.is_admin or principal.in_any_group([self.region_group]))

    def lycees(self, principal: Principal) -> set[str]:
        prefix = self.chef_prefix.lower()
        return {g.lower()[len(prefix):] for g in principal.groups if g.lower().startswith(prefix)}

    def visible(self, principal: Principal, canteens: list[Canteen]) -> list[Canteen]:
        if not principal.authenticated:
            return []
        if self.is_regional(principal):
            return canteens
        mine = self.lycees(principal)
        return [c for c in canteens if (c.lycee or "").lower() in mine or c.id.lower() in mine]

    def require_signed_in(self, principal: Principal) -> None:
        if not principal.authenticated:
            raise SudiaError("SUDIA-A007")

    def require_canteen(self, principal: Principal, canteen: Canteen) -> None:
        """SUDIA-A007 for anonymous callers, K008 (403) for a chef of another lycée."""
        self.require_signed_in(principal)
        if not self.visible(principal, [canteen]):
            raise SudiaError("SUDIA-K008", lycee=", ".join(sorted(self.lycees(principal))) or "aucun")

    def require_regional(self, principal: Principal, action: str) -> None:
        self.require_signed_in(principal)
        if not self.is_regional(principal):
            raise SudiaError("SUDIA-A008", action=action)
