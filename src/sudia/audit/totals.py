"""Frugality totals of AI requests (energy, carbon, tokens, latency) per day, user, collection or model."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from sudia.audit.entry import AuditEntry

GroupBy = Literal["day", "actor", "collection", "model", "all"]


@dataclass(frozen=True)
class Totals:
    key: str
    requests: int
    prompt_tokens: int
    completion_tokens: int
    latency_ms_mean: float
    energy_wh: float
    carbon_gco2e: float


def totals(entries: Iterable[AuditEntry], by: GroupBy = "day") -> list[Totals]:
    """Sums over AI requests only; a request on two collections counts once in each of them."""
    sums: dict[str, list[float]] = {}
    for entry in entries:
        if entry.kind != "ai_request":
            continue
        if by == "day":
            keys = [entry.at[:10]]
        elif by == "actor":
            keys = [entry.actor]
        elif by == "collection":
            keys = list(entry.collections) or [""]
        elif by == "model":
            keys = [entry.model]
        else:
            keys = ["total"]
        for key in keys:
            s = sums.setdefault(key, [0, 0, 0, 0.0, 0.0, 0.0])
            s[0] += 1
            s[1] += entry.prompt_tokens
            s[2] += entry.completion_tokens
            s[3] += entry.latency_ms
            s[4] += entry.energy_wh
            s[5] += entry.carbon_gco2e
    return [Totals(k, int(s[0]), int(s[1]), int(s[2]), round(s[3] / s[0], 1), round(s[4], 6), round(s[5], 6))
            for k, s in sorted(sums.items())]
