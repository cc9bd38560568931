"""PostgreSQL backend: same tables as SQLite, French full-text search (tsvector + GIN), float16 vectors.

Lexical search uses a `sudia_french` text search configuration: French stopwords checked on the
accented word, then `unaccent`, then the French Snowball stemmer, so « Élèves » meets « eleves ».
Where the `unaccent` extension cannot be created, the built-in `french` configuration is used on
text folded in Python (`sudia.text.french.fold`) instead. Dense search stays in
`sudia.retrieve.dense.DenseIndex` (pgvector is not needed at this scale).
"""

from __future__ import annotations

import re

import numpy as np

from sudia.store.pg_connections import PgConnections, PoolOptions
from sudia.store.base import (
    COMMON_TERM_SHARE, PRUNE_FROM_PASSAGES, Job, UsageRecord, check_collection_name, now_iso, query_terms,
    passage_vectors, vector_bytes,
)
from sudia.text.french import STOPWORDS, analyze, fold, repair_ocr, words
from sudia.types import Chunk, Collection, Document, Usage, Visibility

SCHEMA = """
CREATE TABLE IF NOT EXISTS collections (
    name TEXT PRIMARY KEY, description TEXT NOT NULL DEFAULT '', visibility TEXT NOT NULL DEFAULT 'private',
    groups TEXT[] NOT NULL DEFAULT '{}', revision BIGINT NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, collection TEXT NOT NULL REFERENCES collections(name) ON DELETE CASCADE,
    source TEXT NOT NULL, title TEXT NOT NULL, sha256 TEXT NOT NULL, media_type TEXT NOT NULL,
    size BIGINT NOT NULL, pages INTEGER, chunks INTEGER NOT NULL, ingested_at TEXT NOT NULL,
    UNIQUE (collection, source));
CREATE TABLE IF NOT EXISTS chunks (
    seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    collection TEXT NOT NULL, position INTEGER NOT NULL, text TEXT NOT NULL, page INTEGER,
    section TEXT NOT NULL DEFAULT '', embedding BYTEA, tsv TSVECTOR NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_document ON chunks(document_id);
CREATE INDEX IF NOT EXISTS chunks_collection ON chunks(collection);
CREATE INDEX IF NOT EXISTS chunks_tsv ON chunks USING GIN (tsv);
CREATE TABLE IF NOT EXISTS jobs (
    seq BIGSERIAL, id TEXT PRIMARY KEY, collection TEXT NOT NULL, filename TEXT NOT NULL, status TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '', document_id TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS jobs_collection ON jobs(collection, updated_at);
CREATE TABLE IF NOT EXISTS usage (
    id BIGSERIAL PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL, collections TEXT NOT NULL,
    mode TEXT NOT NULL, data JSONB NOT NULL);
"""

CONFIG = "sudia_french"
# Serialises schema creation between processes opening the same database at once (web workers).
_SCHEMA_LOCK = 0x5D1A_0001
_DOC_COLUMNS = "id, collection, source, title, sha256, media_type, size, pages, chunks, ingested_at, indexed_with"
# Any term may match, like SQLite's FTS5 query. Each term's rank is weighted by its BM25 inverse
# document frequency, counted from the same matches (one pass over the GIN index per term).
_LEXICAL_SQL = """
WITH matched AS MATERIALIZED (
    SELECT c.id, c.seq, t.n, ts_rank(c.tsv, t.q, 1) AS rank
    FROM unnest(%(terms)s::tsquery[]) WITH ORDINALITY AS t(q, n)
    JOIN chunks c ON c.tsv @@ t.q
    WHERE c.collection = ANY(%(collections)s)
), frequency AS (SELECT n, count(*) AS df FROM matched GROUP BY n)
SELECT m.id, SUM(ln(1 + (%(total)s - f.df + 0.5) / (f.df + 0.5)) * m.rank) AS score
FROM matched m JOIN frequency f ON f.n = m.n
GROUP BY m.id, m.seq ORDER BY score DESC, m.seq LIMIT %(k)s
"""
# How many passages of the collections hold each term, counting no further than %(cap)s.
_FREQUENCY_SQL = """
SELECT (SELECT count(*) FROM (SELECT 1 FROM chunks c WHERE c.collection = ANY(%(collections)s) AND c.tsv @@ t.q
        LIMIT %(cap)s) s)
FROM unnest(%(terms)s::tsquery[]) WITH ORDINALITY AS t(q, n) ORDER BY t.n
"""
# Which of the lexemes ANALYZE estimated in at least %s passages of the whole table; no row at all
# before the first ANALYZE.
_COMMON_LEXEMES_SQL = """
SELECT ARRAY(SELECT e.lexeme FROM unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs)
             AS e(lexeme, share) WHERE e.lexeme = ANY(%s) AND e.share * c.reltuples >= %s)
FROM pg_stats s, pg_class c
WHERE s.schemaname = current_schema() AND s.tablename = 'chunks' AND s.attname = 'tsv'
  AND s.most_common_elems IS NOT NULL AND c.oid = 'chunks'::regclass
"""
_CHECK_STATISTICS_EVERY = 2000  # passages written between two checks of the planner's statistics
_CHUNK_COLUMNS = "c.id, c.document_id, c.collection, c.position, c.text, c.page, c.section, d.title, d.source"


