"""FastAPI application factory. Workers are stateless: all state lives in the store."""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from sudia import __version__
from sudia.platform import Platform
from sudia.settings import Settings
from sudia.web.disconnect import DisconnectWatch
from sudia.web.errors import install_error_handlers
from sudia.web.middleware import BodyLimit, SecurityHeaders

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


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

            ensure_demo(platform)  # re-indexes the demo too when the index settings changed
        _warn_stale_index(platform)
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

    install_error_handlers(app)  # statuses from the error catalogue; JSON, OpenAI's shape or a French page

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
    from sudia.web.deps import uploads_of

    try:
        uploads_of(app).recover()
    except Exception:  # the server keeps serving; the next start tries again
        log.exception("recovery of interrupted uploads failed")


def _warn_stale_index(platform: Platform) -> None:
    """Vectors made with another model or embedding mode still answer, but badly: say so at start."""
    from sudia.demo.setup import DEMO_COLLECTION

    stale = {name: n for name, n in platform.stale_index().items() if name != DEMO_COLLECTION}
    for name, count in stale.items():
        log.warning("collection %s : %d document(s) indexé(s) avec d'autres réglages (modèle d'embeddings, "
                    "mode SUDIA_EMBED_MODE ou taille des passages) ; relancez « sudia ingest -c %s » sur leurs "
                    "fichiers pour les réindexer", name, count, name)
