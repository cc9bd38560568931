"""A use case added as a package, without editing core files: pages, API, nav, CLI, register, migrations."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from cli.conftest import sudia_command
from fastapi.testclient import TestClient
from pg_schema import postgres_schema
from web.conftest import admin_token

from sudia import migrations
from sudia.database import Database
from sudia.errors import SudiaError
from sudia.extensions import UseCase, discover
from sudia.migrations import Migration
from sudia.settings import Settings
from sudia.web.app import create_app

EXAMPLE = "usecase_example.carnet:Carnet"
TESTS = Path(__file__).parents[1]


@pytest.fixture
def carnet_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"extensions": EXAMPLE})


def test_the_example_serves_its_page_api_nav_and_register_entry(carnet_settings: Settings) -> None:
    token = admin_token(carnet_settings)
    with TestClient(create_app(carnet_settings)) as client:
        assert client.get("/carnet/api/notes").status_code == 405  # routes exist (GET is not one)
        refused = client.post("/carnet/api/notes", json={"text": "x"})
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "SUDIA-A007"  # JSON path
        headers = {"Authorization": f"Bearer {token}"}
        added = client.post("/carnet/api/notes", json={"text": "Rappeler M. Martin"}, headers=headers)
        assert added.status_code == 201 and added.json() == {"notes": ["Rappeler M. Martin"]}
        page = client.get("/carnet", headers=headers)
        assert page.status_code == 200
        assert "Rappeler M. Martin" in page.text and 'href="/carnet"' in page.text  # its own nav entry
        assert "carnet" in {e["id"] for e in client.get("/registre.json").json()["usages"]}
        applied = client.app.state.platform.database.fetchall(
            "SELECT version FROM sudia_migrations WHERE component = 'carnet' ORDER BY version")
        assert applied == [(1,), (2,)]


def test_the_example_adds_cli_commands_and_an_evaluation(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUDIA_")}
    env.update(SUDIA_DATA_DIR=str(tmp_path / "data"), SUDIA_DEMO="false", SUDIA_EXTENSIONS=EXAMPLE,
               PYTHONPATH=str(TESTS), COLUMNS="200")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*sudia_command(), *args], env=env, capture_output=True, text=True, timeout=120)

    upgraded = run("db", "upgrade", "--json")
    assert upgraded.returncode == 0, upgraded.stderr
    applied = json.loads(upgraded.stdout)["applied"]  # installed use cases (pieces, cantines…) have theirs too
    assert [m["version"] for m in applied if m["component"] == "carnet"] == [1, 2]
    assert run("carnet", "add", "agent@region.fr", "Première note").returncode == 0
    assert run("carnet", "list", "agent@region.fr").stdout.strip() == "Première note"
    assert json.loads(run("eval", "carnet").stdout) == {"score": 1.0}
    states = json.loads(run("db", "status", "--json").stdout)["migrations"]
    assert all(s["applied_at"] for s in states if s["component"] == "carnet")


def _check_migrations(url: str) -> None:
    first = [Migration("essai", 1, "table", "CREATE TABLE essai_t (id {serial}, v TEXT)")]
    database = Database(url)
    try:
        assert [m.version for m in migrations.upgrade(database, first)] == [1]
        assert migrations.upgrade(database, first) == []  # idempotent: each migration runs once
        second = first + [Migration("essai", 2, "colonne", "ALTER TABLE essai_t ADD COLUMN w INTEGER")]
        assert [m.version for m in migrations.upgrade(database, second)] == [2]
        database.execute("INSERT INTO essai_t (v, w) VALUES (?, ?)", ("100 %", 2))
        assert database.fetchall("SELECT v, w FROM essai_t") == [("100 %", 2)]
        with pytest.raises(SudiaError) as newer:  # code older than the database: refused, not half-used
            migrations.upgrade(database, first)
        assert newer.value.code == "SUDIA-X003"
        with pytest.raises(SudiaError) as gap:
            migrations.upgrade(database, [Migration("essai", 1, "a"), Migration("essai", 3, "c")])
        assert gap.value.code == "SUDIA-X002"
        with pytest.raises(ZeroDivisionError):  # a failing migration leaves nothing half-applied
            migrations.upgrade(database, second + [Migration("essai", 3, "casse", "CREATE TABLE essai_u (x TEXT)",
                                                             apply=lambda tx: 1 / 0)])
        assert [s.applied_at is None for s in migrations.status(database, second)] == [False, False]
        assert database.fetchone("SELECT COUNT(*) FROM sudia_migrations WHERE version = 3") == (0,)
    finally:
        database.close()


def test_migrations_on_sqlite(tmp_path: Path) -> None:
    _check_migrations(f"sqlite:///{tmp_path / 'm.db'}")


@pytest.mark.integration
def test_migrations_on_postgresql() -> None:
    with postgres_schema("sudia_migr") as url:
        _check_migrations(url)


def test_discovery_rules() -> None:
    with pytest.raises(SudiaError) as broken:
        discover(["usecase_example.carnet:Nothing"])
    assert broken.value.code == "SUDIA-X001"
    names = [u.name for u in discover([EXAMPLE, EXAMPLE])]
    assert names.count("carnet") == 1 and "observatoire" in names  # built-ins come as entry points
    assert "observatoire" not in [u.name for u in discover([EXAMPLE], disabled=["observatoire"])]
    assert isinstance(discover([EXAMPLE])[-1], UseCase)


def test_the_core_names_no_use_case() -> None:
    """The web app, the CLI's root and the platform reach use cases through sudia.extensions only."""
    src = Path(__file__).parents[2] / "src" / "sudia"
    core = [src / "web" / "app.py", src / "cli" / "main.py", src / "platform.py", src / "register.py",
            src / "web" / "trust_pages.py", src / "web" / "templating.py"]
    for path in core:
        assert "observatoire" not in path.read_text(encoding="utf-8").lower(), path
