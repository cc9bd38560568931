"""Shared SQL of both backends: the `obs_` tables, JSON in text columns, same behaviour everywhere."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

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
    at TEXT NOT NULL, detail TEXT NOT NULL);
"""
# Columns added after the first release: (table, column, SQL type and default). A database created
# by an older Sud IA gets them at open time, its rows keeping the default.
ADDED_COLUMNS = (
    ("obs_facts", "scope", "TEXT NOT NULL DEFAULT 'regional'"),
    ("obs_facts", "confidence", "DOUBLE PRECISION NOT NULL DEFAULT 1.0"),
)
FACT_COLUMNS = "id, actor, type, value, unit, date, place, document, quote, position, scope, confidence"


def _sources(raw: str) -> tuple[Source, ...]:
    return tuple(Source(s["document"], s["quote"]) for s in json.loads(raw))


def _fact(data: dict[str, Any]) -> Fact:
    return Fact(data["actor"], data["type"], data["value"], data["unit"], data["date"], data["place"],
                Source(**data["source"]), data.get("scope", "regional"), data.get("confidence", 1.0))


class SqlKnowledgeBase:
    """DB-API logic; a backend gives the connection and its parameter mark (`?` or `%s`)."""

    mark = "?"
    serial = "INTEGER PRIMARY KEY AUTOINCREMENT"

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        cursor = self.connection.cursor()
        for statement in SCHEMA.format(serial=self.serial).split(";"):
            if statement.strip():
                cursor.execute(statement)
        for table, column, declaration in ADDED_COLUMNS:
            if column not in self._columns(table):
                cursor.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
        self.connection.commit()

    def _columns(self, table: str) -> set[str]:
        """Column names of `table` (each backend knows how to ask)."""
        raise NotImplementedError

    def _sql(self, sql: str) -> str:
        return sql.replace("?", self.mark)

    def _rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        cursor = self.connection.cursor()
        cursor.execute(self._sql(sql), params)
        return list(cursor.fetchall())

    def load(self) -> Extraction:
        actors = tuple(
            Actor(r[0], r[1], tuple(json.loads(r[2])), tuple(json.loads(r[3])), tuple(json.loads(r[4])), r[5],
                  _sources(r[6]), r[7], r[8], r[9])
            for r in self._rows("SELECT name, kind, aliases, places, sectors, description, sources, department, "
                                "lat, lon FROM obs_actors ORDER BY position")
        )
        facts = tuple(Fact(r[0], r[1], r[2], r[3], r[4], r[5], Source(r[6], r[7]), r[8], r[9]) for r in self._rows(
            "SELECT actor, type, value, unit, date, place, document, quote, scope, confidence FROM obs_facts "
            "ORDER BY position"))
        people = tuple(Person(r[0], r[1], r[2], _sources(r[3])) for r in self._rows(
            "SELECT name, role, organisation, sources FROM obs_people ORDER BY position"))
        contradictions = tuple(
            Contradiction(r[0], r[1], r[2], _fact(json.loads(r[3])), _fact(json.loads(r[4])))
            for r in self._rows("SELECT actor, type, field, first, second FROM obs_contradictions ORDER BY position"))
        return Extraction(actors, facts, people, contradictions)

    def fact_ids(self) -> list[str]:
        return [r[0] for r in self._rows("SELECT id FROM obs_facts ORDER BY position")]

    def save(self, state: Extraction, fact_ids: list[str]) -> None:
        cursor = self.connection.cursor()
        try:
            for table in TABLES[:4]:
                cursor.execute(f"DELETE FROM {table}")
            for i, a in enumerate(state.actors):
                cursor.execute(self._sql("INSERT INTO obs_actors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"), (
                    a.name, a.kind, json.dumps(a.aliases, ensure_ascii=False), json.dumps(a.places, ensure_ascii=False),
                    json.dumps(a.sectors, ensure_ascii=False), a.description,
                    json.dumps([s.__dict__ for s in a.sources], ensure_ascii=False), a.department, a.lat, a.lon, i))
            for i, (f, fid) in enumerate(zip(state.facts, fact_ids, strict=True)):
                cursor.execute(self._sql(f"INSERT INTO obs_facts ({FACT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"), (
                    fid, f.actor, f.type, f.value, f.unit, f.date, f.place, f.source.document, f.source.quote, i,
                    f.scope, f.confidence))
            for i, p in enumerate(state.people):
                cursor.execute(self._sql("INSERT INTO obs_people VALUES (?, ?, ?, ?, ?)"), (
                    p.name, p.role, p.organisation, json.dumps([s.__dict__ for s in p.sources], ensure_ascii=False), i))
            for i, c in enumerate(state.contradictions):
                cursor.execute(self._sql("INSERT INTO obs_contradictions VALUES (?, ?, ?, ?, ?, ?)"), (
                    i, c.actor, c.type, c.field, json.dumps(c.first.to_dict(), ensure_ascii=False),
                    json.dumps(c.second.to_dict(), ensure_ascii=False)))
            self.connection.commit()
        except Exception:
            self.connection.rollback()
            raise

    def add_correction(self, correction: Correction) -> Correction:
        rows = self._rows("INSERT INTO obs_corrections (who, at, target, key, field, before, after) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          (correction.who, correction.at, correction.target, correction.key, correction.field,
                           correction.before, correction.after))
        self.connection.commit()
        return Correction(rows[0][0], *list(correction.__dict__.values())[1:])

    def corrections(self) -> list[Correction]:
        return [Correction(*r) for r in self._rows(
            "SELECT id, who, at, target, key, field, before, after FROM obs_corrections ORDER BY id")]

    def document_hashes(self) -> dict[str, str]:
        """Document name -> SHA-256 of the file last extracted under that name."""
        return {r[0]: r[1] for r in self._rows("SELECT name, sha256 FROM obs_documents")}

    def record_documents(self, hashes: dict[str, str], at: str) -> None:
        cursor = self.connection.cursor()
        try:
            for name, sha in hashes.items():
                cursor.execute(self._sql("DELETE FROM obs_documents WHERE name = ?"), (name,))
                cursor.execute(self._sql("INSERT INTO obs_documents (name, sha256, ingested_at) VALUES (?, ?, ?)"),
                               (name, sha, at))
            self.connection.commit()
        except Exception:
            self.connection.rollback()
            raise

    def add_review(self, review: Review) -> Review:
        rows = self._rows("INSERT INTO obs_reviews (key, kind, decision, who, at, detail) VALUES (?, ?, ?, ?, ?, ?) "
                          "RETURNING id", (review.key, review.kind, review.decision, review.who, review.at, review.detail))
        self.connection.commit()
        return replace(review, id=rows[0][0])

    def reviews(self) -> list[Review]:
        return [Review(*r) for r in self._rows(
            "SELECT id, key, kind, decision, who, at, detail FROM obs_reviews ORDER BY id")]

    def close(self) -> None:
        self.connection.close()
