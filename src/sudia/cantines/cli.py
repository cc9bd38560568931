"""`sudia cantines …`: parse arguments, call the library, render (JSON on stdout, progress on stderr)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from sudia.errors import SudiaError

app = typer.Typer(help="Cantines des lycées : prévisions de repas et suivi du gaspillage.", no_args_is_help=True)

MAP_HELP = "Correspondance champ=colonne (répétable), ex. served=nb_repas, canteen=site_nom+site_type, kind==greve"


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SudiaError("SUDIA-K006", detail=f"{option} « {text} » n'est pas une date AAAA-MM-JJ") from None


@app.command("backtest")
def backtest_command(
    data: Path = typer.Option(..., "--data", exists=True, dir_okay=False, help="Services (CSV ou Excel) : cantine, date, repas servis, et la prévision de la cuisine si connue"),
    start: str = typer.Option(..., "--from", help="Premier jour évalué (AAAA-MM-JJ) ; tout ce qui précède sert à apprendre"),
    end: str = typer.Option("", "--to", help="Jour de fin, exclu (par défaut : la fin des données)"),
    mapping: list[str] = typer.Option([], "--map", help=MAP_HELP),
    calendar: Path | None = typer.Option(None, "--calendar", exists=True, dir_okay=False, help="Entrées de calendrier en plus du calendrier national (grèves, sorties, examens…)"),
    calendar_mapping: list[str] = typer.Option([], "--calendar-map", help=MAP_HELP),
    menus: Path | None = typer.Option(None, "--menus", exists=True, dir_okay=False, help="Menus : date, plat"),
    menus_mapping: list[str] = typer.Option([], "--menus-map", help=MAP_HELP),
    zone: str = typer.Option("B", "--zone", help="Zone de vacances scolaires des cantines (A, B ou C)"),
    model: str = typer.Option("lightgbm", "--model", help="lightgbm, sklearn ou statsmodels"),
    risk: float = typer.Option(0.05, "--risk", help="Risque de manque visé par la quantité recommandée (0,05 = 5 %)"),
    horizon: int = typer.Option(1, "--horizon", help="Jours entre la prévision et le service (1 = la veille)"),
    use_planned: bool = typer.Option(False, "--use-planned", help="Donner au modèle la prévision de la cuisine comme variable"),
    no_menus: bool = typer.Option(False, "--no-menus", help="Ignorer les menus"),
    threads: int = typer.Option(1, "--threads", help="Fils de calcul pour l'apprentissage"),
    by_canteen: bool = typer.Option(True, "--by-canteen/--overall-only", help="Scores par cantine en plus du total"),
    as_json: bool = typer.Option(False, "--json", help="Résultat JSON sur la sortie standard"),
    rows_out: Path | None = typer.Option(None, "--rows", help="Écrire les prévisions jour par jour (CSV) dans ce fichier"),
) -> None:
    """Backtest à origine glissante (réentraînement mensuel, sans regard sur le futur) : EAM, EAPM, surproduction, jours de manque, à côté de chaque référence."""
    from sudia.cli.common import console, fail, print_json

    try:
        from sudia.cantines.dataset import load_dataset
        from sudia.cantines.forecast.backtest import BacktestOptions, backtest
        from sudia.cantines.forecast.features import FeatureOptions
        from sudia.cantines.forecast.forecaster import ModelSpec

        if not 0 < risk < 1:
            raise SudiaError("SUDIA-K006", detail=f"--risk {risk} (entre 0 et 1 exclus)")
        console.print(f"Lecture de {data.name}…")
        ds = load_dataset(data, mapping, zone.upper(), calendar, calendar_mapping, menus, menus_mapping)
        for name, errors in ds.errors.items():
            if errors:
                console.print(f"{name} : {len({e.line for e in errors})} ligne(s) écartée(s), ex. {errors[0]}",
                              highlight=False)
        spec = ModelSpec(model, features=FeatureOptions(horizon, use_planned, not no_menus), threads=threads)
        options = BacktestOptions(_day(start, "--from"), _day(end, "--to") if end else None, risk=risk, spec=spec)

        def progress(i: int, n: int, label: str) -> None:
            console.print(f"[{i}/{n}] apprentissage jusqu'à {label}", highlight=False)

        result = backtest(ds.history, ds.calendar, ds.zones, options, ds.menus, progress)
    except SudiaError as exc:
        fail(exc)
    out = {"data": {"file": data.name, **ds.summary()}, **result.to_dict(by_canteen)}
    if rows_out is not None:
        result.rows[["canteen", "date", "served", *result.methods]].to_csv(rows_out, index=False)
    if as_json:
        print_json(out)
        return
    for method, s in out["overall"].items():  # type: ignore[union-attr]
        console.print(f"{out['methods'][method]:<48} EAM {s['mae']:6.2f}  EAPM {s['mape']:5.1f} %  "  # type: ignore[index]
                      f"surproduction {s['over_production_pct']:5.1f} %  jours de manque {s['shortage_days_pct']:5.1f} %",
                      highlight=False)


def _service():
    from sudia.cantines.service import CantinesService
    from sudia.cantines.settings import CantinesSettings
    from sudia.cantines.storage.repository import CantinesRepository
    from sudia.cli.common import platform

    return platform, CantinesService, CantinesSettings, CantinesRepository


@app.command("generate")
def generate_command(
    out: Path = typer.Option(..., "--out", file_okay=False, help="Dossier où écrire les fichiers CSV"),
    canteens: int = typer.Option(6, "--cantines", help="Nombre de cantines"),
    start: str = typer.Option("2023-09-01", "--from", help="Premier jour"),
    end: str = typer.Option("2025-07-01", "--to", help="Dernier jour, exclu"),
    seed: int = typer.Option(7, "--seed"),
) -> None:
    """Écrire des cantines synthétiques réalistes (services, menus, pesées, calendrier, cantines) en CSV."""
    import csv

    from sudia.cantines.synthetic import generate
    from sudia.cantines.types import WASTE_CATEGORIES
    from sudia.cli.common import console, fail

    try:
        data = generate(canteens, _day(start, "--from"), _day(end, "--to"), seed)
    except SudiaError as exc:
        fail(exc)
    out.mkdir(parents=True, exist_ok=True)
    tables = {
        "cantines.csv": (["id", "nom", "commune", "academie", "lycee", "capacite"],
                         [[c.id, c.name, c.commune, c.academie, c.lycee, c.capacity] for c in data.canteens]),
        "services.csv": (["cantine", "date", "prevus", "prepares", "servis"],
                         [[s.canteen_id, s.day, s.planned, s.prepared, s.served] for s in data.services]),
        "menus.csv": (["date", "plat", "categorie"], [[m.day, d.name, d.category] for m in data.menus for d in m.dishes]),
        "pesees.csv": (["cantine", "date", *WASTE_CATEGORIES],
                       [[w.canteen_id, w.day, *[w.kg.get(c, "") for c in WASTE_CATEGORIES]] for w in data.waste]),
        "calendrier.csv": (["type", "debut", "fin", "libelle", "cantine", "part_absents"],
                           [[e.kind, e.start, e.end, e.label, e.canteen_id, e.share_absent or ""] for e in data.calendar]),
    }
    for name, (header, rows) in tables.items():
        with open(out / name, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows(rows)
    console.print(f"{len(data.canteens)} cantines, {len(data.services)} services écrits dans {out}")


@app.command("import")
def import_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="Fichier CSV ou Excel"),
    kind: str = typer.Option("services", "--type", help="services, menus, waste, calendar ou canteens"),
    mapping: list[str] = typer.Option([], "--map", help=MAP_HELP),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Importer un fichier dans la base (les lignes refusées sont listées avec leur numéro)."""
    from sudia.cantines.importing import read_path
    from sudia.cli.common import console, print_json
    from sudia.cli.users import operator

    platform, Service, Settings, Repository = _service()
    with platform() as p:
        p.upgrade_schema()
        service = Service(Repository(p.database), Settings(), p.trust.audit)
        result = service.import_table(read_path(file), kind, mapping, operator(), entry_point="cli")
    if as_json:
        print_json(result.to_dict())
        return
    console.print(f"{len(result.records)} ligne(s) importée(s), {len(result.errors)} erreur(s)")
    for e in result.errors[:30]:
        console.print(f"  {e}", highlight=False)


