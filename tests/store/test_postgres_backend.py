"""What only the PostgreSQL backend has: driver and connection errors, schemas, its text search setup."""

from __future__ import annotations

import sys

import psycopg
import pytest

from sudia.errors import SudiaError
from sudia.store import open_store
import sudia.store.postgres
from sudia.store.postgres import PostgresStore, schema_url
from sudia.types import Chunk, Document


def test_a_missing_driver_names_the_extra_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # what `import psycopg` meets when not installed
    with pytest.raises(SudiaError) as err:
        open_store("postgresql://postgres@127.0.0.1:5432/test")
    assert err.value.code == "SUDIA-M002"
    assert "sudia[postgres]" in err.value.message


def test_an_unreachable_server_is_a_clear_error_without_the_password():
    with pytest.raises(SudiaError) as err:
        PostgresStore("postgresql://sudia:motdepasse@127.0.0.1:1/sudia")
    assert err.value.code == "SUDIA-S001"
    assert "127.0.0.1:1/sudia" in err.value.message
    assert "motdepasse" not in err.value.message


def test_schema_url_adds_the_search_path_option():
    assert schema_url("postgresql://h/db", "abc") == "postgresql://h/db?options=-csearch_path%3Dabc"
    assert schema_url("postgresql://h/db?sslmode=disable", "abc").endswith("&options=-csearch_path%3Dabc")
    with pytest.raises(ValueError):
        schema_url("postgresql://h/db", "x; DROP TABLE y")


@pytest.mark.integration
def test_tables_are_created_in_the_schema_named_by_the_url(pg_url):
    store = open_store(pg_url.replace("postgresql://", "postgresql+psycopg://"))  # SQLAlchemy-style URL too
    try:
        store.ensure_collection("aides")
        schema = pg_url.rsplit("%3D", 1)[1]
        with psycopg.connect(pg_url.split("?")[0]) as db:
            tables = {r[0] for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", (schema,))}
            assert {"collections", "documents", "chunks", "jobs", "usage"} <= tables
        # opening again is harmless
        PostgresStore(pg_url).close()
    finally:
        store.close()


class _WithoutUnaccent(PostgresStore):
    """A server where the `unaccent` extension cannot be installed (a managed database, say)."""

    def _create_config(self, db) -> bool:
        return False


@pytest.mark.integration
@pytest.mark.parametrize("store_class", [PostgresStore, _WithoutUnaccent])
def test_french_search_with_and_without_unaccent(pg_url, store_class):
    store = store_class(pg_url)
    try:
        store.ensure_collection("aides")
        texts = ["Les aides régionales sont versées aux familles.", "Les élèves de seconde reçoivent un ordinateur.",
                 "L'électricité des lycées coûte cher.", "Le débroussaillement est obligatoire avant l'été."]
        doc = Document("d", "aides", "a.md", "Fiche", "sha", "text/plain", 1, chunks=len(texts))
        chunks = [Chunk(f"d-{i}", "d", "aides", i, t, document_title="Fiche") for i, t in enumerate(texts)]
        store.replace_document(doc, chunks, None)
        for query, expected in [("Élèves", 1), ("electricite", 2), ("aide", 0), ("l'été débroussaillé", 3)]:
            assert store.lexical_search(["aides"], query, 5)[0][0] == chunks[expected].id, query
        assert store.lexical_search(["aides"], "les des et", 5) == []
    finally:
        store.close()


def test_a_large_ingestion_refreshes_the_planner_statistics(pg_url, monkeypatch):
    # Autovacuum may be off or late; lexical search on a table without statistics is 8x slower.
    monkeypatch.setattr(sudia.store.postgres, "_CHECK_STATISTICS_EVERY", 20)
    store = PostgresStore(pg_url)
    try:
        store.ensure_collection("aides")
        for d in range(60):
            doc = Document(f"d{d}", "aides", f"f{d}.md", "Fiche", f"sha{d}", "text/markdown", 10, None, 20, "")
            chunks = [Chunk(f"d{d}-{i}", doc.id, "aides", i, f"Aide {d} numéro {i}", None, "", "Fiche", doc.source)
                      for i in range(20)]
            store.replace_document(doc, chunks, None)
        with psycopg.connect(pg_url) as db:
            analysed = db.execute("SELECT last_analyze FROM pg_stat_user_tables WHERE relid = 'chunks'::regclass")
            assert analysed.fetchone()[0] is not None
    finally:
        store.close()
