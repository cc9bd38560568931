"""Trust pages: the audit log for administrators, the frugality dashboard, the public AI register.

The routes parse their input, call `sudia.audit`, `sudia.frugality` and `sudia.register`, and render.
Charts are SVG drawn on the server (no script, nothing fetched elsewhere), each with a data table.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse

from sudia.access import Principal
from sudia.audit.base import AuditQuery
from sudia.audit.entry import AuditEntry
from sudia.audit.export import write_csv
from sudia.audit.log import AuditLog
from sudia.audit.wording import ACTION_LABELS, KIND_LABELS, OUTCOMES, describe
from sudia.equivalents import SOURCES, carbon_equivalents, energy_equivalents
from sudia.errors import SudiaError
from sudia.frugality import Report, Scope, Totals, build_report, load_requests, period
from sudia.extensions import each
from sudia.register import build_register
from sudia.web.auth import add_admin_section, all_collections, allow_anonymous, get_trust
from sudia.web.deps import AdminUser, CurrentUser
from sudia.web.templating import PARIS, add_nav_item, french_date, french_number, templates

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
api_router = APIRouter(tags=["Sobriété et transparence"])

JOURNAL_PAGE = 50
QUESTION_POLICIES = {"full": "conservées en entier",
                     "hash": "conservées sous forme d'empreinte (HMAC-SHA256, clé gardée hors de la base)",
                     "none": "non conservées"}


def install(app: FastAPI) -> None:
    """Adds the pages, the JSON API, the public nav entries, and the journal to the administration menu."""
    app.include_router(router)
    app.include_router(api_router)
    add_nav_item("Sobriété", "/frugalite")
    add_nav_item("Registre", "/registre")
    add_admin_section("Journal d'audit", "/admin/journal")
    add_admin_section("Passages suspects", "/admin/passages-suspects")


# -- audit log (administrators) ------------------------------------------------------------------
@dataclass(frozen=True)
class JournalFilters:
    auteur: str = ""
    type: str = ""
    action: str = ""
    resultat: str = ""
    collection: str = ""
    du: str = ""
    au: str = ""

    def query(self) -> AuditQuery:
        """SUDIA-U002 when a date or the type is invalid. Dates are days in Paris, as the page shows times."""
        return AuditQuery(actor=self.auteur, kind=self.type, action=self.action, collection=self.collection,
                          since=paris_day_start(self.du), until=paris_day_start(self.au, next_day=True))

    def keeps(self, entry: AuditEntry) -> bool:
        # The outcome is inside the sealed content, not a column: it is filtered here.
        return not self.resultat or entry.outcome == self.resultat

    def params(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


def paris_day_start(day: str, next_day: bool = False) -> str:
    """The instant a Paris day starts (or the next one does), for the log's UTC timestamps; anything
    but a bare date is left to AuditQuery, which reports it (SUDIA-U002)."""
    try:
        moment = datetime.combine(date.fromisoformat(day), time(), tzinfo=PARIS) if len(day) == 10 else None
    except ValueError:
        moment = None
    if moment is None:
        return day
    return (moment + timedelta(days=1 if next_day else 0)).isoformat()


def journal_filters(auteur: str = "", type: str = "", action: str = "", resultat: str = "", collection: str = "",
                    du: str = "", au: str = "") -> JournalFilters:
    return JournalFilters(*(v.strip() for v in (auteur, type, action, resultat, collection, du, au)))


def journal_page(log: AuditLog, filters: JournalFilters, before: int = 0, size: int = JOURNAL_PAGE,
                 batch: int = 200, max_batches: int = 50) -> tuple[list[AuditEntry], int]:
    """One page, newest first, and the `seq` to continue before (0 at the end of the log)."""
    query, found, cursor = filters.query(), [], before
    for _ in range(max_batches):
        rows = log.entries(query, limit=batch, before_seq=cursor)
        for entry in rows:
            if filters.keeps(entry):
                found.append(entry)
                if len(found) > size:
                    return found[:size], found[size - 1].seq
        if len(rows) < batch:
            return found, 0
        cursor = rows[-1].seq
    return found, cursor  # long stretch without a match: the next page goes on from there


@router.get("/admin/journal")
def journal(request: Request, principal: AdminUser, filters: JournalFilters = Depends(journal_filters),
            avant: int = Query(0, ge=0)):
    trust = get_trust(request)
    entries, next_before, error = [], 0, None
    try:
        entries, next_before = journal_page(trust.audit, filters, avant)
    except SudiaError as exc:
        error = exc
    verification = trust.audit.verify()
    settings = trust.settings
    return templates.TemplateResponse(request, "admin_journal.html", {
        "entrees": [(e, describe(e)) for e in entries], "suivant": next_before, "actions": ACTION_LABELS, "avant": avant, "filtres": filters, "erreur": error,
        "params": filters.params(), "verification": verification, "types": KIND_LABELS, "resultats": OUTCOMES,
        "collections": [c.name for c in all_collections(request)], "retention": settings.audit_retention_days,
        "questions": QUESTION_POLICIES[settings.audit_questions],
    }, status_code=400 if error else 200)


@router.get("/admin/journal.csv")
def journal_csv(request: Request, principal: AdminUser, filters: JournalFilters = Depends(journal_filters)):
    """The filtered log, oldest first, as the CLI exports it; the export itself is audited."""
    log = get_trust(request).audit
    query = filters.query()
    log.record_admin(principal.actor, "audit.export", "journal.csv", entry_point="web", details=filters.params())
    # A temporary file keeps memory flat whatever the log's size; it is deleted once sent.
    spool = tempfile.TemporaryFile(mode="w+", encoding="utf-8-sig", newline="")
    write_csv((e for e in log.iter_entries(query) if filters.keeps(e)), spool)
    spool.flush()
    spool.buffer.seek(0)

    def chunks() -> Iterator[bytes]:
        try:
            while block := spool.buffer.read(65536):
                yield block
        finally:
            spool.close()

    name = "journal-audit.csv"
    return StreamingResponse(chunks(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


# -- suspicious passages (administrators) ---------------------------------------------------------
@router.get("/admin/passages-suspects")
def suspicious_passages(request: Request, principal: AdminUser):
    """Passages that give orders to an AI, in the collections the administrator reads; for the others
    (restricted to groups the administrator is not in), their number only."""
    from sudia.access import can_read
    from sudia.safety.flagged import flagged_passages

    store = request.app.state.platform.store
    readable, closed = [], []
    for collection in all_collections(request):
        (readable if can_read(principal, collection, allow_anonymous(request)) else closed).append(collection.name)
    found = list(flagged_passages(store, readable))
    hidden = {name: sum(1 for _ in flagged_passages(store, [name])) for name in closed}
    return templates.TemplateResponse(request, "admin_passages.html", {
        "passages": found, "fermees": {k: v for k, v in hidden.items() if v}})


# -- frugality --------------------------------------------------------------------------------------
def frugality_report(request: Request, principal: Principal, days: int) -> Report:
    platform = request.app.state.platform
    since, until = period(days)
    scope = Scope.of(principal, all_collections(request), allow_anonymous(request))
    requests = load_requests(get_trust(request).audit, platform.store, since)
    return build_report(requests, since, until, scope)


USER_LABELS = {"": "Non attribué (hors journal)", "anonymous": "Visiteurs anonymes"}
COLLECTION_LABELS = {"": "Sans collection (API)"}
MODEL_LABELS = {"": "Sans modèle (recherche)"}


def _label(labels: dict[str, str], key: str) -> str:
    return labels.get(key, key)


@router.get("/frugalite")
def frugality_page(request: Request, principal: CurrentUser, jours: int = Query(30, ge=1, le=366)):
    report = frugality_report(request, principal, jours)
    total = report.total
    average = total.energy_wh / total.requests if total.requests else 0.0
    average_carbon = total.carbon_gco2e / total.requests if total.requests else 0.0
    charts = {
        "energie_jour": day_chart("energie-jour", "Énergie par jour (Wh)", report.by_day, "energy_wh", "Wh"),
        "carbone_jour": day_chart("carbone-jour", "Carbone par jour (gCO2e)", report.by_day, "carbon_gco2e",
                                  "gCO2e"),
        "utilisateur": row_chart("par-utilisateur", "Énergie par utilisateur (Wh)", report.by_user, "energy_wh",
                                 "Wh", lambda k: _label(USER_LABELS, k)),
        "collection": row_chart("par-collection", "Énergie par collection (Wh)", report.by_collection, "energy_wh",
                                "Wh", lambda k: _label(COLLECTION_LABELS, k)),
        "modele": row_chart("par-modele", "Énergie par modèle (Wh)", report.by_model, "energy_wh", "Wh",
                            lambda k: _label(MODEL_LABELS, k)),
        "latence": row_chart("latence-modele", "Latence médiane par modèle (ms)", report.by_model,
                             "latency_median_ms", "ms", lambda k: _label(MODEL_LABELS, k)),
    }
    return templates.TemplateResponse(request, "frugalite.html", {
        "rapport": report, "jours": jours, "graphiques": charts, "moyenne_wh": average,
        "moyenne_gco2e": average_carbon, "equivalents_total": energy_equivalents(total.energy_wh)
        + carbon_equivalents(total.carbon_gco2e), "equivalents_moyenne": energy_equivalents(average)
        + carbon_equivalents(average_carbon), "sources": SOURCES, "admin": report.scope == "all",
        "connecte": principal.authenticated, "libelles_utilisateurs": USER_LABELS,
        "libelles_collections": COLLECTION_LABELS, "libelles_modeles": MODEL_LABELS,
        "settings": request.app.state.platform.settings,
    })


@api_router.get("/api/frugality/totals", summary="Énergie, carbone, jetons et latence des requêtes d'IA")
def frugality_totals(request: Request, principal: CurrentUser, days: int = Query(30, ge=1, le=366)) -> JSONResponse:
    """Totals of the last `days` days, overall and per day, user, collection and model, over the requests
    the caller may see (all of them for an administrator; per user, only the caller's own line)."""
    report = frugality_report(request, principal, days)
    data = report.to_dict()
    data["equivalents"] = [e.__dict__ for e in energy_equivalents(report.total.energy_wh)
                           + carbon_equivalents(report.total.carbon_gco2e)]
    data["sources"] = [{"title": title, "url": url} for title, url in SOURCES]
    return JSONResponse(data)


# -- transparency register -------------------------------------------------------------------------
def _register(request: Request):
    platform = request.app.state.platform
    collections = platform.store.list_collections()
    declared = each(platform.usecases, lambda u: u.register_entries(platform.settings, collections))
    try:
        return build_register(platform.settings, collections, declared), None
    except SudiaError as exc:  # a broken extension file must not take the public page down
        return build_register(platform.settings, collections, declared, with_file=False), exc


@router.get("/registre")
def register_page(request: Request):
    register, error = _register(request)
    return templates.TemplateResponse(request, "registre.html", {"registre": register, "erreur": error})


@router.get("/registre.json", response_class=JSONResponse)
def register_json(request: Request) -> JSONResponse:
    register, error = _register(request)
    data = register.to_dict()
    if error is not None:
        data["avertissement"] = error.to_dict()
    return JSONResponse(data)


# -- charts -----------------------------------------------------------------------------------------
# Geometry in viewBox units; the SVG scales to its box and scrolls sideways on narrow screens.
CHART_WIDTH = 720.0
MAX_ROWS = 12  # longer rankings keep their full list in the table under the chart


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # written on the axis ("" when skipped to keep labels apart)
    value: str  # written after a horizontal bar
    tip: str  # tooltip: the full label and figures


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    width: float
    height: float
    horizontal: bool
    bars: tuple[Bar, ...]
    grid: tuple[tuple[float, str], ...]  # (position, value written there)
    label_width: float = 0.0


def nice_ceiling(value: float) -> float:
    """The round number (1, 2, 2.5 or 5 times a power of ten) at or above `value`: the axis maximum."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value * (1 - 1e-9))


def _requests(n: int) -> str:
    return f"{french_number(n)} requête{'s' if n > 1 else ''}"


def day_chart(id: str, title: str, days: Sequence[Totals], attr: str, unit: str) -> Chart:
    """One column per day, dates under the axis (about ten of them), three gridlines."""
    left, top, plot_h, bottom = 70.0, 12.0, 170.0, 30.0
    values = [float(getattr(d, attr)) for d in days]
    ceiling = nice_ceiling(max(values, default=0))
    step = (CHART_WIDTH - left - 8) / max(len(days), 1)
    every = max(math.ceil(len(days) / 10), 1)
    bars = []
    for i, (d, v) in enumerate(zip(days, values)):
        h = v / ceiling * plot_h
        bars.append(Bar(left + i * step + step * 0.15, top + plot_h - h, step * 0.7, h,
                        french_date(d.key)[:5] if i % every == 0 else "", french_number(v),
                        f"{french_date(d.key)} : {french_number(v)} {unit} ({_requests(d.requests)})"))
    grid = tuple((top + plot_h - f * plot_h, french_number(f * ceiling, 3)) for f in (0, 0.5, 1))
    if any(values):
        peak = max(range(len(values)), key=values.__getitem__)
        description = (f"{len(days)} jours, du {french_date(days[0].key)} au {french_date(days[-1].key)} ; "
                       f"total {french_number(sum(values))} {unit} ; maximum {french_number(values[peak])} {unit} "
                       f"le {french_date(days[peak].key)}.")
    else:
        description = "Aucune requête sur la période."
    return Chart(id, title, description, CHART_WIDTH, top + plot_h + bottom, False, tuple(bars), grid, left)


def row_chart(id: str, title: str, rows: Sequence[Totals], attr: str, unit: str,
              label: Callable[[str], str]) -> Chart:
    """One horizontal bar per row (the first MAX_ROWS), its value written after it."""
    label_width, value_width, row_h = 230.0, 120.0, 30.0
    shown = sorted(rows, key=lambda r: -float(getattr(r, attr)))[:MAX_ROWS]
    values = [float(getattr(r, attr)) for r in shown]
    top = max(values, default=0) or 1.0
    span = CHART_WIDTH - label_width - value_width
    bars = []
    for i, (r, v) in enumerate(zip(shown, values)):
        name = label(r.key)
        short = name if len(name) <= 30 else name[:29] + "…"
        width = max(v / top * span, 1.0 if v > 0 else 0.0)
        bars.append(Bar(label_width, 6 + i * row_h, width, row_h - 12, short, f"{french_number(v)} {unit}",
                        f"{name} : {french_number(v)} {unit} ({_requests(r.requests)})"))
    if shown:
        description = (f"{len(rows)} élément(s) ; le plus élevé : {label(shown[0].key)}, "
                       f"{french_number(values[0])} {unit}.") if values and values[0] else "Valeurs toutes nulles."
    else:
        description = "Aucune requête sur la période."
    return Chart(id, title, description, CHART_WIDTH, max(len(shown), 1) * row_h + 6, True, tuple(bars), (),
                 label_width)
