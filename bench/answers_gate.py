"""Calibrates the abstention gate on the dev questions of bench/answers (issue #8, point 5).

Step 1 (`features`): ingest the documents folder once into a kept SQLite database, then, for each
question, keep what the gate reads: the features of its model (`sudia.answer.abstention`: best
dense score, IDF-weighted coverage of the best passage read, a question term in no passage, and the
reader features of `answer.reading`), per retrieved passage the former rule's inputs (best-window
dense score, share of the question's words), and the first five passages with the question's term
counts, so that `fit` and bench/gate_reader.py recompute features without the store (the output
holds third-party text: keep it outside the repository). Step 2 (`fit`, bench/gate_fit.py): the logistic model, cross-validated (out-of-fold curve)
and fitted on all dev questions; the threshold is the highest whose out-of-fold false abstention
stays within `--max-false-abstention`. `sweep` draws the former rule's curve (three thresholds on
the dense score and the word share), for comparison. Only dev questions are ever used to fit.

Usage:
    python bench/answers_gate.py features --documents DIR --questions bench/answers/dev.jsonl \
        --database /tmp/answers.db --out /tmp/gate_dev.json
    python bench/answers_gate.py fit /tmp/gate_dev.json [--svg docs/adr/0003-gate-curve.svg]
    python bench/answers_gate.py sweep /tmp/gate_dev.json
    python bench/answers_gate.py evaluate --database /tmp/answers.db --questions bench/answers/heldout.jsonl

`evaluate` scores the answers as `sudia eval answers` does (`sudia.evaluation.answers`), on the kept
database instead of a fresh ingestion (the same documents folder: one ingestion for every run).
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path

import numpy as np

from common import machine, rate_curve_svg
from gate_fit import fit_model

COLLECTION = "eval"


def features(args: argparse.Namespace) -> None:
    from sudia.answer.abstention import gate_features, term_stats
    from sudia.answer.relevance import RelevanceGate
    from sudia.ingest.pipeline import discover

    p = _platform(args.database)
    started = time.perf_counter()
    if p.store.count_chunks([COLLECTION]) == 0:
        report = p.ingestor.ingest(COLLECTION, discover([Path(args.documents)]))
        print(f"ingested {report.chunks} passages in {time.perf_counter() - started:.0f} s")
    gate = RelevanceGate()
    rows = []
    for line in Path(args.questions).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        q = json.loads(line)
        hits = p.retriever.search(q["question"], [COLLECTION], k=10)
        stats = term_stats(p.store, [COLLECTION], q["question"])
        cosines = _window_cosines(p, q["question"])
        rows.append({"question": q["question"], "answerable": q.get("document") is not None,
                     "document": q.get("document"),
                     "topic": q.get("topic") or (q.get("document") or "").split("/")[0],
                     "hits": [[h.dense_score if h.dense_score is not None else -1.0, gate.coverage(q["question"], h)]
                              for h in hits],
                     "features": gate_features(q["question"], hits, stats),
                     # What bench/gate_reader.py re-reads to try features without the store (stays in /tmp:
                     # third-party text never enters the repository).
                     "stats": {"total": stats.total, "frequency": dict(stats.frequency), "related": dict(stats.related)},
                     "passages": [{"title": h.chunk.document_title, "section": h.chunk.section, "text": h.chunk.text,
                                   "dense": h.dense_score} for h in hits[:5]],
                     # Every passage retrieved, for bench/gate_pool.py: its document, both ranks, and the cosine
                     # of each of its stored windows with the question (already computed at search time).
                     "retrieved": [{"title": h.chunk.document_title, "section": h.chunk.section, "text": h.chunk.text,
                                    "source": h.chunk.document_source, "dense": h.dense_score,
                                    "lexical_rank": h.lexical_rank, "dense_rank": h.dense_rank,
                                    "windows": cosines(h)} for h in hits]})
    Path(args.out).write_text(json.dumps({"machine": machine(), "embed_mode": p.settings.embed_mode,
                                          "embed_chars": p.settings.embed_chars, "questions": rows}), encoding="utf-8")
    p.close()


def _window_cosines(p, question: str):
    """A function giving the cosine of each stored window of a passage (head row left out) with the question."""
    retriever = p.retriever
    if retriever.embedder is None:
        return lambda hit: []
    vector = retriever.embedder.embed_queries([question])[0]
    v = retriever.dense._vectors(COLLECTION, vector.shape[0])
    index = {cid: i for i, cid in enumerate(v.ids)}

    def cosines(hit) -> list[float]:
        i = index.get(hit.chunk.id)
        return [] if i is None else [float(x) for x in np.asarray(v.windows[v.starts[i]:v.ends[i]], np.float32) @ vector]

    return cosines


def _platform(database: str):
    from sudia.platform import Platform
    from sudia.settings import Settings

    return Platform.from_settings(Settings(data_dir=Path(database).parent, database_url=f"sqlite:///{database}",
                                           demo=False, llm_base_url=""))


def evaluate(args: argparse.Namespace) -> None:
    from sudia.evaluation.answers import evaluate_answers, load_answer_questions

    p = _platform(args.database)
    scores = evaluate_answers(p.assistant, p.retriever, COLLECTION, load_answer_questions(Path(args.questions)))
    if args.details:
        with open(args.details, "w", encoding="utf-8") as out:
            for o in scores.outcomes:
                out.write(json.dumps(o.to_dict(), ensure_ascii=False) + "\n")
    print(json.dumps({"machine": machine(), "embed_mode": p.settings.embed_mode, "questions": args.questions,
                      "scores": scores.to_dict()}, indent=2, ensure_ascii=False))
    p.close()


def decide(data: list[dict], min_dense: float, min_words: float, coverage: float) -> np.ndarray:
    """True where the gate keeps at least one passage (the question is answered)."""
    out = []
    for row in data:
        out.append(any(d >= min_dense or (d >= min_words and c >= coverage) for d, c in row["hits"]))
    return np.array(out)


def rates(data: list[dict], triple: tuple[float, float, float]) -> tuple[float, float]:
    answered = decide(data, *triple)
    answerable = np.array([r["answerable"] for r in data])
    return float(answered[answerable].mean()), float((~answered[~answerable]).mean())


def sweep(args: argparse.Namespace) -> None:
    data = json.loads(Path(args.features).read_text(encoding="utf-8"))["questions"]
    grid = np.round(np.arange(0.80, 0.951, 0.005), 3)
    answerable = sum(r["answerable"] for r in data)
    share = answerable / len(data)
    best, best_key = None, (-1.0, -1.0)
    for dense, words, cov in itertools.product(grid, grid, (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)):
        if words > dense:
            continue
        answered, abstained = rates(data, (dense, words, cov))
        if args.objective == "youden":
            key = (round(answered + abstained - 1, 6), abstained)
        else:
            key = (round(share * answered + (1 - share) * abstained, 6), abstained)
        if key > best_key:
            best, best_key = (float(dense), float(words), cov), key
    assert best is not None
    answered, abstained = rates(data, best)
    print(f"objective {args.objective}; {len(data)} questions, {answerable} answerable")
    print(f"chosen: min_dense={best[0]} min_dense_with_words={best[1]} min_word_coverage={best[2]}: "
          f"answerable answered {answered:.3f}, unanswerable abstained {abstained:.3f} (J={answered + abstained - 1:.3f})")
    # The curve: min_dense moves, the words rule keeps its offset and coverage.
    offset = best[0] - best[1]
    print("\n| min_dense | min_dense_with_words | answerable: not abstained | unanswerable: abstained |")
    print("|---:|---:|---:|---:|")
    curve = []
    for dense in np.round(np.arange(0.82, 0.951, 0.01), 3):
        a, b = rates(data, (float(dense), float(dense) - offset, best[2]))
        curve.append((float(dense), a, b))
        print(f"| {dense:.2f} | {dense - offset:.3f} | {a:.3f} | {b:.3f} |")
    if args.svg:
        Path(args.svg).write_text(svg(curve, best[0]), encoding="utf-8")


def svg(curve: list[tuple[float, float, float]], chosen: float) -> str:
    """Both rates against min_dense, the chosen threshold marked."""
    return rate_curve_svg(curve, chosen, "Seuil de pertinence : questions avec réponse répondues, questions sans "
                          "réponse abstenues (dev)", "min_dense (similarité minimale)")


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="step", required=True)
    f = sub.add_parser("features")
    f.add_argument("--documents", required=True)
    f.add_argument("--questions", required=True)
    f.add_argument("--database", required=True)
    f.add_argument("--out", required=True)
    s = sub.add_parser("sweep")
    s.add_argument("features")
    s.add_argument("--svg", default="")
    s.add_argument("--objective", default="accuracy", choices=("accuracy", "youden"))
    e = sub.add_parser("evaluate")
    e.add_argument("--database", required=True)
    e.add_argument("--questions", required=True)
    e.add_argument("--details", default="")
    m = sub.add_parser("fit")
    m.add_argument("features")
    m.add_argument("--svg", default="")
    m.add_argument("--max-false-abstention", type=float, default=0.04)
    m.add_argument("--l2", type=float, default=1.0)
    m.add_argument("--only", default="", help="comma-separated features instead of the model's (to compare)")
    args = parser.parse_args()
    {"features": features, "sweep": sweep, "evaluate": evaluate, "fit": fit_model}[args.step](args)


if __name__ == "__main__":
    main()
