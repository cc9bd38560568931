"""How a `SudiaError` becomes an HTTP answer: the status of its catalogue entry (sudia.errors), the
headers that go with it, and JSON for programs or a French page for people.

Every web module renders errors through here; `install_error_handlers` adds the app's handlers.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from sudia.errors import SudiaError
from sudia.web.middleware import RefusedRequest
from sudia.web.openai_errors import is_openai_path, openai_error_body, validation_param

log = logging.getLogger(__name__)

# Storage errors carry a database address and a driver's message: logged, never sent to a client.
PRIVATE = ("SUDIA-S001", "SUDIA-S002", "SUDIA-S004")
# Paths answered in JSON; every other path is a page for people, answered in HTML. Use cases add
# theirs (UseCase.json_paths), kept in app.state.json_paths.
API_PREFIXES = ("/api", "/v1", "/static")
PAGE_TITLES = {401: "Connexion requise", 403: "Accès refusé", 404: "Page introuvable", 429: "Trop de requêtes"}


def status_of(exc: SudiaError) -> int:
    """The HTTP status of an error: its catalogue entry's."""
    return exc.status


def public_error(exc: SudiaError) -> SudiaError:
    """The error as a client may see it: a storage error becomes SUDIA-S003, its details logged."""
    if exc.code not in PRIVATE:
        return exc
    log.error("storage error %s: %s", exc.code, exc.message)  # URLs are shown without password
    return SudiaError("SUDIA-S003")


def error_headers(exc: SudiaError) -> dict[str, str]:
    """`Retry-After` for the 429 answers, and `WWW-Authenticate` for the 401 ones."""
    if exc.code in ("SUDIA-L001", "SUDIA-L006"):
        return {"Retry-After": str(max(1, int(exc.params.get("retry_after", 60))))}  # type: ignore[call-overload]
    if exc.code == "SUDIA-A002":
        return {"Retry-After": str(60 * max(1, int(exc.params.get("minutes", 1))))}  # type: ignore[call-overload]
    if exc.status == 401:
        return {"WWW-Authenticate": 'Bearer realm="sudia"'}
    return {}


def wants_json(request: Request) -> bool:
    prefixes = API_PREFIXES + getattr(request.app.state, "json_paths", ())
    return request.url.path.startswith(prefixes) or "application/json" in request.headers.get("accept", "")


def error_page(request: Request, exc: SudiaError) -> Response:
    """People get a French page; one who must sign in is sent to the login page, then back here."""
    from sudia.web.auth import login_url
    from sudia.web.templating import templates

    exc = public_error(exc)
    if exc.status == 401 and request.method in ("GET", "HEAD") and exc.code != "SUDIA-A009":
        return RedirectResponse(login_url(request), status_code=303)
    return templates.TemplateResponse(request, "erreur.html", {
        "titre": PAGE_TITLES.get(exc.status, "Une erreur est survenue"), "erreur": exc},
        status_code=exc.status, headers=error_headers(exc))


def error_response(request: Request, exc: SudiaError, param: str | None = None) -> Response:
    """The answer to an error: OpenAI's JSON shape under /v1, JSON on the API, a French page elsewhere."""
    exc = public_error(exc)
    if is_openai_path(request.url.path):
        return JSONResponse(openai_error_body(exc.message, exc.status, exc.code, param), status_code=exc.status,
                            headers=error_headers(exc))
    if wants_json(request):
        return JSONResponse({"error": exc.to_dict()}, status_code=exc.status, headers=error_headers(exc))
    return error_page(request, exc)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SudiaError)
    async def sudia_error(request: Request, exc: SudiaError) -> Response:
        return error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        from sudia.web.schemas import describe_validation

        return error_response(request, SudiaError("SUDIA-R002", detail=describe_validation(exc.errors())),
                              validation_param(list(exc.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if isinstance(exc, RefusedRequest):  # refused by a middleware while the body was read
            return error_response(request, exc.error)
        # People get a French page; programs (/api, /v1) keep JSON, in OpenAI's shape under /v1.
        if is_openai_path(request.url.path):
            return JSONResponse(openai_error_body(str(exc.detail), exc.status_code, f"HTTP-{exc.status_code}"),
                                status_code=exc.status_code, headers=getattr(exc, "headers", None))
        if request.url.path.startswith(API_PREFIXES) or exc.status_code != 404:
            return JSONResponse({"error": {"code": f"HTTP-{exc.status_code}", "message": str(exc.detail)}},
                                status_code=exc.status_code, headers=getattr(exc, "headers", None))
        from sudia.web.templating import templates

        error = SudiaError("SUDIA-R004", path=request.url.path)
        return templates.TemplateResponse(request, "erreur.html", {"titre": "Page introuvable", "erreur": error},
                                          status_code=404)
