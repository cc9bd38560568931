"""Display names of collections: « Allo Région » for people, `allo-region` for programs and URLs.

A collection's name (slug) stays its identifier everywhere; its display name is kept beside it, in
one small table (a versioned component of `sudia.migrations`), and set by administrators. Without
one, the slug is made readable (« aides-jeunes » -> « Aides jeunes »).
"""

from __future__ import annotations

from sudia.database import Database
from sudia.errors import SudiaError
from sudia.migrations import Migration, upgrade

TITLE_CHARS = 80
MIGRATIONS = [Migration("collection_titles", 1, "noms affichés des collections",
                        sql="CREATE TABLE IF NOT EXISTS collection_titles (name TEXT PRIMARY KEY, title TEXT NOT NULL)")]


def readable_slug(name: str) -> str:
    text = " ".join(name.replace("-", " ").replace("_", " ").split())
    return text[:1].upper() + text[1:]


def display_name(name: str, titles: dict[str, str]) -> str:
    return titles.get(name) or readable_slug(name)


def check_title(title: str) -> str:
    text = " ".join((title or "").split())
    if len(text) > TITLE_CHARS:
        raise SudiaError("SUDIA-H005", detail=f"{TITLE_CHARS} caractères au plus")
    return text


class CollectionTitles:
    """Reads and writes display names in the platform's database (SQLite or PostgreSQL)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        upgrade(database, MIGRATIONS)

    def all(self) -> dict[str, str]:
        return dict(self.database.fetchall("SELECT name, title FROM collection_titles"))

    def set(self, name: str, title: str) -> None:
        """An empty title removes the display name (the readable slug is shown again)."""
        title = check_title(title)
        with self.database.transaction() as tx:
            tx.execute("DELETE FROM collection_titles WHERE name = ?", (name,))
            if title:
                tx.execute("INSERT INTO collection_titles (name, title) VALUES (?, ?)", (name, title))
