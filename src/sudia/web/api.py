"""JSON API under /api: collections, documents, uploads, search, cited answers, usage.

Routes only parse, check access and render; the work is done by the library. Every route finds
the collections the caller may use through `readable_collections` (the one seam where access
rules per collection will plug in).
"""

from __future__ import annotations

import threading
from dataclasses import asdict
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from sudia import __version__
from sudia.demo.setup import DEMO_COLLECTION, DEMO_DIR, demo_status
from sudia.errors import SudiaError
from sudia.ingest.parsers.base import decode_text
from sudia.store.base import check_collection_name
from sudia.types import Collection, Document
from sudia.usecases.uploads import Uploads
from sudia.web.app import get_platform
from sudia.web.multipart import receive_files
from sudia.web.schemas import (
    AnswerOut, AskIn, CollectionIn, CollectionOut, DocumentDetailOut, DocumentOut, JobOut, JobsOut, SearchIn,
    SearchOut, StatusOut, UsageReport,
)

router = APIRouter(prefix="/api")


# -- access ------------------------------------------------------------------------------------
def readable_collections(request: Request, requested: list[str] | None = None) -> list[Collection]:
    """The collections the caller may read among `requested` (all of them when None).

    Today every collection is readable by everyone; rules per collection (visibility, groups)
    will filter here, and an unreadable collection will look exactly like an unknown one.
    """
    store = get_platform(request).store
    if requested is None:
        return store.list_collections()
    found = []
    for name in dict.fromkeys(requested):
        collection = store.get_collection(name)
        if collection is None:
            raise SudiaError("SUDIA-C001", name=name)
        found.append(collection)
    return found


def editable_collection(request: Request, name: str) -> Collection:
    """The collection the caller wants to change; write rules will be checked here."""
    return readable_collections(request, [name])[0]


def collection_names(request: Request, requested: list[str] | None) -> list[str]:
    """Names to search or ask in: those requested, or the default collection when none is given."""
    names = requested or [get_platform(request).settings.default_collection]
    return [c.name for c in readable_collections(request, names)]


def readable_document(request: Request, document_id: str) -> Document:
    document = get_platform(request).store.get_document(document_id)
    if document is None:
        raise SudiaError("SUDIA-C003", id=document_id)
    try:
        readable_collections(request, [document.collection])
    except SudiaError:
        raise SudiaError("SUDIA-C003", id=document_id) from None
    return document


_uploads_lock = threading.Lock()


def get_uploads(request: Request) -> Uploads:
    """One upload worker per web process, created on first use."""
    state = request.app.state
    with _uploads_lock:
        if getattr(state, "uploads", None) is None:
            p = get_platform(request)
            state.uploads = Uploads(p.store, p.ingestor, p.settings, {DEMO_COLLECTION: DEMO_DIR})
    return state.uploads


# -- status and collections ----------------------------------------------------------------------
@router.get("/status", tags=["état"], summary="État du service", response_model=StatusOut)
def status(request: Request) -> dict:
    """Version, modèles configurés et avancement de la collection de démonstration."""
    p = get_platform(request)
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
             summary="Créer une collection", status_code=201, response_model=CollectionOut)
def create_collection(body: CollectionIn, request: Request) -> dict:
    """Créer une collection vide."""
    store = get_platform(request).store
    check_collection_name(body.name)
    if store.get_collection(body.name) is not None:
        raise SudiaError("SUDIA-C006", name=body.name)
    return _collection(store.ensure_collection(body.name, body.description))


@router.delete("/collections/{name}", tags=["collections"],
               summary="Supprimer une collection", status_code=204)
def delete_collection(name: str, request: Request) -> Response:
    """Supprimer une collection, ses documents, leurs passages et les fichiers déposés."""
    editable_collection(request, name)
    get_uploads(request).delete_collection(name)
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
    collection = readable_collections(request, [name])[0]
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
    collection = (await run_in_threadpool(editable_collection, request, name)).name
    uploads = await run_in_threadpool(get_uploads, request)
    jobs = await receive_files(request, uploads, collection)
    if not jobs:
        raise SudiaError("SUDIA-R002", detail="aucun fichier reçu (champ « files »)")
    uploads.submit(jobs)
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
    document = readable_document(request, document_id)
    editable_collection(request, document.collection)
    get_uploads(request).delete_document(document.id)
    return Response(status_code=204)


# -- search, answers, usage ----------------------------------------------------------------------
@router.post("/search", tags=["recherche"], summary="Rechercher des passages", response_model=SearchOut)
def search(body: SearchIn, request: Request) -> dict:
    """Recherche hybride (lexicale et sémantique) des passages les plus proches."""
    if not body.query.strip():
        raise SudiaError("SUDIA-R001")
    names = collection_names(request, body.collections)
    hits = get_platform(request).retriever.search(body.query, names, k=body.k)
    return {"hits": [h.to_dict() for h in hits]}


@router.post("/ask", tags=["recherche"], summary="Poser une question", response_model=AnswerOut)
def ask(body: AskIn, request: Request) -> dict:
    """Réponse sourcée : chaque phrase renvoie à un passage cité ; abstention si les documents ne répondent pas."""
    names = collection_names(request, body.collections)
    return get_platform(request).assistant.ask(body.question, names).to_dict()


@router.get("/usage", tags=["état"], summary="Consommation des requêtes", response_model=UsageReport)
def usage(request: Request, limit: int = Query(100, ge=1, le=1000)) -> dict:
    """Dernières requêtes d'IA (jetons, énergie, carbone estimés) et leurs totaux."""
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

