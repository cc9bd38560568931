"""Rate limits shared by every worker: counters per key and time slot live in the database.

The count is a sliding-window estimate (the previous slot weighted by how much of it still falls
in the window, plus the current slot), which avoids letting through twice the limit at a slot
boundary while storing only two integers per key.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sudia.errors import SudiaError

_PERIODS = {60: "minute", 3600: "heure", 86400: "jour"}


class RateStore(Protocol):
    """Counters per (key, slot). Implementations: sudia.accounts.sqlite, sudia.accounts.postgres."""

    def hit(self, key: str, slot: int, cost: int = 1) -> int:
        """Add `cost` to the counter, atomically, and return its new value."""
        ...
    def count(self, key: str, slot: int) -> int: ...
    def reset(self, key: str) -> None: ...
    def prune(self, prefix: str, before_slot: int) -> int:
        """Delete the counters of keys starting with `prefix` in slots before `before_slot`."""
        ...


@dataclass(frozen=True)
class Decision:
    allowed: bool
    used: float
    limit: int
    retry_after_s: int


class RateLimiter:
    """`limit` events per `window_s` seconds and per key; 0 means no limit."""

    def __init__(self, store: RateStore, name: str, limit: int, window_s: int = 60,
                 clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.name = name
        self.limit = limit
        self.window_s = window_s
        self.clock = clock

    def _key(self, key: str) -> str:
        return f"{self.name}:{key}"

    def _estimate(self, key: str, current: int | None = None) -> tuple[float, float]:
        moment = self.clock()
        slot = int(moment // self.window_s)
        elapsed = (moment % self.window_s) / self.window_s
        previous = self.store.count(self._key(key), slot - 1)
        if current is None:
            current = self.store.count(self._key(key), slot)
        return previous * (1 - elapsed) + current, elapsed

    def peek(self, key: str) -> Decision:
        """Would one more event be allowed? Counts nothing (login throttling peeks, then counts failures)."""
        used, elapsed = self._estimate(key)
        return self._decide(used + 1, elapsed)

    def hit(self, key: str, cost: int = 1) -> Decision:
        """Count an event; refused events are counted too, so hammering does not reopen the window."""
        if self.limit <= 0:
            return Decision(True, 0, 0, 0)
        slot = int(self.clock() // self.window_s)
        current = self.store.hit(self._key(key), slot, cost)
        used, elapsed = self._estimate(key, current)
        return self._decide(used, elapsed)

    def check(self, key: str, cost: int = 1) -> None:
        """Count an event and raise SUDIA-L001 (HTTP 429) when it goes over the limit."""
        decision = self.hit(key, cost)
        if not decision.allowed:
            raise SudiaError("SUDIA-L001", limit=self.limit, period=_PERIODS.get(self.window_s, f"{self.window_s} s"),
                             retry_after=decision.retry_after_s)

    def reset(self, key: str) -> None:
        self.store.reset(self._key(key))


    def prune(self) -> int:
        """Forget slots older than the window (any worker may call it from time to time)."""
        # Slots are numbered per window size, so only this limiter's keys are compared with it.
        return self.store.prune(self._key(""), int(self.clock() // self.window_s) - 1)

    def _decide(self, used: float, elapsed: float) -> Decision:
        if self.limit <= 0 or used <= self.limit:
            return Decision(True, used, self.limit, 0)
        # Conservative wait: until the end of the current slot, when the old slot weighs no more.
        retry = max(1, math.ceil((1 - elapsed) * self.window_s))
        return Decision(False, used, self.limit, retry)


class WindowSampler:
    """Lets the first `limit` events of each fixed window through, and counts the others.

    Used to sample refusals into the audit log: the first refusal of a caller each minute gets an
    entry that also says how many were counted the minute before. 0 lets every event through.
    """

    def __init__(self, store: RateStore, name: str, limit: int, window_s: int = 60,
                 clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.name = name
        self.limit = limit
        self.window_s = window_s
        self.clock = clock

    def sample(self, key: str) -> bool:
        slot = int(self.clock() // self.window_s)
        return self.store.hit(f"{self.name}:{key}", slot) <= self.limit or self.limit <= 0

    def previous(self, key: str) -> int:
        """Events counted in the window before the current one."""
        return self.store.count(f"{self.name}:{key}", int(self.clock() // self.window_s) - 1)
