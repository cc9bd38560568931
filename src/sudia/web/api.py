"""JSON API under /api: collections, documents, uploads, search, cited answers, usage.

Routes only parse, check access and render; the work is done by the library. Every route finds
the collections the caller may use through `sudia.access` (via `sudia.web.auth`) before any read,
and AI requests are admitted (scope, rate limit) and audited by `AiRequest`.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from sudia import __version__
from sudia.demo.setup import demo_status
from sudia.access import require_manage
from sudia.errors import SudiaError
from sudia.ingest.parsers.base import decode_text
from sudia.types import Collection
from sudia.usecases.collections import check_access, collection_rules
from sudia.web.deps import PlatformDep, get_platform, get_uploads
from sudia.web.auth import (
    AiRequest, check_api_csrf, editable_collection, get_principal, get_trust, readable, readable_document,
    require_reader, resolve,
)
from sudia.web.multipart import receive_files
from sudia.web.schemas import (
    AnswerOut, AskIn, CollectionCreatedOut, CollectionIn, CollectionOut, DocumentDetailOut, DocumentOut, JobOut, JobsOut, SearchIn,
    SearchOut, StatusOut, UsageReport,
)

router = APIRouter(prefix="/api")


# -- access ------------------------------------------------------------------------------------
def readable_collections(request: Request, requested: list[str] | None = None,
                         scopes: tuple[str, ...] = ("ask", "search")) -> list[Collection]:
    """The collections the caller may read among `requested` (all readable ones when None).

    An unreadable collection looks exactly like an unknown one (SUDIA-C001): no name or count leaks.
    A token needs one of `scopes`; listing the collections needs none (ingestion scripts list them).
    """
    require_reader(request, () if requested is None else scopes)
    if requested is None:
        return readable(request)
    names = resolve(request, list(requested))
    by_name = {c.name: c for c in readable(request)}
    return [by_name[n] for n in names]


def _audit_admin(request: Request, action: str, target: str, collection: str, **details: object) -> None:
    get_trust(request).audit.record_admin(get_principal(request).actor, action, target, collections=[collection],
                                          entry_point="api", details=details)


# -- status and collections ----------------------------------------------------------------------
@router.get("/status", tags=["état"], summary="État du service", response_model=StatusOut)
def status(p: PlatformDep) -> dict:
    """Version, modèles configurés et avancement de la collection de démonstration."""
    embedder = p.embedder
    return {"version": __version__, "embedder": embedder.name if embedder else "aucun (recherche lexicale)",
            "llm": {"configured": p.settings.llm_configured, "model": p.settings.llm_model},
            "demo": demo_status()}


@router.get("/collections", tags=["collections"],
            summary="Lister les collections", response_model=list[CollectionOut])
def list_collections(request: Request) -> list[dict]:
    """Collections lisibles, avec leurs nombres de documents et de passages."""
    return [_collection(c) for c in readable_collections(request)]


@router.post("/collections", tags=["collections"],
             summary="Créer une collection", status_code=201, response_model=CollectionCreatedOut)
def create_collection(body: CollectionIn, request: Request) -> dict:
    """Créer une collection vide (droits d'administration, ou jeton de portée « ingest »)."""
    principal = get_principal(request)
    require_manage(principal, "collection.create", "ingest")
    check_api_csrf(request)
    changed = collection_rules(get_platform(request)).create(
        principal, body.name, check_access(body.visibility, body.groups), body.description, entry_point="api")
    return {**_collection(changed.collection), "warnings": list(changed.warnings)}


@router.delete("/collections/{name}", tags=["collections"],
               summary="Supprimer une collection", status_code=204)
def delete_collection(name: str, request: Request) -> Response:
    """Supprimer une collection, ses documents, leurs passages et les fichiers déposés."""
    editable_collection(request, name, "collection.delete", "admin")
    check_api_csrf(request)
    collection_rules(get_platform(request), get_uploads(request)).delete(get_principal(request), name, "api")
    return Response(status_code=204)


@router.get("/collections/{name}/documents", tags=["documents"],
            summary="Lister les documents", response_model=list[DocumentOut])
def list_documents(name: str, request: Request) -> list[dict]:
    """Documents d'une collection, par nom de fichier."""
    collection = readable_collections(request, [name])[0]
    return [asdict(d) for d in get_platform(request).store.list_documents(collection.name)]


@router.get("/collections/{name}/jobs", tags=["documents"],
            summary="Suivre les dépôts", response_model=list[JobOut])
def list_jobs(name: str, request: Request) -> list[dict]:
    """État des fichiers déposés (en attente, en cours, terminé, inchangé, erreur), les plus récents d'abord."""
    collection = readable_collections(request, [name], ("ask", "search", "ingest"))[0]
    return [asdict(j) for j in get_platform(request).store.list_jobs(collection.name)]


# -- uploads -------------------------------------------------------------------------------------
_UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["files"],
    "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}},
}}}}}


@router.post("/collections/{name}/documents", tags=["documents"],
             summary="Déposer des fichiers", status_code=202, response_model=JobsOut,
             openapi_extra=_UPLOAD_BODY)
