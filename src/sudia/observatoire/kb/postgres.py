"""PostgreSQL backend of the observatory knowledge base (psycopg 3, extra `postgres`)."""

from __future__ import annotations

from sudia.errors import SudiaError
from sudia.observatoire.kb.sql import SqlKnowledgeBase
from sudia.store.pg_connections import PgConnections

# Serialises schema creation between processes opening the same database at once (web workers).
_SCHEMA_LOCK = 0x5D1A_0B01


class PostgresKnowledgeBase(SqlKnowledgeBase):
    mark = "%s"
    serial = "BIGSERIAL PRIMARY KEY"

    def __init__(self, url: str) -> None:
        # Driver check, URL forms and the schema named in the URL: as for the other PostgreSQL
        # stores. The connection itself is not autocommit: a merge rewrites several tables at once.
        pg = PgConnections(url)
        try:
            connection = pg.psycopg.connect(pg.conninfo, connect_timeout=5)
        except pg.psycopg.Error as exc:
            raise SudiaError("SUDIA-S001", url=url.split("@")[-1], detail=str(exc).strip()) from exc
        pg.create_url_schema(connection, _SCHEMA_LOCK)
        connection.commit()
        super().__init__(connection)

    def _columns(self, table: str) -> set[str]:
        return {r[0] for r in self._rows("SELECT column_name FROM information_schema.columns "
                                         "WHERE table_schema = current_schema() AND table_name = ?", (table,))}
