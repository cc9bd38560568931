"""Retrieval quality on the CNIL FAQ set for lexical, dense and hybrid rankings (deterministic).

Usage: python bench/retrieval_cnil.py [--embed-chars 160] [--embed-mode windows|full|head] [--database PATH]

`--database PATH` keeps the ingested SQLite database there and reuses it when it already holds the
corpus (ingestion in windows mode takes most of an hour on two shared cores); the embedding settings
must then be those it was built with (not checked: the figures would be those of the stored vectors).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from common import CNIL, fresh_platform, machine

from sudia.evaluation.retrieval import evaluate, load_questions
from sudia.ingest.pipeline import discover
from sudia.retrieve.hybrid import FusionWeights, HybridRetriever


def embedded_chars(p) -> int:
    """Characters the embedding model read (windows repeat the title: counted each time)."""
    from sudia.ingest.windows import embedded_texts

    chunks = [c for d in p.store.list_documents("cnil") for c in p.store.document_chunks(d.id)]
    return sum(len(w) for c in chunks for w in embedded_texts(c, p.settings.embed_chars, p.settings.embed_mode))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--embed-chars", type=int, default=None)
    parser.add_argument("--embed-mode", default=None, choices=("windows", "full", "head"))
    parser.add_argument("--database", default="", help="SQLite file to keep the ingestion in and reuse")
    args = parser.parse_args()
    overrides: dict = {"embed_chars": args.embed_chars} if args.embed_chars else {}
    if args.embed_mode:
        overrides["embed_mode"] = args.embed_mode
    p = fresh_platform(database_url=f"sqlite:///{Path(args.database).resolve()}" if args.database else None,
                       **overrides)
    p.embedder.embed_passages(["échauffement du modèle"])  # model load is not ingestion
    ingest_s, chunks = None, p.store.count_chunks(["cnil"]) if args.database else 0
    if not chunks:
        started = time.perf_counter()
        chunks = p.ingestor.ingest("cnil", discover([CNIL / "documents"])).chunks
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
                      "ingest_seconds": round(ingest_s, 1) if ingest_s else "reused database",
                      "chunks_per_s": round(chunks / ingest_s, 1) if ingest_s else None,
                      "chars_embedded_per_s": round(embedded_chars(p) / ingest_s) if ingest_s else None,
                      "results": results}, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
