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