@app.command("train")
def train_command(as_json: bool = typer.Option(False, "--json"),
                  if_due: bool = typer.Option(False, "--if-due", help="Seulement si le dernier modèle a plus de SUDIA_CANTINES_RETRAIN_DAYS jours (pour cron)")) -> None:
    """Entraîner une nouvelle version du modèle sur tous les services enregistrés."""
    from sudia.cantines.scheduler import retrain_if_due
    from sudia.cli.common import console, print_json
    from sudia.cli.users import operator

    platform, Service, Settings, Repository = _service()
    with platform() as p:
        p.upgrade_schema()
        service = Service(Repository(p.database), Settings(), p.trust.audit)
        if if_due:
            version = retrain_if_due(service)
            out = {"trained": version}
        else:
            out = service.train(operator(), entry_point="cli")
    if as_json:
        print_json(out)
    else:
        console.print(f"Modèle : {out.get('version') or out.get('trained') or 'pas encore dû'}")


@app.command("forecast")
def forecast_command(canteen: list[str] = typer.Option([], "--cantine", help="Cantine(s) ; toutes par défaut"),
                     day: str = typer.Option("", "--jour", help="Jour prévu (défaut : prochain jour de service)"),
                     as_json: bool = typer.Option(False, "--json")) -> None:
    """Prévision, intervalle et quantité recommandée pour le prochain service."""
    from sudia.cli.common import console, print_json

    platform, Service, Settings, Repository = _service()
    with platform() as p:
        p.upgrade_schema()
        service = Service(Repository(p.database), Settings(), p.trust.audit)
        canteens = service.repo.canteens(canteen or None)
        calendar = service.calendar()
        results = []
        for c in canteens:
            target = _day(day, "--jour") if day else calendar.next_open_day(date.today(), c.id, c.zone)
            if target is not None:
                results += service.forecast([c], [target])
    if as_json:
        print_json([f.to_dict() for f in results])
        return
    for f in results:
        console.print(f"{f.canteen_id} {f.day} : {f.expected} repas attendus ({f.low}–{f.high}), "
                      f"{f.recommended} à préparer (risque {f.risk:.0%})", highlight=False)
