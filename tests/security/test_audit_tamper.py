"""Finding 11: tamper evidence that survives an intruder who can write the database (both engines).

The intruder runs SQL, with the triggers off, and can compute any SHA-256; what they lack is the
audit key, kept outside the database, and the anchor file written beside it."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone

import pytest

from audit.test_chain import _fill, _raw
from sudia.accounts.trust import Trust
from sudia.audit.base import AuditQuery
from sudia.audit.log import AuditLog
from sudia.errors import SudiaError

from accounts.engines import engine_url, trust, trust_settings  # noqa: F401 - fixtures


def _sha(prev: str, data: str) -> str:
    return hashlib.sha256(f"{prev}\n{data}".encode()).hexdigest()


def test_a_forged_purge_of_old_entries_is_caught(trust: Trust, engine_url: str) -> None:
    """Delete the first entries, then append a purge checkpoint that "explains" the hole."""
    _fill(trust.audit, 5)
    rows = trust.store.rows(AuditQuery())
    _raw(engine_url, "DELETE FROM audit_entries WHERE seq <= 2")
    head = rows[-1]
    content = {"seq": 6, "at": head.at, "kind": "admin", "actor": "system:retention", "action": "audit.purge",
               "collections": [], "target": "1-2", "entry_point": "server", "question": "", "question_sha256": "",
               "model": "", "documents": [], "chunks": [], "prompt_tokens": 0, "completion_tokens": 0,
               "latency_ms": 0.0, "energy_wh": 0.0, "carbon_gco2e": 0.0, "outcome": "ok",
               "details": {"before": head.at, "purged": 2, "through_seq": 2, "last_purged_hash": rows[2].prev_hash,
                           "retention_days": 365}}
    content["chain"] = json.loads(head.data).get("chain", "")  # even claiming to be keyed
    data = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    _raw(engine_url, "INSERT INTO audit_entries(seq, at, kind, actor, action, collections, data, prev_hash, hash)"
                     " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s)",
         (6, head.at, "admin", "system:retention", "audit.purge", "", data, head.hash, _sha(head.hash, data)))
    result = trust.audit.verify()
    assert not result.ok and result.broken_seq == 6


def test_purges_are_checked_against_the_retention_setting(trust: Trust, engine_url: str) -> None:
    today = datetime.now(timezone.utc)
    _fill(AuditLog(trust.store, clock=lambda: today - timedelta(days=40), key=trust.audit.key), 3)
    _fill(trust.audit, 2)
    with pytest.raises(SudiaError) as refused:
        trust.audit.purge(30)  # the setting keeps 365 days
    assert refused.value.code == "SUDIA-U002" and "365" in refused.value.message
    # A process with the key but a shorter setting purged anyway: verify, under the real setting, says so.
    AuditLog(trust.store, key=trust.audit.key).purge(30)
    result = trust.audit.verify()
    assert not result.ok and "plus courte que la conservation réglée (365 jours)" in result.reason


def test_cutting_off_the_newest_entries_is_caught_by_the_anchor_file(trust: Trust, engine_url: str) -> None:
    trust.audit.anchor_interval_s = 0  # anchor at each entry (in service: at most once a minute)
    _fill(trust.audit, 5)
    _raw(engine_url, "DELETE FROM audit_entries WHERE seq >= 4")
    result = trust.audit.verify()  # no anchor given: the file's is used
    assert not result.ok and result.broken_seq == 5 and "supprimées" in result.reason


def test_an_altered_anchor_file_is_reported(trust: Trust) -> None:
    trust.audit.anchor_interval_s = 0
    _fill(trust.audit, 2)
    path = trust.audit.anchor.path
    content = json.loads(path.read_text())
    content["seq"] = 1
    path.write_text(json.dumps(content))
    result = trust.audit.verify()
    assert not result.ok and "signature invalide" in result.reason


def test_the_key_stays_out_of_the_database_and_is_private(trust: Trust, engine_url: str) -> None:
    _fill(trust.audit, 2)
    secret = trust.audit.key.secret.decode()
    dump = " ".join(r.data for r in trust.store.rows(AuditQuery()))
    assert secret not in dump
    path = trust.settings.audit_key_file
    assert path.exists() and path.stat().st_mode & 0o077 == 0
