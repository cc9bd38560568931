"""One audit entry, its canonical JSON and its place in the hash chain."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from sudia.audit.base import AuditRow
from sudia.audit.key import AuditKey


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


def chain_hash(prev_hash: str, data: str, key: AuditKey | None = None) -> str:
    """HMAC-SHA256 with the audit key (outside the database); plain SHA-256 for entries older than it."""
    text = f"{prev_hash}\n{data}"
    return key.mac(text) if key is not None else hashlib.sha256(text.encode()).hexdigest()


def seal(entry: AuditEntry, seq: int, prev_hash: str, key: AuditKey | None = None) -> AuditRow:
    """The row to store: the entry numbered `seq`, chained to `prev_hash`, keyed when a key is given
    (the content then names the key, so that `verify` knows how the entry was sealed)."""
    content = entry.content()
    content["seq"] = seq
    if key is not None:
        content["chain"] = key.chain
    data = canonical(content)
    return AuditRow(seq, entry.at, entry.kind, entry.actor, entry.action, entry.collections, data, prev_hash,
                    chain_hash(prev_hash, data, key))


def entry_from_row(row: AuditRow) -> AuditEntry:
    content = {k: v for k, v in json.loads(row.data).items() if k in _FIELDS}
    for name in ("collections", "documents", "chunks"):
        content[name] = tuple(content.get(name, ()))
    return AuditEntry(**content, prev_hash=row.prev_hash, hash=row.hash)


def row_mismatch(row: AuditRow, key: AuditKey | None = None) -> str:
    """Why a stored row does not hold together ("" when it does), in French for the report.

    With a key, an entry from its `from_seq` on must be sealed with it; older ones may be plain."""
    try:
        content = json.loads(row.data)
    except ValueError:
        return "contenu illisible"
    sealed_with = content.get("chain", "")
    if sealed_with and key is None:
        return "entrée signée, mais la clé du journal est absente (SUDIA_AUDIT_KEY_FILE)"
    if key is not None and sealed_with != key.chain and (sealed_with or row.seq >= key.from_seq):
        return "entrée non signée par la clé du journal (réécrite ou ajoutée hors de Sud IA)"
    used = key if sealed_with else None
    if not hmac.compare_digest(chain_hash(row.prev_hash, row.data, used), row.hash):
        return "contenu modifié (l'empreinte ne correspond plus)"
    columns = (row.seq, row.at, row.kind, row.actor, row.action, list(row.collections))
    stored = (content.get("seq"), content.get("at"), content.get("kind"), content.get("actor"),
              content.get("action"), content.get("collections"))
    if columns != stored:
        return "colonnes modifiées (elles ne correspondent plus au contenu scellé)"
    return ""
