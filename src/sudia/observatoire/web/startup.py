"""Builds the demo observatory in the background at server start, once, even with several workers.

A file lock in the data folder makes the workers of one machine take turns; the one that comes
second finds the demo documents already in the knowledge base and stops there. Without the lock
(another OS, several machines) two builds give the same state: the second only costs time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sudia.observatoire.demo import build_demo_observatory, demo_documents
from sudia.observatoire.kb.base import KnowledgeBase
from sudia.observatoire.kb.factory import open_knowledge_base
from sudia.observatoire.nlp import load_french
from sudia.settings import Settings

log = logging.getLogger(__name__)
LOCK_NAME = ".observatoire-demo.lock"

_status: dict[str, str] = {"state": "idle"}


def observatory_demo_status() -> str:
    """idle, running, done or error: the pages say when the demo is still being built."""
    return _status["state"]


def has_demo(kb: KnowledgeBase) -> bool:
    names = {p.name for p in demo_documents()}
    state = kb.load()
    return any(s.document in names for a in state.actors for s in a.sources)


@contextmanager
def _machine_lock(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # not on POSIX: no lock, see the module docstring
        yield
        return
    with open(folder / LOCK_NAME, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_if_missing(settings: Settings) -> bool:
    """Builds the demo observatory unless it is there; True when this call built it."""
    with _machine_lock(settings.data_dir):
        kb = open_knowledge_base(settings.resolved_database_url())
        try:
            if has_demo(kb):
                return False
            report = build_demo_observatory(kb, settings)
            log.info("demo observatory built: %d actors, %d facts", report.actors, report.facts)
            load_french.cache_clear()  # the pages never extract: give the spaCy model's memory back
            return True
        finally:
            kb.close()


def ensure_demo_observatory(settings: Settings, background: bool = True) -> threading.Thread | None:
    if not background:
        _run(settings)
        return None
    thread = threading.Thread(target=_run, args=(settings,), name="sudia-observatoire-demo", daemon=True)
    thread.start()
    return thread


def _run(settings: Settings) -> None:
    _status["state"] = "running"
    try:
        build_if_missing(settings)
        _status["state"] = "done"
    except Exception:  # the server must keep serving even if spaCy or its model is missing
        log.exception("demo observatory build failed")
        _status["state"] = "error"