async def upload_documents(name: str, request: Request) -> dict:
    """Déposer un ou plusieurs fichiers (champ « files ») ; chacun est ingéré en arrière-plan.

    La taille maximale (SUDIA_MAX_FILE_MB) est vérifiée pendant la réception : un fichier trop
    gros n'est jamais gardé, ni en mémoire ni sur disque. Suivre l'avancement avec `…/jobs`.
    """
    collection = await run_in_threadpool(editable_collection, request, name, "document.upload")
    check_api_csrf(request)
    uploads = await run_in_threadpool(get_uploads, request)
    jobs = await receive_files(request, uploads, collection)
    if not jobs:
        raise SudiaError("SUDIA-R002", detail="aucun fichier reçu (champ « files »)")
    await run_in_threadpool(uploads.submit, jobs, get_principal(request).actor, "api")
    return {"jobs": [asdict(j) for j in jobs]}


# -- documents -----------------------------------------------------------------------------------
@router.get("/documents/{document_id}", tags=["documents"],
            summary="Lire un document", response_model=DocumentDetailOut)
def get_document(document_id: str, request: Request) -> dict:
    """Un document et tous ses passages (page, section, texte)."""
    document = readable_document(request, document_id)
    chunks = get_platform(request).store.document_chunks(document.id)
    return {**asdict(document), "chunks": [
        {"id": c.id, "position": c.position, "page": c.page, "section": c.section, "text": c.text} for c in chunks
    ]}


@router.get("/documents/{document_id}/file", tags=["documents"], summary="Ouvrir le fichier d'origine",
            responses={200: {"content": {"application/pdf": {}, "text/plain": {}, "text/html": {}}}})
def document_file(document_id: str, request: Request) -> Response:
    """Le fichier d'origine, à ouvrir dans le navigateur (pour un PDF, ajouter `#page=N`)."""
    document = readable_document(request, document_id)
    path = get_uploads(request).original(document)
    name = Path(document.source).name
    headers = {"X-Content-Type-Options": "nosniff"}
    media = document.media_type or "application/octet-stream"
    if media == "text/html":
        headers["Content-Security-Policy"] = "sandbox"  # an uploaded page must not run scripts on our origin
    elif media.startswith("text/"):
        # Markdown and text are shown as UTF-8 plain text: browsers download text/markdown instead
        # of showing it, and a Latin-1 file would otherwise show broken accents.
        headers["Content-Disposition"] = f"inline; filename*=utf-8''{quote(name)}"
        text = decode_text(path.read_bytes(), path)
        return Response(text.encode(), media_type="text/plain; charset=utf-8", headers=headers)
    return FileResponse(path, media_type=media, filename=name, content_disposition_type="inline", headers=headers)


@router.delete("/documents/{document_id}", tags=["documents"], summary="Retirer un document", status_code=204)
def delete_document(document_id: str, request: Request) -> Response:
    """Retirer un document, ses passages et son fichier d'origine."""
    require_manage(get_principal(request), "document.delete", "ingest")
    document = readable_document(request, document_id, ("ask", "search", "ingest"))
    check_api_csrf(request)
    get_uploads(request).delete_document(document.id, get_principal(request).actor, "api")
    return Response(status_code=204)


# -- search, answers, usage ----------------------------------------------------------------------
@router.post("/search", tags=["recherche"], summary="Rechercher des passages", response_model=SearchOut)
def search(body: SearchIn, request: Request) -> dict:
    """Recherche hybride (lexicale et sémantique) des passages les plus proches."""
    audit = AiRequest(request, "search", body.query, body.collections, "api")
    with audit.guard():
        names = audit.admit("search")
        if not body.query.strip():
            raise SudiaError("SUDIA-R001")
        hits = get_platform(request).retriever.search(body.query, names, k=body.k)
    audit.done(hits=hits)
    return {"hits": [h.to_dict() for h in hits]}


@router.post("/ask", tags=["recherche"], summary="Poser une question", response_model=AnswerOut)
def ask(body: AskIn, request: Request) -> dict:
    """Réponse sourcée : chaque phrase renvoie à un passage cité ; abstention si les documents ne répondent pas."""
    audit = AiRequest(request, "ask", body.question, body.collections, "api")
    with audit.guard():
        answer = get_platform(request).assistant.ask(body.question, audit.admit("ask"), resolve(request, []))
    audit.done(answer=answer)
    return answer.to_dict()


@router.get("/usage", tags=["état"], summary="Consommation des requêtes", response_model=UsageReport)
def usage(request: Request, limit: int = Query(100, ge=1, le=1000)) -> dict:
    """Dernières requêtes d'IA (jetons, énergie, carbone estimés) et leurs totaux (administrateurs)."""
    require_manage(get_principal(request), "usage.read")
    records = get_platform(request).store.list_usage(limit)
    rows = [{"at": r.at, "kind": r.kind, "collections": [c for c in r.collections.split(",") if c],
             "mode": r.mode, **asdict(r.usage)} for r in records]
    totals = {"requests": len(rows),
              "energy_wh": round(sum(r["energy_wh"] for r in rows), 6),
              "carbon_gco2e": round(sum(r["carbon_gco2e"] for r in rows), 6),
              "prompt_tokens": sum(r["prompt_tokens"] for r in rows),
              "completion_tokens": sum(r["completion_tokens"] for r in rows)}
    return {"requests": rows, "totals": totals}


def _collection(c: Collection) -> dict:
    return {"name": c.name, "description": c.description, "visibility": c.visibility,
            "documents": c.documents, "chunks": c.chunks}

