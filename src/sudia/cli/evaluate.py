"""`sudia eval ...`: measure quality on labelled data."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import typer

from sudia.cli.common import _quiet_libraries, console, fail, platform, print_json
from sudia.errors import SudiaError

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


@eval_app.command("answers")
def answers(
    documents: Path = typer.Option(..., "--documents", exists=True, file_okay=False, help="Dossier des documents"),
    questions: list[Path] = typer.Option(..., "--questions", exists=True, dir_okay=False,
                                         help="Questions (JSONL : question, document ou null, expect) ; répétable"),
    as_json: bool = typer.Option(False, "--json", help="Résultats en JSON sur la sortie standard"),
    details: Path = typer.Option(None, "--details", dir_okay=False,
                                 help="Écrire chaque question, sa réponse et ses passages (JSONL)"),
    with_llm: bool = typer.Option(False, "--with-llm",
                                  help="Utiliser le modèle de langage configuré (par défaut : réponses extractives)"),
) -> None:
    """Ingérer DOSSIER dans une base SQLite jetable et mesurer les réponses : réponse trouvée, citée,
    abstentions, rappel des passages @1/@5/@10, latence p50/p95."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from sudia.evaluation.answers import Progress as Callbacks
    from sudia.evaluation.answers import run_answer_evaluation
    from sudia.platform import Platform
    from sudia.settings import Settings

    _quiet_libraries()
    try:
        settings = Settings()
        if not with_llm:  # what users get by default: quoted sentences, no language model
            settings = settings.model_copy(update={"llm_backend": "none", "llm_base_url": "", "llm_model": ""})
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=console) as bar:
            tasks: dict[str, object] = {}

            def on_files(total: int) -> None:
                tasks["files"] = bar.add_task("Ingestion", total=total)

            def on_file(result) -> None:
                if result.status == "error":
                    bar.console.print(f"[red]✗[/] {result.source} : [{result.error_code}] {result.message}",
                                      highlight=False)
                bar.update(tasks["files"], advance=1, description=f"Ingestion ({result.source[-40:]})")
                _log_line(bar, tasks["files"], "Ingestion")

            def on_questions(total: int) -> None:
                tasks["questions"] = bar.add_task("Questions", total=total)

            def on_question(outcome) -> None:
                bar.update(tasks["questions"], advance=1)
                _log_line(bar, tasks["questions"], "Questions")

            run = run_answer_evaluation(settings, documents, questions,
                                        Callbacks(on_files, on_file, on_questions, on_question),
                                        open_platform=Platform.from_settings)
    except SudiaError as exc:
        fail(exc)
    if details is not None:
        details.write_text("".join(json.dumps({"set": name} | o.to_dict(), ensure_ascii=False) + "\n"
                                   for name, scores in run.sets.items() for o in scores.outcomes), encoding="utf-8")
    out = run.to_dict()
    if as_json:
        print_json(out)
        return
    for name, scores in out.pop("sets").items():
        console.print(f"[bold]{name}[/]", highlight=False)
        for key, value in scores.items():
            console.print(f"  {key} : {value}", highlight=False)
    for key, value in out.items():
        console.print(f"{key} : {value}", highlight=False)



def _log_line(bar, task_id, label: str, every: int = 25) -> None:
    """Without a terminal (a log file, CI) the bar is not redrawn: one line every `every` steps instead."""
    if bar.console.is_terminal:
        return
    task = next(t for t in bar.tasks if t.id == task_id)
    if task.completed % every == 0 or task.completed == task.total:
        bar.console.print(f"{label} : {task.completed:.0f}/{task.total:.0f}", highlight=False)
