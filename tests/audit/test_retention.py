"""The retention setting purges old audit entries by itself, and the chain still verifies."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

from sudia.audit.base import PURGE_ACTION
from sudia.audit.retention import start_retention


def test_retention_thread_purges_old_entries_and_keeps_the_chain(platform) -> None:
    trust = platform.trust
    log = trust.audit
    real_clock = log.clock
    log.clock = lambda: datetime.now(timezone.utc) - timedelta(days=400)
    log.record_admin("cli:test", "collection.create", "ancienne")
    log.clock = real_clock
    log.record_admin("cli:test", "collection.create", "recente")

    stop = start_retention(trust, retention_days=365, interval_s=3600)
    try:
        for _ in range(100):
            actions = [e.action for e in log.entries()]
            if PURGE_ACTION in actions:
                break
            time.sleep(0.05)
    finally:
        stop.set()
    targets = [e.target for e in log.entries()]
    assert "ancienne" not in targets
    assert "recente" in targets
    assert log.verify().ok


def test_no_retention_starts_nothing(platform) -> None:
    assert start_retention(platform.trust, retention_days=0) is None
