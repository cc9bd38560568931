"""The audit log: record AI requests and administrative actions, read them back, purge old ones."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from sudia.accounts.base import iso, now
from sudia.audit.base import PURGE_ACTION, AuditQuery, AuditStore
from sudia.audit.entry import AuditEntry, entry_from_row, seal
from sudia.audit.verify import Verification, verify
from sudia.types import Answer, Hit, Usage

QuestionPolicy = Literal["full", "hash", "none"]


@dataclass(frozen=True)
class PurgeResult:
    purged: int
    through_seq: int
    checkpoint: AuditEntry


class AuditLog:
    """Append-only and chained: each entry's hash covers its content and the previous hash."""

    def __init__(self, store: AuditStore, questions: QuestionPolicy = "hash",
                 clock: Callable[[], datetime] = now) -> None:
        self.store = store
        self.questions = questions
        self.clock = clock

    def _append(self, entry: AuditEntry) -> AuditEntry:
        return entry_from_row(self.store.append(lambda seq, prev: seal(entry, seq, prev)))

    def record_request(self, actor: str, action: str, collections: Iterable[str], question: str, *,
                       answer: Answer | None = None, hits: list[Hit] | None = None, usage: Usage | None = None,
                       outcome: str = "", entry_point: str = "", details: Mapping[str, Any] | None = None
                       ) -> AuditEntry:
        """An AI request (`action`: ask, search, chat...). Sources come from the answer's citations,
        or from the hits a search returned; cost from the answer's usage or `usage`."""
        usage = usage or (answer.usage if answer else None) or Usage()
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
            carbon_gco2e=round(usage.carbon_gco2e, 6), outcome=outcome, details=dict(details or {}),
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
        if self.questions == "none":
            return "", ""
        digest = hashlib.sha256(question.strip().encode()).hexdigest()
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
        """Check the whole chain; `anchor` (seq, hash) is a head noted earlier, outside the database."""
        return verify(self.store, anchor)

    # -- retention -----------------------------------------------------------------------------
    def purge(self, retention_days: int, actor: str = "system", entry_point: str = "") -> PurgeResult | None:
        """Delete entries older than the retention, keeping the chain verifiable: the checkpoint
        appended in the same transaction carries the hash of the last deleted entry."""
        if retention_days <= 0:
            return None
        before = iso(self.clock() - timedelta(days=retention_days))
        template = AuditEntry(seq=0, at=iso(self.clock()), kind="admin", actor=actor, action=PURGE_ACTION,
                              entry_point=entry_point, outcome="ok")

        def checkpoint(seq: int, prev: str, through: int, last_hash: str, purged: int):
            details = {"before": before, "purged": purged, "through_seq": through, "last_purged_hash": last_hash,
                       "retention_days": retention_days}
            return seal(replace(template, target=f"1-{through}", details=details), seq, prev)

        row = self.store.purge(before, checkpoint)
        if row is None:
            return None
        entry = entry_from_row(row)
        return PurgeResult(int(entry.details["purged"]), int(entry.details["through_seq"]), entry)
