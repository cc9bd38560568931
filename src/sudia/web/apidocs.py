"""API documentation pages (Swagger UI, ReDoc) served from local assets, never from a CDN.

FastAPI's default pages load their scripts from the internet; Sud IA must work offline, so the
scripts bundled by the `fastapi-offline` package are served by the app itself.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter, Request, Response
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html

router = APIRouter(include_in_schema=False)
TITLE = "Sud IA — API"
_ASSETS = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css",
           "redoc.standalone.js": "text/javascript", "favicon.png": "image/png"}


@router.get("/docs")
def swagger_ui(request: Request) -> Response:
    return get_swagger_ui_html(openapi_url=request.app.openapi_url, title=TITLE,
                               swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                               swagger_css_url="/docs-assets/swagger-ui.css",
                               swagger_favicon_url="/docs-assets/favicon.png")


@router.get("/redoc")
def redoc(request: Request) -> Response:
    return get_redoc_html(openapi_url=request.app.openapi_url, title=TITLE,
                          redoc_js_url="/docs-assets/redoc.standalone.js",
                          redoc_favicon_url="/docs-assets/favicon.png", with_google_fonts=False)


@router.get("/docs-assets/{name}")
def asset(name: str) -> Response:
    if name not in _ASSETS:
        return Response(status_code=404)
    data = (files("fastapi_offline") / "static" / name).read_bytes()  # Swagger UI 5 and ReDoc 2
    return Response(data, media_type=_ASSETS[name], headers={"Cache-Control": "public, max-age=86400"})
