"""The observatory knowledge base of the web app: opened once per process, through the platform."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from fastapi import Request

from sudia.observatoire.kb.base import KnowledgeBase
from sudia.observatoire.kb.sql import SqlKnowledgeBase

if TYPE_CHECKING:
    from sudia.platform import Platform


def shared_knowledge_base(platform: Platform) -> KnowledgeBase:
    """On the platform's database (thread-safe connections), so every request and worker thread
    shares it; its tables were versioned at start (`Observatoire.migrations`)."""
    return platform.shared("observatoire.kb", lambda p: SqlKnowledgeBase(p.database))


@contextmanager
def knowledge_base(request: Request) -> Iterator[KnowledgeBase]:
    """The process's knowledge base, for one request (nothing to open or close per request)."""
    yield shared_knowledge_base(request.app.state.platform)
