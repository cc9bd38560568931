"""`sudia pieces check` and `sudia eval pieces`: JSON on stdout, French errors, exit codes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sudia.cli.main import app
from sudia.pieces.fakes.build import Plan, generate

pytestmark = pytest.mark.slow


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key in ("SUDIA_DATABASE_URL", "SUDIA_EXTENSIONS"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("SUDIA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SUDIA_DEMO", "false")
    return tmp_path


def test_check_and_eval_commands(env: Path) -> None:
    folder = env / "fakes"
    labels = generate(folder, Plan(1, 0, 1), seed=5, today=date(2026, 3, 2), kinds=("rib", "cni"))
    records = [json.loads(line) for line in labels.read_text().splitlines()]
    rib = next(r for r in records if r["kind"] == "rib" and r["valid"])
    (env / "demandeur.json").write_text(json.dumps(rib["applicant"]), encoding="utf-8")
    runner = CliRunner()
    checked = runner.invoke(app, ["pieces", "check", str(folder / rib["file"]), "--procedure", "aide-permis",
                                  "--applicant", str(env / "demandeur.json"), "--date", "2026-03-02", "--json"])
    assert checked.exit_code == 0, checked.output
    out = json.loads(checked.stdout)
    piece = out["pieces"][0]
    assert piece["type"] == "rib" and piece["rule"] == "rib" and piece["status"] == "conforme"
    assert all(c["reason"] for c in piece["checks"])
    assert {c["code"] for c in out["dossier_checks"]} == {"piece.identite", "piece.domicile", "piece.imposition"}

    evaluated = runner.invoke(app, ["eval", "pieces", "--documents", str(folder), "--labels", str(labels), "--json"])
    assert evaluated.exit_code == 0, evaluated.output
    result = json.loads(evaluated.stdout)
    assert result["pieces"] == 4 and result["type_accuracy"] == 1.0 and result["invalid_marked_conforme"] == []

    unknown = runner.invoke(app, ["pieces", "check", str(folder / rib["file"]), "--procedure", "inconnue"])
    assert unknown.exit_code == 1 and "SUDIA-P001" in unknown.output and "aide-permis" in unknown.output
    (env / "mauvais.json").write_text("[1, 2]", encoding="utf-8")
    bad = runner.invoke(app, ["pieces", "check", str(folder / rib["file"]), "--applicant", str(env / "mauvais.json")])
    assert bad.exit_code == 1 and "SUDIA-P003" in bad.output
