"""Answer-level evaluation: does the assistant's answer hold what the documents say?

Each question line is `{"question", "document": file or null, "expect": [strings]}`. A question is
answered when one `expect` string appears in the answer text, compared after `fold` (lowercase,
accents removed, apostrophes and spaces folded); `document: null` means no document answers it and
the assistant should abstain. The assistant is called exactly as `sudia ask` calls it (same
retriever, relevance gate and extractive answer), so the figures are what users get.

Metrics (answerable questions unless said otherwise):
- answered: an expect string is in the answer text;
- cited: an expect string is in the quote of one of its citations;
- false_abstention: the assistant abstained although a document answers;
- abstained_when_unanswerable: over the unanswerable questions, it abstained;
- passage_recall@k: one of the first k retrieved passages (the retriever's ranking before the
  relevance gate, the ranking the assistant draws from) holds an expect string;
- latency p50/p95 of one `ask`, in milliseconds.
"""

from __future__ import annotations

import math
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sudia.evaluation.retrieval import read_question_lines

RECALL_CUTOFFS = (1, 5, 10)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})


def fold(text: str) -> str:
    """Lowercase, accents removed, typographic apostrophes made plain, runs of spaces made one."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_APOSTROPHES))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", bare).strip()


@dataclass(frozen=True)
class AnswerQuestion:
    question: str
    document: str | None
    expect: tuple[str, ...]
    topic: str = ""  # optional label of an unanswerable question, for the breakdown

    @property
    def answerable(self) -> bool:
        return self.document is not None

    def found_in(self, text: str) -> bool:
        folded = fold(text)
        return any(fold(e) in folded for e in self.expect)


def load_answer_questions(path: Path) -> list[AnswerQuestion]:
    """Questions of a JSONL file; an answerable question without any expect string is invalid."""
    return read_question_lines(path, _answer_question)


def _answer_question(row: dict[str, Any]) -> AnswerQuestion:
    document = row["document"]
    expect = tuple(str(e) for e in row.get("expect") or ())
    if not isinstance(row["question"], str) or not row["question"].strip():
        raise ValueError("question vide")
    if document is not None and not (isinstance(document, str) and expect and all(fold(e) for e in expect)):
        raise ValueError("document ou expect manquant")
    return AnswerQuestion(row["question"], document, expect, str(row.get("topic") or ""))


@dataclass
class QuestionOutcome:
    """What happened to one question: for the totals, and for `--details` (one JSON line each)."""

    question: str
    document: str | None
    expect: tuple[str, ...]
    topic: str
    mode: str
    answer: str
    quotes: list[str]
    passages: list[dict[str, Any]]
    latency_ms: float
    answered: bool = False
    cited: bool = False
    recall_rank: int | None = None  # rank (1-based) of the first retrieved passage holding an expect string

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question, "document": self.document, "expect": list(self.expect), "topic": self.topic,
            "mode": self.mode, "answered": self.answered, "cited": self.cited, "recall_rank": self.recall_rank,
            "latency_ms": self.latency_ms, "answer": self.answer, "quotes": self.quotes, "passages": self.passages,
        }


@dataclass
class AnswerScores:
    outcomes: list[QuestionOutcome] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        answerable = [o for o in self.outcomes if o.document is not None]
        unanswerable = [o for o in self.outcomes if o.document is None]

        def share(items: list[QuestionOutcome], test: Callable[[QuestionOutcome], bool]) -> float | None:
            return round(sum(test(o) for o in items) / len(items), 4) if items else None

        out: dict[str, Any] = {
            "questions": len(self.outcomes),
            "answerable": len(answerable),
            "unanswerable": len(unanswerable),
            "answered": share(answerable, lambda o: o.answered),
            "cited": share(answerable, lambda o: o.cited),
            "false_abstention": share(answerable, lambda o: o.mode == "abstention"),
            "abstained_when_unanswerable": share(unanswerable, lambda o: o.mode == "abstention"),
        }
        for k in RECALL_CUTOFFS:
            out[f"passage_recall@{k}"] = share(answerable, lambda o, k=k: o.recall_rank is not None
                                               and o.recall_rank <= k)
        latencies = sorted(o.latency_ms for o in self.outcomes)
        out["latency_ms_p50"] = percentile(latencies, 0.50)
        out["latency_ms_p95"] = percentile(latencies, 0.95)
        out["groups"] = self._groups(answerable, unanswerable, share)
        return out

    @staticmethod
    def _groups(answerable: list[QuestionOutcome], unanswerable: list[QuestionOutcome],
                share: Callable[..., float | None]) -> dict[str, dict[str, Any]]:
        """Answerable questions by the folder of their document, unanswerable ones by topic."""
        groups: dict[str, dict[str, Any]] = {}
        folders = sorted({o.document.split("/", 1)[0] for o in answerable if o.document and "/" in o.document})
        for folder in folders:
            items = [o for o in answerable if o.document and o.document.startswith(folder + "/")]
            groups[folder] = {"answerable": len(items), "answered": share(items, lambda o: o.answered),
                              "false_abstention": share(items, lambda o: o.mode == "abstention"),
                              "passage_recall@5": share(items, lambda o: o.recall_rank is not None
                                                        and o.recall_rank <= 5)}
        for topic in sorted({o.topic for o in unanswerable if o.topic}):
            items = [o for o in unanswerable if o.topic == topic]
            groups[f"unanswerable:{topic}"] = {"unanswerable": len(items),
                                               "abstained": share(items, lambda o: o.mode == "abstention")}
        return groups


def percentile(ordered: list[float], q: float) -> float | None:
    """Nearest-rank percentile of sorted values (no interpolation: a value that was measured)."""
    if not ordered:
        return None
    rank = min(max(1, math.ceil(q * len(ordered) - 1e-9)), len(ordered))
    return round(ordered[rank - 1], 1)


def evaluate_answers(assistant: Any, retriever: Any, collection: str, questions: list[AnswerQuestion],
                     on_question: Callable[[QuestionOutcome], None] | None = None) -> AnswerScores:
    """Ask every question as a user would; score the answer, its citations and the retrieved passages."""
    depth = max(RECALL_CUTOFFS)
    scores = AnswerScores()
    for q in questions:
        started = time.perf_counter()
        answer = assistant.ask(q.question, [collection])
        latency_ms = round((time.perf_counter() - started) * 1000, 1)
        hits = retriever.search(q.question, [collection], k=depth)
        outcome = QuestionOutcome(
            question=q.question, document=q.document, expect=q.expect, topic=q.topic, mode=answer.mode,
            answer=answer.text, quotes=[c.quote for c in answer.citations], latency_ms=latency_ms,
            passages=[{"source": h.chunk.document_source, "page": h.chunk.page, "score": round(h.score, 6),
                       "dense_score": None if h.dense_score is None else round(h.dense_score, 4),
                       "text": h.chunk.text[:300]}
                      for h in hits],
        )
        if q.expect:
            outcome.answered = answer.mode != "abstention" and q.found_in(answer.text)
            outcome.cited = any(q.found_in(quote) for quote in outcome.quotes)
            outcome.recall_rank = next((rank for rank, h in enumerate(hits, start=1) if q.found_in(h.chunk.text)),
                                       None)
        scores.outcomes.append(outcome)
        if on_question is not None:
            on_question(outcome)
    return scores


@dataclass(frozen=True)
class AnswerRun:
    """One ingestion of a documents folder, then one score per questions file."""

    documents: int
    chunks: int
    ocr_pages: int
    failed_files: list[dict[str, str]]
    ingest_seconds: float
    embedder: str
    mode: str
    sets: dict[str, AnswerScores]

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "chunks": self.chunks, "ocr_pages": self.ocr_pages,
                "failed_files": self.failed_files, "ingest_seconds": self.ingest_seconds,
                "embedder": self.embedder, "mode": self.mode,
                "sets": {name: scores.to_dict() for name, scores in self.sets.items()}}


@dataclass
class Progress:
    """Callbacks for a progress display (the CLI's bar on stderr); all optional."""

    files: Callable[[int], None] | None = None
    file_done: Callable[[Any], None] | None = None
    questions: Callable[[int], None] | None = None
    question_done: Callable[[QuestionOutcome], None] | None = None


def run_answer_evaluation(settings: Any, documents: Path, question_files: list[Path],
                          progress: Progress | None = None, *, open_platform: Any) -> AnswerRun:
    """Ingest `documents` into a throwaway SQLite database, then ask each file's questions.

    `settings` are the instance's own (embedder, chunking, relevance thresholds, LLM if configured);
    only the database is replaced, so the evaluation never touches real collections. The interface
    passes `open_platform` (settings -> platform): a use case does not build the platform itself.
    """
    import tempfile

    from sudia.ingest.pipeline import discover
    progress = progress or Progress()
    loaded = {path: load_answer_questions(path) for path in question_files}
    with tempfile.TemporaryDirectory(prefix="sudia-eval-answers-") as tmp:
        isolated = settings.model_copy(update={"data_dir": Path(tmp), "database_url": f"sqlite:///{tmp}/eval.db"})
        p = open_platform(isolated)
        try:
            files = discover([documents])
            if progress.files:
                progress.files(len(files))
            started = time.perf_counter()
            report = p.ingestor.ingest("eval", files, on_file=progress.file_done)
            ingest_s = time.perf_counter() - started
            if progress.questions:
                progress.questions(sum(len(qs) for qs in loaded.values()))
            sets = {path.stem: evaluate_answers(p.assistant, p.retriever, "eval", qs, progress.question_done)
                    for path, qs in loaded.items()}
            failed = [{"source": r.source, "code": r.error_code, "message": r.message}
                      for r in report.results if r.status == "error"]
            return AnswerRun(len(files), report.chunks, sum(r.ocr_pages for r in report.results), failed,
                             round(ingest_s, 2), isolated.embedder,
                             p.llm.model if p.llm is not None else "extractive", sets)
        finally:
            p.close()
