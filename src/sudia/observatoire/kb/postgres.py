"""PostgreSQL backend of the observatory knowledge base (psycopg 3, extra `postgres`)."""

from __future__ import annotations

from sudia.errors import SudiaError
from sudia.observatoire.kb.sql import SqlKnowledgeBase


class PostgresKnowledgeBase(SqlKnowledgeBase):
    mark = "%s"
    serial = "BIGSERIAL PRIMARY KEY"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError as exc:
            raise SudiaError("SUDIA-M002", package="psycopg", extra="postgres") from exc
        try:
            connection = psycopg.connect(url, connect_timeout=5)
        except psycopg.Error as exc:
            raise SudiaError("SUDIA-S001", url=url.split("@")[-1], detail=str(exc).strip()) from exc
        super().__init__(connection)
