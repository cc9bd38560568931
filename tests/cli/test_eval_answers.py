"""`sudia eval answers` in a subprocess: a tiny folder and questions written here, JSON on stdout."""

from __future__ import annotations

import json
from pathlib import Path

DOCS = {
    "permis.md": "# Aide au permis de conduire\n\nLa Région verse une aide de 500 euros aux apprentis de 18 à 25 ans "
                 "pour passer le permis B. La demande se fait en ligne avant l'examen pratique.\n",
    "velo.md": "# Aide au vélo électrique\n\nLes lycéens peuvent recevoir une aide de 200 euros pour acheter un vélo "
               "à assistance électrique neuf, chez un commerçant de la région.\n",
    "feux.md": "# Débroussaillement\n\nLe débroussaillement autour des maisons est obligatoire avant le 1er juin "
               "dans les communes exposées aux feux de forêt.\n",
}
QUESTIONS = [
    {"question": "Combien la Région donne-t-elle pour passer le permis ?", "document": "permis.md",
     "expect": ["500 euros"]},
    {"question": "Quel montant pour s'acheter un vélo électrique ?", "document": "velo.md", "expect": ["200 EUROS"]},
    {"question": "Jusqu'à quand faut-il débroussailler ?", "document": "feux.md", "expect": ["1er juin"]},
    {"question": "Quelle est la recette de la ratatouille ?", "document": None, "expect": []},
]


def _folder(tmp_path: Path) -> tuple[Path, Path]:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    questions = tmp_path / "dev.jsonl"
    questions.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in QUESTIONS), encoding="utf-8")
    return docs, questions


def test_eval_answers_reports_answer_metrics_as_json_and_leaves_no_collection(cli, tmp_path: Path):
    docs, questions = _folder(tmp_path)
    data = tmp_path / "data"
    details = tmp_path / "details.jsonl"
    result = cli(data, "eval", "answers", "--documents", str(docs), "--questions", str(questions), "--json",
                 "--details", str(details))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)  # stdout is only the JSON; progress went to stderr
    assert out["documents"] == 3 and out["failed_files"] == [] and out["mode"] == "extractive"
    scores = out["sets"]["dev"]
    assert scores["questions"] == 4 and scores["answerable"] == 3 and scores["unanswerable"] == 1
    assert scores["answered"] == 1.0 and scores["false_abstention"] == 0.0
    assert scores["abstained_when_unanswerable"] == 1.0
    assert scores["passage_recall@1"] <= scores["passage_recall@5"] <= scores["passage_recall@10"] == 1.0
    assert 0 < scores["latency_ms_p50"] <= scores["latency_ms_p95"]
    assert "Questions : 4/4" in result.stderr  # no terminal in the test: progress as log lines
    lines = [json.loads(line) for line in details.read_text(encoding="utf-8").splitlines()]
    assert [line["set"] for line in lines] == ["dev"] * 4 and lines[0]["passages"]
    listed = cli(data, "collections", "list", "--json")
    assert json.loads(listed.stdout) == []  # the evaluation used its own throwaway database


def test_eval_answers_rejects_an_answerable_question_without_expect(cli, tmp_path: Path):
    docs, questions = _folder(tmp_path)
    questions.write_text('{"question": "Combien ?", "document": "permis.md"}\n', encoding="utf-8")
    result = cli(tmp_path / "data", "eval", "answers", "--documents", str(docs), "--questions", str(questions))
    assert result.returncode == 1
    assert "[SUDIA-R003]" in result.stderr and "ligne 1" in result.stderr
