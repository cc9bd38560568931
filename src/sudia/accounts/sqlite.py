"""SQLite backend of the trust layer: accounts (acct_*), audit chain (audit_*), rate counters (rate_*)."""

from __future__ import annotations

import sqlite3

from sudia.accounts.base import ApiToken, PendingLogin, Session, User
from sudia.audit.base import (
    GENESIS, AuditQuery, AuditRow, CheckpointMaker, RowMaker, collections_column, where_clause,
)
from sudia.errors import SudiaError
from sudia.store.sqlite_connections import SqliteConnections

SCHEMA = """
CREATE TABLE IF NOT EXISTS acct_users (
    id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL DEFAULT '', password_hash TEXT,
    is_admin INTEGER NOT NULL DEFAULT 0, active INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL,
    last_login_at TEXT NOT NULL DEFAULT '', oidc_subject TEXT UNIQUE);
CREATE TABLE IF NOT EXISTS acct_memberships (
    user_id TEXT NOT NULL REFERENCES acct_users(id) ON DELETE CASCADE, grp TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT 'local', PRIMARY KEY (user_id, grp));
CREATE TABLE IF NOT EXISTS acct_tokens (
    id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES acct_users(id) ON DELETE CASCADE,
    name TEXT NOT NULL, secret_hash TEXT NOT NULL UNIQUE, scopes TEXT NOT NULL, created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL, revoked_at TEXT NOT NULL DEFAULT '', last_used_at TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS acct_sessions (
    key TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES acct_users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL, expires_at TEXT NOT NULL, csrf_token TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS acct_pending_logins (
    state TEXT PRIMARY KEY, nonce TEXT NOT NULL, verifier TEXT NOT NULL, return_to TEXT NOT NULL,
    created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit_entries (
    seq INTEGER PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL,
    action TEXT NOT NULL, collections TEXT NOT NULL, data TEXT NOT NULL, prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_entries_at ON audit_entries(at);
CREATE TABLE IF NOT EXISTS audit_purge_gate (opened INTEGER NOT NULL);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit_entries
WHEN NOT EXISTS (SELECT 1 FROM audit_purge_gate)
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: use the retention purge'); END;
CREATE TABLE IF NOT EXISTS rate_counters (
    key TEXT NOT NULL, slot INTEGER NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (key, slot));
"""

_USER = "id, email, name, is_admin, active, created_at, last_login_at, oidc_subject"
_TOKEN = "id, user_id, name, scopes, created_at, expires_at, revoked_at, last_used_at"
_AUDIT = "seq, at, kind, actor, action, collections, data, prev_hash, hash"
_USER_FIELDS = {"name", "is_admin", "active", "last_login_at", "oidc_subject", "password_hash"}


