"""`sudia audit`: verify, list, export and purge through the real command, on SQLite."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sudia.accounts.factory import open_trust_store
from sudia.audit.log import AuditLog
from sudia.cli.main import app


@pytest.fixture
def env(tmp_path: Path):
    url = f"sqlite:///{(tmp_path / 'data' / 'sudia.db').as_posix()}"
    store = open_trust_store(url)
    old = AuditLog(store, "full", clock=lambda: datetime.now(timezone.utc) - timedelta(days=500))
    old.record_admin("cli:ops", "user.add", "ancien@region.fr")
    log = AuditLog(store, "full")
    log.record_request("user:agent@region.fr", "ask", ["allo-region"], "Horaires d'Allo Région ?")
    log.record_admin("cli:ops", "group.add", "agent@region.fr", details={"group": "rh"})
    store.close()
    return {"SUDIA_DATA_DIR": str(tmp_path / "data"), "SUDIA_DATABASE_URL": "", "SUDIA_AUDIT_RETENTION_DAYS": "365"}


def run(env: dict[str, str], *args: str):
    return CliRunner().invoke(app, list(args), env=env)


def test_verify_reports_the_head_to_note(env) -> None:
    result = run(env, "audit", "verify")
    assert result.exit_code == 0, result.output
    assert "Journal intègre : 3 entrées vérifiées" in result.stderr
    head = result.stderr.split("Tête à noter hors de la base : ")[1].split()[0]
    assert run(env, "audit", "verify", "--anchor", head).exit_code == 0
    data = json.loads(run(env, "audit", "verify", "--json").stdout)
    assert data["ok"] is True and data["head_seq"] == 3
    bad = run(env, "audit", "verify", "--anchor", "3:abc")
    assert bad.exit_code == 1 and "SUDIA-U002" in bad.stderr


def test_verify_fails_on_tampering(env, tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "data" / "sudia.db", isolation_level=None)
    try:
        db.execute("DROP TRIGGER audit_no_update")
        db.execute("UPDATE audit_entries SET data = replace(data, 'rh', 'direction') WHERE seq = 3")
    finally:
        db.close()
    result = run(env, "audit", "verify")
    assert result.exit_code == 1 and "SUDIA-U001" in result.stderr and "n° 3" in result.stderr


def test_list_and_export(env, tmp_path: Path) -> None:
    listed = json.loads(run(env, "audit", "list", "--json", "--kind", "ai_request").stdout)
    assert [e["question"] for e in listed] == ["Horaires d'Allo Région ?"]
    assert "group.add agent@region.fr" in run(env, "audit", "list").stderr
    target = tmp_path / "export.csv"
    result = run(env, "audit", "export", "--csv", str(target), "--actor", "cli:ops")
    assert result.exit_code == 0 and "2 entrées exportées" in result.stderr
    with target.open(encoding="utf-8-sig", newline="") as stream:
        assert [r["action"] for r in csv.DictReader(stream)] == ["user.add", "group.add"]
    bad = run(env, "audit", "list", "--since", "hier")
    assert bad.exit_code == 1 and "SUDIA-U002" in bad.stderr


def test_purge_then_verify(env) -> None:
    purged = run(env, "audit", "purge")
    assert purged.exit_code == 0 and "1 entrées purgées" in purged.stderr
    assert "Aucune entrée de plus de 365 jours" in run(env, "audit", "purge").stderr
    verified = run(env, "audit", "verify")
    assert verified.exit_code == 0 and "n° 2 à 4" in verified.stderr
    last = json.loads(run(env, "audit", "list", "--json", "-n", "1").stdout)[0]
    assert last["action"] == "audit.purge" and last["actor"].startswith("cli")
