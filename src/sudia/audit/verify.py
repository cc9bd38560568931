"""Walks the audit chain and reports the first entry that was changed, removed or reordered.

A hash chain cannot see its newest entries being cut off: `verify` therefore returns the head
(seq and hash), which an operator can note elsewhere and pass back later as `anchor` (the audit
log also keeps one in its anchor file, see `audit.key`). With the audit key, every entry is an
HMAC: without the key nothing can be rewritten, re-chained or forged, a purge checkpoint included.
Each purge checkpoint is also checked against the retention setting: it may only have removed
entries older than `retention_days`, and entries it kept must be younger than its limit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sudia.audit.base import GENESIS, PURGE_ACTION, AuditQuery, AuditStore
from sudia.audit.entry import row_mismatch
from sudia.audit.key import AuditKey


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    first_seq: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    broken_seq: int = 0
    reason: str = ""


def verify(store: AuditStore, anchor: tuple[int, str] | None = None, page: int = 1000,
           key: AuditKey | None = None, retention_days: int = 0) -> Verification:
    checked = 0
    first: tuple[int, str] | None = None  # (seq, prev_hash) of the oldest entry kept
    first_at = ""
    prev_seq, prev_hash = 0, GENESIS
    purged_through, purged_hash = 0, GENESIS  # from the latest purge checkpoint seen
    purged_before = ""  # the time limit of that purge: no entry kept after it may be older
    anchor_seen = False

    def broken(seq: int, reason: str) -> Verification:
        return Verification(False, checked, first[0] if first else 0, prev_seq, prev_hash, seq, reason)

    after = 0
    while True:
        rows = store.rows(AuditQuery(), after, page)
        for row in rows:
            reason = row_mismatch(row, key)
            if reason:
                return broken(row.seq, reason)
            if first is None:
                first = (row.seq, row.prev_hash)
                first_at = row.at
            elif row.seq != prev_seq + 1:
                return broken(row.seq, f"entrées n° {prev_seq + 1} à {row.seq - 1} supprimées")
            elif row.prev_hash != prev_hash:
                return broken(row.seq, "chaînage rompu (empreinte précédente différente)")
            if row.action == PURGE_ACTION and row.kind == "admin":
                details = json.loads(row.data).get("details", {})
                reason = _purge_problem(row.at, details, retention_days)
                if reason:
                    return broken(row.seq, reason)
                if int(details.get("through_seq", 0)) >= purged_through:
                    purged_through = int(details.get("through_seq", 0))
                    purged_hash = str(details.get("last_purged_hash", ""))
                    purged_before = str(details.get("before", ""))
            if anchor and row.seq == anchor[0]:
                if row.hash != anchor[1]:
                    return broken(row.seq, "l'entrée de référence a une autre empreinte")
                anchor_seen = True
            prev_seq, prev_hash = row.seq, row.hash
            checked += 1
        if len(rows) < page:
            break
        after = rows[-1].seq

    if first is not None:
        # The oldest entry kept must follow the genesis, or the last entry a recorded purge removed.
        expected = (1, GENESIS) if purged_through == 0 else (purged_through + 1, purged_hash)
        if first != expected:
            return broken(first[0], "début du journal supprimé sans purge enregistrée")
        if first_at and purged_before and first_at < purged_before:
            return broken(first[0], "la purge a gardé une entrée plus ancienne que sa limite (purge falsifiée)")
    if anchor and not anchor_seen and anchor[0] > purged_through:
        return broken(anchor[0], "entrée de référence absente : des entrées récentes ont été supprimées")
    return Verification(True, checked, first[0] if first else 0, prev_seq, prev_hash)


def _purge_problem(at: str, details: dict, retention_days: int) -> str:
    """Why a purge checkpoint is not one the retention setting allows ("" when it is)."""
    try:
        kept_days = int(details.get("retention_days", 0))
        limit = datetime.fromisoformat(str(details.get("before", "")))
        moment = datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return "point de contrôle de purge illisible"
    if retention_days > 0 and kept_days < retention_days:
        return f"purge à {kept_days} jours, plus courte que la conservation réglée ({retention_days} jours)"
    if limit > moment - timedelta(days=kept_days) + timedelta(minutes=5):
        return "purge de ses entrées récentes (limite postérieure à la durée de conservation)"
    return ""
