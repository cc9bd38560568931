"""`sudia eval ...`: measure quality on labelled data."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import typer

from sudia.cli.common import console, platform, print_json

eval_app = typer.Typer(help="Évaluer la qualité (recherche, extraction).", no_args_is_help=True)


@eval_app.command("retrieval")
def retrieval(
    documents: Path = typer.Option(..., "--documents", exists=True, file_okay=False, help="Dossier des documents"),
    questions: Path = typer.Option(..., "--questions", exists=True, dir_okay=False, help="Questions (JSONL)"),
    as_json: bool = typer.Option(False, "--json"),
    keep: bool = typer.Option(False, "--keep", help="Garder la collection temporaire"),
) -> None:
    """Ingérer DOSSIER dans une collection jetable et mesurer hit@1/3/5/10 et MRR."""
    from sudia.evaluation.retrieval import evaluate, load_questions
    from sudia.ingest.pipeline import discover

    with platform() as p:
        qs = load_questions(questions)
        collection = f"eval-{uuid.uuid4().hex[:8]}"
        try:
            files = discover([documents])
            started = time.perf_counter()
            with console.status(f"Ingestion de {len(files)} documents…"):
                report = p.ingestor.ingest(collection, files)
            ingest_s = time.perf_counter() - started
            started = time.perf_counter()
            scores = evaluate(p.retriever, collection, qs)
            search_s = time.perf_counter() - started
        finally:
            if not keep:
                p.store.delete_collection(collection)
        out = scores.to_dict() | {
            "documents": len(files), "chunks": report.chunks, "errors": report.count("error"),
            "ingest_seconds": round(ingest_s, 2), "search_ms_per_question": round(1000 * search_s / max(len(qs), 1), 1),
            "embedder": p.settings.embedder,
        }
        if as_json:
            print_json(out)
        else:
            for key, value in out.items():
                console.print(f"{key} : {value}")
