"""Sealed audit rows, the filters the admin page uses, and the `AuditStore` interface."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Literal, Protocol

from sudia.errors import SudiaError

GENESIS = "0" * 64  # the `prev_hash` of the very first entry
AuditKind = Literal["ai_request", "admin"]
KINDS: tuple[str, ...] = ("ai_request", "admin")
PURGE_ACTION = "audit.purge"  # the checkpoint a retention purge leaves in the chain


@dataclass(frozen=True)
class AuditRow:
    """An entry as stored: `data` is the canonical JSON that, with `prev_hash`, gives `hash`.

    The other columns repeat fields of `data` so the database can filter on them; `verify`
    checks that they still agree with it.
    """

    seq: int
    at: str
    kind: str
    actor: str
    action: str
    collections: tuple[str, ...]
    data: str
    prev_hash: str
    hash: str


# make(seq, prev_hash) -> the row to insert; called by the store while it holds the log's lock.
RowMaker = Callable[[int, str], AuditRow]
# make(seq, prev_hash, through_seq, last_purged_hash, purged) -> the purge checkpoint row.
CheckpointMaker = Callable[[int, str, int, str, int], AuditRow]


@dataclass(frozen=True)
class AuditQuery:
    """Filters of the admin page and of the CSV export; empty fields filter nothing.

    `since` and `until` are ISO dates or datetimes (UTC); a bare `until` date includes that day.
    """

    actor: str = ""
    kind: str = ""
    action: str = ""
    collection: str = ""
    since: str = ""
    until: str = ""

    def __post_init__(self) -> None:
        if self.kind and self.kind not in KINDS:
            raise SudiaError("SUDIA-U002", detail=f"type « {self.kind} » (choix : {', '.join(KINDS)})")
        for value in (self.since, self.until):
            if value:
                _parse_moment(value)

    def bounds(self) -> tuple[str, str]:
        """Lower (inclusive) and upper (exclusive) bounds comparable with stored timestamps."""
        low = _parse_moment(self.since).isoformat(timespec="milliseconds") if self.since else ""
        high = ""
        if self.until:
            moment = _parse_moment(self.until)
            if len(self.until) == 10:  # a date: up to the end of that day
                moment += timedelta(days=1)
            high = moment.isoformat(timespec="milliseconds")
        return low, high


def _parse_moment(value: str) -> datetime:
    try:
        if len(value) == 10:
            d = date.fromisoformat(value)
            return datetime(d.year, d.month, d.day, tzinfo=timezone.utc)
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise SudiaError("SUDIA-U002", detail=f"date « {value} » (format AAAA-MM-JJ attendu)") from exc
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _like(value: str) -> str:
    """A LIKE pattern matching `value` literally, wherever it is."""
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def where_clause(query: AuditQuery, mark: str) -> tuple[str, list[object]]:
    """SQL conditions shared by both engines; `mark` is the driver's placeholder ("?" or "%s")."""
    parts: list[str] = []
    params: list[object] = []
    if query.actor:
        parts.append(f"lower(actor) LIKE {mark} ESCAPE '\\'")
        params.append(_like(query.actor))
    if query.kind:
        parts.append(f"kind = {mark}")
        params.append(query.kind)
    if query.action:
        parts.append(f"action = {mark}")
        params.append(query.action)
    if query.collection:
        # collections are stored as ",a,b," so that one LIKE finds a whole name
        parts.append(f"lower(collections) LIKE {mark} ESCAPE '\\'")
        params.append(_like(f",{query.collection},"))
    low, high = query.bounds()
    if low:
        parts.append(f"at >= {mark}")
        params.append(low)
    if high:
        parts.append(f"at < {mark}")
        params.append(high)
    return (" AND ".join(parts) or "TRUE"), params


def collections_column(collections: tuple[str, ...]) -> str:
    return "," + ",".join(collections) + "," if collections else ""


class AuditStore(Protocol):
    """Append-only storage of the chain. Implementations: sudia.accounts.sqlite, .postgres."""

    def append(self, make: RowMaker) -> AuditRow:
        """Insert the row `make` builds from the current head, atomically across workers."""
        ...
    def rows(self, query: AuditQuery, after_seq: int = 0, limit: int = 1000, newest_first: bool = False
             ) -> list[AuditRow]: ...
    def head(self) -> tuple[int, str]:
        """(seq, hash) of the last entry, (0, GENESIS) when the log is empty."""
        ...
    def purge(self, before: str, make: CheckpointMaker) -> AuditRow | None:
        """Delete the entries up to the last one older than `before`, then append the checkpoint
        that `make` builds, in one locked transaction. None when nothing is old enough."""
        ...
