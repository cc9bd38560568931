"""The canteens' tables, as versioned migrations (sudia.migrations) run on SQLite and PostgreSQL."""

from __future__ import annotations

from sudia.migrations import Migration

COMPONENT = "cantines"

_V1 = """
CREATE TABLE cantines_canteens (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, commune TEXT NOT NULL DEFAULT '', academie TEXT NOT NULL DEFAULT '',
    zone TEXT NOT NULL DEFAULT 'B', lycee TEXT NOT NULL DEFAULT '', capacity INTEGER);
CREATE TABLE cantines_services (
    canteen_id TEXT NOT NULL, day TEXT NOT NULL, planned INTEGER, prepared INTEGER, served INTEGER,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL DEFAULT '', PRIMARY KEY (canteen_id, day));
CREATE INDEX cantines_services_day ON cantines_services (day);
CREATE TABLE cantines_menu_dishes (
    day TEXT NOT NULL, canteen_id TEXT NOT NULL DEFAULT '', position INTEGER NOT NULL, dish TEXT NOT NULL,
    category TEXT NOT NULL, PRIMARY KEY (day, canteen_id, position));
CREATE TABLE cantines_waste (
    canteen_id TEXT NOT NULL, day TEXT NOT NULL, category TEXT NOT NULL, kg DOUBLE PRECISION NOT NULL,
    updated_at TEXT NOT NULL, updated_by TEXT NOT NULL DEFAULT '', PRIMARY KEY (canteen_id, day, category));
CREATE TABLE cantines_calendar_versions (
    id {serial}, created_at TEXT NOT NULL, author TEXT NOT NULL, note TEXT NOT NULL DEFAULT '');
CREATE TABLE cantines_calendar_entries (
    version_id INTEGER NOT NULL, kind TEXT NOT NULL, start_day TEXT NOT NULL, end_day TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '', zone TEXT NOT NULL DEFAULT '', canteen_id TEXT NOT NULL DEFAULT '',
    share_absent DOUBLE PRECISION);
CREATE INDEX cantines_calendar_entries_version ON cantines_calendar_entries (version_id);
CREATE TABLE cantines_models (
    id {serial}, created_at TEXT NOT NULL, trained_until TEXT NOT NULL, backend TEXT NOT NULL,
    calendar_version TEXT NOT NULL, author TEXT NOT NULL DEFAULT '', description TEXT NOT NULL,
    artefact {blob} NOT NULL);
CREATE TABLE cantines_forecasts (
    canteen_id TEXT NOT NULL, day TEXT NOT NULL, model_id INTEGER NOT NULL, created_at TEXT NOT NULL,
    payload TEXT NOT NULL, PRIMARY KEY (canteen_id, day, model_id));
CREATE TABLE cantines_claims (
    job TEXT PRIMARY KEY, claimed_at TEXT NOT NULL, worker TEXT NOT NULL)
"""


def migrations() -> list[Migration]:
    return [Migration(COMPONENT, 1, "cantines, services, menus, pesées, calendrier versionné, modèles, prévisions", _V1)]
