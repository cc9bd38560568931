"""The French web pages: assistant, search, documents. They call the library and render HTML.

Pages work without JavaScript (GET forms, so answers and searches are linkable; plain form posts
for uploads and deletions); the script adds upload progress through the JSON API and confirmations.
Other packages add pages by extending `base.html` and appending to `NAV_ITEMS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from sudia.errors import SudiaError
from sudia.ingest.parsers.registry import SUPPORTED_EXTENSIONS
from sudia.platform import Platform
from sudia.store.base import check_collection_name
from sudia.types import Answer, Citation
from sudia.web.api import get_uploads
from sudia.web.app import get_platform
from sudia.web.templating import NAV_ITEMS, templates

__all__ = ["NAV_ITEMS", "router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

MODES = {
    "extractive": "Réponse extractive (sans modèle de langage)",
    "generative": "Réponse générée",
    "abstention": "Les documents ne permettent pas de répondre",
}
JOB_STATUSES = {"pending": "En attente", "running": "En cours", "done": "Ingéré",
                "skipped": "Inchangé (déjà présent)", "error": "Erreur"}
DONE_MESSAGES = {
    "collection-creee": "La collection a été créée.",
    "document-supprime": "Le document a été supprimé.",
    "collection-supprimee": "La collection a été supprimée.",
    "depot-recu": "Fichiers reçus : leur analyse est en cours. Rechargez la page pour suivre leur état"
                  " dans « Derniers dépôts ».",
}
ACCEPTED = ",".join(sorted(SUPPORTED_EXTENSIONS))
# HTTP status of a page whose request failed with this error (others: 400).
_STATUS = {"SUDIA-C001": 404, "SUDIA-C003": 404, "SUDIA-C004": 404, "SUDIA-M003": 502, "SUDIA-S001": 503}


@dataclass(frozen=True)
class Source:
    """The citations of one number, grouped for the list under an answer."""

    number: int
    first: Citation
    quotes: tuple[Citation, ...]


def sources(answer: Answer) -> list[Source]:
    grouped: dict[int, list[Citation]] = {}
    for c in answer.citations:
        grouped.setdefault(c.number, []).append(c)
    return [Source(n, cs[0], tuple(cs)) for n, cs in sorted(grouped.items())]


def _chosen(platform: Platform, requested: list[str]) -> list[str]:
    """The collections a question or search reads: the ones ticked, else the default one, else all."""
    requested = list(dict.fromkeys(c for c in requested if c))
    if requested:
        return requested
    names = [c.name for c in platform.store.list_collections()]
    default = platform.settings.default_collection
    return [default] if default in names else names


def _check(platform: Platform, collections: list[str]) -> None:
    for name in collections:
        if platform.store.get_collection(name) is None:
            raise SudiaError("SUDIA-C001", name=name)


def _error_page(request: Request, exc: SudiaError) -> Response:
    status = _STATUS.get(exc.code, 400)
    title = "Page introuvable" if status == 404 else "Une erreur est survenue"
    return templates.TemplateResponse(request, "erreur.html", {"titre": title, "erreur": exc}, status_code=status)


@router.get("/", name="assistant")
def assistant_page(request: Request, question: str | None = None,
                   collections: Annotated[list[str], Query()] = []) -> Response:  # noqa: B006
    platform = get_platform(request)
    chosen = _chosen(platform, collections)
    context: dict[str, object] = {
        "question": question or "", "collections": platform.store.list_collections(), "chosen": chosen,
        "answer": None, "sources": [], "error": None, "modes": MODES,
    }
    status = 200
    if question is not None:
        try:
            _check(platform, chosen)
            answer = platform.assistant.ask(question, chosen)
            context.update(answer=answer, sources=sources(answer))
        except SudiaError as exc:
            context["error"], status = exc, _STATUS.get(exc.code, 400)
    return templates.TemplateResponse(request, "assistant.html", context, status_code=status)


@router.get("/recherche", name="recherche")
def search_page(request: Request, q: str | None = None, collections: Annotated[list[str], Query()] = [],  # noqa: B006
                k: str = "10") -> Response:
    platform = get_platform(request)
    count = min(max(int(k), 1), 50) if k.strip().isdigit() else 10  # a hand-edited URL still gets a page
    chosen = _chosen(platform, collections)
    context: dict[str, object] = {"q": q or "", "k": count, "collections": platform.store.list_collections(),
                                  "chosen": chosen, "hits": None, "error": None}
    status = 200
    if q is not None:
        try:
            if not q.strip():
                raise SudiaError("SUDIA-R002", detail="la recherche est vide")
            _check(platform, chosen)
            context["hits"] = platform.retriever.search(q, chosen, k=count)
        except SudiaError as exc:
            context["error"], status = exc, _STATUS.get(exc.code, 400)
    return templates.TemplateResponse(request, "recherche.html", context, status_code=status)


@router.get("/documents", name="documents")
def documents_page(request: Request, collection: str | None = None, fait: str = "") -> Response:
    return _documents(request, collection, fait)


def _documents(request: Request, collection: str | None = None, fait: str = "",
               error: SudiaError | None = None, form: dict[str, str] | None = None) -> Response:
    platform = get_platform(request)
    collections = platform.store.list_collections()
    names = [c.name for c in collections]
    if collection is None:
        default = platform.settings.default_collection
        collection = default if default in names else (names[0] if names else None)
    selected = platform.store.get_collection(collection) if collection else None
    if collection and selected is None:
        return _error_page(request, SudiaError("SUDIA-C001", name=collection))
    context = {
        "collections": collections, "selected": selected, "done": DONE_MESSAGES.get(fait, ""), "fait": fait,
        "documents": platform.store.list_documents(selected.name) if selected else [],
        "jobs": platform.store.list_jobs(selected.name, limit=20) if selected else [],
        "job_statuses": JOB_STATUSES, "accepted": ACCEPTED, "max_mb": platform.settings.max_file_mb, "error": error, "form": form or {},
    }
    return templates.TemplateResponse(request, "documents.html", context, status_code=400 if error else 200)


@router.post("/documents/collections", name="creer_collection")
def create_collection(request: Request, name: Annotated[str, Form()] = "",
                      description: Annotated[str, Form()] = "") -> Response:
    platform = get_platform(request)
    name = name.strip()
    try:
        check_collection_name(name)
        if platform.store.get_collection(name) is not None:
            raise SudiaError("SUDIA-C006", name=name)
    except SudiaError as exc:
        return _documents(request, error=exc, form={"name": name, "description": description})
    platform.store.ensure_collection(name, description.strip())
    return RedirectResponse(f"/documents?collection={name}&fait=collection-creee", status_code=303)


@router.post("/documents/{name}/depot", name="deposer")
async def upload_without_script(request: Request, name: str) -> Response:
    """Upload for browsers without JavaScript (the script posts to the JSON API to show progress)."""
    platform = get_platform(request)
    if await run_in_threadpool(platform.store.get_collection, name) is None:
        return _error_page(request, SudiaError("SUDIA-C001", name=name))
    uploads = await run_in_threadpool(get_uploads, request)
    jobs = []
    async with request.form(max_files=200) as form:
        for item in form.getlist("files"):
            if not isinstance(item, UploadFile) or not item.filename:
                continue  # the form was sent with no file chosen
            sink = await run_in_threadpool(uploads.receive, name, item.filename)
            while data := await item.read(1 << 20):
                await run_in_threadpool(sink.write, data)
            jobs.append(await run_in_threadpool(sink.close))
    uploads.submit(jobs)
    return RedirectResponse(f"/documents?collection={name}&fait=depot-recu", status_code=303)


@router.post("/documents/collections/{name}/supprimer", name="supprimer_collection")
def delete_collection(request: Request, name: str, confirmation: Annotated[str, Form()] = "") -> Response:
    platform = get_platform(request)
    collection = platform.store.get_collection(name)
    if collection is None:
        return _error_page(request, SudiaError("SUDIA-C001", name=name))
    if confirmation != "oui":
        return templates.TemplateResponse(request, "confirmation.html", {
            "action": f"/documents/collections/{name}/supprimer", "retour": f"/documents?collection={name}",
            "objet": f"la collection « {name} » et ses {collection.documents} documents"})
    get_uploads(request).delete_collection(name)  # its uploaded files go with it
    return RedirectResponse("/documents?fait=collection-supprimee", status_code=303)


@router.post("/documents/{document_id}/supprimer", name="supprimer_document")
def delete_document(request: Request, document_id: str, confirmation: Annotated[str, Form()] = "") -> Response:
    platform = get_platform(request)
    document = platform.store.get_document(document_id)
    if document is None:
        return _error_page(request, SudiaError("SUDIA-C003", id=document_id))
    back = f"/documents?collection={document.collection}"
    if confirmation != "oui":
        return templates.TemplateResponse(request, "confirmation.html", {
            "action": f"/documents/{document_id}/supprimer", "retour": back,
            "objet": f"le document « {document.title or document.source} »"})
    get_uploads(request).delete_document(document_id)  # its original file goes with it
    return RedirectResponse(f"{back}&fait=document-supprime", status_code=303)


@router.get("/documents/{document_id}", name="document")
def document_page(request: Request, document_id: str, passage: str = "", extrait: str = "") -> Response:
    platform = get_platform(request)
    document = platform.store.get_document(document_id)
    if document is None:
        return _error_page(request, SudiaError("SUDIA-C003", id=document_id))
    chunks = platform.store.document_chunks(document_id)
    current = next((c for c in chunks if c.id == passage), None)
    return templates.TemplateResponse(request, "document.html", {
        "document": document, "titre": document.title or document.source, "chunks": chunks, "passage": passage, "extrait": extrait, "current": current,
        "paged": any(c.page for c in chunks),
    })
