"""The audit chain on both engines: recording, verification, tampering, append-only guard, retention."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from datetime import datetime, timedelta, timezone

import pytest

from sudia.accounts.trust import Trust
from sudia.audit.base import AuditQuery
from sudia.audit.log import AuditLog
from sudia.types import Answer, Citation, Usage

QUESTION = "Quelles sont les conditions du Pass Jeunes Sud pour un apprenti de 17 ans ?"


def _answer() -> Answer:
    citation = Citation(1, "doc1", "Pass Jeunes", "pass.html", "allo-region", "doc1-0", None, "", "citation")
    usage = Usage(model="mistral-small-24b", prompt_tokens=812, completion_tokens=96, latency_ms=1234.56,
                  energy_wh=0.4321, carbon_gco2e=0.0179)
    return Answer(QUESTION, "Réponse [1].", "generative", [citation, citation], ["allo-region"], usage)


def _raw(engine_url: str, statement: str, params: tuple = ()) -> None:
    """What an intruder with database access would run: no Sud IA code in between."""
    if engine_url.startswith("sqlite"):
        db = sqlite3.connect(engine_url.removeprefix("sqlite:///"), isolation_level=None)
        try:
            db.execute("DROP TRIGGER IF EXISTS audit_no_update")
            db.execute("DROP TRIGGER IF EXISTS audit_no_delete")
            db.execute(statement.replace("%s", "?"), params)
        finally:
            db.close()
    else:
        import psycopg

        with psycopg.connect(engine_url, autocommit=True) as db:
            db.execute("ALTER TABLE audit_entries DISABLE TRIGGER USER")
            db.execute(statement, params)


def _fill(log: AuditLog, n: int = 5) -> None:
    for i in range(n):
        log.record_admin("cli:ops", "user.add", f"agent{i}@region.fr")


def test_ai_request_entry_holds_who_what_cost_and_sources(trust: Trust) -> None:
    entry = trust.audit.record_request("user:agent@region.fr", "ask", ["allo-region"], QUESTION, answer=_answer(),
                                       entry_point="web")
    assert (entry.seq, entry.kind, entry.actor, entry.action, entry.entry_point) == (
        1, "ai_request", "user:agent@region.fr", "ask", "web")
    assert entry.collections == ("allo-region",) and entry.question == QUESTION
    # Keyed (#10): a short question cannot be found again by hashing guesses without the key.
    assert entry.question_sha256 == trust.audit.key.mac(f"question\n{QUESTION}")
    assert entry.question_sha256 != hashlib.sha256(QUESTION.encode()).hexdigest()
    assert (entry.model, entry.prompt_tokens, entry.completion_tokens) == ("mistral-small-24b", 812, 96)
    assert (entry.latency_ms, entry.energy_wh, entry.carbon_gco2e) == (1234.6, 0.4321, 0.0179)
    assert entry.documents == ("doc1",) and entry.chunks == ("doc1-0",) and entry.outcome == "answered"
    assert trust.audit.entries() == [entry]
    denied = trust.audit.record_request("anonymous", "search", [], "RH", outcome="denied")
    assert denied.prev_hash == entry.hash and denied.outcome == "denied"


@pytest.mark.parametrize("policy, stored, hashed", [("full", True, True), ("hash", False, True),
                                                     ("none", False, False)])
def test_question_storage_follows_the_setting(trust: Trust, policy: str, stored: bool, hashed: bool) -> None:
    log = AuditLog(trust.store, policy)
    entry = log.record_request("anonymous", "ask", ["allo-region"], QUESTION, answer=_answer())
    assert (entry.question == QUESTION) is stored and bool(entry.question_sha256) is hashed
    raw = trust.store.rows(AuditQuery())[0].data
    assert (QUESTION in raw) is stored


def test_verify_a_sound_chain(trust: Trust) -> None:
    assert trust.audit.verify().ok and trust.audit.verify().checked == 0
    _fill(trust.audit)
    result = trust.audit.verify()
    assert result.ok and result.checked == 5 and (result.first_seq, result.head_seq) == (1, 5)
    assert (result.head_seq, result.head_hash) == trust.audit.head()


@pytest.mark.parametrize("statement, broken, words", [
    ("UPDATE audit_entries SET data = replace(data, 'agent2', 'agent9') WHERE seq = 3", 3, "contenu modifié"),
    ("UPDATE audit_entries SET actor = 'user:innocent@region.fr' WHERE seq = 2", 2, "colonnes modifiées"),
    ("DELETE FROM audit_entries WHERE seq = 3", 4, "supprimées"),
    ("DELETE FROM audit_entries WHERE seq <= 2", 3, "début du journal"),
    ("UPDATE audit_entries SET prev_hash = hash WHERE seq = 4", 4, "contenu modifié"),
])
def test_tampering_is_detected_at_the_first_broken_entry(trust: Trust, engine_url: str, statement: str,
                                                         broken: int, words: str) -> None:
    _fill(trust.audit)
    _raw(engine_url, statement)
    result = trust.audit.verify()
    assert not result.ok and result.broken_seq == broken and words in result.reason


def test_rewriting_the_chain_from_an_entry_on_is_caught_without_the_key(trust: Trust, engine_url: str) -> None:
    """Finding 11: an entry edited and every later hash recomputed used to verify. The hashes are
    HMACs keyed outside the database: whoever rewrites the rows cannot recompute them."""
    _fill(trust.audit)
    prev = trust.store.rows(AuditQuery())[1].hash
    for row in trust.store.rows(AuditQuery())[2:]:
        data = row.data.replace("agent2", "agent9")
        for guess in (hashlib.sha256(f"{prev}\n{data}".encode()).hexdigest(),):  # what an intruder can compute
            _raw(engine_url, "UPDATE audit_entries SET data = %s, prev_hash = %s, hash = %s WHERE seq = %s",
                 (data, prev, guess, row.seq))
            prev = guess
    result = trust.audit.verify()
    assert not result.ok and result.broken_seq == 3 and "contenu modifié" in result.reason


def test_the_database_refuses_updates_and_deletes(trust: Trust, engine_url: str) -> None:
    _fill(trust.audit, 2)
    if engine_url.startswith("sqlite"):
        db = sqlite3.connect(engine_url.removeprefix("sqlite:///"), isolation_level=None)
        try:
            for statement in ("UPDATE audit_entries SET actor = 'x'", "DELETE FROM audit_entries"):
                with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                    db.execute(statement)
        finally:
            db.close()
    else:
        import psycopg

        with psycopg.connect(engine_url, autocommit=True) as db:
            for statement in ("UPDATE audit_entries SET actor = 'x'", "DELETE FROM audit_entries",
                              "TRUNCATE audit_entries"):
                with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                    db.execute(statement)
    assert trust.audit.verify().checked == 2


def test_tail_truncation_is_caught_with_an_anchor(trust: Trust, engine_url: str) -> None:
    _fill(trust.audit)
    anchor = trust.audit.head()
    _raw(engine_url, "DELETE FROM audit_entries WHERE seq >= 4")
    assert trust.audit.verify().ok  # a chain alone cannot see its end cut off...
    result = trust.audit.verify(anchor)  # ...a head noted elsewhere can
    assert not result.ok and result.broken_seq == 5


def _log_at(trust: Trust, moment: datetime) -> AuditLog:
    return AuditLog(trust.store, "full", clock=lambda: moment, key=trust.audit.key)


def test_purge_keeps_the_chain_verifiable(trust: Trust, engine_url: str) -> None:
    today = datetime.now(timezone.utc)
    _fill(_log_at(trust, today - timedelta(days=400)), 3)
    _fill(_log_at(trust, today - timedelta(days=10)), 2)
    result = trust.audit.purge(365, actor="cli:ops")
    assert (result.purged, result.through_seq, result.checkpoint.seq) == (3, 3, 6)
    assert result.checkpoint.action == "audit.purge" and result.checkpoint.details["purged"] == 3
    assert [e.seq for e in trust.audit.iter_entries()] == [4, 5, 6]
    verified = trust.audit.verify()
    assert verified.ok and verified.first_seq == 4 and verified.checked == 3
    assert trust.audit.purge(365) is None  # nothing old enough any more
    # a later purge that also removes the first checkpoint leaves its own
    later = AuditLog(trust.store, clock=lambda: today + timedelta(days=400), key=trust.audit.key)
    assert later.purge(365).through_seq == 6
    assert trust.audit.verify().ok
    # deleting entries after the checkpoint's range is still caught
    _fill(trust.audit, 2)
    _raw(engine_url, "DELETE FROM audit_entries WHERE seq = 8")
    assert not trust.audit.verify().ok


def test_a_forged_purge_checkpoint_is_caught(trust: Trust, engine_url: str) -> None:
    _fill(trust.audit, 4)
    _raw(engine_url, "DELETE FROM audit_entries WHERE seq <= 2")
    _fill(trust.audit, 1)  # business as usual afterwards: the hole is still found
    result = trust.audit.verify()
    assert not result.ok and result.broken_seq == 3


def test_retention_of_zero_keeps_everything(trust: Trust) -> None:
    _fill(_log_at(trust, datetime(2000, 1, 1, tzinfo=timezone.utc)), 2)
    assert trust.audit.purge(0) is None and trust.audit.verify().checked == 2


def test_concurrent_writers_keep_one_linear_chain(trust: Trust, engine_url: str, trust_settings) -> None:
    """Several workers (here: threads, each with its own trust layer and connection) append at once."""
    from accounts.engines import CHEAP

    def worker(n: int) -> None:
        other = Trust.open(engine_url, trust_settings, cost=CHEAP)
        try:
            for i in range(10):
                other.audit.record_request(f"user:w{n}@region.fr", "ask", ["c"], f"question {i}")
        finally:
            other.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result = trust.audit.verify()
    assert result.ok and result.checked == 40 and result.head_seq == 40
