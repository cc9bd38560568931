"""Opens the knowledge base named by a database URL: the same forms as the main store accepts.

`sqlite:///path`, `sqlite://` (in memory), `postgresql://`, `postgres://` and
`postgresql+psycopg://`. An unsupported URL is reported without its password (SUDIA-S002).
"""

from __future__ import annotations

from sudia.database import Database
from sudia.observatoire.kb.base import KnowledgeBase
from sudia.observatoire.kb.sql import SqlKnowledgeBase


def open_knowledge_base(url: str) -> KnowledgeBase:
    """A knowledge base with its own connections, closed with it (commands, tests, the demo build);
    the web app shares one per process instead (`sudia.observatoire.web.knowledge`)."""
    return SqlKnowledgeBase(Database(url), owned=True)
