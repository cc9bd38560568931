"""FastAPI application factory. Workers are stateless: all state lives in the store."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from sudia import __version__
from sudia.errors import SudiaError
from sudia.platform import Platform
from sudia.settings import Settings

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"

# Which HTTP status each family of error codes maps to.
_STATUS = {"SUDIA-C001": 404, "SUDIA-C003": 404, "SUDIA-C004": 404, "SUDIA-M005": 404, "SUDIA-M003": 502,
           "SUDIA-I003": 413, "SUDIA-S001": 503, "SUDIA-C005": 404, "SUDIA-C006": 409}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    platform = Platform.from_settings(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if settings.demo:
            from sudia.demo.setup import ensure_demo

            ensure_demo(platform)
        yield
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
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(SudiaError)
    async def sudia_error(request: Request, exc: SudiaError) -> JSONResponse:
        status = _STATUS.get(exc.code, 400)
        return JSONResponse({"error": exc.to_dict()}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        from sudia.web.schemas import describe_validation

        return await sudia_error(request, SudiaError("SUDIA-R002", detail=describe_validation(exc.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        # People get a French page; programs (/api, /v1) keep JSON.
        if request.url.path.startswith(("/api", "/v1", "/static")) or exc.status_code != 404:
            return JSONResponse({"error": {"code": f"HTTP-{exc.status_code}", "message": str(exc.detail)}},
                                status_code=exc.status_code, headers=getattr(exc, "headers", None))
        from sudia.web.templating import templates

        error = SudiaError("SUDIA-R004", path=request.url.path)
        return templates.TemplateResponse(request, "erreur.html", {"titre": "Page introuvable", "erreur": error},
                                          status_code=404)

    from sudia.web import api, apidocs, openai_api, pages

    app.include_router(api.router)
    app.include_router(openai_api.router)
    app.include_router(pages.router)
    app.include_router(apidocs.router)
    from sudia.observatoire.web import install as install_observatoire

    install_observatoire(app, platform)  # pages and API; builds the demo observatory if settings.demo
    return app


def get_platform(request: Request) -> Platform:
    return request.app.state.platform
