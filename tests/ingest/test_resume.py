"""A `sudia ingest` killed midway (SIGKILL) is resumed by running it again: no file twice, no lost file."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

DEMO = Path(__file__).parents[2] / "src" / "sudia" / "demo" / "allo-region"
FILES = ["aide-apprentissage-employeurs.docx", "aide-associations.docx", "aide-permis-de-conduire.docx",
         "allo-region-horaires-canaux.md", "cantine-lycee-gaspillage.md", "formation-demandeurs-emploi.pdf",
         "pass-jeunes-sud.html", "renovation-energetique-logement.pdf"]


def sudia_command() -> list[str]:
    script = Path(sys.executable).with_name("sudia")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sudia.cli.main"]


def cli_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUDIA_")}
    env.update(SUDIA_DATA_DIR=str(data_dir), SUDIA_DEMO="false", COLUMNS="200")
    return env


def stored_sources(db: Path) -> list[str]:
    if not db.exists():
        return []
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return [r[0] for r in conn.execute("SELECT source FROM documents")]
    except sqlite3.OperationalError:  # the schema is not created yet
        return []


def test_a_killed_ingestion_resumes_without_duplicates(tmp_path: Path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in FILES:
        shutil.copy(DEMO / name, folder / name)
    data = tmp_path / "data"
    db = data / "sudia.db"
    command = [*sudia_command(), "ingest", str(folder), "--collection", "demo"]

    process = subprocess.Popen(command, env=cli_env(data), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    try:
        while not stored_sources(db) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)  # no chance to clean up, like a power cut
    finally:
        process.wait(30)
        process.stderr.close()
    before = stored_sources(db)
    assert 0 < len(before) < len(FILES), before  # killed after the first files, before the last

    rerun = subprocess.run([*command, "--json"], env=cli_env(data), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    statuses = {f["source"]: f["status"] for f in json.loads(rerun.stdout)["files"]}
    assert statuses == {name: ("unchanged" if name in before else "added") for name in FILES}

    with sqlite3.connect(db) as conn:
        sources = [r[0] for r in conn.execute("SELECT source FROM documents ORDER BY source")]
        assert sources == sorted(FILES)  # every file exactly once
        expected = conn.execute("SELECT SUM(chunks) FROM documents").fetchone()[0]
        assert conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0] == expected
        assert conn.execute("SELECT COUNT(DISTINCT id) FROM chunks").fetchone()[0] == expected
        assert conn.execute("SELECT COUNT(*) FROM chunks_fts").fetchone()[0] == expected  # no orphan index rows

    again = subprocess.run(command, env=cli_env(data), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"{len(FILES)} inchangés" in again.stderr
