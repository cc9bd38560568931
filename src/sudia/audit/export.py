"""CSV export of the audit log, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from sudia.audit.entry import AuditEntry
from sudia.errors import SudiaError

COLUMNS = ("seq", "at", "kind", "actor", "action", "target", "entry_point", "collections", "question",
           "question_sha256", "model", "documents", "chunks", "prompt_tokens", "completion_tokens", "latency_ms",
           "energy_wh", "carbon_gco2e", "outcome", "details", "prev_hash", "hash")
# A cell starting with one of these is run as a formula by spreadsheets (CSV injection): questions
# and names come from users, so such cells are prefixed with an apostrophe.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if isinstance(value, (tuple, list)):
        value = ";".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def write_csv(entries: Iterable[AuditEntry], stream: TextIO) -> int:
    """Write a header and one row per entry; returns the number of entries written."""
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    count = 0
    for entry in entries:
        writer.writerow([_cell(getattr(entry, name)) for name in COLUMNS])
        count += 1
    return count


def export_csv(entries: Iterable[AuditEntry], path: Path) -> int:
    """UTF-8 with a byte-order mark, so that spreadsheets read the accents right."""
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as stream:
            return write_csv(entries, stream)
    except OSError as exc:
        raise SudiaError("SUDIA-U003", path=str(path), detail=exc.strerror or str(exc)) from exc
