"""`sudia eval extraction` works from any folder: no default path inside the repository (#11)."""

from __future__ import annotations

from typer.testing import CliRunner

from sudia.cli.main import app


def test_eval_extraction_without_documents_says_in_french_what_to_give(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # not the repository root: a relative default would not exist here
    monkeypatch.setenv("SUDIA_DATA_DIR", str(tmp_path / "data"))
    result = CliRunner().invoke(app, ["eval", "extraction", "--json"])
    assert result.exit_code == 1
    assert "SUDIA-O009" in result.output and "--documents" in result.output
    assert "Missing option" not in result.output
