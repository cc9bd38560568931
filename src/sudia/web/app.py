"""FastAPI application factory. Workers are stateless: all state lives in the store."""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from sudia import __version__
from sudia.errors import SudiaError
from sudia.platform import Platform
from sudia.settings import Settings
from sudia.web.disconnect import DisconnectWatch
from sudia.web.middleware import BodyLimit, RefusedRequest, SecurityHeaders
from sudia.web.openai_errors import is_openai_path, openai_error_body, validation_param

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"

# Which HTTP status each family of error codes maps to.
_STATUS = {"SUDIA-C001": 404, "SUDIA-C003": 404, "SUDIA-C004": 404, "SUDIA-M005": 404, "SUDIA-M003": 502,
           "SUDIA-I003": 413, "SUDIA-S001": 503, "SUDIA-C005": 404, "SUDIA-C006": 409,
           # trust layer (ADR 0004)
           "SUDIA-A001": 401, "SUDIA-A007": 401, "SUDIA-A009": 401, "SUDIA-A013": 401,
           "SUDIA-A008": 403, "SUDIA-A010": 403, "SUDIA-A018": 403, "SUDIA-A023": 403,
           "SUDIA-A002": 429, "SUDIA-L001": 429, "SUDIA-A004": 404, "SUDIA-A012": 404, "SUDIA-A014": 404,
           "SUDIA-A005": 409, "SUDIA-A015": 502,
           "SUDIA-A025": 403, "SUDIA-A026": 403,
           "SUDIA-H001": 404, "SUDIA-H004": 404,  # conversations (issue #8, UI)
           # security (#10): limits, storage errors shown without their details
           "SUDIA-L002": 413, "SUDIA-L003": 413, "SUDIA-L004": 400, "SUDIA-L005": 413, "SUDIA-L006": 429,
           "SUDIA-S002": 503, "SUDIA-S003": 503, "SUDIA-S004": 503}
# Storage errors carry a database address and a driver's message: logged, never sent to a client.
_PRIVATE = ("SUDIA-S001", "SUDIA-S002", "SUDIA-S004")
# Paths answered in JSON; every other path is a page for people, answered in HTML. Use cases add
# theirs (UseCase.json_paths), kept in app.state.json_paths.
_API_PREFIXES = ("/api", "/v1", "/static")


def public_error(exc: SudiaError) -> SudiaError:
    """The error as a client may see it: a storage error becomes SUDIA-S003, its details logged."""
    if exc.code not in _PRIVATE:
        return exc
    log.error("storage error %s: %s", exc.code, exc.message)  # URLs are shown without password
    return SudiaError("SUDIA-S003")


def error_headers(exc: SudiaError) -> dict[str, str]:
    """`Retry-After` for the 429 answers, and `WWW-Authenticate` for the 401 ones."""
    if exc.code in ("SUDIA-L001", "SUDIA-L006"):
        return {"Retry-After": str(max(1, int(exc.params.get("retry_after", 60))))}  # type: ignore[call-overload]
    if exc.code == "SUDIA-A002":
        return {"Retry-After": str(60 * max(1, int(exc.params.get("minutes", 1))))}  # type: ignore[call-overload]
    if _STATUS.get(exc.code) == 401:
        return {"WWW-Authenticate": 'Bearer realm="sudia"'}
    return {}


