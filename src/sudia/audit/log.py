"""The audit log: record AI requests and administrative actions, read them back, purge old ones."""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from sudia.accounts.base import iso, now
from sudia.audit.base import PURGE_ACTION, AuditQuery, AuditStore
from sudia.audit.entry import AuditEntry, entry_from_row, seal
from sudia.audit.key import AnchorFile, AuditKey
from sudia.audit.verify import Verification, verify
from sudia.errors import SudiaError
from sudia.types import Answer, Hit, Usage

QuestionPolicy = Literal["full", "hash", "none"]
ANCHOR_INTERVAL_S = 60.0  # a process writes the head outside the database at most this often
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PurgeResult:
    purged: int
    through_seq: int
    checkpoint: AuditEntry


class AuditLog:
    """Append-only and chained: each entry's hash covers its content and the previous hash."""

    def __init__(self, store: AuditStore, questions: QuestionPolicy = "hash",
                 clock: Callable[[], datetime] = now, key: AuditKey | None = None,
                 anchor: AnchorFile | None = None, retention_days: int = 0,
                 anchor_interval_s: float = ANCHOR_INTERVAL_S) -> None:
        """`key` seals the chain (see `audit.key`); `anchor` keeps the head outside the database;
        `retention_days` is the setting purges are checked against (0: no check)."""
        self.store = store
        self.questions = questions
        self.clock = clock
        self.key = key
        self.anchor = anchor
        self.retention_days = retention_days
        self.anchor_interval_s = anchor_interval_s
        self._anchored = -math.inf  # monotonic time of this process's last anchor

    def _append(self, entry: AuditEntry) -> AuditEntry:
        row = self.store.append(lambda seq, prev: seal(entry, seq, prev, self.key))
        self._anchor(row.seq, row.hash)
        return entry_from_row(row)

    def _anchor(self, seq: int, digest: str, force: bool = False) -> None:
        if self.anchor is None or (not force and time.monotonic() - self._anchored < self.anchor_interval_s):
            return
        self._anchored = time.monotonic()
        try:
            self.anchor.write(seq, digest)
        except OSError:  # a full or read-only disk must not stop the service; `verify` will tell
            log.exception("audit anchor not written")

    def anchor_now(self) -> None:
        """Write the current head to the anchor file (the CLI does it after verifying)."""
        seq, digest = self.store.head()
        if seq:
            self._anchor(seq, digest, force=True)

    def record_request(self, actor: str, action: str, collections: Iterable[str], question: str, *,
                       answer: Answer | None = None, hits: list[Hit] | None = None, usage: Usage | None = None,
                       outcome: str = "", entry_point: str = "", details: Mapping[str, Any] | None = None
                       ) -> AuditEntry:
        """An AI request (`action`: ask, search, chat...). Sources come from the answer's citations,
        or from the hits a search returned; cost from the answer's usage or `usage`."""
        usage = usage or (answer.usage if answer else None) or Usage(request_id="")  # refused: no work, no id
        if answer is not None:
            documents = [c.document_id for c in answer.citations]
            chunks = [c.chunk_id for c in answer.citations]
            outcome = outcome or ("abstention" if answer.mode == "abstention" else "answered")
        else:
            documents = [h.chunk.document_id for h in hits or ()]
            chunks = [h.chunk.id for h in hits or ()]
            outcome = outcome or "ok"
        text, digest = self._question(question)
        entry = AuditEntry(
            seq=0, at=iso(self.clock()), kind="ai_request", actor=actor, action=action,
            collections=tuple(collections), entry_point=entry_point, question=text, question_sha256=digest,
            model=usage.model, documents=tuple(dict.fromkeys(documents)), chunks=tuple(dict.fromkeys(chunks)),
            prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens,
            latency_ms=round(usage.latency_ms, 1), energy_wh=round(usage.energy_wh, 6),
            carbon_gco2e=round(usage.carbon_gco2e, 6), outcome=outcome, details=_with_request(details, usage),
        )
        return self._append(entry)

    def record_admin(self, actor: str, action: str, target: str = "", *, collections: Iterable[str] = (),
                     outcome: str = "ok", entry_point: str = "", details: Mapping[str, Any] | None = None
                     ) -> AuditEntry:
        """An administrative action: "user.add", "group.add", "token.revoke", "collection.rights"...

        `details` must never hold a secret (password, token): callers pass names and ids only.
        """
        entry = AuditEntry(seq=0, at=iso(self.clock()), kind="admin", actor=actor, action=action,
                           collections=tuple(collections), target=target, entry_point=entry_point,
                           outcome=outcome, details=dict(details or {}))
        return self._append(entry)

    def _question(self, question: str) -> tuple[str, str]:
        """A keyed hash when there is a key: a short question cannot be found by hashing guesses."""
        if self.questions == "none":
            return "", ""
        text = question.strip()
        digest = self.key.mac(f"question\n{text}") if self.key else hashlib.sha256(text.encode()).hexdigest()
        return (question if self.questions == "full" else ""), digest

    # -- reading -------------------------------------------------------------------------------
    def entries(self, query: AuditQuery = AuditQuery(), limit: int = 100, before_seq: int = 0) -> list[AuditEntry]:
        """Newest first, one page; pass the last `seq` shown as `before_seq` for the next page."""
        return [entry_from_row(r) for r in self.store.rows(query, before_seq, limit, newest_first=True)]

    def iter_entries(self, query: AuditQuery = AuditQuery(), page: int = 1000) -> Iterator[AuditEntry]:
        """Oldest first, read page by page so that exports never hold the whole log in memory."""
        after = 0
        while True:
            rows = self.store.rows(query, after, page)
            for row in rows:
                yield entry_from_row(row)
            if len(rows) < page:
                return
            after = rows[-1].seq

    def head(self) -> tuple[int, str]:
        return self.store.head()

    def verify(self, anchor: tuple[int, str] | None = None) -> Verification:
        """Check the whole chain; `anchor` (seq, hash) is a head noted earlier, outside the database,
        by default the anchor file's. An altered anchor file is itself a failure."""
        if anchor is None and self.anchor is not None:
            try:
                found = self.anchor.read()
            except SudiaError as exc:
                return Verification(False, 0, reason=exc.message)
            anchor = (found.seq, found.hash) if found is not None else None
        return verify(self.store, anchor, key=self.key, retention_days=self.retention_days)

    # -- retention -----------------------------------------------------------------------------
    def purge(self, retention_days: int, actor: str = "system", entry_point: str = "") -> PurgeResult | None:
        """Delete entries older than the retention, keeping the chain verifiable: the checkpoint
        appended in the same transaction carries the hash of the last deleted entry."""
        if retention_days <= 0:
            return None
        if retention_days < self.retention_days:
            raise SudiaError("SUDIA-U002", detail=f"conservation de {retention_days} jours, plus courte que celle"
                                                  f" réglée ({self.retention_days} jours, SUDIA_AUDIT_RETENTION_DAYS)")
        before = iso(self.clock() - timedelta(days=retention_days))
        template = AuditEntry(seq=0, at=iso(self.clock()), kind="admin", actor=actor, action=PURGE_ACTION,
                              entry_point=entry_point, outcome="ok")

        def checkpoint(seq: int, prev: str, through: int, last_hash: str, purged: int):
            details = {"before": before, "purged": purged, "through_seq": through, "last_purged_hash": last_hash,
                       "retention_days": retention_days}
            return seal(replace(template, target=f"1-{through}", details=details), seq, prev, self.key)

        row = self.store.purge(before, checkpoint)
        if row is None:
            return None
        self._anchor(row.seq, row.hash, force=True)
        entry = entry_from_row(row)
        return PurgeResult(int(entry.details["purged"]), int(entry.details["through_seq"]), entry)


def _with_request(details: Mapping[str, Any] | None, usage: Usage) -> dict[str, Any]:
    """The entry's details, with the id its usage row carries too (sudia.frugality joins on it)."""
    out = dict(details or {})
    if usage.request_id:
        out.setdefault("request_id", usage.request_id)
    return out
