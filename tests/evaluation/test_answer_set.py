"""The committed answer-level dev set (bench/answers) stays loadable and keeps its shape."""

from __future__ import annotations

from pathlib import Path

from sudia.evaluation.answers import load_answer_questions

SET = Path(__file__).parents[2] / "bench" / "answers"


def test_dev_and_heldout_are_valid_disjoint_by_document_and_a_fifth_unanswerable():
    dev = load_answer_questions(SET / "dev.jsonl")
    heldout = load_answer_questions(SET / "heldout.jsonl")
    assert len(dev) + len(heldout) >= 200
    for part in (dev, heldout):
        assert sum(not q.answerable for q in part) / len(part) >= 0.20
    assert not {q.document for q in dev if q.answerable} & {q.document for q in heldout if q.answerable}
    assert not {q.question for q in dev} & {q.question for q in heldout}
    assert 0.30 <= len(heldout) / (len(dev) + len(heldout)) <= 0.40
