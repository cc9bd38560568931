"""The canteens' French pages: the chef's day, a canteen's history, the region, the monthly report.

Pages work without JavaScript (forms post and redirect), read well on a phone, and draw their
charts as SVG on the server. Each route checks the caller's rights before reading anything.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sudia.cantines import charts
from sudia.cantines.reports import canteen_summary, dishes_wasted_most, month_bounds, month_label, monthly_trend
from sudia.cantines.types import WASTE_CATEGORIES, WASTE_LABELS
from sudia.cantines.web import context as ctx
from sudia.errors import SudiaError
from sudia.web.auth import get_principal
from sudia.web.templating import templates

router = APIRouter(route_class=ctx.CantinesRoute, prefix="/cantines", include_in_schema=False, default_response_class=HTMLResponse)


def _render(request: Request, template: str, data: dict[str, object], status: int = 200) -> Response:
    principal = get_principal(request)
    base = {"cant_regional": ctx.access(request).is_regional(principal), "waste_labels": WASTE_LABELS,
            "waste_categories": WASTE_CATEGORIES}
    return templates.TemplateResponse(request, template, base | data, status_code=status)


def _day(text: str | None, default: date) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SudiaError("SUDIA-K009", detail=f"date « {text} » (attendu : AAAA-MM-JJ)") from None


def _count(text: str, label: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise SudiaError("SUDIA-K009", detail=f"{label} : « {text} » n'est pas un nombre entier")
    return int(text)


def _kg(text: str, label: str) -> float | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise SudiaError("SUDIA-K009", detail=f"{label} : « {text} » n'est pas un poids en kg") from None


@router.get("", name="cantines")
def home(request: Request) -> Response:
    canteens = ctx.visible_canteens(request)
    if len(canteens) == 1 and not ctx.access(request).is_regional(get_principal(request)):
        return RedirectResponse(f"/cantines/{canteens[0].id}", status_code=303)
    return _render(request, "cant_accueil.html", {"canteens": canteens})


@router.get("/region", name="cantines-region")
def region(request: Request) -> Response:
    ctx.regional(request, "cantines.region")
    service = ctx.service(request)
    today = date.today()
    start = _day(request.query_params.get("debut"), today - timedelta(days=120))
    canteens = service.repo.canteens()
    factors = service.settings.factors()
    summaries = [canteen_summary(service.repo, c, start, today + timedelta(days=1), factors) for c in canteens]
    trend = monthly_trend(service.repo, canteens, start, today + timedelta(days=1))
    chart = charts.line_chart(
        "tendance-region", "Gaspillage par repas, toutes cantines, par mois",
        "Grammes jetés par repas servi : " + " ; ".join(f"{t['label']} {t['g_per_meal']} g" for t in trend),
        [str(t["label"]) for t in trend], [charts.Line("Grammes par repas", [t["g_per_meal"] for t in trend], points=True)],
        y_label="g / repas")
    avoided = {k: round(sum(s["avoided"][k] for s in summaries), 1) for k in ("meals", "kg", "co2e_kg", "euros")}  # type: ignore[index]
    return _render(request, "cant_region.html", {"summaries": summaries, "trend": trend, "chart": chart,
                                                 "avoided": avoided, "start": start, "factors": factors})


@router.get("/{canteen_id}", name="cantines-jour")
def day_view(request: Request, canteen_id: str) -> Response:
    canteen = ctx.canteen_for(request, canteen_id)
    service = ctx.service(request)
    calendar = service.calendar()
    today = _day(request.query_params.get("jour"), date.today())
    target = calendar.next_open_day(today, canteen.id, canteen.zone) or today + timedelta(days=1)
    forecast, error = None, None
    try:
        forecast = service.forecast([canteen], [target])[0]
    except SudiaError as exc:
        error = exc
    entered = service.repo.services([canteen.id], today, today + timedelta(days=1))
    weighed = service.repo.waste([canteen.id], today, today + timedelta(days=1))
    menu = [m for m in service.repo.menus(target, target + timedelta(days=1)) if m.canteen_id in ("", canteen.id)]
    return _render(request, "cant_jour.html", {
        "canteen": canteen, "today": today, "target": target, "forecast": forecast, "error": error,
        "entered": entered[0] if entered else None, "weighed": weighed[0].kg if weighed else {},
        "menu": menu[0].dishes if menu else (), "factors": service.settings.factors(),
        "saved": request.query_params.get("enregistre") == "1"})


@router.post("/{canteen_id}/saisie", name="cantines-saisie")
def record(request: Request, canteen_id: str, jour: Annotated[str, Form()], csrf: Annotated[str, Form()] = "",
           prepares: Annotated[str, Form()] = "", servis: Annotated[str, Form()] = "",
           prevus: Annotated[str, Form()] = "", pain: Annotated[str, Form()] = "",
           entree: Annotated[str, Form()] = "", plat: Annotated[str, Form()] = "",
           accompagnement: Annotated[str, Form()] = "", dessert: Annotated[str, Form()] = "",
           restes_assiettes: Annotated[str, Form()] = "") -> Response:
    canteen = ctx.canteen_for(request, canteen_id)
    principal = ctx.form_write(request, csrf)
    values = {"pain": pain, "entree": entree, "plat": plat, "accompagnement": accompagnement, "dessert": dessert,
              "restes_assiettes": restes_assiettes}
    day = _day(jour, date.today())
    ctx.service(request).record_day(
        canteen.id, day, principal.actor, planned=_count(prevus, "repas prévus"),
        prepared=_count(prepares, "repas préparés"), served=_count(servis, "repas servis"),
        waste_kg={k: _kg(v, WASTE_LABELS[k]) for k, v in values.items() if v.strip()})  # type: ignore[misc]
    return RedirectResponse(f"/cantines/{canteen.id}?jour={day.isoformat()}&enregistre=1#saisie", status_code=303)


@router.get("/{canteen_id}/historique", name="cantines-historique")
def history(request: Request, canteen_id: str) -> Response:
    canteen = ctx.canteen_for(request, canteen_id)
    service = ctx.service(request)
    end = _day(request.query_params.get("fin"), date.today() + timedelta(days=1))
    start = _day(request.query_params.get("debut"), end - timedelta(days=90))
    summary = canteen_summary(service.repo, canteen, start, end, service.settings.factors())
    rows = [r for r in summary["rows"] if r["served"] is not None or r["expected"] is not None]  # type: ignore[union-attr]
    attendance = charts.line_chart(
        "frequentation", "Repas servis et prévision", f"{len(rows)} jours de service ; écart moyen de la prévision : "
        f"{summary['accuracy']['mae_forecast']} repas, de la prévision de la cuisine : {summary['accuracy']['mae_staff']} repas.",  # type: ignore[index]
        [r["day"].strftime("%d/%m") for r in rows],
        [charts.Line("Repas servis", [r["served"] for r in rows], charts.COLOURS[0], points=True),
         charts.Line("Prévision Sud IA", [r["expected"] for r in rows], charts.COLOURS[1], "6 4"),
         charts.Line("Prévision de la cuisine", [r["planned"] for r in rows], charts.COLOURS[2], "2 3")],
        band=([r["low"] for r in rows], [r["high"] for r in rows], "Intervalle de prévision (8 jours sur 10)"),
        y_label="repas")
    weeks = _weekly_waste(summary["rows"])  # type: ignore[arg-type]
    waste = charts.stacked_bars(
        "gaspillage", "Gaspillage par repas et par catégorie, par semaine",
        "Grammes jetés par repas servi, semaine par semaine, par catégorie.", [w["label"] for w in weeks],
        [(WASTE_LABELS[c], [w[c] for w in weeks]) for c in WASTE_CATEGORIES], unit="g / repas")
    dishes = dishes_wasted_most(service.repo, canteen, start, end)
    ranked = charts.ranked_bars("plats", "Plats après lesquels les assiettes reviennent les plus pleines",
                                "Restes d'assiettes moyens, en grammes par repas, les jours où le plat était servi.",
                                [(d["dish"], d["grams_per_meal"]) for d in dishes], "g / repas")  # type: ignore[misc]
    return _render(request, "cant_historique.html", {"canteen": canteen, "summary": summary, "rows": rows,
                                                     "attendance": attendance, "waste": waste, "weeks": weeks,
                                                     "dishes": dishes, "ranked": ranked, "start": start, "end": end,
                                                     "month": (end - timedelta(days=1)).strftime("%Y-%m")})


def _weekly_waste(rows: list[dict]) -> list[dict[str, object]]:
    weeks: dict[date, dict[str, float]] = {}
    for r in rows:
        if not r["waste"] or not r["served"]:
            continue
        monday = r["day"] - timedelta(days=r["day"].weekday())
        w = weeks.setdefault(monday, {"meals": 0.0, **{c: 0.0 for c in WASTE_CATEGORIES}})
        w["meals"] += r["served"]
        for c in WASTE_CATEGORIES:
            w[c] += r["waste"].get(c, 0.0)
    return [{"label": m.strftime("%d/%m"), **{c: round(1000 * w[c] / w["meals"], 1) for c in WASTE_CATEGORIES}}
            for m, w in sorted(weeks.items())][-16:]


@router.get("/{canteen_id}/rapport/{month}", name="cantines-rapport")
def report(request: Request, canteen_id: str, month: str) -> Response:
    canteen = ctx.canteen_for(request, canteen_id)
    service = ctx.service(request)
    pdf = month.endswith(".pdf")
    month = month.removesuffix(".pdf")
    try:
        start, end = month_bounds(month)
    except ValueError:
        raise SudiaError("SUDIA-K009", detail=f"mois « {month} » (attendu : AAAA-MM)") from None
    summary = canteen_summary(service.repo, canteen, start, end, service.settings.factors())
    dishes = dishes_wasted_most(service.repo, canteen, start, end, top=5)
    if pdf:
        from sudia.cantines.web.pdf import monthly_pdf

        data = monthly_pdf(canteen, month_label(start), summary, dishes, service.settings.factors())
        return Response(data, media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="rapport-{canteen.id}-{month}.pdf"'})
    return _render(request, "cant_rapport.html", {"canteen": canteen, "summary": summary, "dishes": dishes,
                                                  "month": month, "month_label": month_label(start),
                                                  "factors": service.settings.factors()})
