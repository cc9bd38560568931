"""Ingests the demo collection in the background so the server answers at once.

Files already ingested are skipped by their SHA-256, so this is cheap on every later start and
safe when several workers start together (each file is replaced atomically).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from sudia.ingest.pipeline import discover
from sudia.platform import Platform

log = logging.getLogger(__name__)

DEMO_DIR = Path(__file__).parent / "allo-region"
DEMO_COLLECTION = "allo-region"
DEMO_TITLE = "Allo Région (démonstration)"  # display name; administrators may change it
DEMO_DESCRIPTION = "Démonstration : documents fictifs sur les services de la Région (contenu rédigé pour Sud IA)"

_status = {"state": "idle", "done": 0, "total": 0}


def demo_status() -> dict[str, int | str]:
    return dict(_status)


def ingest_demo(platform: Platform) -> None:
    files = discover([DEMO_DIR])
    platform.store.ensure_collection(DEMO_COLLECTION, DEMO_DESCRIPTION)
    if DEMO_COLLECTION not in platform.collection_titles.all():
        platform.collection_titles.set(DEMO_COLLECTION, DEMO_TITLE)
    _status.update(state="running", done=0, total=len(files))
    for file in files:
        result = platform.ingestor.ingest_file(DEMO_COLLECTION, file.path, file.source)
        if result.status == "error":
            log.warning("demo document %s: %s", file.source, result.message)
        _status["done"] = int(_status["done"]) + 1
    _status["state"] = "done"


def ensure_demo(platform: Platform, background: bool = True) -> threading.Thread | None:
    if not background:
        ingest_demo(platform)
        return None
    thread = threading.Thread(target=_safe_ingest, args=(platform,), name="sudia-demo", daemon=True)
    thread.start()
    return thread


def _safe_ingest(platform: Platform) -> None:
    try:
        ingest_demo(platform)
    except Exception:  # the server must keep running even if the demo cannot be loaded
        log.exception("demo ingestion failed")
        _status["state"] = "error"