class SqliteTrustStore:
    """Shares the main store's file; one connection per thread, writes in IMMEDIATE transactions."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._sqlite = SqliteConnections(url)  # durable: the audit log must not lose its last entries
        self._db = self._sqlite.get
        self._tx = self._sqlite.transaction
        from sudia.accounts.schema import upgrade_accounts

        upgrade_accounts(url, self._sqlite)  # versioned tables (sudia.migrations)

    def close(self) -> None:
        self._sqlite.close()

    # -- users and groups ----------------------------------------------------------------------
    def add_user(self, user: User, password_hash: str | None) -> None:
        try:
            with self._tx() as db:
                db.execute(f"INSERT INTO acct_users({_USER}, password_hash) VALUES (?,?,?,?,?,?,?,?,?)",
                           (user.id, user.email, user.name, int(user.is_admin), int(user.active), user.created_at,
                            user.last_login_at, user.oidc_subject or None, password_hash))
                db.executemany("INSERT INTO acct_memberships(user_id, grp) VALUES (?,?)",
                               [(user.id, g) for g in user.groups])
        except sqlite3.IntegrityError as exc:
            raise SudiaError("SUDIA-A005", email=user.email) from exc

    def _users(self, where: str, params: tuple) -> list[User]:
        db = self._db()
        rows = db.execute(f"SELECT {_USER} FROM acct_users {where} ORDER BY email", params).fetchall()
        groups: dict[str, list[str]] = {}
        ids = [r[0] for r in rows]
        if ids:
            marks = ",".join("?" * len(ids))
            for uid, grp in db.execute(f"SELECT user_id, grp FROM acct_memberships WHERE user_id IN ({marks})"
                                       " ORDER BY grp", ids):
                groups.setdefault(uid, []).append(grp)
        return [User(r[0], r[1], r[2], bool(r[3]), bool(r[4]), r[5], r[6], r[7] or "", tuple(groups.get(r[0], ())))
                for r in rows]

    def get_user(self, user_id: str) -> User | None:
        found = self._users("WHERE id = ?", (user_id,))
        return found[0] if found else None

    def find_user(self, email: str) -> User | None:
        found = self._users("WHERE email = ?", (email,))
        return found[0] if found else None

    def find_user_by_subject(self, subject: str) -> User | None:
        found = self._users("WHERE oidc_subject = ?", (subject,))
        return found[0] if found else None

    def list_users(self) -> list[User]:
        return self._users("", ())

    def update_user(self, user_id: str, **fields: object) -> None:
        unknown = set(fields) - _USER_FIELDS
        if unknown:
            raise ValueError(f"unknown user fields: {sorted(unknown)}")
        # An empty OIDC subject is stored as NULL: the UNIQUE constraint allows many NULLs.
        values = [int(v) if isinstance(v, bool) else ((v or None) if k == "oidc_subject" else v)
                  for k, v in fields.items()]
        with self._tx() as db:
            db.execute(f"UPDATE acct_users SET {', '.join(f'{k} = ?' for k in fields)} WHERE id = ?",
                       (*values, user_id))

    def password_hash(self, user_id: str) -> str | None:
        row = self._db().execute("SELECT password_hash FROM acct_users WHERE id = ?", (user_id,)).fetchone()
        return row[0] if row else None

    def add_group(self, user_id: str, group: str, source: str = "local") -> None:
        with self._tx() as db:
            db.execute("INSERT INTO acct_memberships(user_id, grp, source) VALUES (?,?,?)"
                       " ON CONFLICT(user_id, grp) DO NOTHING", (user_id, group, source))

    def remove_group(self, user_id: str, group: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM acct_memberships WHERE user_id = ? AND grp = ?", (user_id, group))

    def replace_groups(self, user_id: str, groups: list[str], source: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM acct_memberships WHERE user_id = ? AND source = ?", (user_id, source))
            db.executemany("INSERT INTO acct_memberships(user_id, grp, source) VALUES (?,?,?)"
                           " ON CONFLICT(user_id, grp) DO NOTHING", [(user_id, g, source) for g in groups])

    def list_groups(self) -> dict[str, int]:
        rows = self._db().execute("SELECT grp, COUNT(*) FROM acct_memberships GROUP BY grp ORDER BY grp")
        return {r[0]: r[1] for r in rows}

    # -- API tokens ----------------------------------------------------------------------------
    def add_token(self, token: ApiToken, secret_hash: str) -> None:
        with self._tx() as db:
            db.execute(f"INSERT INTO acct_tokens({_TOKEN}, secret_hash) VALUES (?,?,?,?,?,?,?,?,?)",
                       (token.id, token.user_id, token.name, ",".join(token.scopes), token.created_at,
                        token.expires_at, token.revoked_at, token.last_used_at, secret_hash))

    def _tokens(self, where: str, params: tuple) -> list[ApiToken]:
        rows = self._db().execute(f"SELECT {_TOKEN} FROM acct_tokens {where} ORDER BY created_at, id", params)
        return [ApiToken(r[0], r[1], r[2], tuple(s for s in r[3].split(",") if s), *r[4:]) for r in rows]

    def find_token(self, secret_hash: str) -> ApiToken | None:
        found = self._tokens("WHERE secret_hash = ?", (secret_hash,))
        return found[0] if found else None

    def get_token(self, token_id: str) -> ApiToken | None:
        found = self._tokens("WHERE id = ?", (token_id,))
        return found[0] if found else None

    def list_tokens(self, user_id: str | None = None) -> list[ApiToken]:
        return self._tokens("WHERE user_id = ?", (user_id,)) if user_id else self._tokens("", ())

    def revoke_token(self, token_id: str, at: str) -> None:
        with self._tx() as db:
            db.execute("UPDATE acct_tokens SET revoked_at = ? WHERE id = ? AND revoked_at = ''", (at, token_id))

    def touch_token(self, token_id: str, at: str) -> None:
        self._db().execute("UPDATE acct_tokens SET last_used_at = ? WHERE id = ?", (at, token_id))

    # -- sessions and pending OIDC logins ------------------------------------------------------
    def add_session(self, session: Session) -> None:
        with self._tx() as db:
            db.execute("INSERT INTO acct_sessions(key, user_id, created_at, expires_at, csrf_token)"
                       " VALUES (?,?,?,?,?)", (session.key, session.user_id, session.created_at,
                                              session.expires_at, session.csrf_token))

    def get_session(self, key: str) -> Session | None:
        row = self._db().execute("SELECT key, user_id, created_at, expires_at, csrf_token FROM acct_sessions"
                                 " WHERE key = ?", (key,)).fetchone()
        return Session(*row) if row else None

    def delete_session(self, key: str) -> None:
        self._db().execute("DELETE FROM acct_sessions WHERE key = ?", (key,))

    def delete_user_sessions(self, user_id: str) -> None:
        self._db().execute("DELETE FROM acct_sessions WHERE user_id = ?", (user_id,))

    def purge_sessions(self, now: str) -> int:
        return self._db().execute("DELETE FROM acct_sessions WHERE expires_at <= ?", (now,)).rowcount

    def save_pending_login(self, pending: PendingLogin) -> None:
        self._db().execute("INSERT INTO acct_pending_logins(state, nonce, verifier, return_to, created_at)"
                           " VALUES (?,?,?,?,?)", (pending.state, pending.nonce, pending.verifier,
                                                  pending.return_to, pending.created_at))

    def pop_pending_login(self, state: str) -> PendingLogin | None:
        row = self._db().execute("DELETE FROM acct_pending_logins WHERE state = ?"
                                 " RETURNING state, nonce, verifier, return_to, created_at", (state,)).fetchone()
        return PendingLogin(*row) if row else None

    def purge_pending_logins(self, before: str) -> int:
        return self._db().execute("DELETE FROM acct_pending_logins WHERE created_at < ?", (before,)).rowcount

    # -- audit chain ---------------------------------------------------------------------------
    def _head(self, db: sqlite3.Connection) -> tuple[int, str]:
        row = db.execute("SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1").fetchone()
        return (row[0], row[1]) if row else (0, GENESIS)

    def _insert(self, db: sqlite3.Connection, row: AuditRow) -> None:
        db.execute(f"INSERT INTO audit_entries({_AUDIT}) VALUES (?,?,?,?,?,?,?,?,?)",
                   (row.seq, row.at, row.kind, row.actor, row.action, collections_column(row.collections),
                    row.data, row.prev_hash, row.hash))

    def append(self, make: RowMaker) -> AuditRow:
        with self._tx() as db:
            seq, prev = self._head(db)
            row = make(seq + 1, prev)
            self._insert(db, row)
        return row

    def head(self) -> tuple[int, str]:
        return self._head(self._db())

    def rows(self, query: AuditQuery, after_seq: int = 0, limit: int = 1000, newest_first: bool = False
             ) -> list[AuditRow]:
        where, params = where_clause(query, "?")
        if newest_first:
            where += " AND seq < ?" if after_seq else ""
            order = "DESC"
        else:
            where += " AND seq > ?" if after_seq else ""
            order = "ASC"
        params += [after_seq] if after_seq else []
        found = self._db().execute(f"SELECT {_AUDIT} FROM audit_entries WHERE {where} ORDER BY seq {order}"
                                   " LIMIT ?", (*params, limit)).fetchall()
        return [AuditRow(r[0], r[1], r[2], r[3], r[4], tuple(c for c in r[5].split(",") if c), *r[6:])
                for r in found]

    def purge(self, before: str, make: CheckpointMaker) -> AuditRow | None:
        with self._tx() as db:
            last = db.execute("SELECT MAX(seq) FROM audit_entries WHERE at < ?", (before,)).fetchone()[0]
            if last is None:
                return None
            purged_hash = db.execute("SELECT hash FROM audit_entries WHERE seq = ?", (last,)).fetchone()[0]
            head_seq, head_hash = self._head(db)
            db.execute("INSERT INTO audit_purge_gate(opened) VALUES (1)")
            count = db.execute("DELETE FROM audit_entries WHERE seq <= ?", (last,)).rowcount
            db.execute("DELETE FROM audit_purge_gate")
            row = make(head_seq + 1, head_hash, last, purged_hash, count)
            self._insert(db, row)
        return row

    # -- rate counters -------------------------------------------------------------------------
    def hit(self, key: str, slot: int, cost: int = 1) -> int:
        row = self._db().execute("INSERT INTO rate_counters(key, slot, count) VALUES (?,?,?)"
                                 " ON CONFLICT(key, slot) DO UPDATE SET count = count + excluded.count"
                                 " RETURNING count", (key, slot, cost)).fetchone()
        return int(row[0])

    def count(self, key: str, slot: int) -> int:
        row = self._db().execute("SELECT count FROM rate_counters WHERE key = ? AND slot = ?", (key, slot)).fetchone()
        return int(row[0]) if row else 0

    def reset(self, key: str) -> None:
        self._db().execute("DELETE FROM rate_counters WHERE key = ?", (key,))

    def prune(self, prefix: str, before_slot: int) -> int:
        return self._db().execute("DELETE FROM rate_counters WHERE substr(key, 1, ?) = ? AND slot < ?",
                                  (len(prefix), prefix, before_slot)).rowcount
