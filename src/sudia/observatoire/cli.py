"""`sudia observatoire ...` and `sudia eval extraction`: parse arguments, call the library, render."""

from __future__ import annotations

from pathlib import Path

import typer

from sudia.cli.common import console, fail, print_json
from sudia.errors import SudiaError

app = typer.Typer(help="Observatoire de l'écosystème IA de la Région Sud.", no_args_is_help=True)


@app.command("extract")
def extract(
    paths: list[Path] = typer.Argument(..., exists=True, help="Communiqués, rapports, brochures (ou dossiers)"),
    as_json: bool = typer.Option(False, "--json", help="Sortie JSON (acteurs, faits, personnes, contradictions)"),
    offline: bool = typer.Option(False, "--sans-llm", help="Ne pas utiliser le modèle de langage configuré"),
) -> None:
    """Extraire acteurs, faits chiffrés et personnes de FICHIERS, sans rien enregistrer."""
    try:
        result = _extractor(offline).extract_files(_documents(list(paths)))
    except SudiaError as exc:
        fail(exc)
    if as_json:
        print_json(result.to_dict())
        return
    for actor in result.actors:
        console.print(f"[bold]{actor.name}[/] ({actor.kind}) {', '.join(actor.places)}", highlight=False)
    for fact in result.facts:
        console.print(f"  {fact.actor} · {fact.type} = {fact.value:g} {fact.unit} {fact.date}", highlight=False)
    for person in result.people:
        console.print(f"  {person.name}, {person.role} ({person.organisation})", highlight=False)
    for c in result.contradictions:
        console.print(f"[red]Contradiction[/] {c.actor} {c.type} : « {c.first.source.quote} » / « {c.second.source.quote} »",
                      highlight=False)


SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")


def _extractor(offline: bool = True):
    """One extractor (one spaCy model) for the whole batch; LLM-assisted when SUDIA_LLM_* is set."""
    from sudia.observatoire.extractor import Extractor
    from sudia.observatoire.learned import load_models
    from sudia.observatoire.llm_extraction import assistant_from_settings
    from sudia.settings import Settings

    settings = Settings()
    return Extractor(assistant=None if offline else assistant_from_settings(settings),
                     models=load_models(mode=settings.obs_attribution))


def _documents(paths: list[Path]) -> list[Path]:
    """Files as given, folders searched recursively for the formats the parsers read."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        else:
            out.append(path)
    return out


@app.command("ingest")
def ingest(
    paths: list[Path] = typer.Argument(..., exists=True, help="Documents ou dossiers à verser à l'observatoire"),
    force: bool = typer.Option(False, "--force", help="Réextraire aussi les documents inchangés"),
    as_json: bool = typer.Option(False, "--json"),
    offline: bool = typer.Option(False, "--sans-llm", help="Ne pas utiliser le modèle de langage configuré"),
) -> None:
    """Extraire les documents nouveaux ou modifiés et les fusionner dans la base de connaissances.

    Le modèle de langue n'est chargé qu'une fois pour tout le lot ; un document inchangé (même
    contenu) n'est pas réextrait."""
    from sudia.observatoire.kb.factory import open_knowledge_base
    from sudia.observatoire.observatory import Observatory
    from sudia.settings import Settings

    files = _documents(list(paths))
    done = [0]

    def progress(path: Path, extracted: bool) -> None:
        done[0] += 1
        console.print(f"[{done[0]}/{len(files)}] {path.name} : {'extrait' if extracted else 'inchangé'}", highlight=False)

    try:
        kb = open_knowledge_base(Settings().resolved_database_url())
        try:
            report = Observatory(kb, _extractor(offline)).ingest_files(files, force=force, on_file=progress)
        finally:
            kb.close()
    except SudiaError as exc:
        fail(exc)
    out = {"documents": list(report.documents), "unchanged": list(report.unchanged), "actors": report.actors,
           "facts": report.facts, "people": report.people, "contradictions": report.contradictions}
    if as_json:
        print_json(out)
    else:
        console.print(f"{len(report.documents)} document(s) extrait(s), {len(report.unchanged)} inchangé(s) : "
                      f"{report.actors} acteurs, {report.facts} faits, {report.people} personnes, "
                      f"{report.contradictions} contradiction(s)")


def eval_extraction_command(
    folder: Path | None = typer.Option(None, "--documents", exists=True, file_okay=False,
                                       help="Dossier des documents étiquetés (obligatoire)"),
    labels: Path = typer.Option(None, "--labels", exists=True, dir_okay=False,
                                help="Étiquettes JSON (défaut : expected.json dans le dossier des documents)"),
    as_json: bool = typer.Option(False, "--json"),
    show_errors: bool = typer.Option(False, "--errors", help="Lister les écarts avec les étiquettes"),
    with_llm: bool = typer.Option(False, "--llm", help="Mesurer l'extraction assistée par le modèle configuré (SUDIA_LLM_*)"),
    skip_missing: bool = typer.Option(False, "--skip-missing",
                                      help="Ignorer (et lister) les documents étiquetés absents du dossier"),
) -> None:
    """Précision et rappel de l'extraction (acteurs, faits, personnes, contradictions) sur un jeu étiqueté.

    L'extraction hors ligne est mesurée par défaut ; --llm mesure l'extraction assistée."""
    # No default folder: a path inside the repository would only work from its root (issue #11).
    # Checked here rather than by typer, whose message for a missing option is in English.
    if folder is None:
        fail(SudiaError("SUDIA-O009"))
    from sudia.observatoire.evaluation import evaluate

    try:
        report = evaluate(folder, _extractor(offline=not with_llm), labels=labels, skip_missing=skip_missing)
    except SudiaError as exc:
        fail(exc)
    out = report.to_dict()
    if as_json:
        print_json(out)
    else:
        for name in ("actors", "facts", "people", "people_org", "contradictions"):
            s = out[name]
            console.print(f"{name:<14} précision {s['precision']:.3f}  rappel {s['recall']:.3f}  "
                          f"({s['matched']}/{s['extracted']} extraits, {s['expected']} attendus)")
        console.print(f"faits sur le bon acteur : {out['attribution']:.3f} ; types d'acteurs justes : "
                      f"{out['kind_accuracy']:.3f} ; dates justes : {out['date_accuracy']:.3f}")
        if report.missing:
            console.print(f"{len(report.missing)} document(s) absent(s), ignoré(s) : {', '.join(report.missing)}")
    if show_errors:
        for line in report.errors:
            console.print(f"  {line}", highlight=False)
