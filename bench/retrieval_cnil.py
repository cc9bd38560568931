"""Retrieval quality on the CNIL FAQ set for lexical, dense and hybrid rankings (deterministic).

Usage: python bench/retrieval_cnil.py [--embed-chars 160] [--embed-mode windows|full|head]
"""

from __future__ import annotations

import argparse
import json
import time

from common import CNIL, fresh_platform, machine

from sudia.evaluation.retrieval import evaluate, load_questions
from sudia.ingest.pipeline import discover
from sudia.retrieve.hybrid import FusionWeights, HybridRetriever


def embedded_chars(p) -> int:
    """Characters the embedding model read (windows repeat the title: counted each time)."""
    from sudia.ingest.windows import passage_windows

    chunks = [c for d in p.store.list_documents("cnil") for c in p.store.document_chunks(d.id)]
    return sum(len(w) for c in chunks for w in passage_windows(c, p.settings.embed_chars, p.settings.embed_mode))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--embed-chars", type=int, default=None)
    parser.add_argument("--embed-mode", default=None, choices=("windows", "full", "head"))
    args = parser.parse_args()
    overrides: dict = {"embed_chars": args.embed_chars} if args.embed_chars else {}
    if args.embed_mode:
        overrides["embed_mode"] = args.embed_mode
    p = fresh_platform(**overrides)
    p.embedder.embed_passages(["échauffement du modèle"])  # model load is not ingestion
    started = time.perf_counter()
    report = p.ingestor.ingest("cnil", discover([CNIL / "documents"]))
    ingest_s = time.perf_counter() - started
    questions = load_questions(CNIL / "questions.jsonl")
    s = p.settings
    configurations = {
        "lexical (BM25, French analyzer, title+section context)": FusionWeights(1.0, 0.0, s.rrf_k),
        f"dense (e5-small, {s.embed_mode} of {s.embed_chars} chars)": FusionWeights(0.0, 1.0, s.rrf_k),
        "hybrid RRF, equal weights": FusionWeights(1.0, 1.0, s.rrf_k),
        f"hybrid RRF, default weights (lexical {s.lexical_weight}, dense {s.dense_weight})":
            FusionWeights(s.lexical_weight, s.dense_weight, s.rrf_k),
    }
    results = {}
    for name, weights in configurations.items():
        retriever = HybridRetriever(p.store, p.embedder if weights.dense else None, weights, s.candidates)
        results[name] = evaluate(retriever, "cnil", questions).to_dict()
    print(json.dumps({"machine": machine(), "embed_chars": s.embed_chars, "embed_mode": s.embed_mode,
                      "ingest_seconds": round(ingest_s, 1),
                      "chunks_per_s": round(report.chunks / ingest_s, 1),
                      "chars_embedded_per_s": round(embedded_chars(p) / ingest_s), "results": results}, indent=2,
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
