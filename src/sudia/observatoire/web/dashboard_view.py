"""The dashboard page's charts and key figures, from the `queries.dashboard` aggregates."""

from __future__ import annotations

from dataclasses import dataclass

from sudia.observatoire.geography import DEPARTMENTS
from sudia.observatoire.queries import Dashboard, dashboard
from sudia.observatoire.types import Extraction
from sudia.observatoire.web.charts import BarChart, bar_chart
from sudia.observatoire.web.labels import FACT_LABELS, euros, fact_date, fact_label, kind_label, number, slug

MONEY_SERIES = {"investment_eur": "Investissements annoncés", "funding_eur": "Levées de fonds"}
_DEPARTMENT_CODES = {name: code for code, name in DEPARTMENTS.items()}


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str


@dataclass(frozen=True)
class Amount:
    """One amount of the totals, with the link to the sentence that gives it."""

    actor: str
    label: str
    value: str
    date: str
    url: str  # the actor page, at this fact


@dataclass(frozen=True)
class DashboardView:
    board: Dashboard
    figures: tuple[KeyFigure, ...]
    charts: tuple[BarChart, ...]
    amounts: tuple[Amount, ...] = ()
    outside: int = 0  # amounts of national or other scope, not in the totals


def _by_value(data: dict[str, float]) -> dict[str, float]:
    return dict(sorted(data.items(), key=lambda kv: (-kv[1], kv[0])))


def _department(name: str) -> str:
    code = _DEPARTMENT_CODES.get(name)
    return f"{name} ({code})" if code else "Non localisé"


def _amounts(state: Extraction, board: Dashboard, ids: list[str]) -> tuple[Amount, ...]:
    out = []
    for i in board.counted:
        fact = state.facts[i]
        anchor = f"#fait-{ids[i]}" if i < len(ids) else ""
        out.append(Amount(fact.actor, fact_label(fact.type, fact.unit), euros(fact.value), fact_date(fact.date),
                          f"/observatoire/acteurs/{slug(fact.actor)}{anchor}"))
    return tuple(sorted(out, key=lambda a: a.actor.lower()))


def dashboard_view(state: Extraction, ids: list[str] | None = None) -> DashboardView:
    board = dashboard(state)
    money = sum(v for year in board.money_by_year.values() for v in year.values())
    documents = {s.document for a in state.actors for s in a.sources}
    figures = (
        KeyFigure("Acteurs", number(len(state.actors))),
        KeyFigure("Faits sourcés", number(len(state.facts))),
        KeyFigure("Documents analysés", number(len(documents))),
        KeyFigure("Montants annoncés", euros(money) if money else "—"),
        KeyFigure("Contradictions à vérifier", number(len(state.contradictions))),
    )
    years = {("Date inconnue" if y == "?" else y): v for y, v in board.money_by_year.items()}
    charts = (
        bar_chart("graphique-annees", "Investissements annoncés et levées de fonds par année", years, euros,
                  MONEY_SERIES),
        bar_chart("graphique-types", "Investissements et levées de fonds par type d'acteur",
                  _by_value({kind_label(k): v for k, v in board.money_by_kind.items()}), euros),
        bar_chart("graphique-departements", "Investissements et levées de fonds par département",
                  _by_value({_department(d): v for d, v in board.money_by_department.items()}), euros),
        bar_chart("graphique-puissance", f"{FACT_LABELS['power_mw']} des centres de données (MW)",
                  {f"{name}{f' ({code})' if code else ''}": mw for name, mw, code in board.datacentre_power},
                  lambda v: f"{number(v)}\u00a0MW"),
        bar_chart("graphique-acteurs", "Nombre d'acteurs par type",
                  _by_value({kind_label(k): float(n) for k, n in board.counts_by_kind.items()}),
                  lambda v: number(v, 0)),
    )
    return DashboardView(board, figures, charts, _amounts(state, board, ids or []), len(board.outside))