def wants_json(request: Request) -> bool:
    prefixes = _API_PREFIXES + getattr(request.app.state, "json_paths", ())
    return request.url.path.startswith(prefixes) or "application/json" in request.headers.get("accept", "")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    platform = Platform.from_settings(settings)
    platform.upgrade_schema()  # the use cases' tables, before any request can reach them

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        from sudia.audit.retention import start_retention

        retention = start_retention(platform.trust, settings.audit_retention_days)
        threading.Thread(target=_recover_uploads, args=(app,), name="sudia-uploads-recovery", daemon=True).start()
        if settings.demo:
            from sudia.demo.setup import ensure_demo

            ensure_demo(platform)
        yield
        if retention is not None:
            retention.set()
        oidc = getattr(app.state, "oidc", None)  # created on the first OpenID Connect login
        if oidc is not None:
            oidc.close()
        platform.close()

    app = FastAPI(
        title="Sud IA",
        version=__version__,
        description="API de Sud IA : collections, documents, recherche, réponses sourcées, et API compatible OpenAI.",
        lifespan=lifespan,
        docs_url=None,  # served from local assets by apidocs.router: no CDN, works offline
        redoc_url=None,
    )
    app.state.platform = platform
    app.state.settings = settings
    # Outermost last: headers on every answer, bodies bounded, then the disconnect watch (#10).
    app.add_middleware(DisconnectWatch)
    app.add_middleware(BodyLimit, limit_bytes=settings.max_request_kb * 1024)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(SudiaError)
    async def sudia_error(request: Request, exc: SudiaError, param: str | None = None) -> Response:
        exc = public_error(exc)
        status = _STATUS.get(exc.code, 400)
        if is_openai_path(request.url.path):
            return JSONResponse(openai_error_body(exc.message, status, exc.code, param), status_code=status,
                                headers=error_headers(exc))
        if wants_json(request):
            return JSONResponse({"error": exc.to_dict()}, status_code=status, headers=error_headers(exc))
        return error_page(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        from sudia.web.schemas import describe_validation

        return await sudia_error(request, SudiaError("SUDIA-R002", detail=describe_validation(exc.errors())),
                                 validation_param(list(exc.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if isinstance(exc, RefusedRequest):  # refused by a middleware while the body was read
            return await sudia_error(request, exc.error)
        # People get a French page; programs (/api, /v1) keep JSON, in OpenAI's shape under /v1.
        if is_openai_path(request.url.path):
            return JSONResponse(openai_error_body(str(exc.detail), exc.status_code, f"HTTP-{exc.status_code}"),
                                status_code=exc.status_code, headers=getattr(exc, "headers", None))
        if request.url.path.startswith(("/api", "/v1", "/static")) or exc.status_code != 404:
            return JSONResponse({"error": {"code": f"HTTP-{exc.status_code}", "message": str(exc.detail)}},
                                status_code=exc.status_code, headers=getattr(exc, "headers", None))
        from sudia.web.templating import templates

        error = SudiaError("SUDIA-R004", path=request.url.path)
        return templates.TemplateResponse(request, "erreur.html", {"titre": "Page introuvable", "erreur": error},
                                          status_code=404)

    from sudia.web import account_pages, api, apidocs, openai_api, openai_completions, pages

    app.include_router(api.router)
    app.include_router(openai_api.router)
    app.include_router(openai_completions.router)
    app.include_router(pages.router)
    app.include_router(account_pages.router)
    from sudia.web import password_pages

    app.include_router(password_pages.router)  # own password change, administrators' reset
    app.include_router(apidocs.router)
    from sudia.web import info_pages  # issue #8, UI

    app.include_router(info_pages.router)  # accessibility, legal notice, personal data, site map
    from sudia.web.usecases import install_usecases, start_usecases

    # declared use cases (sudia.extensions): the assistant and its conversations first (sudia.usecases.extension)
    app.state.json_paths = install_usecases(app, platform)
    start_usecases(platform)  # e.g. the demo observatory, built when settings.demo
    from sudia.web import trust_pages

    trust_pages.install(app)  # audit log (admin), frugality dashboard, public AI register
    return app


def _recover_uploads(app: FastAPI) -> None:
    """Jobs left "in progress" by a worker that died are ended, their files removed (#10)."""
    from sudia.web.api import uploads_of

    try:
        uploads_of(app).recover()
    except Exception:  # the server keeps serving; the next start tries again
        log.exception("recovery of interrupted uploads failed")


def get_platform(request: Request) -> Platform:
    return request.app.state.platform


def error_page(request: Request, exc: SudiaError) -> Response:
    """People get a French page; one who must sign in is sent to the login page, then back here."""
    from sudia.web.auth import login_url
    from sudia.web.templating import templates

    exc = public_error(exc)
    status = _STATUS.get(exc.code, 400)
    if status == 401 and request.method in ("GET", "HEAD") and exc.code != "SUDIA-A009":
        return RedirectResponse(login_url(request), status_code=303)
    titles = {401: "Connexion requise", 403: "Accès refusé", 404: "Page introuvable", 429: "Trop de requêtes"}
    return templates.TemplateResponse(request, "erreur.html", {"titre": titles.get(status, "Une erreur est survenue"),
                                                               "erreur": exc}, status_code=status,
                                      headers=error_headers(exc))
