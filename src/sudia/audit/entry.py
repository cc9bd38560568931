"""One audit entry, its canonical JSON and its place in the hash chain."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from sudia.audit.base import AuditRow


@dataclass(frozen=True)
class AuditEntry:
    """Who did what, when, on which collections, at what cost, and how it ended.

    For AI requests: `question` or `question_sha256` per the `audit_questions` setting, the
    cited `documents` and `chunks`, tokens, latency, energy and carbon. For administrative
    actions: `action` (e.g. "user.add", "token.revoke"), its `target` and `details`.
    """

    seq: int
    at: str
    kind: str
    actor: str
    action: str
    collections: tuple[str, ...] = ()
    target: str = ""
    entry_point: str = ""
    question: str = ""
    question_sha256: str = ""
    model: str = ""
    documents: tuple[str, ...] = ()
    chunks: tuple[str, ...] = ()
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: float = 0.0
    energy_wh: float = 0.0
    carbon_gco2e: float = 0.0
    outcome: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)
    prev_hash: str = ""
    hash: str = ""

    def content(self) -> dict[str, Any]:
        """Everything the hash covers: all fields but the chain's own."""
        data = asdict(self)
        del data["prev_hash"], data["hash"]
        data["collections"] = list(self.collections)
        data["documents"] = list(self.documents)
        data["chunks"] = list(self.chunks)
        data["details"] = dict(self.details)
        return data


_FIELDS = {f.name for f in fields(AuditEntry)}


def canonical(content: Mapping[str, Any]) -> str:
    """Sorted keys, no spaces, UTF-8 kept: the same content always gives the same bytes."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def chain_hash(prev_hash: str, data: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{data}".encode()).hexdigest()


def seal(entry: AuditEntry, seq: int, prev_hash: str) -> AuditRow:
    """The row to store: the entry numbered `seq`, chained to `prev_hash`."""
    content = entry.content()
    content["seq"] = seq
    data = canonical(content)
    return AuditRow(seq, entry.at, entry.kind, entry.actor, entry.action, entry.collections, data, prev_hash,
                    chain_hash(prev_hash, data))


def entry_from_row(row: AuditRow) -> AuditEntry:
    content = {k: v for k, v in json.loads(row.data).items() if k in _FIELDS}
    for name in ("collections", "documents", "chunks"):
        content[name] = tuple(content.get(name, ()))
    return AuditEntry(**content, prev_hash=row.prev_hash, hash=row.hash)


def row_mismatch(row: AuditRow) -> str:
    """Why a stored row does not hold together ("" when it does), in French for the report."""
    try:
        content = json.loads(row.data)
    except ValueError:
        return "contenu illisible"
    if chain_hash(row.prev_hash, row.data) != row.hash:
        return "contenu modifié (l'empreinte ne correspond plus)"
    columns = (row.seq, row.at, row.kind, row.actor, row.action, list(row.collections))
    stored = (content.get("seq"), content.get("at"), content.get("kind"), content.get("actor"),
              content.get("action"), content.get("collections"))
    if columns != stored:
        return "colonnes modifiées (elles ne correspondent plus au contenu scellé)"
    return ""
