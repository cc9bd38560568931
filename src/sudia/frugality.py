"""Frugality figures of AI requests (energy, carbon, tokens, latency) per day, user, collection and model.

One record per AI request: its `Usage` carries a request id that both the store's `usage` row and
the request's audit entry keep. The audit entry is the one counted (it knows who asked and on which
collections, and includes work done after the row was written, such as rewriting a follow-up);
a usage row counts only when no audit entry has its id (library or CLI calls, requests made before
the audit was wired), as "non attribué". Records written before request ids existed are joined as
before: same collections, model, tokens, latency and energy, the entry written shortly after the row.

What a caller sees (`Scope`): administrators see every request and every user; others see the
requests whose collections they may all read (requests on no collection, such as the
OpenAI-compatible chat, included), and only their own line in the per-user figures.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from sudia.access import Principal, readable_collections
from sudia.audit.base import AuditQuery
from sudia.audit.entry import AuditEntry
from sudia.store.base import Store, UsageRecord
from sudia.types import Collection

if TYPE_CHECKING:
    from sudia.audit.log import AuditLog

# Requests refused before any AI work: they cost nothing and would only lower the medians.
NOT_RUN = ("denied", "rate_limited")
MATCH_BEFORE = timedelta(seconds=5)  # clocks of the two writes (same machine) may differ a little
MATCH_AFTER = timedelta(minutes=10)  # the audit entry is written once the answer has been streamed
UNATTRIBUTED = ""


@dataclass(frozen=True)
class Request:
    """One AI request as counted here, from the audit log (`source="audit"`) or the usage table."""

    at: str
    actor: str
    action: str
    collections: tuple[str, ...]
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: float = 0.0
    energy_wh: float = 0.0
    carbon_gco2e: float = 0.0
    source: str = "audit"
    request_id: str = ""  # "" in records written before request ids existed

    @property
    def day(self) -> str:
        return _moment(self.at).date().isoformat()

    @property
    def user(self) -> str:
        return person(self.actor)


@dataclass(frozen=True)
class Totals:
    key: str
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_median_ms: float = 0.0
    latency_p95_ms: float = 0.0
    energy_wh: float = 0.0
    carbon_gco2e: float = 0.0

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class Scope:
    """Which requests a caller sees: `collections` None means all; `user` "" means every user's line."""

    collections: frozenset[str] | None
    user: str
    all_users: bool

    @classmethod
    def everything(cls) -> Scope:
        return cls(None, "", True)

    @classmethod
    def of(cls, principal: Principal, collections: list[Collection], allow_anonymous: bool) -> Scope:
        if principal.is_admin and principal.allows("admin"):
            return cls.everything()
        readable = frozenset(readable_collections(principal, collections, allow_anonymous))
        return cls(readable, person(principal.actor) if principal.authenticated else "", False)

    def sees(self, request: Request) -> bool:
        return self.collections is None or all(c in self.collections for c in request.collections)


@dataclass(frozen=True)
class Report:
    since: str
    until: str
    scope: str  # "all" or "readable"
    total: Totals
    by_day: tuple[Totals, ...]  # every day of the period, empty days included
    by_user: tuple[Totals, ...]
    by_collection: tuple[Totals, ...]
    by_model: tuple[Totals, ...]
    unattributed: int  # requests known from the usage table only

    def to_dict(self) -> dict[str, object]:
        def rows(items: Iterable[Totals]) -> list[dict[str, object]]:
            return [asdict(t) | {"tokens": t.tokens} for t in items]

        return {"since": self.since, "until": self.until, "scope": self.scope,
                "total": rows([self.total])[0], "unattributed_requests": self.unattributed,
                "by_day": rows(self.by_day), "by_user": rows(self.by_user),
                "by_collection": rows(self.by_collection), "by_model": rows(self.by_model)}


def person(actor: str) -> str:
    """'user:a@b.fr' and 'token:id:a@b.fr' -> 'a@b.fr': a token acts for its user."""
    if actor.startswith("user:"):
        return actor[5:]
    if actor.startswith("token:"):
        return actor.split(":", 2)[-1]
    return actor


def from_audit(entries: Iterable[AuditEntry]) -> list[Request]:
    """AI requests of the audit log, except those refused before running."""
    return [Request(e.at, e.actor, e.action, tuple(e.collections), e.model, e.prompt_tokens, e.completion_tokens,
                    e.latency_ms, e.energy_wh, e.carbon_gco2e, "audit", str(e.details.get("request_id", "")))
            for e in entries if e.kind == "ai_request" and e.outcome not in NOT_RUN]


