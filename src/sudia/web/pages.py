"""The French web pages: search and documents (the assistant is `assistant_pages`). They call the
library and render HTML.

Pages work without JavaScript (plain forms; a search is posted, so that its words stay out of
URLs, access logs and browser history); the script adds upload progress through the JSON API and
confirmations.
Each page shows only the collections its visitor may read (`sudia.web.auth`); forms that change
something carry the visitor's CSRF token.
Other packages add pages by extending `base.html` and appending to `NAV_ITEMS`.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from sudia.access import can_manage, require_manage
from sudia.errors import SudiaError
from sudia.ingest.parsers.registry import SUPPORTED_EXTENSIONS
from sudia.passages import marked, relevant_hits
from sudia.usecases.collections import VISIBILITY_LABELS, check_access, collection_rules, split_groups
from sudia.web.deps import get_platform, get_uploads
from sudia.web.errors import error_headers, error_page
from sudia.web.auth import (
    AiRequest, check_csrf, editable_collection, get_principal, login_url, readable, readable_document,
    require_reader,
)
from sudia.web.forms import field_errors
from sudia.web.templating import NAV_ITEMS, templates

__all__ = ["NAV_ITEMS", "router"]

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

QUERY_CHARS = 2000
JOB_STATUSES = {"pending": "En attente", "running": "En cours", "done": "Ingéré",
                "skipped": "Inchangé (déjà présent)", "error": "Erreur"}
DONE_MESSAGES = {
    "collection-creee": "La collection a été créée.",
    "document-supprime": "Le document a été supprimé.",
    "collection-supprimee": "La collection a été supprimée.",
    "collection-renommee": "Le nom affiché de la collection a été changé.",
    "depot-recu": "Fichiers reçus : leur analyse est en cours. Rechargez la page pour suivre leur état"
                  " dans « Derniers dépôts ».",
}
ACCEPTED = ",".join(sorted(SUPPORTED_EXTENSIONS))
CREATE_FIELDS = {"SUDIA-R002": "groups"}  # the only free-text rule of the form on which R002 is raised
VISIBILITIES = {v: VISIBILITY_LABELS[v] for v in ("public", "authenticated", "restricted")}  # « private » is the rights page's


def _chosen(request: Request, readable_names: list[str], requested: list[str]) -> list[str]:
    """The collections ticked in the form: those asked for, else the default one, else all readable ones."""
    requested = list(dict.fromkeys(c for c in requested if c))
    if requested:
        return requested
    default = get_platform(request).settings.default_collection
    return [default] if default in readable_names else readable_names


def _error_page(request: Request, exc: SudiaError) -> Response:
    return error_page(request, exc)


def _status(exc: SudiaError) -> int:
    return exc.status


@router.get("/recherche", name="recherche")
def search_form(request: Request) -> Response:
    """The search form. A `?q=` left in an old link is ignored: searches are posted (issue #10)."""
    require_reader(request)
    return _search(request)


@router.post("/recherche", name="rechercher")
def search_page(request: Request, q: Annotated[str, Form(max_length=QUERY_CHARS)] = "",
                collections: Annotated[list[str], Form()] = [],  # noqa: B006
                k: Annotated[str, Form()] = "10") -> Response:
    platform = get_platform(request)
    count = min(max(int(k), 1), 50) if k.strip().isdigit() else 10
    audit = AiRequest(request, "search", q, collections, "web")
    try:
        with audit.guard():
            require_reader(request)
            names = audit.admit("search")
            if not q.strip():
                raise SudiaError("SUDIA-R002", detail="la recherche est vide")
            hits = platform.retriever.search(q, names, k=count)
        audit.done(hits=hits)
    except SudiaError as exc:
        if _status(exc) == 401 and exc.code != "SUDIA-A009":
            return RedirectResponse(login_url(request), status_code=303)
        return _search(request, q, count, collections, error=exc)
    shown = relevant_hits(platform.assistant.gate, q, hits)
    return _search(request, q, count, collections, hits=[(h, marked(h.chunk.text, q)) for h in shown])


def _search(request: Request, q: str = "", count: int = 10, requested: list[str] | None = None,
            hits: list | None = None, error: SudiaError | None = None) -> Response:
    shown = readable(request)
    context = {"q": q, "k": count, "hits": hits, "error": error, "collections": shown,
               "chosen": _chosen(request, [c.name for c in shown], requested or [])}
    headers = {"Cache-Control": "no-store", **(error_headers(error) if error else {})}
    return templates.TemplateResponse(request, "recherche.html", context,
                                      status_code=_status(error) if error else 200, headers=headers)


@router.get("/documents", name="documents")
def documents_page(request: Request, collection: str | None = None, fait: str = "",
                   sans_membre: Annotated[str, Query(alias="sans-membre", max_length=2000)] = "") -> Response:
    return _documents(request, collection, fait, warnings=_warnings(request, sans_membre))


def _warnings(request: Request, groups: str) -> tuple[str, ...]:
    """Worded from the groups as they are now: a stale or forged link warns of nothing untrue."""
    try:
        return collection_rules(get_platform(request)).warnings_for(split_groups(groups)) if groups else ()
    except SudiaError:
        return ()


def _documents(request: Request, collection: str | None = None, fait: str = "",
               error: SudiaError | None = None, form: dict[str, str] | None = None,
               warnings: tuple[str, ...] = ()) -> Response:
    require_reader(request)
    platform = get_platform(request)
    collections = readable(request)
    names = [c.name for c in collections]
    if collection is None:
        default = platform.settings.default_collection
        collection = default if default in names else (names[0] if names else None)
    selected = next((c for c in collections if c.name == collection), None)
    if collection and selected is None:  # unknown, or not readable: the same page either way
        return _error_page(request, SudiaError("SUDIA-C001", name=collection))
    principal = get_principal(request)
    context = {
        "collections": collections, "selected": selected, "done": DONE_MESSAGES.get(fait, ""), "fait": fait,
        "documents": platform.store.list_documents(selected.name) if selected else [],
        "jobs": platform.store.list_jobs(selected.name, limit=20) if selected else [],
        "job_statuses": JOB_STATUSES, "accepted": ACCEPTED, "max_mb": platform.settings.max_file_mb, "error": error,
        "form": form or {}, "gestion": can_manage(principal, "ingest"), "suppression": can_manage(principal, "admin"),
        "visibilites": VISIBILITIES, "avertissements": warnings,
        "erreurs": field_errors(error, CREATE_FIELDS) if form is not None else {},
    }
    return templates.TemplateResponse(request, "documents.html", context, status_code=_status(error) if error else 200)


@router.post("/documents/collections", name="creer_collection")
def create_collection(request: Request, name: Annotated[str, Form()] = "",
                      description: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = "",
                      title: Annotated[str, Form(max_length=500)] = "",
                      visibility: Annotated[str, Form()] = "authenticated",
                      groups: Annotated[str, Form()] = "") -> Response:
    principal = get_principal(request)
    require_manage(principal, "collection.create", "ingest")
    check_csrf(request, csrf)
    name = name.strip()
    try:
        changed = collection_rules(get_platform(request)).create(
            principal, name, check_access(visibility, split_groups(groups)), description, title, entry_point="web")
    except SudiaError as exc:
        return _documents(request, error=exc, form={"name": name, "description": description, "groups": groups,
                                                    "visibility": visibility, "title": title})
    warned = _warned(changed.collection.groups, changed.warnings)
    if changed.collection.visibility == "restricted" and not principal.in_any_group(changed.collection.groups):
        return RedirectResponse(f"/documents?fait=collection-creee{warned}", status_code=303)  # not readable
    return RedirectResponse(f"/documents?collection={name}&fait=collection-creee{warned}", status_code=303)


def _warned(groups: tuple[str, ...], warnings: tuple[str, ...]) -> str:
    """The groups to warn about after the redirect (the page words the warning)."""
    return f"&sans-membre={quote(','.join(groups))}" if warnings else ""


@router.post("/documents/collections/{name}/nom", name="nommer_collection")
def rename_collection(request: Request, name: str, title: Annotated[str, Form(max_length=500)] = "",
                      csrf: Annotated[str, Form()] = "") -> Response:
    """The display name people see; the collection's name (its identifier) never changes."""
    name = editable_collection(request, name, "collection.title")
    check_csrf(request, csrf)
    try:
        collection_rules(get_platform(request)).rename(get_principal(request), name, title, entry_point="web")
    except SudiaError as exc:
        return _documents(request, name, error=exc)
    return RedirectResponse(f"/documents?collection={name}&fait=collection-renommee", status_code=303)


@router.post("/documents/{name}/depot", name="deposer")
async def upload_without_script(request: Request, name: str) -> Response:
    """Upload for browsers without JavaScript (the script posts to the JSON API to show progress)."""
    try:
        name = await run_in_threadpool(editable_collection, request, name, "document.upload")
    except SudiaError as exc:
        return _error_page(request, exc)
    uploads = await run_in_threadpool(get_uploads, request)
    jobs = []
    async with request.form(max_files=200) as form:
        token = form.get("csrf")
        check_csrf(request, token if isinstance(token, str) else "")
        for item in form.getlist("files"):
            if not isinstance(item, UploadFile) or not item.filename:
                continue  # the form was sent with no file chosen
            sink = await run_in_threadpool(uploads.receive, name, item.filename)
            while data := await item.read(1 << 20):
                await run_in_threadpool(sink.write, data)
            jobs.append(await run_in_threadpool(sink.close))
    await run_in_threadpool(uploads.submit, jobs, get_principal(request).actor, "web")
    return RedirectResponse(f"/documents?collection={name}&fait=depot-recu", status_code=303)


@router.post("/documents/collections/{name}/supprimer", name="supprimer_collection")
def delete_collection(request: Request, name: str, confirmation: Annotated[str, Form()] = "",
                      csrf: Annotated[str, Form()] = "") -> Response:
    editable_collection(request, name, "collection.delete", "admin")
    check_csrf(request, csrf)
    collection = get_platform(request).store.get_collection(name)
    if collection is None:
        return _error_page(request, SudiaError("SUDIA-C001", name=name))
    if confirmation != "oui":
        return templates.TemplateResponse(request, "confirmation.html", {
            "action": f"/documents/collections/{name}/supprimer", "retour": f"/documents?collection={name}",
            "objet": f"la collection « {name} » et ses {collection.documents} documents"})
    collection_rules(get_platform(request), get_uploads(request)).delete(get_principal(request), name, "web")
    return RedirectResponse("/documents?fait=collection-supprimee", status_code=303)


@router.post("/documents/{document_id}/supprimer", name="supprimer_document")
def delete_document(request: Request, document_id: str, confirmation: Annotated[str, Form()] = "",
                    csrf: Annotated[str, Form()] = "") -> Response:
    require_manage(get_principal(request), "document.delete", "ingest")
    document = readable_document(request, document_id, ("ask", "search", "ingest"))
    check_csrf(request, csrf)
    back = f"/documents?collection={document.collection}"
    if confirmation != "oui":
        return templates.TemplateResponse(request, "confirmation.html", {
            "action": f"/documents/{document_id}/supprimer", "retour": back,
            "objet": f"le document « {document.title or document.source} »"})
    get_uploads(request).delete_document(document_id, get_principal(request).actor, "web")  # with its file
    return RedirectResponse(f"{back}&fait=document-supprime", status_code=303)


@router.get("/documents/{document_id}", name="document")
def document_page(request: Request, document_id: str, passage: str = "", extrait: str = "") -> Response:
    platform = get_platform(request)
    document = readable_document(request, document_id)  # SUDIA-C003 (404 page) when unknown or unreadable
    chunks = platform.store.document_chunks(document_id)
    current = next((c for c in chunks if c.id == passage), None)
    return templates.TemplateResponse(request, "document.html", {
        "document": document, "titre": document.title or document.source, "chunks": chunks, "passage": passage, "extrait": extrait, "current": current,
        "paged": any(c.page for c in chunks),
    })
