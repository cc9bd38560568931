"""Routes: dossier list and submission form, dossier page (pieces, checks, highlighted zones, decision),
page images, and the JSON API under /pieces/api. Each route checks access through `PieceDesk`."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from sudia.errors import SudiaError
from sudia.pieces.service import DECISIONS, PieceDesk
from sudia.pieces.types import DOC_TYPES, OUTCOME_LABELS
from sudia.web.auth import check_csrf, get_principal
from sudia.web.templating import templates

router = APIRouter(prefix="/pieces", include_in_schema=True, tags=["pièces"])


def desk(request: Request) -> PieceDesk:
    from sudia.pieces.cli import desk_for

    cached = getattr(request.app.state, "pieces_desk", None)
    if cached is None:
        cached = request.app.state.pieces_desk = desk_for(request.app.state.platform)
    return cached


def _page_error(request: Request, exc: SudiaError) -> Response:
    status = exc.status  # from the error catalogue
    if exc.code == "SUDIA-A007":
        return RedirectResponse(f"/connexion?suivant={request.url.path}", status_code=303)
    return templates.TemplateResponse(request, "pieces_erreur.html", {"erreur": exc}, status_code=status)


def _api_error(exc: SudiaError) -> JSONResponse:
    return JSONResponse({"error": exc.to_dict()}, status_code=exc.status)


async def _files(uploads: list[UploadFile]) -> list[tuple[str, bytes]]:
    out = []
    for upload in uploads:
        data = await upload.read()
        if data:
            out.append((upload.filename or "piece", data))
    if not out:
        raise SudiaError("SUDIA-R002", detail="aucune pièce jointe")
    return out


# -- pages ------------------------------------------------------------------------------------
@router.get("", response_class=HTMLResponse, include_in_schema=False)
def dossiers_page(request: Request) -> Response:
    try:
        principal = get_principal(request)
        if not principal.authenticated:
            raise SudiaError("SUDIA-A007")
        d = desk(request)
        allowed = d.allowed(principal)
        procedures = {name: p for name, p in d.procedures().items() if name in allowed}
        return templates.TemplateResponse(request, "pieces_dossiers.html", {
            "dossiers": d.dossiers(principal), "procedures": procedures, "statuts": OUTCOME_LABELS,
            "decisions": DECISIONS, "done": request.query_params.get("fait", "")})
    except SudiaError as exc:
        return _page_error(request, exc)


@router.post("/dossiers", include_in_schema=False)
async def submit_page(request: Request, procedure: Annotated[str, Form()], surname: Annotated[str, Form()] = "",
                      given_names: Annotated[str, Form()] = "", birth_date: Annotated[str, Form()] = "",
                      address: Annotated[str, Form()] = "", postcode: Annotated[str, Form()] = "",
                      city: Annotated[str, Form()] = "", reference: Annotated[str, Form()] = "",
                      csrf: Annotated[str, Form()] = "", files: list[UploadFile] = File(...)) -> Response:
    try:
        check_csrf(request, csrf)
        applicant = {"surname": surname, "given_names": given_names, "birth_date": birth_date, "address": address,
                     "postcode": postcode, "city": city}
        submission = desk(request).submit(get_principal(request), procedure, applicant, reference,
                                          await _files(files), entry_point="web")
        return RedirectResponse(f"/pieces/dossiers/{submission.dossier_id}", status_code=303)
    except SudiaError as exc:
        return _page_error(request, exc)


@router.get("/dossiers/{dossier_id}", response_class=HTMLResponse, include_in_schema=False)
def dossier_page(request: Request, dossier_id: str) -> Response:
    try:
        principal = get_principal(request)
        d = desk(request)
        dossier = d.dossier(principal, dossier_id)
        pieces = d.store.pieces(dossier_id)  # type: ignore[union-attr]
        following = d.store.next_undecided(d.allowed(principal), dossier.created_at, dossier_id)  # type: ignore[union-attr]
        return templates.TemplateResponse(request, "pieces_dossier.html", {
            "dossier": dossier, "pieces": pieces, "procedure": d.procedure(dossier.procedure), "types": DOC_TYPES,
            "statuts": OUTCOME_LABELS, "decisions": DECISIONS, "suivant": following,
            "done": request.query_params.get("fait", "")})
    except SudiaError as exc:
        return _page_error(request, exc)


@router.post("/dossiers/{dossier_id}/decision", include_in_schema=False)
def decision_page(request: Request, dossier_id: str, decision: Annotated[str, Form()],
                  comment: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = "") -> Response:
    try:
        check_csrf(request, csrf)
        d = desk(request)
        principal = get_principal(request)
        d.decide(principal, dossier_id, decision, comment, entry_point="web")
        following = d.store.next_undecided(d.allowed(principal), "", dossier_id)  # type: ignore[union-attr]
        target = f"/pieces/dossiers/{following}" if following else "/pieces"
        return RedirectResponse(f"{target}?fait=Décision+enregistrée", status_code=303)
    except SudiaError as exc:
        return _page_error(request, exc)


@router.get("/fichiers/{piece_id}/page-{page}.png", include_in_schema=False)
def piece_image(request: Request, piece_id: str, page: int) -> Response:
    from sudia.pieces.web.images import render

    try:
        d = desk(request)
        content, _ = d.piece_content(get_principal(request), piece_id)
        quality = d.store.piece(piece_id).report.get("findings", {}).get("quality", {})  # type: ignore[union-attr]
        first = page == 1  # the reader's straightening is recorded for the first page
        png = render(content, piece_id, page, d.settings.timeout_s, quality.get("skew_degrees", 0.0) if first else 0.0,
                     quality.get("rotated", 0) if first else 0)
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, no-store"})
    except SudiaError as exc:
        return _page_error(request, exc)


# -- JSON API ---------------------------------------------------------------------------------
@router.post("/api/dossiers", summary="Déposer et contrôler les pièces d'un dossier")
async def api_submit(request: Request, procedure: Annotated[str, Form()], applicant: Annotated[str, Form()] = "{}",
                     reference: Annotated[str, Form()] = "", files: list[UploadFile] = File(...)) -> Response:
    try:
        try:
            declared = json.loads(applicant)
        except ValueError as exc:
            raise SudiaError("SUDIA-P003", path="applicant", detail=str(exc)) from exc
        if not isinstance(declared, dict):
            raise SudiaError("SUDIA-P003", path="applicant", detail="un objet JSON est attendu")
        principal = get_principal(request)
        if principal.kind == "token" and not principal.allows("ingest"):
            raise SudiaError("SUDIA-A010", scope="ingest")
        submission = desk(request).submit(principal, procedure, declared, reference, await _files(files), entry_point="api")
        return JSONResponse(submission.to_dict(), status_code=201)
    except SudiaError as exc:
        return _api_error(exc)


@router.get("/api/dossiers", summary="Dossiers des procédures que l'appelant instruit")
def api_dossiers(request: Request) -> Response:
    try:
        principal = get_principal(request)
        if not principal.authenticated:
            raise SudiaError("SUDIA-A007")
        return JSONResponse([{"id": x.id, "procedure": x.procedure, "reference": x.reference, "status": x.status,
                              "decision": x.decision, "created_at": x.created_at} for x in desk(request).dossiers(principal)])
    except SudiaError as exc:
        return _api_error(exc)


@router.get("/api/dossiers/{dossier_id}", summary="Pièces d'un dossier, leurs lectures et leurs contrôles")
def api_dossier(request: Request, dossier_id: str) -> Response:
    try:
        d = desk(request)
        dossier = d.dossier(get_principal(request), dossier_id)
        pieces = [{"id": p.id, "file": p.file_name, "status": p.status, "report": _public(p.report)}
                  for p in d.store.pieces(dossier_id)]  # type: ignore[union-attr]
        return JSONResponse({"id": dossier.id, "procedure": dossier.procedure, "status": dossier.status,
                             "decision": dossier.decision, "decided_by": dossier.decided_by, "pieces": pieces})
    except SudiaError as exc:
        return _api_error(exc)


@router.post("/api/dossiers/{dossier_id}/decision", summary="Enregistrer la décision de l'instructeur")
async def api_decide(request: Request, dossier_id: str) -> Response:
    try:
        try:
            body = await request.json()
        except ValueError as exc:
            raise SudiaError("SUDIA-R002", detail="JSON attendu : {\"decision\": …, \"comment\": …}") from exc
        if not isinstance(body, dict):
            raise SudiaError("SUDIA-R002", detail="JSON attendu : {\"decision\": …, \"comment\": …}")
        if request.cookies and not request.headers.get("authorization"):
            from sudia.web.auth import check_api_csrf

            check_api_csrf(request)
        desk(request).decide(get_principal(request), dossier_id, str(body.get("decision", "")),
                             str(body.get("comment", "")), entry_point="api")
        return JSONResponse({"ok": True})
    except SudiaError as exc:
        return _api_error(exc)


def _public(report: dict) -> dict:
    findings = dict(report.get("findings", {}))
    findings.pop("text", None)
    return {**report, "findings": findings}
