"""Applies the audit retention setting on its own: at start-up, then once a day.

Several workers may do it at once: each purge is one transaction that appends its checkpoint,
and a purge that finds nothing older than the retention writes nothing.
"""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)

DAY_SECONDS = 24 * 3600


def start_retention(trust, retention_days: int, interval_s: float = DAY_SECONDS) -> threading.Event | None:
    """Starts a daemon thread purging entries older than `retention_days`; set the event to stop it."""
    if retention_days <= 0:
        return None
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            try:
                result = trust.audit.purge(retention_days, actor="system:retention", entry_point="server")
                if result is not None:
                    log.info("audit retention: %s entries purged", result.purged)
            except Exception:  # a failed purge is retried tomorrow; the server keeps serving
                log.exception("audit retention purge failed")
            stop.wait(interval_s)

    threading.Thread(target=run, name="sudia-audit-retention", daemon=True).start()
    return stop
