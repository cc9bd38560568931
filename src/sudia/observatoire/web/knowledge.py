"""Opens the observatory knowledge base for one request, from the same database URL as the main store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import Request

from sudia.observatoire.kb.base import KnowledgeBase
from sudia.observatoire.kb.factory import open_knowledge_base
from sudia.settings import Settings


@contextmanager
def knowledge_base(request: Request) -> Iterator[KnowledgeBase]:
    """One connection per request, opened and closed in the worker thread that uses it (SQLite needs that)."""
    settings: Settings = request.app.state.settings
    kb = open_knowledge_base(settings.resolved_database_url())
    try:
        yield kb
    finally:
        kb.close()
