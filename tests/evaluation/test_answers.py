"""Answer-level evaluation: matching rules, question files, and the scores of a known run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sudia.errors import SudiaError
from sudia.evaluation.answers import AnswerQuestion, evaluate_answers, fold, load_answer_questions, percentile
from sudia.types import Answer, Chunk, Citation, Hit


def test_fold_lowercases_removes_accents_and_folds_spaces_and_apostrophes():
    assert fold("  L’Été\u00a0à  Marseille\n") == "l'ete a marseille"
    assert AnswerQuestion("q", "a.md", ("1 500 €",)).found_in("Jusqu'à 1  500 € par an")
    assert not AnswerQuestion("q", "a.md", ("1 500 €",)).found_in("Jusqu'à 1500 € par an")


def test_questions_file_needs_expect_strings_for_answerable_questions(tmp_path: Path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"question": "A ?", "document": "a.md", "expect": ["x"]}\n\n'
                    '{"question": "B ?", "document": null}\n', encoding="utf-8")
    questions = load_answer_questions(path)
    assert [q.answerable for q in questions] == [True, False]
    path.write_text('{"question": "A ?", "document": "a.md", "expect": []}\n', encoding="utf-8")
    with pytest.raises(SudiaError) as caught:
        load_answer_questions(path)
    assert caught.value.code == "SUDIA-R003" and "ligne 1" in caught.value.message


def test_percentile_is_a_measured_value():
    assert percentile([], 0.5) is None
    assert percentile([10.0, 20.0, 30.0, 40.0], 0.5) == 20.0
    assert percentile([float(v) for v in range(1, 21)], 0.95) == 19.0
    assert percentile([5.0], 0.95) == 5.0


def _hit(source: str, text: str) -> Hit:
    return Hit(Chunk(f"{source}-0", source, "c", 0, text, document_source=source), 0.5, dense_score=0.9)


class _Fixed:
    """An assistant and retriever whose answers and passages are given per question."""

    def __init__(self, answers: dict[str, tuple[str, str, list[str]]], passages: dict[str, list[Hit]]):
        self.answers = answers
        self.passages = passages

    def ask(self, question: str, collections: list[str]) -> Answer:
        mode, text, quotes = self.answers[question]
        citations = [Citation(1, "d", "d", "d", "c", "k", None, "", q) for q in quotes]
        return Answer(question=question, text=text, mode=mode, citations=citations)

    def search(self, question: str, collections: list[str], k: int) -> list[Hit]:
        return self.passages[question][:k]


def test_scores_of_a_known_run():
    questions = [
        AnswerQuestion("montant ?", "cnil/a.md", ("500 euros",)),  # answered, cited, passage at rank 2
        AnswerQuestion("âge ?", "cnil/a.md", ("25 ans",)),  # abstained although answerable
        AnswerQuestion("date ?", "pages/b.md", ("1er mars",)),  # answered elsewhere than in the quote
        AnswerQuestion("météo ?", None, (), "ailleurs"),  # unanswerable, abstained
        AnswerQuestion("recette ?", None, (), "ailleurs"),  # unanswerable, answered anyway
    ]
    filler = [_hit(f"x{i}.md", "Autre chose.") for i in range(12)]
    fixed = _Fixed(
        {"montant ?": ("extractive", "Une aide de 500 Euros [1]", ["Une aide de 500 euros"]),
         "âge ?": ("abstention", "Les documents ne permettent pas de répondre.", []),
         "date ?": ("extractive", "Avant le 1er  mars [1]", ["Avant le"]),
         "météo ?": ("abstention", "Non.", []),
         "recette ?": ("extractive", "Du riz [1]", ["Du riz"])},
        {"montant ?": [filler[0], _hit("a.md", "500 euros"), *filler],
         "âge ?": [*filler[:7], _hit("a.md", "de 18 à 25 ans")],
         "date ?": [_hit("b.md", "le 1er mars"), *filler],
         "météo ?": filler, "recette ?": filler},
    )
    seen = []
    scores = evaluate_answers(fixed, fixed, "c", questions, seen.append).to_dict()
    assert len(seen) == 5
    assert scores["questions"] == 5 and scores["answerable"] == 3 and scores["unanswerable"] == 2
    assert scores["answered"] == pytest.approx(2 / 3, abs=1e-4)
    assert scores["cited"] == pytest.approx(1 / 3, abs=1e-4)
    assert scores["false_abstention"] == pytest.approx(1 / 3, abs=1e-4)
    assert scores["abstained_when_unanswerable"] == 0.5
    assert scores["passage_recall@1"] == pytest.approx(1 / 3, abs=1e-4)
    assert scores["passage_recall@5"] == pytest.approx(2 / 3, abs=1e-4)
    assert scores["passage_recall@10"] == 1.0
    assert scores["latency_ms_p50"] is not None and scores["latency_ms_p95"] >= scores["latency_ms_p50"]
    groups = scores["groups"]
    assert groups["cnil"] == {"answerable": 2, "answered": 0.5, "false_abstention": 0.5, "passage_recall@5": 0.5}
    assert groups["pages"]["answered"] == 1.0
    assert groups["unanswerable:ailleurs"] == {"unanswerable": 2, "abstained": 0.5}
    detail = seen[1].to_dict()
    assert detail["mode"] == "abstention" and detail["recall_rank"] == 8
    json.dumps(detail)  # one JSON line per question for --details
