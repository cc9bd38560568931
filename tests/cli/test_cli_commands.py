"""The `sudia` command in subprocesses: ingest, search, ask, eval; SQLite by default, PostgreSQL too."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from sudia.store import open_store

ROOT = Path(__file__).parents[2]
DEMO = ROOT / "src" / "sudia" / "demo" / "allo-region"
SAMPLES = ROOT / "tests" / "samples" / "ingest"
GOOD = ["aide-permis-de-conduire.docx", "aide-velo-electrique.docx", "cantine-lycee-gaspillage.md"]
BAD = {"corrompu.pdf": "SUDIA-I005", "vide.txt": "SUDIA-I002"}
IN_DOMAIN = "Quel est le montant de l'aide au permis de conduire ?"
OFF_TOPIC = "Quelle est la recette de la ratatouille ?"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docs")
    for name in GOOD:
        shutil.copy(DEMO / name, path / name)
    for name in BAD:
        shutil.copy(SAMPLES / name, path / name)
    return path


@pytest.fixture(scope="module")
def ingested(cli, folder: Path, tmp_path_factory: pytest.TempPathFactory):
    """One `sudia ingest` of three good and two bad files; later commands read the same data."""
    data = tmp_path_factory.mktemp("data")
    return data, cli(data, "ingest", str(folder), "--collection", "cli")


def test_ingest_shows_progress_one_french_line_per_bad_file_and_fails(ingested):
    _, result = ingested
    assert result.returncode == 1
    assert "Ingestion" in result.stderr  # the progress bar
    errors = [line for line in result.stderr.splitlines() if line.startswith("✗")]
    assert len(errors) == len(BAD)
    for name, code in BAD.items():
        [line] = [e for e in errors if f"✗ {name} :" in e]
        assert f"[{code}]" in line
    assert "PDF illisible ou corrompu" in result.stderr and "Fichier vide" in result.stderr
    assert re.search(r"Collection « cli » : 3 ajoutés, 2 erreurs ; \d+ passages indexés\.", result.stderr)


def test_ingest_succeeds_with_exit_code_zero_when_no_file_fails(cli, ingested, folder: Path):
    data, _ = ingested
    result = cli(data, "ingest", str(folder / GOOD[0]), str(folder / GOOD[1]), "-c", "cli")
    assert result.returncode == 0, result.stderr
    assert "2 inchangés" in result.stderr and "✗" not in result.stderr


def test_ingest_force_reindexes_unchanged_files(cli, ingested, folder: Path):
    data, _ = ingested
    result = cli(data, "ingest", str(folder / GOOD[0]), "-c", "cli", "--force", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["counts"] == {"added": 0, "updated": 1, "unchanged": 0, "error": 0}


def test_ingest_json_lists_every_file(cli, ingested, folder: Path):
    data, _ = ingested
    result = cli(data, "ingest", str(folder), "-c", "cli", "--json")
    assert result.returncode == 1  # the bad files are still bad
    out = json.loads(result.stdout)
    assert out["counts"] == {"added": 0, "updated": 0, "unchanged": 3, "error": 2}
    statuses = {f["source"]: (f["status"], f["error_code"]) for f in out["files"]}
    assert statuses == {**{n: ("unchanged", "") for n in GOOD}, **{n: ("error", c) for n, c in BAD.items()}}


def test_search_json_shape(cli, ingested):
    data, _ = ingested
    result = cli(data, "search", "aide pour acheter un vélo électrique", "-c", "cli", "--k", "3", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["query"] == "aide pour acheter un vélo électrique" and out["collections"] == ["cli"]
    assert 1 <= len(out["hits"]) <= 3
    for hit in out["hits"]:
        assert {"document", "page", "section", "score", "text", "source", "chunk_id"} <= set(hit)
        assert isinstance(hit["score"], float) and hit["text"]
    assert out["hits"][0]["source"] == "aide-velo-electrique.docx"
    assert out["hits"][0]["document"] == "Aide à l'achat d'un vélo à assistance électrique"


def test_ask_json_answers_with_verbatim_citations(cli, ingested):
    data, _ = ingested
    result = cli(data, "ask", IN_DOMAIN, "-c", "cli", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["mode"] == "extractive"
    assert {"answer", "citations", "mode", "usage", "model", "question", "collections"} <= set(out)
    assert {"energy_wh", "carbon_gco2e", "latency_ms"} <= set(out["usage"])
    assert out["citations"]
    assert "500 euros" in out["answer"]
    store = open_store(f"sqlite:///{(data / 'sudia.db').as_posix()}")
    try:
        for citation in out["citations"]:
            assert {"document", "page", "quote", "number", "chunk_id", "section"} <= set(citation)
            [chunk] = store.get_chunks([citation["chunk_id"]])
            assert citation["quote"] in chunk.text  # quoted word for word from the passage
            assert f"{citation['quote']} [{citation['number']}]" in out["answer"]
    finally:
        store.close()
    # the answer is made of the quotes and their markers, nothing else
    rebuilt = re.sub(r"\s*\[\d+\]", "", out["answer"])
    leftover = rebuilt
    for citation in out["citations"]:
        leftover = leftover.replace(citation["quote"], "")
    assert leftover.strip() == ""


def test_ask_off_topic_abstains(cli, ingested):
    data, _ = ingested
    result = cli(data, "ask", OFF_TOPIC, "-c", "cli", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["mode"] == "abstention" and out["citations"] == []
    assert "ne permettent pas de répondre" in out["answer"]


def test_ask_in_text_mode_prints_the_answer_and_its_sources(cli, ingested):
    data, _ = ingested
    result = cli(data, "ask", IN_DOMAIN, "-c", "cli")
    assert result.returncode == 0, result.stderr
    assert "[1]" in result.stderr and "Mode : extractive" in result.stderr


def test_unknown_collection_is_one_french_error_line(cli, ingested):
    data, _ = ingested
    result = cli(data, "search", "vélo", "-c", "inconnue")
    assert result.returncode == 1
    assert result.stderr.strip() == "Erreur [SUDIA-C001] Collection inconnue : inconnue"


EVAL_DOCS = {
    "velo.md": "# Aide vélo\n\nLa Région aide à l'achat d'un vélo à assistance électrique : 400 euros au plus.\n",
    "cantine.md": "# Cantine\n\nLe repas à la cantine du lycée coûte 3,20 euros ; 1 euro pour les familles modestes.\n",
    "permis.md": "# Permis Sud\n\nL'aide au permis de conduire s'élève à 500 euros pour les 17-25 ans.\n",
    "feux.md": "# Feux de forêt\n\nLe débroussaillement autour des maisons est obligatoire avant le 15 juin.\n",
}
EVAL_QUESTIONS = [
    ("Combien pour acheter un vélo électrique ?", "velo.md"),
    ("Prix du repas au lycée", "cantine.md"),
    ("Quel montant pour passer le permis de conduire ?", "permis.md"),
    ("Quand faut-il débroussailler ?", "feux.md"),
]


def test_eval_retrieval_reports_hits_and_mrr(cli, tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in EVAL_DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    questions = tmp_path / "questions.jsonl"
    questions.write_text("\n".join(json.dumps({"question": q, "document": d}, ensure_ascii=False)
                                   for q, d in EVAL_QUESTIONS) + "\n", encoding="utf-8")
    data = tmp_path / "data"
    result = cli(data, "eval", "retrieval", "--documents", str(docs), "--questions", str(questions), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["questions"] == 4 and out["documents"] == 4 and out["errors"] == 0
    scores = [out[k] for k in ("hit@1", "hit@3", "hit@5", "hit@10")]
    assert all(0.0 <= s <= 1.0 for s in scores) and scores == sorted(scores)
    assert out["hit@1"] >= 0.75 and out["hit@10"] == 1.0
    assert out["hit@1"] <= out["mrr"] <= 1.0
    listed = cli(data, "collections", "list", "--json")
    assert json.loads(listed.stdout) == []  # the throwaway collection is gone


def test_eval_retrieval_rejects_a_malformed_questions_file(cli, tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# A\n\nTexte.\n", encoding="utf-8")
    questions = tmp_path / "questions.jsonl"
    questions.write_text('{"question": "ok", "document": "a.md"}\n{pas du json}\n', encoding="utf-8")
    result = cli(tmp_path / "data", "eval", "retrieval", "--documents", str(docs), "--questions", str(questions))
    assert result.returncode == 1
    assert "[SUDIA-R003]" in result.stderr and "ligne 2" in result.stderr


@pytest.mark.integration
def test_ingest_and_search_on_postgresql(cli, pg_module_url, folder: Path, tmp_path: Path):
    result = cli(tmp_path, "ingest", str(folder), "-c", "cli", database_url=pg_module_url)
    assert result.returncode == 1  # the same two bad files
    assert re.search(r"3 ajoutés, 2 erreurs", result.stderr)
    assert not (tmp_path / "sudia.db").exists()  # nothing went to SQLite
    search = cli(tmp_path, "search", "aide pour acheter un vélo électrique", "-c", "cli", "--json",
                 database_url=pg_module_url)
    assert search.returncode == 0, search.stderr
    assert json.loads(search.stdout)["hits"][0]["source"] == "aide-velo-electrique.docx"
    ask = cli(tmp_path, "ask", IN_DOMAIN, "-c", "cli", "--json", database_url=pg_module_url)
    out = json.loads(ask.stdout)
    assert out["mode"] == "extractive" and "500 euros" in out["answer"]
