"""Start-up work: the demonstration (when enabled) and the scheduled retraining.

Retraining runs in a daemon thread that wakes every hour; the first worker to claim the week's
job (`cantines_claims`) trains, the others skip it, so stateless workers never train twice.
"""

from __future__ import annotations

import logging
import os
import threading
import weakref
from datetime import date

from sudia.cantines.service import CantinesService
from sudia.cantines.settings import CantinesSettings
from sudia.cantines.storage.repository import CantinesRepository
from sudia.errors import SudiaError

log = logging.getLogger(__name__)
CHECK_EVERY_S = 3600
_STARTED: set[str] = set()  # one retraining thread per database and process


def retrain_if_due(service: CantinesService, today: date | None = None) -> str | None:
    """Train when the latest model is older than `retrain_days`; the version trained, or None."""
    today = today or date.today()
    if not service.repo.canteens() or not service.model_is_stale(today):
        return None
    iso = today.isocalendar()
    if not service.repo.claim(f"train:{iso.year}-W{iso.week:02d}", f"pid-{os.getpid()}-{threading.get_ident()}"):
        return None
    return str(service.train("system:planification", entry_point="schedule")["version"])


def _service(platform, settings: CantinesSettings) -> CantinesService:
    # Built when needed: opening the audit log at every app start would hold connections for nothing.
    return CantinesService(CantinesRepository(platform.database), settings, platform.trust.audit)


def start(platform, settings: CantinesSettings) -> threading.Event | None:
    if settings.demo and platform.settings.demo:  # the platform's demonstration switch rules both
        from sudia.cantines.demo import ensure_demo

        try:
            ensure_demo(_service(platform, settings))
        except (SudiaError, ImportError) as exc:  # a missing extra must not stop the platform
            log.error("cantines: demonstration not built: %s", exc)
    if settings.retrain_days <= 0 or platform.database.url in _STARTED:
        return None
    _STARTED.add(platform.database.url)
    stop = threading.Event()
    owner = weakref.ref(platform)  # the thread ends with its platform, it never keeps one alive

    def loop() -> None:
        while not stop.wait(CHECK_EVERY_S):
            current = owner()
            if current is None:
                return
            try:
                retrain_if_due(_service(current, settings))
            except Exception:  # noqa: BLE001 - logged; the next hour tries again
                log.exception("cantines: scheduled retraining failed")
            del current

    threading.Thread(target=loop, name="cantines-retrain", daemon=True).start()
    return stop