def from_usage(records: Iterable[UsageRecord]) -> list[Request]:
    return [Request(r.at, UNATTRIBUTED, r.kind, tuple(c for c in r.collections.split(",") if c), r.usage.model,
                    r.usage.prompt_tokens, r.usage.completion_tokens, r.usage.latency_ms, r.usage.energy_wh,
                    r.usage.carbon_gco2e, "usage", r.usage.request_id) for r in records]


def merge(audited: list[Request], usage: list[Request]) -> list[Request]:
    """The audited requests, plus the usage rows that no audit entry accounts for."""
    ids = {r.request_id for r in audited if r.request_id}
    waiting: dict[tuple, list[Request]] = {}
    for request in sorted(audited, key=lambda r: r.at):
        if not request.request_id:  # written before request ids: joined on its figures
            waiting.setdefault(_fingerprint(request), []).append(request)
    extra: list[Request] = []
    for row in sorted(usage, key=lambda r: r.at):
        if row.request_id in ids:
            continue  # the same request, counted once: from its audit entry
        candidates = waiting.get(_fingerprint(row), [])
        moment = _moment(row.at)
        match = next((c for c in candidates if moment - MATCH_BEFORE <= _moment(c.at) <= moment + MATCH_AFTER), None)
        if match is None:
            extra.append(row)
        else:
            candidates.remove(match)
    return audited + extra


def _fingerprint(r: Request) -> tuple:
    return (tuple(sorted(r.collections)), r.model, r.prompt_tokens, r.completion_tokens, round(r.latency_ms, 1),
            round(r.energy_wh, 6))


def period(days: int, today: date | None = None) -> tuple[date, date]:
    """The last `days` days, today included (UTC)."""
    until = today or datetime.now(timezone.utc).date()
    return until - timedelta(days=max(days, 1) - 1), until


def build_report(requests: Iterable[Request], since: date, until: date, scope: Scope = Scope.everything()) -> Report:
    low, high = since.isoformat(), until.isoformat()
    kept = [r for r in requests if low <= r.day <= high and scope.sees(r)]
    days = [(since + timedelta(days=i)).isoformat() for i in range((until - since).days + 1)]
    by_day = {t.key: t for t in group(kept, lambda r: [r.day])}
    users = [r for r in kept if scope.all_users or (scope.user and r.user == scope.user)]
    return Report(
        since=low, until=high, scope="all" if scope.collections is None else "readable",
        total=summarise("total", kept),
        by_day=tuple(by_day.get(d, Totals(d)) for d in days),
        by_user=tuple(group(users, lambda r: [r.user])),
        by_collection=tuple(group(kept, lambda r: list(r.collections) or [""])),
        by_model=tuple(group(kept, lambda r: [r.model])),
        unattributed=sum(1 for r in kept if r.source == "usage"),
    )


def group(requests: Iterable[Request], keys: Callable[[Request], list[str]]) -> list[Totals]:
    """Totals per key, biggest energy first; a request on two collections counts in each of them."""
    groups: dict[str, list[Request]] = {}
    for r in requests:
        for key in keys(r):
            groups.setdefault(key, []).append(r)
    found = [summarise(key, items) for key, items in groups.items()]
    return sorted(found, key=lambda t: (-t.energy_wh, -t.requests, t.key))


def summarise(key: str, requests: list[Request]) -> Totals:
    if not requests:
        return Totals(key)
    latencies = sorted(r.latency_ms for r in requests)
    return Totals(
        key=key, requests=len(requests),
        prompt_tokens=sum(r.prompt_tokens for r in requests),
        completion_tokens=sum(r.completion_tokens for r in requests),
        latency_median_ms=round(statistics.median(latencies), 1),
        latency_p95_ms=round(percentile(latencies, 95), 1),
        energy_wh=round(sum(r.energy_wh for r in requests), 6),
        carbon_gco2e=round(sum(r.carbon_gco2e for r in requests), 6),
    )


def percentile(ordered: list[float], p: float) -> float:
    """Nearest-rank percentile of sorted values: a latency some request really had."""
    if not ordered:
        return 0.0
    return ordered[max(math.ceil(p / 100 * len(ordered)) - 1, 0)]


def load_requests(audit: AuditLog | None, store: Store, since: date, usage_limit: int = 100_000) -> list[Request]:
    """Requests since `since` from the audit log (None: usage table only) and the store's usage table.

    The usage table is read newest first up to `usage_limit` rows (the store has no date filter).
    """
    audited = from_audit(audit.iter_entries(AuditQuery(kind="ai_request", since=since.isoformat()))) if audit else []
    low = since.isoformat()
    usage = [r for r in from_usage(store.list_usage(usage_limit)) if r.day >= low]
    return merge(audited, usage)


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)
