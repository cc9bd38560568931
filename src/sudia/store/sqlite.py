"""SQLite backend: one file, FTS5 over French-analysed terms, vectors as float16 blobs."""

from __future__ import annotations

import json
import re
import sqlite3

import numpy as np

from sudia.store.base import (
    PRUNE_FROM_PASSAGES, Job, UsageRecord, check_collection_name, now_iso, query_terms, passage_vectors, vector_bytes,
)
from sudia.store.sqlite_connections import SqliteConnections
from sudia.text.french import analyze
from sudia.types import Chunk, Collection, Document, Usage, Visibility

SCHEMA = """
CREATE TABLE IF NOT EXISTS collections (
    name TEXT PRIMARY KEY, description TEXT NOT NULL DEFAULT '', visibility TEXT NOT NULL DEFAULT 'private',
    groups TEXT NOT NULL DEFAULT '[]', revision INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, collection TEXT NOT NULL REFERENCES collections(name) ON DELETE CASCADE,
    source TEXT NOT NULL, title TEXT NOT NULL, sha256 TEXT NOT NULL, media_type TEXT NOT NULL,
    size INTEGER NOT NULL, pages INTEGER, chunks INTEGER NOT NULL, ingested_at TEXT NOT NULL,
    UNIQUE (collection, source));
CREATE TABLE IF NOT EXISTS chunks (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    collection TEXT NOT NULL, position INTEGER NOT NULL, text TEXT NOT NULL, page INTEGER,
    section TEXT NOT NULL DEFAULT '', embedding BLOB);
CREATE INDEX IF NOT EXISTS chunks_document ON chunks(document_id);
CREATE INDEX IF NOT EXISTS chunks_collection ON chunks(collection);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(terms, collection UNINDEXED, tokenize='unicode61');
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_vocab USING fts5vocab(chunks_fts, 'row');
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, collection TEXT NOT NULL, filename TEXT NOT NULL, status TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '', document_id TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS jobs_collection ON jobs(collection, updated_at);
CREATE TABLE IF NOT EXISTS usage (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL, collections TEXT NOT NULL,
    mode TEXT NOT NULL, data TEXT NOT NULL);
"""

_CHUNK_COLUMNS = (
    "c.id, c.document_id, c.collection, c.position, c.text, c.page, c.section, d.title, d.source"
)


