"""Applies the pieces' retention on its own: at start-up, then once a day (like the audit's)."""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)
DAY_SECONDS = 24 * 3600


def start_retention(platform, interval_s: float = DAY_SECONDS) -> threading.Event | None:
    from sudia.pieces.cli import desk_for

    desk = desk_for(platform)
    if desk.settings.retention_days <= 0:
        return None
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            try:
                dossiers, files = desk.purge(entry_point="server")
                if dossiers:
                    log.info("pieces retention: %s dossiers, %s files deleted", dossiers, files)
            except Exception:  # retried tomorrow; the server keeps serving
                log.exception("pieces retention purge failed")
            stop.wait(interval_s)

    threading.Thread(target=run, name="sudia-pieces-retention", daemon=True).start()
    return stop
