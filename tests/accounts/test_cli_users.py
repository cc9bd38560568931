"""`sudia users`: the real command in-process, on a real SQLite database in a temporary data directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sudia.accounts.trust import Trust
from sudia.cli.main import app

PASSWORD = "Garrigue-Mistral-2025"


@pytest.fixture
def run(tmp_path: Path):
    env = {"SUDIA_DATA_DIR": str(tmp_path / "data"), "SUDIA_DATABASE_URL": ""}
    runner = CliRunner()

    def invoke(*args: str, stdin: str | None = None):
        return runner.invoke(app, list(args), input=stdin, env=env)

    invoke.url = f"sqlite:///{(tmp_path / 'data' / 'sudia.db').as_posix()}"
    return invoke


def test_create_admin_prompts_twice(run) -> None:
    result = run("users", "create-admin", "admin@region.fr", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output  # hidden input is never echoed
    assert "Administrateur « admin@region.fr » créé." in result.stderr
    users = json.loads(run("users", "list", "--json").stdout)
    assert [(u["email"], u["admin"]) for u in users] == [("admin@region.fr", True)]


def test_create_admin_refuses_mismatch_and_weak_passwords(run) -> None:
    mismatch = run("users", "create-admin", "admin@region.fr", stdin=f"{PASSWORD}\nautre-chose-2025!\n")
    assert mismatch.exit_code == 1 and "SUDIA-A019" in mismatch.stderr
    weak = run("users", "create-admin", "admin@region.fr", "--password-stdin", stdin="azerty\n")
    assert weak.exit_code == 1 and "SUDIA-A003" in weak.stderr and "12 caractères" in weak.stderr
    assert json.loads(run("users", "list", "--json").stdout) == []


def test_users_groups_and_disable(run) -> None:
    assert run("users", "add", "rh1@region.fr", "-g", "rh", "--name", "Chargée RH", "--password-stdin",
               stdin=PASSWORD + "\n").exit_code == 0
    assert run("users", "add", "sso@region.fr", "--no-password").exit_code == 0
    duplicate = run("users", "add", "RH1@region.fr", "--no-password")
    assert duplicate.exit_code == 1 and "SUDIA-A005" in duplicate.stderr
    assert "paie, rh" in run("users", "groups", "add", "rh1@region.fr", "paie").stderr
    assert run("users", "groups", "remove", "rh1@region.fr", "rh").exit_code == 0
    assert json.loads(run("users", "groups", "list", "--json").stdout) == {"paie": 1}
    assert run("users", "disable", "sso@region.fr").exit_code == 0
    listed = {u["email"]: u for u in json.loads(run("users", "list", "--json").stdout)}
    assert listed["sso@region.fr"]["active"] is False and listed["rh1@region.fr"]["groups"] == ["paie"]
    assert "désactivé" in run("users", "list").stderr
    unknown = run("users", "disable", "absent@region.fr")
    assert unknown.exit_code == 1 and "SUDIA-A004" in unknown.stderr


def test_tokens_from_the_command_line(run) -> None:
    run("users", "add", "script@region.fr", "--no-password")
    created = run("users", "token", "create", "script@region.fr", "--scopes", "ask,search", "--expires-days", "90",
                  "--name", "export nocturne")
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip()
    assert secret.startswith("sudia_") and "\n" not in secret  # alone on stdout, ready to pipe
    assert "ne sera plus affiché" in created.stderr
    listed = json.loads(run("users", "token", "list", "--json").stdout)
    assert [(t["user"], t["scopes"], t["name"]) for t in listed] == [("script@region.fr", ["ask", "search"],
                                                                      "export nocturne")]
    assert secret not in run("users", "token", "list").output
    trust = Trust.open(run.url)
    try:
        assert trust.auth.token(secret).email == "script@region.fr"
        assert run("users", "token", "revoke", listed[0]["id"]).exit_code == 0
        with pytest.raises(Exception, match="SUDIA-A009"):
            trust.auth.token(secret)
    finally:
        trust.close()
    bad = run("users", "token", "create", "script@region.fr", "--scopes", "tout")
    assert bad.exit_code == 1 and "SUDIA-A011" in bad.stderr


def test_password_change(run) -> None:
    run("users", "add", "agent@region.fr", "--password-stdin", stdin=PASSWORD + "\n")
    changed = run("users", "password", "agent@region.fr", "--password-stdin", stdin=PASSWORD + "-neuf\n")
    assert changed.exit_code == 0, changed.output
    trust = Trust.open(run.url)
    try:
        assert trust.auth.login("agent@region.fr", PASSWORD + "-neuf").principal.email == "agent@region.fr"
    finally:
        trust.close()