class SqliteStore:
    """Thread-safe: each thread gets its own connection; WAL lets readers run during ingestion."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._sqlite = SqliteConnections(url, durable=False)  # documents can be ingested again
        self._db = self._sqlite.get
        self._tx = self._sqlite.transaction
        from sudia.store.schema import upgrade_documents

        upgrade_documents(url, self._sqlite)  # versioned tables (sudia.migrations)

    def close(self) -> None:
        self._sqlite.close()

    # -- collections -------------------------------------------------------------------------
    def ensure_collection(self, name: str, description: str = "", visibility: Visibility = "private",
                          groups: tuple[str, ...] = ()) -> Collection:
        check_collection_name(name)
        with self._tx() as db:
            db.execute(
                "INSERT INTO collections(name, description, visibility, groups, created_at) VALUES (?,?,?,?,?)"
                " ON CONFLICT(name) DO NOTHING",
                (name, description, visibility, json.dumps(list(groups)), now_iso()),
            )
            if description:
                db.execute("UPDATE collections SET description=? WHERE name=?", (description, name))
        return self.get_collection(name)  # type: ignore[return-value]

    def get_collection(self, name: str) -> Collection | None:
        rows = self._collections("WHERE c.name = ?", (name,))
        return rows[0] if rows else None

    def list_collections(self) -> list[Collection]:
        return self._collections("", ())

    def _collections(self, where: str, params: tuple) -> list[Collection]:
        rows = self._db().execute(
            "SELECT c.name, c.description, c.visibility, c.groups,"
            " (SELECT COUNT(*) FROM documents d WHERE d.collection = c.name),"
            " (SELECT COALESCE(SUM(chunks), 0) FROM documents d WHERE d.collection = c.name)"
            f" FROM collections c {where} ORDER BY c.name",
            params,
        ).fetchall()
        return [Collection(r[0], r[1], r[2], tuple(json.loads(r[3])), r[4], r[5]) for r in rows]

    def set_collection_access(self, name: str, visibility: Visibility, groups: tuple[str, ...]) -> None:
        with self._tx() as db:
            db.execute("UPDATE collections SET visibility = ?, groups = ? WHERE name = ?",
                       (visibility, json.dumps(list(groups)), name))

    def delete_collection(self, name: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM chunks_fts WHERE collection = ?", (name,))
            db.execute("DELETE FROM collections WHERE name = ?", (name,))
            db.execute("DELETE FROM jobs WHERE collection = ?", (name,))

    def revision(self, collection: str) -> int:
        row = self._db().execute("SELECT revision FROM collections WHERE name = ?", (collection,)).fetchone()
        return row[0] if row else -1

    # -- documents -----------------------------------------------------------------------------
    def find_document(self, collection: str, source: str) -> Document | None:
        return self._one_document("collection = ? AND source = ?", (collection, source))

    def get_document(self, document_id: str) -> Document | None:
        return self._one_document("id = ?", (document_id,))

    def _one_document(self, where: str, params: tuple) -> Document | None:
        row = self._db().execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE {where}", params).fetchone()
        return Document(*row) if row else None

    def list_documents(self, collection: str) -> list[Document]:
        rows = self._db().execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE collection = ? ORDER BY source", (collection,)
        ).fetchall()
        return [Document(*r) for r in rows]

    def replace_document(self, document: Document, chunks: list[Chunk], vectors: np.ndarray | None) -> None:
        terms = [" ".join(analyze(c.context_text())) for c in chunks]
        with self._tx() as db:
            self._delete_document(db, document.id)
            db.execute(
                f"INSERT INTO documents({_DOC_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (document.id, document.collection, document.source, document.title, document.sha256,
                 document.media_type, document.size, document.pages, len(chunks), document.ingested_at or now_iso(),
                 document.indexed_with),
            )
            for i, chunk in enumerate(chunks):
                blob = vector_bytes(vectors[i]) if vectors is not None else None
                cursor = db.execute(
                    "INSERT INTO chunks(id, document_id, collection, position, text, page, section, embedding)"
                    " VALUES (?,?,?,?,?,?,?,?)",
                    (chunk.id, document.id, document.collection, chunk.position, chunk.text, chunk.page,
                     chunk.section, blob),
                )
                db.execute("INSERT INTO chunks_fts(rowid, terms, collection) VALUES (?,?,?)",
                           (cursor.lastrowid, terms[i], document.collection))
            db.execute("UPDATE collections SET revision = revision + 1 WHERE name = ?", (document.collection,))

    def delete_document(self, document_id: str) -> None:
        with self._tx() as db:
            row = db.execute("SELECT collection FROM documents WHERE id = ?", (document_id,)).fetchone()
            self._delete_document(db, document_id)
            if row:
                db.execute("UPDATE collections SET revision = revision + 1 WHERE name = ?", (row[0],))

    @staticmethod
    def _delete_document(db: sqlite3.Connection, document_id: str) -> None:
        db.execute("DELETE FROM chunks_fts WHERE rowid IN (SELECT seq FROM chunks WHERE document_id = ?)",
                   (document_id,))
        db.execute("DELETE FROM documents WHERE id = ?", (document_id,))

    def document_chunks(self, document_id: str) -> list[Chunk]:
        rows = self._db().execute(
            f"SELECT {_CHUNK_COLUMNS} FROM chunks c JOIN documents d ON d.id = c.document_id"
            " WHERE c.document_id = ? ORDER BY c.position", (document_id,)
        ).fetchall()
        return [_chunk(r) for r in rows]

    def get_chunks(self, chunk_ids: list[str]) -> list[Chunk]:
        if not chunk_ids:
            return []
        marks = ",".join("?" * len(chunk_ids))
        rows = self._db().execute(
            f"SELECT {_CHUNK_COLUMNS} FROM chunks c JOIN documents d ON d.id = c.document_id"
            f" WHERE c.id IN ({marks})", chunk_ids
        ).fetchall()
        by_id = {r[0]: _chunk(r) for r in rows}
        return [by_id[i] for i in chunk_ids if i in by_id]

    def count_chunks(self, collections: list[str]) -> int:
        if not collections:
            return 0
        # Each document keeps its passage count: summing a few thousand rows beats counting 100k.
        marks = ",".join("?" * len(collections))
        return self._db().execute(f"SELECT COALESCE(SUM(chunks), 0) FROM documents WHERE collection IN ({marks})",
                                  collections).fetchone()[0]

    # -- search ------------------------------------------------------------------------------------
    def lexical_search(self, collections: list[str], query: str, k: int) -> list[tuple[str, float]]:
        terms = sorted(set(analyze(query)))
        if not terms or not collections:
            return []
        db = self._db()
        marks = ",".join("?" * len(collections))
        total = self.count_chunks(collections)
        if total >= PRUNE_FROM_PASSAGES:
            # Counts over all collections: a cheap upper bound of each term's frequency here.
            frequency = dict(db.execute(
                f"SELECT term, doc FROM chunks_vocab WHERE term IN ({','.join('?' * len(terms))})", terms))
            terms = query_terms(terms, frequency, total)
            if not terms:
                return []
        match = " OR ".join(f'"{t}"' for t in terms)
        rows = db.execute(
            "SELECT c.id, -bm25(chunks_fts) AS score FROM chunks_fts JOIN chunks c ON c.seq = chunks_fts.rowid"
            f" WHERE chunks_fts MATCH ? AND chunks_fts.collection IN ({marks}) ORDER BY score DESC LIMIT ?",
            (match, *collections, k),
        ).fetchall()
        return [(r[0], float(r[1])) for r in rows]

    def term_frequencies(self, collections: list[str], query: str) -> dict[str, int]:
        terms = sorted(set(analyze(query)))
        if not terms or not collections:
            return {}
        db = self._db()
        if self.count_chunks(collections) >= PRUNE_FROM_PASSAGES:
            # Counts over all collections, as for the lexical search: a cheap upper bound.
            counts = dict(db.execute(
                f"SELECT term, doc FROM chunks_vocab WHERE term IN ({','.join('?' * len(terms))})", terms))
            return {t: int(counts.get(t, 0)) for t in terms}
        marks = ",".join("?" * len(collections))
        return {t: db.execute(f"SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ? AND collection IN ({marks})",
                              (f'"{t}"', *collections)).fetchone()[0] for t in terms}

    def prefix_frequencies(self, collections: list[str], prefixes: list[str]) -> dict[str, int]:
        wanted = sorted({p for p in prefixes if re.fullmatch(r"[a-z0-9]+", p)})
        if not wanted or not collections:
            return {}
        marks = ",".join("?" * len(collections))
        return {p: self._db().execute(
            f"SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ? AND collection IN ({marks})",
            (f'"{p}"*', *collections)).fetchone()[0] for p in wanted}

    def vectors(self, collection: str) -> tuple[list[str], np.ndarray]:
        rows = self._db().execute(
            "SELECT id, embedding FROM chunks WHERE collection = ? AND embedding IS NOT NULL ORDER BY seq",
            (collection,),
        ).fetchall()
        return passage_vectors([r[0] for r in rows], [r[1] for r in rows])

    # -- jobs and usage ----------------------------------------------------------------------------
    def save_job(self, job: Job) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO jobs(id, collection, filename, status, message, document_id, updated_at)"
                " VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET status=excluded.status,"
                " message=excluded.message, document_id=excluded.document_id, updated_at=excluded.updated_at",
                (job.id, job.collection, job.filename, job.status, job.message, job.document_id, now_iso()),
            )

    def list_jobs(self, collection: str, limit: int = 100) -> list[Job]:
        rows = self._db().execute(
            "SELECT id, collection, filename, status, message, document_id, updated_at FROM jobs"
            " WHERE collection = ? ORDER BY updated_at DESC, rowid DESC LIMIT ?", (collection, limit)
        ).fetchall()
        return [Job(*r) for r in rows]

    def record_usage(self, kind: str, collections: list[str], mode: str, usage: Usage) -> None:
        with self._tx() as db:
            db.execute("INSERT INTO usage(at, kind, collections, mode, data) VALUES (?,?,?,?,?)",
                       (now_iso(), kind, ",".join(collections), mode, json.dumps(usage.__dict__)))

    def list_usage(self, limit: int = 100) -> list[UsageRecord]:
        rows = self._db().execute(
            "SELECT at, kind, collections, mode, data FROM usage ORDER BY id DESC LIMIT ?", (limit,)
        ).fetchall()
        return [UsageRecord(r[0], r[1], r[2], r[3], Usage(**{"request_id": "", **json.loads(r[4])})) for r in rows]


_DOC_COLUMNS = "id, collection, source, title, sha256, media_type, size, pages, chunks, ingested_at, indexed_with"


def _chunk(row: tuple) -> Chunk:
    return Chunk(id=row[0], document_id=row[1], collection=row[2], position=row[3], text=row[4],
                 page=row[5], section=row[6], document_title=row[7], document_source=row[8])
