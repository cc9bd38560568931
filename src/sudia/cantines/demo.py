"""The demonstration: synthetic canteens up to yesterday, forecasts stored for their past days, a model.

Built once per database (the first worker to claim it), only when no canteen exists yet and
`SUDIA_CANTINES_DEMO` is on. The forecasts of the past days are made the honest way: by a model
trained on the data before them, with the history known the evening before each day.
"""

from __future__ import annotations

import logging
import os
from datetime import date, timedelta

from sudia.cantines.forecast.forecaster import train
from sudia.cantines.forecast.history import history_frame, menu_frame
from sudia.cantines.forecast.recommendation import forecast_days
from sudia.cantines.service import CantinesService
from sudia.cantines.synthetic import generate

log = logging.getLogger(__name__)
BACKFILL_DAYS = 45


def school_year_start(today: date) -> date:
    return date(today.year - 1 if today.month < 9 else today.year, 9, 1)


def ensure_demo(service: CantinesService, today: date | None = None, n_canteens: int = 6) -> bool:
    """Build the demonstration if the database has no canteen; True when it was built now."""
    if service.repo.canteens() or not service.repo.claim("demo", f"pid-{os.getpid()}"):
        return False
    today = today or date.today()
    data = generate(n_canteens, school_year_start(today) - timedelta(days=365), today)
    actor = "system:demo"
    service.repo.upsert_canteens(data.canteens)
    service.repo.upsert_services(data.services, actor)
    service.repo.replace_menus(data.menus)
    service.repo.upsert_waste(data.waste, actor)
    service.repo.new_calendar_version(data.calendar, actor, "démonstration")
    calendar = service.calendar()
    zones = {c.id: c.zone for c in data.canteens}
    history = history_frame(data.services)
    menus = menu_frame(data.menus)
    cutoff = today - timedelta(days=BACKFILL_DAYS)
    past = train(service.spec(), history, calendar, zones, cutoff, menus)
    artefact_id = service.repo.save_model(past.to_bytes(), cutoff, past.spec.backend, calendar.version,
                                          past.describe(), actor)
    past.version = f"m{artefact_id}"
    days = sorted({s.day for s in data.services if s.day >= cutoff})
    planned = {(s.canteen_id, s.day): s.planned for s in data.services if s.planned is not None}
    for day in days:  # each day forecast with the history known the evening before
        known = history[history["date"] < str(day)]
        found = forecast_days(past, known, calendar, zones, [(c.id, day) for c in data.canteens],
                              service.settings.risk, service.settings.factors(), service.settings.default_margin,
                              menus, planned)
        service.repo.save_forecasts(artefact_id, [f.to_dict() for f in found])
    service.train(actor, today + timedelta(days=1), entry_point="demo")
    log.info("cantines: demonstration built (%d canteens, %d services)", len(data.canteens), len(data.services))
    return True
