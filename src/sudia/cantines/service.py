"""The canteens use case: what pages, API and CLI call (import, daily entry, calendar, training, forecasts).

Every change names its actor and is written to the platform's audit log when one is given; reads
are filtered by the caller's rights in the interfaces (`access.py`) before they reach here.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sudia.cantines.calendar import CalendarEntry, SchoolCalendar
from sudia.cantines.forecast.forecaster import ModelSpec, TrainedModel, train
from sudia.cantines.forecast.history import history_frame, menu_frame
from sudia.cantines.forecast.recommendation import DayForecast, forecast_days
from sudia.cantines.importing import ImportResult, Table, import_table
from sudia.cantines.settings import CantinesSettings
from sudia.cantines.storage.repository import CantinesRepository
from sudia.cantines.types import WASTE_CATEGORIES, Canteen, Service, WasteWeighing
from sudia.errors import SudiaError

if TYPE_CHECKING:
    from sudia.audit.log import AuditLog

_MODEL_CACHE: dict[tuple[str, int], TrainedModel] = {}  # (database url, model id): artefacts never change
_TRAINING = threading.Lock()


@dataclass
class CantinesService:
    repo: CantinesRepository
    settings: CantinesSettings = field(default_factory=CantinesSettings)
    audit: AuditLog | None = None

    def _audit(self, actor: str, action: str, target: str, entry_point: str, **details: Any) -> None:
        if self.audit is not None:
            self.audit.record_admin(actor, action, target, entry_point=entry_point, details=details)

    # -- data ------------------------------------------------------------------------------------
    def import_table(self, table: Table, kind: str, mapping: list[str] | dict[str, str] | None, actor: str,
                     entry_point: str = "cli") -> ImportResult:
        result = import_table(table, kind, mapping)
        records = result.records
        if kind == "services":
            self.repo.upsert_services(records, actor)
        elif kind == "menus":
            self.repo.replace_menus(records)
        elif kind == "waste":
            self.repo.upsert_waste(records, actor)
        elif kind == "canteens":
            self.repo.upsert_canteens(records)
        elif kind == "calendar":
            self.add_calendar_entries(records, actor, f"import de {table.name}", entry_point)
        self._audit(actor, f"cantines.import.{kind}", table.name, entry_point, accepted=len(records),
                    rejected_lines=len({e.line for e in result.errors}))
        return result

    def record_day(self, canteen_id: str, day: date, actor: str, *, planned: int | None = None,
                   prepared: int | None = None, served: int | None = None, waste_kg: dict[str, float] | None = None,
                   entry_point: str = "web") -> None:
        """The chef's daily entry; the values replaced are kept in the audit log."""
        self.repo.canteen(canteen_id)  # SUDIA-K004 for an unknown canteen
        for name, value in (("prévus", planned), ("préparés", prepared), ("servis", served)):
            if value is not None and not 0 <= value <= 20_000:
                raise SudiaError("SUDIA-K009", detail=f"repas {name} : {value} (entre 0 et 20 000)")
        waste = {k: float(v) for k, v in (waste_kg or {}).items() if v is not None}
        for category, kg in waste.items():
            if category not in WASTE_CATEGORIES or not 0 <= kg <= 10_000:
                raise SudiaError("SUDIA-K009", detail=f"pesée « {category} » : {kg} kg")
        before = self.repo.services([canteen_id], day, day + timedelta(days=1))
        if any(v is not None for v in (planned, prepared, served)):
            self.repo.upsert_services([Service(canteen_id, day, planned, prepared, served)], actor)
        if waste:
            self.repo.upsert_waste([WasteWeighing(canteen_id, day, waste)], actor)
        self._audit(actor, "cantines.service.edit", f"{canteen_id}/{day.isoformat()}", entry_point,
                    before=before[0].to_dict() if before else None,
                    after={"planned": planned, "prepared": prepared, "served": served, "waste_kg": waste})

    # -- calendar --------------------------------------------------------------------------------
    def calendar(self) -> SchoolCalendar:
        version, entries = self.repo.calendar_entries()
        years = date.today().year
        return SchoolCalendar.national(2009, years + 3).extended(entries, f"national+v{version}")

    def add_calendar_entries(self, entries: list[CalendarEntry], actor: str, note: str = "",
                             entry_point: str = "web") -> int:
        _, current = self.repo.calendar_entries()
        version = self.repo.new_calendar_version(current + list(entries), actor, note)
        self._audit(actor, "cantines.calendar.add", f"v{version}", entry_point, entries=len(entries), note=note)
        return version

    def remove_calendar_entry(self, index: int, actor: str, entry_point: str = "web") -> int:
        _, current = self.repo.calendar_entries()
        if not 0 <= index < len(current):
            raise SudiaError("SUDIA-K009", detail=f"entrée de calendrier n° {index} inconnue")
        removed = current.pop(index)
        version = self.repo.new_calendar_version(current, actor, f"retrait : {removed.label or removed.kind}")
        self._audit(actor, "cantines.calendar.remove", f"v{version}", entry_point, removed=removed.to_dict())
        return version

    # -- models ----------------------------------------------------------------------------------
    def spec(self) -> ModelSpec:
        return ModelSpec(self.settings.model, threads=self.settings.threads)

    def train(self, actor: str, until: date | None = None, entry_point: str = "cli") -> dict[str, object]:
        """Train on every service before `until` (default: tomorrow, i.e. up to today) and store a new version."""
        until = until or date.today() + timedelta(days=1)
        with _TRAINING:  # one training at a time per process; several processes each store their version
            canteens = self.repo.canteens()
            history = history_frame(self.repo.services())
            if history.empty:
                raise SudiaError("SUDIA-K005", detail="aucun service enregistré")
            menus = menu_frame(self.repo.menus())
            calendar = self.calendar()
            model = train(self.spec(), history, calendar, {c.id: c.zone for c in canteens}, until, menus)
            model_id = self.repo.save_model(model.to_bytes(), until, model.spec.backend, calendar.version,
                                            model.describe(), actor)
        self._audit(actor, "cantines.model.train", f"m{model_id}", entry_point, rows=model.n_rows,
                    until=until.isoformat())
        return {"version": f"m{model_id}", **model.describe()}

    def model(self) -> TrainedModel:
        found = self.repo.model_artefact()
        if found is None:
            raise SudiaError("SUDIA-K007")
        model_id, artefact = found
        key = (self.repo.db.url, model_id)
        if key not in _MODEL_CACHE:
            model = TrainedModel.from_bytes(artefact)
            model.version = f"m{model_id}"
            _MODEL_CACHE[key] = model
        return _MODEL_CACHE[key]

    def model_is_stale(self, today: date | None = None) -> bool:
        models = self.repo.models()
        if not models:
            return True
        if self.settings.retrain_days <= 0:
            return False
        last = date.fromisoformat(str(models[0]["trained_until"]))
        return (today or date.today()) - last >= timedelta(days=self.settings.retrain_days)

    # -- forecasts -------------------------------------------------------------------------------
    def forecast(self, canteens: list[Canteen], days: list[date], risk: float | None = None,
                 store: bool = True) -> list[DayForecast]:
        model = self.model()
        requests = [(c.id, d) for c in canteens for d in days]
        ids = [c.id for c in canteens]
        history = history_frame(self.repo.services(ids))
        planned = {(s.canteen_id, s.day): s.planned for s in self.repo.services(ids, min(days), max(days) + timedelta(days=1))
                   if s.planned is not None}
        out = forecast_days(model, history, self.calendar(), {c.id: c.zone for c in canteens}, requests,
                            risk or self.settings.risk, self.settings.factors(), self.settings.default_margin,
                            menu_frame(self.repo.menus()), planned)
        if store:
            # Only forecasts made before their day are kept: they are what the history pages compare.
            self.repo.save_forecasts(int(model.version[1:]), [f.to_dict() for f in out if f.day > date.today()])
        return out
