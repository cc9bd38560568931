"""The canteens' data in the platform database: one portable SQL text for SQLite and PostgreSQL.

Writes are idempotent (a service, menu or weighing replaces the same day's), so importing a
corrected file again is safe; the calendar and the models are append-only and versioned.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime, timezone

from sudia.cantines.calendar import CalendarEntry
from sudia.cantines.types import Canteen, Dish, Menu, Service, WasteWeighing
from sudia.database import Database
from sudia.errors import SudiaError


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _range(column: str, start: date | None, end: date | None) -> tuple[str, list[str]]:
    sql, params = "", []
    if start is not None:
        sql += f" AND {column} >= ?"
        params.append(start.isoformat())
    if end is not None:
        sql += f" AND {column} < ?"
        params.append(end.isoformat())
    return sql, params


def _in(column: str, values: Iterable[str] | None) -> tuple[str, list[str]]:
    if values is None:
        return "", []
    values = list(values)
    if not values:
        return " AND 1 = 0", []
    return f" AND {column} IN ({', '.join('?' for _ in values)})", values


class CantinesRepository:
    def __init__(self, database: Database) -> None:
        self.db = database

    # -- canteens ------------------------------------------------------------------------------
    def upsert_canteens(self, canteens: Iterable[Canteen]) -> int:
        rows = [(c.id, c.name, c.commune, c.academie, c.zone, c.lycee, c.capacity) for c in canteens]
        with self.db.transaction() as tx:
            tx.executemany(
                "INSERT INTO cantines_canteens (id, name, commune, academie, zone, lycee, capacity) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
                "commune = excluded.commune, academie = excluded.academie, zone = excluded.zone, "
                "lycee = excluded.lycee, capacity = excluded.capacity", rows)
        return len(rows)

    def canteens(self, ids: Iterable[str] | None = None) -> list[Canteen]:
        where, params = _in("id", ids)
        rows = self.db.fetchall("SELECT id, name, commune, academie, zone, lycee, capacity FROM cantines_canteens "
                                f"WHERE 1 = 1{where} ORDER BY name, id", params)
        return [Canteen(*row) for row in rows]

    def canteen(self, canteen_id: str) -> Canteen:
        found = self.canteens([canteen_id])
        if not found:
            raise SudiaError("SUDIA-K004", id=canteen_id)
        return found[0]

    # -- services ------------------------------------------------------------------------------
    def upsert_services(self, services: Iterable[Service], actor: str) -> int:
        """A value left empty (None) keeps the one already stored: a chef may enter served meals later."""
        at = now()
        rows = [(s.canteen_id, s.day.isoformat(), s.planned, s.prepared, s.served, at, actor) for s in services]
        with self.db.transaction() as tx:
            tx.executemany(
                "INSERT INTO cantines_services (canteen_id, day, planned, prepared, served, updated_at, updated_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (canteen_id, day) DO UPDATE SET "
                "planned = COALESCE(excluded.planned, cantines_services.planned), "
                "prepared = COALESCE(excluded.prepared, cantines_services.prepared), "
                "served = COALESCE(excluded.served, cantines_services.served), "
                "updated_at = excluded.updated_at, updated_by = excluded.updated_by", rows)
        return len(rows)

    def services(self, canteen_ids: Iterable[str] | None = None, start: date | None = None,
                 end: date | None = None) -> list[Service]:
        w1, p1 = _in("canteen_id", canteen_ids)
        w2, p2 = _range("day", start, end)
        rows = self.db.fetchall("SELECT canteen_id, day, planned, prepared, served FROM cantines_services "
                                f"WHERE 1 = 1{w1}{w2} ORDER BY canteen_id, day", p1 + p2)
        return [Service(c, _day(d), pl, pr, se) for c, d, pl, pr, se in rows]

    # -- menus ---------------------------------------------------------------------------------
    def replace_menus(self, menus: Iterable[Menu]) -> int:
        """Each (day, canteen) menu replaces the stored one; menus of one file are merged first."""
        merged: dict[tuple[str, str], list[Dish]] = {}
        for m in menus:
            merged.setdefault((m.day.isoformat(), m.canteen_id), []).extend(m.dishes)
        with self.db.transaction() as tx:
            for (day, canteen_id), dishes in merged.items():
                tx.execute("DELETE FROM cantines_menu_dishes WHERE day = ? AND canteen_id = ?", (day, canteen_id))
                tx.executemany("INSERT INTO cantines_menu_dishes (day, canteen_id, position, dish, category) "
                               "VALUES (?, ?, ?, ?, ?)",
                               [(day, canteen_id, i, d.name, d.category) for i, d in enumerate(dishes)])
        return len(merged)

    def menus(self, start: date | None = None, end: date | None = None) -> list[Menu]:
        where, params = _range("day", start, end)
        rows = self.db.fetchall("SELECT day, canteen_id, dish, category FROM cantines_menu_dishes "
                                f"WHERE 1 = 1{where} ORDER BY day, canteen_id, position", params)
        grouped: dict[tuple[str, str], list[Dish]] = {}
        for day, canteen_id, dish, category in rows:
            grouped.setdefault((str(day), canteen_id), []).append(Dish(dish, category))
        return [Menu(_day(day), tuple(dishes), canteen_id) for (day, canteen_id), dishes in grouped.items()]

    # -- waste ---------------------------------------------------------------------------------
    def upsert_waste(self, weighings: Iterable[WasteWeighing], actor: str) -> int:
        at = now()
        rows = [(w.canteen_id, w.day.isoformat(), category, float(kg), at, actor)
                for w in weighings for category, kg in w.kg.items()]
        with self.db.transaction() as tx:
            tx.executemany(
                "INSERT INTO cantines_waste (canteen_id, day, category, kg, updated_at, updated_by) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (canteen_id, day, category) DO UPDATE SET "
                "kg = excluded.kg, updated_at = excluded.updated_at, updated_by = excluded.updated_by", rows)
        return len(rows)

    def waste(self, canteen_ids: Iterable[str] | None = None, start: date | None = None,
              end: date | None = None) -> list[WasteWeighing]:
        w1, p1 = _in("canteen_id", canteen_ids)
        w2, p2 = _range("day", start, end)
        rows = self.db.fetchall("SELECT canteen_id, day, category, kg FROM cantines_waste "
                                f"WHERE 1 = 1{w1}{w2} ORDER BY canteen_id, day", p1 + p2)
        grouped: dict[tuple[str, str], dict[str, float]] = {}
        for canteen_id, day, category, kg in rows:
            grouped.setdefault((canteen_id, str(day)), {})[category] = float(kg)
        return [WasteWeighing(c, _day(d), kg) for (c, d), kg in grouped.items()]

    # -- calendar (append-only versions of the local entries) --------------------------------------
    def new_calendar_version(self, entries: Iterable[CalendarEntry], author: str, note: str = "") -> int:
        entries = list(entries)
        with self.db.transaction() as tx:
            row = tx.fetchone("INSERT INTO cantines_calendar_versions (created_at, author, note) VALUES (?, ?, ?) "
                              "RETURNING id", (now(), author, note))
            version = int(row[0])  # type: ignore[index]
            tx.executemany(
                "INSERT INTO cantines_calendar_entries (version_id, kind, start_day, end_day, label, zone, "
                "canteen_id, share_absent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(version, e.kind, e.start.isoformat(), e.end.isoformat(), e.label, e.zone, e.canteen_id,
                  e.share_absent) for e in entries])
        return version

    def calendar_versions(self) -> list[dict[str, object]]:
        rows = self.db.fetchall("SELECT v.id, v.created_at, v.author, v.note, COUNT(e.version_id) "
                                "FROM cantines_calendar_versions v LEFT JOIN cantines_calendar_entries e "
                                "ON e.version_id = v.id GROUP BY v.id, v.created_at, v.author, v.note ORDER BY v.id DESC")
        return [{"version": r[0], "created_at": r[1], "author": r[2], "note": r[3], "entries": r[4]} for r in rows]

    def calendar_entries(self, version: int | None = None) -> tuple[int, list[CalendarEntry]]:
        """The entries of `version` (the latest when None; version 0 = none yet)."""
        if version is None:
            row = self.db.fetchone("SELECT MAX(id) FROM cantines_calendar_versions")
            version = int(row[0]) if row and row[0] is not None else 0
        elif not self.db.fetchone("SELECT id FROM cantines_calendar_versions WHERE id = ?", (version,)):
            raise SudiaError("SUDIA-K010", version=version)
        rows = self.db.fetchall("SELECT kind, start_day, end_day, label, zone, canteen_id, share_absent "
                                "FROM cantines_calendar_entries WHERE version_id = ? ORDER BY start_day", (version,))
        return version, [CalendarEntry(k, _day(s), _day(e), label, zone, canteen, share)
                         for k, s, e, label, zone, canteen, share in rows]

    # -- models ----------------------------------------------------------------------------------
    def save_model(self, artefact: bytes, trained_until: date, backend: str, calendar_version: str,
                   description: dict[str, object], author: str) -> int:
        with self.db.transaction() as tx:
            row = tx.fetchone("INSERT INTO cantines_models (created_at, trained_until, backend, calendar_version, "
                              "author, description, artefact) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                              (now(), trained_until.isoformat(), backend, calendar_version, author,
                               json.dumps(description, ensure_ascii=False), artefact))
        return int(row[0])  # type: ignore[index]

    def models(self) -> list[dict[str, object]]:
        rows = self.db.fetchall("SELECT id, created_at, trained_until, backend, calendar_version, author, description "
                                "FROM cantines_models ORDER BY id DESC")
        return [{**json.loads(r[6]), "id": r[0], "version": f"m{r[0]}", "created_at": r[1], "trained_until": r[2],
                 "backend": r[3], "calendar_version": r[4], "author": r[5]} for r in rows]

    def model_artefact(self, model_id: int | None = None) -> tuple[int, bytes] | None:
        """The artefact of `model_id`, or of the latest model; None when none was trained."""
        if model_id is None:
            row = self.db.fetchone("SELECT id, artefact FROM cantines_models ORDER BY id DESC LIMIT 1")
        else:
            row = self.db.fetchone("SELECT id, artefact FROM cantines_models WHERE id = ?", (model_id,))
            if row is None:
                raise SudiaError("SUDIA-K011", version=f"m{model_id}")
        return None if row is None else (int(row[0]), bytes(row[1]))

    # -- forecasts -------------------------------------------------------------------------------
    def save_forecasts(self, model_id: int, payloads: Iterable[dict[str, object]]) -> None:
        at = now()
        rows = [(str(p["canteen_id"]), str(p["day"]), model_id, at, json.dumps(p, ensure_ascii=False))
                for p in payloads]
        with self.db.transaction() as tx:
            tx.executemany("INSERT INTO cantines_forecasts (canteen_id, day, model_id, created_at, payload) "
                           "VALUES (?, ?, ?, ?, ?) ON CONFLICT (canteen_id, day, model_id) DO UPDATE SET "
                           "created_at = excluded.created_at, payload = excluded.payload", rows)

    def forecasts(self, canteen_ids: Iterable[str] | None = None, start: date | None = None,
                  end: date | None = None) -> list[dict[str, object]]:
        """The latest forecast stored for each canteen-day (made before the day, by construction)."""
        w1, p1 = _in("canteen_id", canteen_ids)
        w2, p2 = _range("day", start, end)
        rows = self.db.fetchall("SELECT canteen_id, day, model_id, payload FROM cantines_forecasts "
                                f"WHERE 1 = 1{w1}{w2} ORDER BY canteen_id, day, model_id", p1 + p2)
        latest: dict[tuple[str, str], dict[str, object]] = {}
        for canteen_id, day, _model, payload in rows:
            latest[(canteen_id, str(day))] = json.loads(payload)
        return list(latest.values())

    # -- one worker per scheduled job --------------------------------------------------------------
    def claim(self, job: str, worker: str) -> bool:
        """True for the first worker to claim `job` (e.g. "train:2026-W49"); the others get False."""
        with self.db.transaction() as tx:
            if tx.fetchone("SELECT job FROM cantines_claims WHERE job = ?", (job,)):
                return False
            tx.execute("INSERT INTO cantines_claims (job, claimed_at, worker) VALUES (?, ?, ?) "
                       "ON CONFLICT (job) DO NOTHING", (job, now(), worker))
            row = tx.fetchone("SELECT worker FROM cantines_claims WHERE job = ?", (job,))
        return bool(row and row[0] == worker)
