"""What the pages show, computed from stored data: a canteen's history, the region, a monthly report.

Plain data only (dicts and lists of numbers and French labels); charts and HTML are drawn by the
web layer. "Forecast" always means the forecast stored *before* its day (`service.forecast`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import numpy as np

from sudia.cantines.forecast.menus import dish_key
from sudia.cantines.impact import ImpactFactors
from sudia.cantines.storage.repository import CantinesRepository
from sudia.cantines.types import WASTE_CATEGORIES, WASTE_LABELS, Canteen

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")


def month_label(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def month_bounds(month: str) -> tuple[date, date]:
    """« 2025-03 » -> (2025-03-01, 2025-04-01)."""
    start = date.fromisoformat(f"{month}-01")
    return start, (start + timedelta(days=32)).replace(day=1)


def _g(v: float | None) -> float | None:
    return None if v is None or np.isnan(v) else round(float(v), 1)


def daily_rows(repo: CantinesRepository, canteen: Canteen, start: date, end: date) -> list[dict[str, object]]:
    """One row per service day: counts, the forecast stored before it, waste by category."""
    services = {s.day: s for s in repo.services([canteen.id], start, end)}
    forecasts = {date.fromisoformat(str(f["day"])): f for f in repo.forecasts([canteen.id], start, end)}
    waste = {w.day: w for w in repo.waste([canteen.id], start, end)}
    rows = []
    for day in sorted(set(services) | set(forecasts) | set(waste)):
        s, f, w = services.get(day), forecasts.get(day, {}), waste.get(day)
        rows.append({"day": day, "planned": s.planned if s else None, "prepared": s.prepared if s else None,
                     "served": s.served if s else None, "expected": f.get("expected"), "low": f.get("low"),
                     "high": f.get("high"), "recommended": f.get("recommended"),
                     "usual_quantity": f.get("usual_quantity"), "meals_saved": f.get("meals_saved"),
                     "waste": dict(w.kg) if w else {}, "waste_total": w.total_kg if w else None})
    return rows


def accuracy(rows: list[dict[str, object]]) -> dict[str, object]:
    """MAE of the stored forecasts and of the kitchen's own, on the days both are known."""
    pairs = [(r["expected"], r["planned"], r["served"]) for r in rows
             if r["served"] is not None and r["expected"] is not None]
    if not pairs:
        return {"days": 0, "mae_forecast": None, "mae_staff": None}
    e, p, s = (np.array([x if x is not None else np.nan for x in col], float) for col in zip(*pairs))
    staff = ~np.isnan(p)
    return {"days": len(pairs), "mae_forecast": _g(np.mean(np.abs(e - s))),
            "mae_staff": _g(np.mean(np.abs(p[staff] - s[staff]))) if staff.any() else None}


def waste_per_meal(rows: list[dict[str, object]]) -> dict[str, float | None]:
    """Grams per meal served, by category, over the days weighed."""
    weighed = [r for r in rows if r["waste"] and r["served"]]
    meals = sum(int(r["served"]) for r in weighed)  # type: ignore[arg-type]
    if not meals:
        return {c: None for c in WASTE_CATEGORIES}
    return {c: round(1000 * sum(r["waste"].get(c, 0.0) for r in weighed) / meals, 1)  # type: ignore[union-attr]
            for c in WASTE_CATEGORIES}


def dishes_wasted_most(repo: CantinesRepository, canteen: Canteen, start: date, end: date,
                       top: int = 8) -> list[dict[str, object]]:
    """Dishes after which plates came back fullest: mean plate leftovers (g per meal) on their days."""
    served = {s.day: s.served for s in repo.services([canteen.id], start, end) if s.served}
    leftovers = {w.day: w.kg.get("restes_assiettes", w.kg.get("plat")) for w in repo.waste([canteen.id], start, end)}
    per_dish: dict[str, list[float]] = defaultdict(list)
    names: dict[str, str] = {}
    for menu in repo.menus(start, end):
        if menu.canteen_id not in ("", canteen.id):
            continue
        kg, meals = leftovers.get(menu.day), served.get(menu.day)
        if kg is None or not meals:
            continue
        for dish in menu.dishes:
            if dish.category in ("plat", "accompagnement", "entree"):
                key = dish_key(dish.name)
                names.setdefault(key, dish.name)
                per_dish[key].append(1000 * kg / meals)
    ranked = sorted(((np.mean(v), len(v), k) for k, v in per_dish.items() if len(v) >= 2), reverse=True)
    return [{"dish": names[k], "grams_per_meal": round(float(g), 1), "days": n} for g, n, k in ranked[:top]]


def canteen_summary(repo: CantinesRepository, canteen: Canteen, start: date, end: date,
                    factors: ImpactFactors) -> dict[str, object]:
    rows = daily_rows(repo, canteen, start, end)
    served = [int(r["served"]) for r in rows if r["served"] is not None]  # type: ignore[arg-type]
    prepared = [(int(r["prepared"]), int(r["served"])) for r in rows  # type: ignore[arg-type]
                if r["prepared"] is not None and r["served"] is not None]
    waste_kg = sum(float(r["waste_total"]) for r in rows if r["waste_total"] is not None)  # type: ignore[arg-type]
    weighed_meals = sum(int(r["served"]) for r in rows if r["waste_total"] is not None and r["served"])  # type: ignore[arg-type]
    followed = [r for r in rows if r["meals_saved"] is not None and r["prepared"] is not None
                and r["recommended"] is not None and int(r["prepared"]) <= int(r["recommended"]) * 1.02]  # type: ignore[arg-type]
    avoided = sum(max(int(r["meals_saved"]), 0) for r in followed)  # type: ignore[arg-type]
    return {
        "canteen": canteen, "rows": rows, "days": len(served), "served": sum(served),
        "prepared": sum(p for p, _ in prepared),
        "surplus_pct": round(100 * sum(max(p - s, 0) for p, s in prepared) / max(sum(s for _, s in prepared), 1), 1),
        "shortage_days": sum(1 for p, s in prepared if p < s),
        "waste_kg": round(waste_kg, 1), "waste_g_per_meal": round(1000 * waste_kg / weighed_meals, 1) if weighed_meals else None,
        "waste_impact": factors.waste(waste_kg), "per_meal": waste_per_meal(rows), "accuracy": accuracy(rows),
        "avoided": {**factors.meals(avoided), "days_followed": len(followed)},
    }


def monthly_trend(repo: CantinesRepository, canteens: list[Canteen], start: date, end: date) -> list[dict[str, object]]:
    """Per month, across `canteens`: meals served, kg wasted, grams per meal."""
    ids = [c.id for c in canteens]
    served: dict[str, int] = defaultdict(int)
    for s in repo.services(ids, start, end):
        if s.served:
            served[s.day.strftime("%Y-%m")] += s.served
    kg: dict[str, float] = defaultdict(float)
    weighed_meals: dict[str, int] = defaultdict(int)
    by_day = {(s.canteen_id, s.day): s.served for s in repo.services(ids, start, end)}
    for w in repo.waste(ids, start, end):
        month = w.day.strftime("%Y-%m")
        kg[month] += w.total_kg
        weighed_meals[month] += by_day.get((w.canteen_id, w.day)) or 0
    return [{"month": m, "label": month_label(date.fromisoformat(m + "-01")), "served": served[m],
             "waste_kg": round(kg[m], 1),
             "g_per_meal": round(1000 * kg[m] / weighed_meals[m], 1) if weighed_meals[m] else None}
            for m in sorted(set(served) | set(kg))]


def labels() -> dict[str, str]:
    return dict(WASTE_LABELS)
