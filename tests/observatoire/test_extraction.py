"""Extraction on the dev set and the held-out set, and the JSON contract of `extract`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from sudia.observatoire.cli import app
from sudia.observatoire.evaluation import evaluate
from sudia.observatoire.types import ACTOR_KINDS, FACT_TYPES


def test_dev_set_meets_targets(extractor, samples) -> None:
    report = evaluate(samples, extractor).to_dict()
    assert report["actors"]["recall"] >= 0.9 and report["actors"]["precision"] >= 0.85
    assert report["facts"]["recall"] >= 0.85 and report["facts"]["precision"] >= 0.85


def test_holdout_meets_targets(extractor, samples) -> None:
    report = evaluate(samples / "holdout", extractor).to_dict()
    assert report["actors"]["recall"] >= 0.85 and report["facts"]["recall"] >= 0.8


def test_every_fact_quotes_its_document(extractor, samples) -> None:
    result = extractor.extract_files([samples / "ocr_kalyx_sante.txt", samples / "brochure_lisap.pdf"])
    for fact in result.facts:
        assert fact.type in FACT_TYPES
        assert fact.source.document in ("ocr_kalyx_sante.txt", "brochure_lisap.pdf")
        assert fact.source.quote
    assert {a.kind for a in result.actors} <= set(ACTOR_KINDS)


def test_capitals_and_accents_merge_into_aliases(extractor, samples) -> None:
    result = extractor.extract_files([samples / "ocr_kalyx_sante.txt", samples / "article_esian_campus.html"])
    kalyx = [a for a in result.actors if a.name.startswith("Kalyx")]
    assert len(kalyx) == 1 and kalyx[0].name == "Kalyx Santé" and "KALYX SANTE" in kalyx[0].aliases
    assert kalyx[0].department == "06"


def test_places_and_programmes_are_not_actors(extractor, samples) -> None:
    result = extractor.extract_file(samples / "article_salon_ia_mediterranee.html")
    names = {a.name for a in result.actors}
    assert "Marseille" not in names and not any("Booster Sud" in n for n in names)
    assert {"Salon IA Méditerranée", "Halle Mistral"} <= names


def test_contradiction_across_sources(extractor, samples) -> None:
    result = extractor.extract_files([samples / "cp_azur_data_park.md", samples / "ocr_azur_data_park_presse.txt"])
    [power] = [c for c in result.contradictions if c.type == "power_mw"]
    assert {power.first.value, power.second.value} == {40, 36}
    assert power.first.source.quote != power.second.source.quote


def test_cli_extract_json(samples) -> None:
    result = CliRunner().invoke(app, ["extract", "--json", str(samples / "cp_nexaflow_serie_a.txt")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"actors", "facts", "people", "contradictions"}
    funding = [f for f in data["facts"] if f["type"] == "funding_eur"]
    assert funding[0]["actor"] == "Nexaflow" and funding[0]["value"] == 8_000_000 and funding[0]["date"].startswith("2023-03")
    assert {"name": "Claire Vasseur", "organisation": "Nexaflow"}.items() <= data["people"][0].items()


def test_cli_ingest_skips_unchanged_documents_and_eval_runs_from_any_folder(samples, tmp_path, monkeypatch) -> None:
    from sudia.cli.main import app as main_app

    monkeypatch.setenv("SUDIA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)  # no path relative to the repository
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", "--json", str(samples / "cp_nexaflow_serie_a.txt"), str(samples / "holdout")])
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert len(data["documents"]) == 4 and data["unchanged"] == []
    again = json.loads(runner.invoke(app, ["ingest", "--json", str(samples / "cp_nexaflow_serie_a.txt")]).stdout)
    assert again["documents"] == [] and again["unchanged"] == ["cp_nexaflow_serie_a.txt"]
    scored = runner.invoke(main_app, ["eval", "extraction", "--documents", str(samples / "holdout"), "--json"])
    assert scored.exit_code == 0, scored.output
    assert json.loads(scored.stdout)["actors"]["recall"] >= 0.85
    missing = runner.invoke(main_app, ["eval", "extraction", "--json"])
    assert missing.exit_code != 0


def test_eval_skips_and_lists_documents_missing_from_a_partial_cache(samples, tmp_path) -> None:
    from sudia.cli.main import app as main_app

    # A cache rebuilt from stored pages may lack some labelled texts: copy all but one document.
    labels = json.loads((samples / "holdout" / "expected.json").read_text("utf-8"))
    names = sorted(labels["documents"])
    for name in names[1:]:
        (tmp_path / name).write_bytes((samples / "holdout" / name).read_bytes())
    runner = CliRunner()
    args = ["eval", "extraction", "--documents", str(tmp_path), "--labels", str(samples / "holdout" / "expected.json"), "--json"]
    assert runner.invoke(main_app, args).exit_code != 0
    scored = runner.invoke(main_app, [*args, "--skip-missing"])
    assert scored.exit_code == 0, scored.output
    report = json.loads(scored.stdout)
    assert report["missing"] == [names[0]] and report["documents"] == len(names) - 1
