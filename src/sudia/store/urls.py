"""Database URLs: the one resolver every store uses (`DatabaseUrl`), and the URL as it may be
shown: never a password, wherever the URL hides it.

Every store (documents, accounts and audit, conversations, the use cases' tables, the observatory)
opens the same database from the same URL; `DatabaseUrl.parse` is where its form is checked and
its engine picked, so all of them accept exactly the same addresses.

A URL reaches error messages, logs and HTTP answers (SUDIA-S001/S002). Its password may sit in the
user part (`postgresql://u:secret@host/db`), in the query (`?password=secret`), or in a key/value
connection string (`host=h password=secret`); an `@` inside the password defeats a naive split.
Only the scheme, host, port and database name are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from sudia.errors import SudiaError

Dialect = Literal["sqlite", "postgresql"]
_POSTGRES = re.compile(r"^(postgresql|postgres)(\+psycopg)?://")


@dataclass(frozen=True)
class DatabaseUrl:
    """`sqlite:///path`, `sqlite://` (in memory), `postgresql://…` (also `postgres://`,
    `postgresql+psycopg://`); anything else is refused with SUDIA-S002, without its password."""

    dialect: Dialect
    url: str  # normalised: postgresql://… for psycopg, sqlite:///… or sqlite:// for SQLite

    @classmethod
    def parse(cls, url: str) -> DatabaseUrl:
        if url == "sqlite://" or url.startswith("sqlite:///"):
            return cls("sqlite", url)
        if _POSTGRES.match(url):
            return cls("postgresql", _POSTGRES.sub("postgresql://", url, count=1))
        raise SudiaError("SUDIA-S002", url=public_url(url))

    @property
    def sqlite_path(self) -> str:
        """The SQLite file (":memory:" for `sqlite://`); only for the sqlite dialect."""
        return self.url.removeprefix("sqlite:///") if self.url != "sqlite://" else ":memory:"

_KEY_VALUE = re.compile(r"(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S+)")
_SHOWN_KEYS = ("host", "hostaddr", "port", "dbname")
_PASSWORD_PAIR = re.compile(r"\b(password|sslpassword)\s*=\s*(?:'(?:[^'\\]|\\.)*'|[^&\s]+)", re.IGNORECASE)
_USER_INFO = re.compile(r"//[^/\s]*@(?=[^/\s@]*(?:[/\s]|$))")  # `//user:password@` before the host


def public_url(url: str) -> str:
    """`scheme://host:port/database`, or `host=… port=… dbname=…` for a key/value string."""
    url = (url or "").strip()
    if "://" not in url:
        pairs = dict((k.lower(), v) for k, v in _KEY_VALUE.findall(url))
        shown = " ".join(f"{k}={pairs[k]}" for k in _SHOWN_KEYS if k in pairs)
        return shown or "(adresse masquée)"
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # a malformed port or bracket: show the scheme only
        return url.split("://", 1)[0] + "://…"
    if parts.scheme.startswith("sqlite"):
        return f"{parts.scheme}://{parts.path}" if parts.path else f"{parts.scheme}://"
    path = parts.path if not any(c in parts.path for c in ":@") else "/…"
    return f"{parts.scheme}://{host}{port}{path}"


def secret_parts(url: str) -> list[str]:
    """The secrets a URL carries (password, query values), longest first, to scrub them from text."""
    found: list[str] = []
    if "://" in (url or ""):
        try:
            parts = urlsplit(url)
            if parts.password:
                found.append(parts.password)
        except ValueError:
            pass
        found += [m.group(2) for m in _KEY_VALUE.finditer(url.split("?", 1)[1])] if "?" in url else []
    else:
        found += [v for k, v in _KEY_VALUE.findall(url or "") if k.lower() not in _SHOWN_KEYS]
    return sorted({s.strip("'") for s in found if len(s.strip("'")) >= 3}, key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    """`text` (a driver's error message) without any secret of `url`."""
    for secret in secret_parts(url):
        text = text.replace(secret, "***")
    return _PASSWORD_PAIR.sub(r"\1=***", _USER_INFO.sub("//***@", text))
