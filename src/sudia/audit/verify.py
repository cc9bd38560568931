"""Walks the audit chain and reports the first entry that was changed, removed or reordered.

A hash chain cannot see its newest entries being cut off: `verify` therefore returns the head
(seq and hash), which an operator can note elsewhere and pass back later as `anchor`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sudia.audit.base import GENESIS, PURGE_ACTION, AuditQuery, AuditStore
from sudia.audit.entry import row_mismatch


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    first_seq: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    broken_seq: int = 0
    reason: str = ""


def verify(store: AuditStore, anchor: tuple[int, str] | None = None, page: int = 1000) -> Verification:
    checked = 0
    first: tuple[int, str] | None = None  # (seq, prev_hash) of the oldest entry kept
    prev_seq, prev_hash = 0, GENESIS
    purged_through, purged_hash = 0, GENESIS  # from the latest purge checkpoint seen
    anchor_seen = False

    def broken(seq: int, reason: str) -> Verification:
        return Verification(False, checked, first[0] if first else 0, prev_seq, prev_hash, seq, reason)

    after = 0
    while True:
        rows = store.rows(AuditQuery(), after, page)
        for row in rows:
            reason = row_mismatch(row)
            if reason:
                return broken(row.seq, reason)
            if first is None:
                first = (row.seq, row.prev_hash)
            elif row.seq != prev_seq + 1:
                return broken(row.seq, f"entrées n° {prev_seq + 1} à {row.seq - 1} supprimées")
            elif row.prev_hash != prev_hash:
                return broken(row.seq, "chaînage rompu (empreinte précédente différente)")
            if row.action == PURGE_ACTION and row.kind == "admin":
                details = json.loads(row.data).get("details", {})
                if int(details.get("through_seq", 0)) >= purged_through:
                    purged_through = int(details.get("through_seq", 0))
                    purged_hash = str(details.get("last_purged_hash", ""))
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
    if anchor and not anchor_seen and anchor[0] > purged_through:
        return broken(anchor[0], "entrée de référence absente : des entrées récentes ont été supprimées")
    return Verification(True, checked, first[0] if first else 0, prev_seq, prev_hash)