class PostgresStore:
    """Thread-safe: statements borrow autocommit connections from the process's bounded pool;
    writes use explicit transactions."""

    def __init__(self, url: str, pool: PoolOptions = PoolOptions()) -> None:
        self.url = url
        self._pg = PgConnections(url, pool)
        self._psycopg = self._pg.psycopg
        self._config, self._fold = self._create_schema()
        self._written = 0  # passages written by this process since statistics were last checked

    def close(self) -> None:
        self._pg.close_all()

    def _create_schema(self) -> tuple[str, bool]:
        from sudia.store.schema import upgrade_documents

        upgrade_documents(self.url, self._pg)  # versioned tables (sudia.migrations)
        with self._pg.transaction() as db:
            self._pg.create_url_schema(db, _SCHEMA_LOCK)  # the text search configuration, once
            if self._has_config(db) or self._create_config(db):
                return CONFIG, False
        return "french", True

    @staticmethod
    def _has_config(db) -> bool:
        row = db.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s AND cfgnamespace = current_schema()::regnamespace",
                         (CONFIG,)).fetchone()
        return row is not None

    def _create_config(self, db) -> bool:
        """French with accents folded; False when `unaccent` cannot be installed here."""
        sql = self._psycopg.sql
        where = self._install_unaccent(db)
        if where is None:
            return False
        name = sql.Identifier(CONFIG)
        with db.transaction():
            db.execute("CREATE TEXT SEARCH DICTIONARY sudia_french_stop"
                       " (TEMPLATE = simple, STOPWORDS = french, ACCEPT = false)")
            db.execute(sql.SQL("CREATE TEXT SEARCH CONFIGURATION {} (COPY = french)").format(name))
            # Stopwords are matched before accents are removed (« été » is one, « ete » is not).
            db.execute(sql.SQL("ALTER TEXT SEARCH CONFIGURATION {} ALTER MAPPING FOR hword, hword_part, word,"
                               " asciihword, hword_asciipart, asciiword WITH sudia_french_stop, {}.unaccent,"
                               " french_stem").format(name, sql.Identifier(where)))
        return True

    def _install_unaccent(self, db) -> str | None:
        """The schema holding `unaccent`, installed in `public` (shared by all schemas) or, failing
        that (PostgreSQL 15 lets only its owner create there), in the current schema."""
        found = "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'"
        row = db.execute(found).fetchone()
        if row:
            return row[0]
        for statement in ("CREATE EXTENSION unaccent SCHEMA public", "CREATE EXTENSION unaccent"):
            try:
                with db.transaction():  # a savepoint: a refusal must not abort the schema creation
                    db.execute(statement)
                return db.execute(found).fetchone()[0]
            except self._psycopg.Error:
                continue
        return None

    # -- collections -------------------------------------------------------------------------
    def ensure_collection(self, name: str, description: str = "", visibility: Visibility = "private",
                          groups: tuple[str, ...] = ()) -> Collection:
        check_collection_name(name)
        with self._pg.transaction() as db:
            db.execute(
                "INSERT INTO collections(name, description, visibility, groups, created_at) VALUES (%s,%s,%s,%s,%s)"
                " ON CONFLICT (name) DO NOTHING",
                (name, description, visibility, list(groups), now_iso()),
            )
            if description:
                db.execute("UPDATE collections SET description = %s WHERE name = %s", (description, name))
        return self.get_collection(name)  # type: ignore[return-value]

    def get_collection(self, name: str) -> Collection | None:
        rows = self._collections("WHERE c.name = %s", (name,))
        return rows[0] if rows else None

    def list_collections(self) -> list[Collection]:
        return self._collections("", ())

    def _collections(self, where: str, params: tuple) -> list[Collection]:
        rows = self._pg.run(
            "SELECT c.name, c.description, c.visibility, c.groups,"
            " (SELECT COUNT(*) FROM documents d WHERE d.collection = c.name),"
            " (SELECT COALESCE(SUM(chunks), 0) FROM documents d WHERE d.collection = c.name)"
            f" FROM collections c {where} ORDER BY c.name",
            params,
        ).fetchall()
        return [Collection(r[0], r[1], r[2], tuple(r[3]), int(r[4]), int(r[5])) for r in rows]

    def set_collection_access(self, name: str, visibility: Visibility, groups: tuple[str, ...]) -> None:
        with self._pg.transaction() as db:
            db.execute("UPDATE collections SET visibility = %s, groups = %s WHERE name = %s",
                       (visibility, list(groups), name))

    def delete_collection(self, name: str) -> None:
        with self._pg.transaction() as db:  # documents, then chunks and their index entries, go by cascade
            db.execute("DELETE FROM collections WHERE name = %s", (name,))
            db.execute("DELETE FROM jobs WHERE collection = %s", (name,))

    def revision(self, collection: str) -> int:
        row = self._pg.run("SELECT revision FROM collections WHERE name = %s", (collection,)).fetchone()
        return int(row[0]) if row else -1

    # -- documents -----------------------------------------------------------------------------
    def find_document(self, collection: str, source: str) -> Document | None:
        return self._one_document("collection = %s AND source = %s", (collection, source))

    def get_document(self, document_id: str) -> Document | None:
        return self._one_document("id = %s", (document_id,))

    def _one_document(self, where: str, params: tuple) -> Document | None:
        row = self._pg.run(f"SELECT {_DOC_COLUMNS} FROM documents WHERE {where}", params).fetchone()
        return Document(*row) if row else None

    def list_documents(self, collection: str) -> list[Document]:
        rows = self._pg.run(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE collection = %s ORDER BY source", (collection,)
        ).fetchall()
        return [Document(*r) for r in rows]

    def replace_document(self, document: Document, chunks: list[Chunk], vectors: np.ndarray | None) -> None:
        with self._pg.transaction() as db, db.cursor() as cur:
            # Two workers replacing the same document wait for each other instead of colliding.
            cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (document.id,))
            cur.execute("DELETE FROM documents WHERE id = %s", (document.id,))
            cur.execute(
                f"INSERT INTO documents({_DOC_COLUMNS}) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                (document.id, document.collection, document.source, document.title, document.sha256,
                 document.media_type, document.size, document.pages, len(chunks), document.ingested_at or now_iso(),
                 document.indexed_with),
            )
            rows = [
                (chunk.id, document.id, document.collection, chunk.position, chunk.text, chunk.page, chunk.section,
                 vector_bytes(vectors[i]) if vectors is not None else None, self._config,
                 self._index_text(chunk))
                for i, chunk in enumerate(chunks)
            ]
            cur.executemany(
                "INSERT INTO chunks(id, document_id, collection, position, text, page, section, embedding, tsv)"
                " VALUES (%s,%s,%s,%s,%s,%s,%s,%s, to_tsvector(%s::regconfig, %s))", rows,
            )
            cur.execute("UPDATE collections SET revision = revision + 1 WHERE name = %s", (document.collection,))
        self._written += len(chunks)
        if self._written >= _CHECK_STATISTICS_EVERY:
            self._written = 0
            with self._pg.connection() as db:
                self._refresh_statistics(db)

    @staticmethod
    def _refresh_statistics(db) -> None:
        """ANALYZE the passages after a large ingestion, as autovacuum would (it may be off or late).

        Without statistics the planner misjudges term frequencies and lexical search on a freshly
        loaded table is 8x slower (measured at 10k passages). Refreshed after 10% growth, like autovacuum.
        """
        # pg_class.reltuples is what the planner believes (-1 before any ANALYZE); the activity
        # statistics would be simpler but reach other sessions up to a second late.
        known = max(db.execute("SELECT reltuples FROM pg_class WHERE oid = 'chunks'::regclass").fetchone()[0], 0)
        if db.execute("SELECT count(*) FROM chunks").fetchone()[0] > 500 + 1.1 * known:
            db.execute("ANALYZE chunks")

    def _index_text(self, chunk: Chunk) -> str:
        text = repair_ocr(chunk.context_text())  # as `words` does for the query
        return fold(text) if self._fold else text

    def delete_document(self, document_id: str) -> None:
        with self._pg.transaction() as db:
            row = db.execute("DELETE FROM documents WHERE id = %s RETURNING collection", (document_id,)).fetchone()
            if row:
                db.execute("UPDATE collections SET revision = revision + 1 WHERE name = %s", (row[0],))

    def document_chunks(self, document_id: str) -> list[Chunk]:
        rows = self._pg.run(
            f"SELECT {_CHUNK_COLUMNS} FROM chunks c JOIN documents d ON d.id = c.document_id"
            " WHERE c.document_id = %s ORDER BY c.position", (document_id,)
        ).fetchall()
        return [_chunk(r) for r in rows]

    def get_chunks(self, chunk_ids: list[str]) -> list[Chunk]:
        if not chunk_ids:
            return []
        rows = self._pg.run(
            f"SELECT {_CHUNK_COLUMNS} FROM chunks c JOIN documents d ON d.id = c.document_id"
            " WHERE c.id = ANY(%s)", (list(chunk_ids),)
        ).fetchall()
        by_id = {r[0]: _chunk(r) for r in rows}
        return [by_id[i] for i in chunk_ids if i in by_id]

    def count_chunks(self, collections: list[str]) -> int:
        if not collections:
            return 0
        # Each document keeps its passage count: summing a few thousand rows beats counting 100k.
        row = self._pg.run("SELECT COALESCE(SUM(chunks), 0) FROM documents WHERE collection = ANY(%s)",
                                 (list(collections),))
        return int(row.fetchone()[0])

    # -- search ------------------------------------------------------------------------------------
    def lexical_search(self, collections: list[str], query: str, k: int) -> list[tuple[str, float]]:
        # Query words are filtered with the same stopword list as SQLite (PostgreSQL's own French
        # list lacks « les », « ils »...), then stemmed by PostgreSQL like the indexed text.
        kept = [w for w in words(query) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
        if not collections or not kept:
            return []
        with self._pg.connection() as db:  # one connection for the few statements of a search
            return self._lexical(db, collections, kept, k)

    def _lexical(self, db, collections: list[str], kept: list[str], k: int) -> list[tuple[str, float]]:
        lexemes = [r[0] for r in db.execute("SELECT lexeme FROM unnest(to_tsvector(%s::regconfig, %s))",
                                            (self._config, " ".join(kept)))]
        if not lexemes:
            return []
        lexemes = sorted(set(lexemes))
        collections = list(collections)
        total = int(db.execute("SELECT COALESCE(SUM(chunks), 0) FROM documents WHERE collection = ANY(%s)",
                               (collections,)).fetchone()[0])
        # The search queries are never prepared server-side: a generic plan ignores how rare each
        # term is and scans the table instead of the GIN index (measured 8x slower at 10k passages).
        if total >= PRUNE_FROM_PASSAGES:
            lexemes = self._worth_searching(db, lexemes, collections, total)
            if not lexemes:
                return []
        rows = db.execute(_LEXICAL_SQL, {
            "terms": [_quote_lexeme(t) for t in lexemes], "collections": collections, "k": k, "total": total,
        }, prepare=False).fetchall()
        return [(r[0], float(r[1])) for r in rows]

    def term_frequencies(self, collections: list[str], query: str) -> dict[str, int]:
        # Keyed by the SQLite analyser's stems (what the relevance gate compares), counted on
        # PostgreSQL's own lexemes of the same words.
        kept = [w for w in words(query) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
        stems = {w: analyze(w) for w in kept}
        kept = [w for w in kept if len(stems[w]) == 1]
        if not collections or not kept:
            return {}
        collections = list(collections)
        total = self.count_chunks(collections)
        with self._pg.connection() as db:
            lexemes = [db.execute("SELECT COALESCE((SELECT lexeme FROM unnest(to_tsvector(%s::regconfig, %s)) LIMIT 1), '')",
                                  (self._config, w)).fetchone()[0] for w in kept]
            pairs = [(stems[w][0], lexeme) for w, lexeme in zip(kept, lexemes) if lexeme]
            # Exact in small collections; above, counted up to half of the passages (enough to weigh a term).
            cap = total + 1 if total < PRUNE_FROM_PASSAGES else total // 2 + 1
            counts = db.execute(_FREQUENCY_SQL, {"collections": collections, "cap": cap,
                                                 "terms": [_quote_lexeme(lexeme) for _, lexeme in pairs]},
                                prepare=False).fetchall() if pairs else []
        out = {stems[w][0]: 0 for w in kept}
        for (stem, _), row in zip(pairs, counts):
            out[stem] = max(out[stem], int(row[0]))
        return out

    def prefix_frequencies(self, collections: list[str], prefixes: list[str]) -> dict[str, int]:
        wanted = sorted({p for p in prefixes if re.fullmatch(r"[a-z0-9]+", p)})
        if not wanted or not collections:
            return {}
        total = self.count_chunks(list(collections))
        cap = total + 1 if total < PRUNE_FROM_PASSAGES else total // 2 + 1
        with self._pg.connection() as db:
            counts = db.execute(_FREQUENCY_SQL, {"collections": list(collections), "cap": cap,
                                                 "terms": [f"{p}:*" for p in wanted]}, prepare=False).fetchall()
        return {p: int(row[0]) for p, row in zip(wanted, counts)}

    @staticmethod
    def _worth_searching(db, lexemes: list[str], collections: list[str], total: int) -> list[str]:
        """Leaves out very common terms in large collections.

        The planner's statistics name the common lexemes of the whole table (an upper bound, as in
        SQLite) without a count; before the first ANALYZE, each term is counted up to the threshold.
        """
        cap = int(COMMON_TERM_SHARE * total) + 1
        row = db.execute(_COMMON_LEXEMES_SQL, (lexemes, cap), prepare=False).fetchone()
        if row is not None:
            common = set(row[0])
            return [lexeme for lexeme in lexemes if lexeme not in common]
        counts = db.execute(_FREQUENCY_SQL, {"collections": collections, "terms": [_quote_lexeme(t) for t in lexemes],
                                             "cap": cap}, prepare=False).fetchall()
        return query_terms(lexemes, {lexeme: row[0] for lexeme, row in zip(lexemes, counts)}, total)

    def vectors(self, collection: str) -> tuple[list[str], np.ndarray]:
        rows = self._pg.run(
            "SELECT id, embedding FROM chunks WHERE collection = %s AND embedding IS NOT NULL ORDER BY seq",
            (collection,),
        ).fetchall()
        return passage_vectors([r[0] for r in rows], [bytes(r[1]) for r in rows])

    # -- jobs and usage ----------------------------------------------------------------------------
    def save_job(self, job: Job) -> None:
        self._pg.run(
            "INSERT INTO jobs(id, collection, filename, status, message, document_id, updated_at)"
            " VALUES (%s,%s,%s,%s,%s,%s,%s) ON CONFLICT (id) DO UPDATE SET status = excluded.status,"
            " message = excluded.message, document_id = excluded.document_id, updated_at = excluded.updated_at",
            (job.id, job.collection, job.filename, job.status, job.message, job.document_id, now_iso()),
        )

    def list_jobs(self, collection: str, limit: int = 100) -> list[Job]:
        rows = self._pg.run(
            "SELECT id, collection, filename, status, message, document_id, updated_at FROM jobs"
            " WHERE collection = %s ORDER BY updated_at DESC, seq DESC LIMIT %s", (collection, limit)
        ).fetchall()
        return [Job(*r) for r in rows]

    def record_usage(self, kind: str, collections: list[str], mode: str, usage: Usage) -> None:
        from psycopg.types.json import Jsonb

        self._pg.run("INSERT INTO usage(at, kind, collections, mode, data) VALUES (%s,%s,%s,%s,%s)",
                           (now_iso(), kind, ",".join(collections), mode, Jsonb(usage.__dict__)))

    def list_usage(self, limit: int = 100) -> list[UsageRecord]:
        rows = self._pg.run(
            "SELECT at, kind, collections, mode, data FROM usage ORDER BY id DESC LIMIT %s", (limit,)
        ).fetchall()
        return [UsageRecord(r[0], r[1], r[2], r[3], Usage(**{"request_id": "", **r[4]})) for r in rows]


def schema_url(url: str, schema: str) -> str:
    """The same database seen through its own schema: instances (or tests) share one server apart."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", schema):
        raise ValueError(f"invalid schema name: {schema!r}")
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def _quote_lexeme(lexeme: str) -> str:
    escaped = lexeme.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}'"


def _chunk(row: tuple) -> Chunk:
    return Chunk(id=row[0], document_id=row[1], collection=row[2], position=row[3], text=row[4],
                 page=row[5], section=row[6], document_title=row[7], document_source=row[8])
