"""The observatory's knowledge base on the platform's database: the `obs_` tables, JSON in text columns.

One object per process is enough (`sudia.database.Database` gives each thread its connection on
SQLite and borrows from the bounded pool on PostgreSQL): the web app opens it once, through the
platform, for every request. Its tables are the versioned component "observatoire" of
`sudia.migrations`, applied at start (the use case declares them) and when it is opened alone.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from sudia.database import Database, Transaction
from sudia.migrations import Migration, upgrade
from sudia.observatoire.types import Actor, Contradiction, Correction, Extraction, Fact, Person, Review, Source

TABLES = ("obs_actors", "obs_facts", "obs_people", "obs_contradictions", "obs_corrections")

SCHEMA = """
CREATE TABLE IF NOT EXISTS obs_actors (
    name TEXT PRIMARY KEY, kind TEXT NOT NULL, aliases TEXT NOT NULL, places TEXT NOT NULL,
    sectors TEXT NOT NULL, description TEXT NOT NULL, sources TEXT NOT NULL,
    department TEXT NOT NULL, lat DOUBLE PRECISION, lon DOUBLE PRECISION, position INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS obs_facts (
    id TEXT PRIMARY KEY, actor TEXT NOT NULL, type TEXT NOT NULL, value DOUBLE PRECISION NOT NULL,
    unit TEXT NOT NULL, date TEXT NOT NULL, place TEXT NOT NULL, document TEXT NOT NULL,
    quote TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS obs_people (
    name TEXT PRIMARY KEY, role TEXT NOT NULL, organisation TEXT NOT NULL, sources TEXT NOT NULL,
    position INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS obs_contradictions (
    position INTEGER PRIMARY KEY, actor TEXT NOT NULL, type TEXT NOT NULL, field TEXT NOT NULL,
    first TEXT NOT NULL, second TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS obs_corrections (
    id {serial}, who TEXT NOT NULL, at TEXT NOT NULL, target TEXT NOT NULL, key TEXT NOT NULL,
    field TEXT NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS obs_documents (
    name TEXT PRIMARY KEY, sha256 TEXT NOT NULL, ingested_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS obs_reviews (
    id {serial}, key TEXT NOT NULL, kind TEXT NOT NULL, decision TEXT NOT NULL, who TEXT NOT NULL,
    at TEXT NOT NULL, detail TEXT NOT NULL)
"""
# Columns added after the first release: a database made before them keeps its rows, with the default.
ADDED_COLUMNS = (
    ("obs_facts", "scope", "TEXT NOT NULL DEFAULT 'regional'"),
    ("obs_facts", "confidence", "DOUBLE PRECISION NOT NULL DEFAULT 1.0"),
)
FACT_COLUMNS = "id, actor, type, value, unit, date, place, document, quote, position, scope, confidence"


def _columns(tx: Transaction, table: str) -> set[str]:
    if tx.dialect == "sqlite":
        return {r[1] for r in tx.fetchall(f"PRAGMA table_info({table})")}
    return {r[0] for r in tx.fetchall("SELECT column_name FROM information_schema.columns "
                                      "WHERE table_schema = current_schema() AND table_name = ?", (table,))}


def _add_columns(tx: Transaction) -> None:
    """Databases made before versioning may already have them (they were added at open then)."""
    for table, column, declaration in ADDED_COLUMNS:
        if column not in _columns(tx, table):
            tx.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")


MIGRATIONS = [
    Migration("observatoire", 1, "acteurs, faits, personnes, contradictions, corrections, documents, revues",
              sql=SCHEMA),
    Migration("observatoire", 2, "portée et confiance des faits", apply=_add_columns),
]


def _sources(raw: str) -> tuple[Source, ...]:
    return tuple(Source(s["document"], s["quote"]) for s in json.loads(raw))


def _fact(data: dict[str, Any]) -> Fact:
    return Fact(data["actor"], data["type"], data["value"], data["unit"], data["date"], data["place"],
                Source(**data["source"]), data.get("scope", "regional"), data.get("confidence", 1.0))


class SqlKnowledgeBase:
    """The `KnowledgeBase` on a `Database`; `owned`: close the database with the knowledge base."""

    def __init__(self, database: Database, owned: bool = False) -> None:
        self.database = database
        self._owned = owned
        upgrade(database, MIGRATIONS)  # nothing to do when the platform applied them at start

    def _rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        return self.database.fetchall(sql, params)

    def load(self) -> Extraction:
        with self.database.read() as tx:  # one consistent view of the four tables
            actor_rows = tx.fetchall("SELECT name, kind, aliases, places, sectors, description, sources, department, "
                                     "lat, lon FROM obs_actors ORDER BY position")
            fact_rows = tx.fetchall("SELECT actor, type, value, unit, date, place, document, quote, scope, confidence "
                                    "FROM obs_facts ORDER BY position")
            people_rows = tx.fetchall("SELECT name, role, organisation, sources FROM obs_people ORDER BY position")
            contradiction_rows = tx.fetchall("SELECT actor, type, field, first, second FROM obs_contradictions "
                                             "ORDER BY position")
        actors = tuple(
            Actor(r[0], r[1], tuple(json.loads(r[2])), tuple(json.loads(r[3])), tuple(json.loads(r[4])), r[5],
                  _sources(r[6]), r[7], r[8], r[9]) for r in actor_rows)
        facts = tuple(Fact(r[0], r[1], r[2], r[3], r[4], r[5], Source(r[6], r[7]), r[8], r[9]) for r in fact_rows)
        people = tuple(Person(r[0], r[1], r[2], _sources(r[3])) for r in people_rows)
        contradictions = tuple(Contradiction(r[0], r[1], r[2], _fact(json.loads(r[3])), _fact(json.loads(r[4])))
                               for r in contradiction_rows)
        return Extraction(actors, facts, people, contradictions)

    def fact_ids(self) -> list[str]:
        return [r[0] for r in self._rows("SELECT id FROM obs_facts ORDER BY position")]

    def save(self, state: Extraction, fact_ids: list[str]) -> None:
        with self.database.transaction() as tx:
            for table in TABLES[:4]:
                tx.execute(f"DELETE FROM {table}")
            tx.executemany("INSERT INTO obs_actors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [(
                a.name, a.kind, json.dumps(a.aliases, ensure_ascii=False), json.dumps(a.places, ensure_ascii=False),
                json.dumps(a.sectors, ensure_ascii=False), a.description,
                json.dumps([s.__dict__ for s in a.sources], ensure_ascii=False), a.department, a.lat, a.lon, i)
                for i, a in enumerate(state.actors)])
            tx.executemany(f"INSERT INTO obs_facts ({FACT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [(
                fid, f.actor, f.type, f.value, f.unit, f.date, f.place, f.source.document, f.source.quote, i,
                f.scope, f.confidence) for i, (f, fid) in enumerate(zip(state.facts, fact_ids, strict=True))])
            tx.executemany("INSERT INTO obs_people VALUES (?, ?, ?, ?, ?)", [(
                p.name, p.role, p.organisation, json.dumps([s.__dict__ for s in p.sources], ensure_ascii=False), i)
                for i, p in enumerate(state.people)])
            tx.executemany("INSERT INTO obs_contradictions VALUES (?, ?, ?, ?, ?, ?)", [(
                i, c.actor, c.type, c.field, json.dumps(c.first.to_dict(), ensure_ascii=False),
                json.dumps(c.second.to_dict(), ensure_ascii=False)) for i, c in enumerate(state.contradictions)])

    def add_correction(self, correction: Correction) -> Correction:
        with self.database.transaction() as tx:
            row = tx.fetchone("INSERT INTO obs_corrections (who, at, target, key, field, before, after) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                              (correction.who, correction.at, correction.target, correction.key, correction.field,
                               correction.before, correction.after))
        return replace(correction, id=row[0])  # type: ignore[index]

    def corrections(self) -> list[Correction]:
        return [Correction(*r) for r in self._rows(
            "SELECT id, who, at, target, key, field, before, after FROM obs_corrections ORDER BY id")]

    def document_hashes(self) -> dict[str, str]:
        """Document name -> SHA-256 of the file last extracted under that name."""
        return {r[0]: r[1] for r in self._rows("SELECT name, sha256 FROM obs_documents")}

    def record_documents(self, hashes: dict[str, str], at: str) -> None:
        with self.database.transaction() as tx:
            for name, sha in hashes.items():
                tx.execute("DELETE FROM obs_documents WHERE name = ?", (name,))
                tx.execute("INSERT INTO obs_documents (name, sha256, ingested_at) VALUES (?, ?, ?)", (name, sha, at))

    def add_review(self, review: Review) -> Review:
        with self.database.transaction() as tx:
            row = tx.fetchone("INSERT INTO obs_reviews (key, kind, decision, who, at, detail) VALUES (?, ?, ?, ?, ?, ?) "
                              "RETURNING id", (review.key, review.kind, review.decision, review.who, review.at,
                                               review.detail))
        return replace(review, id=row[0])  # type: ignore[index]

    def reviews(self) -> list[Review]:
        return [Review(*r) for r in self._rows(
            "SELECT id, key, kind, decision, who, at, detail FROM obs_reviews ORDER BY id")]

    def close(self) -> None:
        if self._owned:
            self.database.close()
