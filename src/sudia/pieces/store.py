"""Dossiers, pieces (file, findings, checks), decisions: the use case's tables in `platform.database`.

One SQL text for SQLite and PostgreSQL (`sudia.database`); files are stored in the database so that
every web worker sees them and a retention purge deletes file and data in one transaction.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sudia.database import Database
from sudia.migrations import Migration

MIGRATIONS = [Migration("pieces", 1, "dossiers, pièces et décisions", sql="""
CREATE TABLE IF NOT EXISTS pieces_dossiers (
    id TEXT PRIMARY KEY, procedure TEXT NOT NULL, reference TEXT NOT NULL, applicant TEXT NOT NULL,
    status TEXT NOT NULL, decision TEXT NOT NULL DEFAULT '', comment TEXT NOT NULL DEFAULT '',
    decided_by TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, decided_at TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS pieces_dossiers_procedure ON pieces_dossiers (procedure, created_at);
CREATE TABLE IF NOT EXISTS pieces_files (
    id TEXT PRIMARY KEY, dossier_id TEXT NOT NULL, position INTEGER NOT NULL, file_name TEXT NOT NULL,
    media_type TEXT NOT NULL, sha256 TEXT NOT NULL, image_hash TEXT NOT NULL, content {blob} NOT NULL,
    report TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS pieces_files_dossier ON pieces_files (dossier_id, position);
CREATE INDEX IF NOT EXISTS pieces_files_sha ON pieces_files (sha256)""")]


def now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


@dataclass(frozen=True)
class StoredPiece:
    id: str
    dossier_id: str
    position: int
    file_name: str
    media_type: str
    sha256: str
    image_hash: str
    report: dict[str, Any]
    status: str


@dataclass(frozen=True)
class Dossier:
    id: str
    procedure: str
    reference: str
    applicant: dict[str, str]
    status: str
    decision: str
    comment: str
    decided_by: str
    created_at: str
    decided_at: str


_DOSSIER = "id, procedure, reference, applicant, status, decision, comment, decided_by, created_at, decided_at"
_PIECE = "id, dossier_id, position, file_name, media_type, sha256, image_hash, report, status"


def _dossier(row: tuple) -> Dossier:
    return Dossier(row[0], row[1], row[2], json.loads(row[3]), *row[4:])


def _piece(row: tuple) -> StoredPiece:
    return StoredPiece(row[0], row[1], row[2], row[3], row[4], row[5], row[6], json.loads(row[7]), row[8])


class PiecesStore:
    def __init__(self, database: Database) -> None:
        self.db = database

    def create_dossier(self, procedure: str, reference: str, applicant: dict[str, str],
                       pieces: list[tuple[str, str, str, str, bytes, dict[str, Any], str]]) -> str:
        """pieces: (file name, media type, sha256, image hash, content, report, status)."""
        dossier_id = uuid.uuid4().hex[:12]
        at = iso(now())
        statuses = [p[6] for p in pieces]
        status = "non_conforme" if "non_conforme" in statuses else ("a_verifier" if "a_verifier" in statuses or not statuses
                                                                    else "conforme")
        with self.db.transaction() as tx:
            tx.execute(f"INSERT INTO pieces_dossiers ({_DOSSIER}) VALUES (?, ?, ?, ?, ?, '', '', '', ?, '')",
                       (dossier_id, procedure, reference, json.dumps(applicant, ensure_ascii=False), status, at))
            for position, (name, media, sha, ihash, content, report, pstatus) in enumerate(pieces):
                tx.execute("INSERT INTO pieces_files (id, dossier_id, position, file_name, media_type, sha256, image_hash,"
                           " content, report, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           (uuid.uuid4().hex[:12], dossier_id, position, name, media, sha, ihash, content,
                            json.dumps(report, ensure_ascii=False), pstatus, at))
        return dossier_id

    def dossiers(self, procedures: list[str], limit: int = 200) -> list[Dossier]:
        if not procedures:
            return []
        marks = ", ".join("?" for _ in procedures)
        rows = self.db.fetchall(f"SELECT {_DOSSIER} FROM pieces_dossiers WHERE procedure IN ({marks}) "
                                "ORDER BY created_at DESC, id LIMIT ?", (*procedures, limit))
        return [_dossier(r) for r in rows]

    def dossier(self, dossier_id: str) -> Dossier | None:
        row = self.db.fetchone(f"SELECT {_DOSSIER} FROM pieces_dossiers WHERE id = ?", (dossier_id,))
        return _dossier(row) if row else None

    def pieces(self, dossier_id: str) -> list[StoredPiece]:
        rows = self.db.fetchall(f"SELECT {_PIECE} FROM pieces_files WHERE dossier_id = ? ORDER BY position", (dossier_id,))
        return [_piece(r) for r in rows]

    def piece(self, piece_id: str) -> StoredPiece | None:
        row = self.db.fetchone(f"SELECT {_PIECE} FROM pieces_files WHERE id = ?", (piece_id,))
        return _piece(row) if row else None

    def content(self, piece_id: str) -> bytes | None:
        row = self.db.fetchone("SELECT content FROM pieces_files WHERE id = ?", (piece_id,))
        return bytes(row[0]) if row else None

    def similar(self, sha256: str, image_hash: str, exclude_dossier: str = "") -> list[tuple[str, str, str]]:
        """(dossier id, piece id, image hash) of stored pieces with the same file, or any hash for
        the caller to compare; the image comparison is done in Python (Hamming distance)."""
        rows = self.db.fetchall("SELECT dossier_id, id, image_hash, sha256 FROM pieces_files WHERE dossier_id <> ?",
                                (exclude_dossier,))
        return [(r[0], r[1], r[2]) for r in rows if r[3] == sha256 or r[2]]

    def decide(self, dossier_id: str, decision: str, comment: str, actor: str) -> None:
        with self.db.transaction() as tx:
            tx.execute("UPDATE pieces_dossiers SET decision = ?, comment = ?, decided_by = ?, decided_at = ? WHERE id = ?",
                       (decision, comment, actor, iso(now()), dossier_id))

    def next_undecided(self, procedures: list[str], after_created: str, after_id: str) -> str | None:
        if not procedures:
            return None
        marks = ", ".join("?" for _ in procedures)
        row = self.db.fetchone(f"SELECT id FROM pieces_dossiers WHERE procedure IN ({marks}) AND decision = '' "
                               "AND id <> ? ORDER BY created_at, id LIMIT 1", (*procedures, after_id))
        return row[0] if row else None

    def purge(self, retention_days: int) -> tuple[int, int]:
        """Delete dossiers (files and extracted data) older than the retention; (dossiers, pieces)."""
        before = iso(now() - timedelta(days=retention_days))
        with self.db.transaction() as tx:
            ids = [r[0] for r in tx.fetchall("SELECT id FROM pieces_dossiers WHERE created_at < ?", (before,))]
            if not ids:
                return 0, 0
            marks = ", ".join("?" for _ in ids)
            count = tx.fetchone(f"SELECT COUNT(*) FROM pieces_files WHERE dossier_id IN ({marks})", ids)
            tx.execute(f"DELETE FROM pieces_files WHERE dossier_id IN ({marks})", ids)
            tx.execute(f"DELETE FROM pieces_dossiers WHERE id IN ({marks})", ids)
        return len(ids), int(count[0]) if count else 0
