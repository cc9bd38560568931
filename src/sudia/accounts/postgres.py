"""PostgreSQL backend of the trust layer: the same tables as SQLite, shared by every web worker."""

from __future__ import annotations


from sudia.accounts.base import ApiToken, PendingLogin, Session, User
from sudia.audit.base import (
    GENESIS, AuditQuery, AuditRow, CheckpointMaker, RowMaker, collections_column, where_clause,
)
from sudia.errors import SudiaError
from sudia.store.pg_connections import PgConnections, PoolOptions

SCHEMA = """
CREATE TABLE IF NOT EXISTS acct_users (
    id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL DEFAULT '', password_hash TEXT,
    is_admin BOOLEAN NOT NULL DEFAULT FALSE, active BOOLEAN NOT NULL DEFAULT TRUE, created_at TEXT NOT NULL,
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
    seq BIGINT PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL,
    action TEXT NOT NULL, collections TEXT NOT NULL, data TEXT NOT NULL, prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_entries_at ON audit_entries(at);
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('sudia.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit log is append-only (%): use the retention purge', TG_OP;
END $$;
CREATE OR REPLACE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE OR REPLACE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TABLE IF NOT EXISTS rate_counters (
    key TEXT NOT NULL, slot BIGINT NOT NULL, count BIGINT NOT NULL, PRIMARY KEY (key, slot));
"""

# Advisory lock of the audit chain's head (schema changes take sudia.migrations' own lock).
_AUDIT_LOCK = 0x5D1A_0A02
_USER = "id, email, name, is_admin, active, created_at, last_login_at, oidc_subject"
_TOKEN = "id, user_id, name, scopes, created_at, expires_at, revoked_at, last_used_at"
_AUDIT = "seq, at, kind, actor, action, collections, data, prev_hash, hash"
_USER_FIELDS = {"name", "is_admin", "active", "last_login_at", "oidc_subject", "password_hash"}


class PostgresTrustStore:
    """Statements borrow autocommit connections from the process's bounded pool (shared with the
    document store); multi-statement writes use explicit transactions."""

    def __init__(self, url: str, pool: PoolOptions = PoolOptions()) -> None:
        self.url = url
        self._pg = PgConnections(url, pool)
        self._psycopg = self._pg.psycopg
        self._create_schema()

    def close(self) -> None:
        self._pg.close_all()

    def _create_schema(self) -> None:
        from sudia.accounts.schema import upgrade_accounts

        upgrade_accounts(self.url, self._pg)  # versioned tables (sudia.migrations)

    # -- users and groups ----------------------------------------------------------------------
    def add_user(self, user: User, password_hash: str | None) -> None:
        try:
            with self._pg.transaction() as db:
                db.execute(f"INSERT INTO acct_users({_USER}, password_hash) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                           (user.id, user.email, user.name, user.is_admin, user.active, user.created_at,
                            user.last_login_at, user.oidc_subject or None, password_hash))
                with db.cursor() as cur:
                    cur.executemany("INSERT INTO acct_memberships(user_id, grp) VALUES (%s,%s)",
                                    [(user.id, g) for g in user.groups])
        except self._psycopg.errors.UniqueViolation as exc:
            raise SudiaError("SUDIA-A005", email=user.email) from exc

    def _users(self, where: str, params: tuple) -> list[User]:
        with self._pg.connection() as db:
            rows = db.execute(f"SELECT {_USER} FROM acct_users {where} ORDER BY email", params).fetchall()
            groups: dict[str, list[str]] = {}
            if rows:
                for uid, grp in db.execute("SELECT user_id, grp FROM acct_memberships WHERE user_id = ANY(%s)"
                                           " ORDER BY grp", ([r[0] for r in rows],)):
                    groups.setdefault(uid, []).append(grp)
        return [User(r[0], r[1], r[2], bool(r[3]), bool(r[4]), r[5], r[6], r[7] or "", tuple(groups.get(r[0], ())))
                for r in rows]

    def get_user(self, user_id: str) -> User | None:
        found = self._users("WHERE id = %s", (user_id,))
        return found[0] if found else None

    def find_user(self, email: str) -> User | None:
        found = self._users("WHERE email = %s", (email,))
        return found[0] if found else None

    def find_user_by_subject(self, subject: str) -> User | None:
        found = self._users("WHERE oidc_subject = %s", (subject,))
        return found[0] if found else None

    def list_users(self) -> list[User]:
        return self._users("", ())

    def update_user(self, user_id: str, **fields: object) -> None:
        unknown = set(fields) - _USER_FIELDS
        if unknown:
            raise ValueError(f"unknown user fields: {sorted(unknown)}")
        values = [(v or None) if k == "oidc_subject" else v for k, v in fields.items()]
        self._pg.run(f"UPDATE acct_users SET {', '.join(f'{k} = %s' for k in fields)} WHERE id = %s",
                           (*values, user_id))

    def password_hash(self, user_id: str) -> str | None:
        row = self._pg.run("SELECT password_hash FROM acct_users WHERE id = %s", (user_id,)).fetchone()
        return row[0] if row else None

    def add_group(self, user_id: str, group: str, source: str = "local") -> None:
        self._pg.run("INSERT INTO acct_memberships(user_id, grp, source) VALUES (%s,%s,%s)"
                           " ON CONFLICT (user_id, grp) DO NOTHING", (user_id, group, source))

    def remove_group(self, user_id: str, group: str) -> None:
        self._pg.run("DELETE FROM acct_memberships WHERE user_id = %s AND grp = %s", (user_id, group))

    def replace_groups(self, user_id: str, groups: list[str], source: str) -> None:
        with self._pg.transaction() as db:
            db.execute("DELETE FROM acct_memberships WHERE user_id = %s AND source = %s", (user_id, source))
            for group in groups:
                db.execute("INSERT INTO acct_memberships(user_id, grp, source) VALUES (%s,%s,%s)"
                           " ON CONFLICT (user_id, grp) DO NOTHING", (user_id, group, source))

    def list_groups(self) -> dict[str, int]:
        rows = self._pg.run("SELECT grp, COUNT(*) FROM acct_memberships GROUP BY grp ORDER BY grp")
        return {r[0]: int(r[1]) for r in rows}

    # -- API tokens ----------------------------------------------------------------------------
    def add_token(self, token: ApiToken, secret_hash: str) -> None:
        self._pg.run(f"INSERT INTO acct_tokens({_TOKEN}, secret_hash) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                           (token.id, token.user_id, token.name, ",".join(token.scopes), token.created_at,
                            token.expires_at, token.revoked_at, token.last_used_at, secret_hash))

    def _tokens(self, where: str, params: tuple) -> list[ApiToken]:
        rows = self._pg.run(f"SELECT {_TOKEN} FROM acct_tokens {where} ORDER BY created_at, id", params)
        return [ApiToken(r[0], r[1], r[2], tuple(s for s in r[3].split(",") if s), *r[4:]) for r in rows]

    def find_token(self, secret_hash: str) -> ApiToken | None:
        found = self._tokens("WHERE secret_hash = %s", (secret_hash,))
        return found[0] if found else None

    def get_token(self, token_id: str) -> ApiToken | None:
        found = self._tokens("WHERE id = %s", (token_id,))
        return found[0] if found else None

    def list_tokens(self, user_id: str | None = None) -> list[ApiToken]:
        return self._tokens("WHERE user_id = %s", (user_id,)) if user_id else self._tokens("", ())

    def revoke_token(self, token_id: str, at: str) -> None:
        self._pg.run("UPDATE acct_tokens SET revoked_at = %s WHERE id = %s AND revoked_at = ''", (at, token_id))

    def touch_token(self, token_id: str, at: str) -> None:
        self._pg.run("UPDATE acct_tokens SET last_used_at = %s WHERE id = %s", (at, token_id))

    # -- sessions and pending OIDC logins ------------------------------------------------------
    def add_session(self, session: Session) -> None:
        self._pg.run("INSERT INTO acct_sessions(key, user_id, created_at, expires_at, csrf_token)"
                           " VALUES (%s,%s,%s,%s,%s)", (session.key, session.user_id, session.created_at,
                                                       session.expires_at, session.csrf_token))

    def get_session(self, key: str) -> Session | None:
        row = self._pg.run("SELECT key, user_id, created_at, expires_at, csrf_token FROM acct_sessions"
                                 " WHERE key = %s", (key,)).fetchone()
        return Session(*row) if row else None

    def delete_session(self, key: str) -> None:
        self._pg.run("DELETE FROM acct_sessions WHERE key = %s", (key,))

    def delete_user_sessions(self, user_id: str) -> None:
        self._pg.run("DELETE FROM acct_sessions WHERE user_id = %s", (user_id,))

    def purge_sessions(self, now: str) -> int:
        return self._pg.run("DELETE FROM acct_sessions WHERE expires_at <= %s", (now,)).rowcount

    def save_pending_login(self, pending: PendingLogin) -> None:
        self._pg.run("INSERT INTO acct_pending_logins(state, nonce, verifier, return_to, created_at)"
                           " VALUES (%s,%s,%s,%s,%s)", (pending.state, pending.nonce, pending.verifier,
                                                       pending.return_to, pending.created_at))

    def pop_pending_login(self, state: str) -> PendingLogin | None:
        row = self._pg.run("DELETE FROM acct_pending_logins WHERE state = %s"
                                 " RETURNING state, nonce, verifier, return_to, created_at", (state,)).fetchone()
        return PendingLogin(*row) if row else None

    def purge_pending_logins(self, before: str) -> int:
        return self._pg.run("DELETE FROM acct_pending_logins WHERE created_at < %s", (before,)).rowcount

    # -- audit chain ---------------------------------------------------------------------------
    @staticmethod
    def _head(db) -> tuple[int, str]:
        row = db.execute("SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1").fetchone()
        return (int(row[0]), row[1]) if row else (0, GENESIS)

    @staticmethod
    def _insert(db, row: AuditRow) -> None:
        db.execute(f"INSERT INTO audit_entries({_AUDIT}) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                   (row.seq, row.at, row.kind, row.actor, row.action, collections_column(row.collections),
                    row.data, row.prev_hash, row.hash))

    def append(self, make: RowMaker) -> AuditRow:
        with self._pg.transaction() as db:
            db.execute("SELECT pg_advisory_xact_lock(%s)", (_AUDIT_LOCK,))
            seq, prev = self._head(db)
            row = make(seq + 1, prev)
            self._insert(db, row)
        return row

    def head(self) -> tuple[int, str]:
        with self._pg.connection() as db:
            return self._head(db)

    def rows(self, query: AuditQuery, after_seq: int = 0, limit: int = 1000, newest_first: bool = False
             ) -> list[AuditRow]:
        where, params = where_clause(query, "%s")
        if after_seq:
            where += " AND seq < %s" if newest_first else " AND seq > %s"
            params.append(after_seq)
        order = "DESC" if newest_first else "ASC"
        found = self._pg.run(f"SELECT {_AUDIT} FROM audit_entries WHERE {where} ORDER BY seq {order}"
                                   " LIMIT %s", (*params, limit)).fetchall()
        return [AuditRow(int(r[0]), r[1], r[2], r[3], r[4], tuple(c for c in r[5].split(",") if c), *r[6:])
                for r in found]

    def purge(self, before: str, make: CheckpointMaker) -> AuditRow | None:
        with self._pg.transaction() as db:
            db.execute("SELECT pg_advisory_xact_lock(%s)", (_AUDIT_LOCK,))
            last = db.execute("SELECT MAX(seq) FROM audit_entries WHERE at < %s", (before,)).fetchone()[0]
            if last is None:
                return None
            purged_hash = db.execute("SELECT hash FROM audit_entries WHERE seq = %s", (last,)).fetchone()[0]
            head_seq, head_hash = self._head(db)
            db.execute("SELECT set_config('sudia.audit_purge', 'on', true)")  # opens the trigger's gate
            count = db.execute("DELETE FROM audit_entries WHERE seq <= %s", (last,)).rowcount
            db.execute("SELECT set_config('sudia.audit_purge', 'off', true)")
            row = make(head_seq + 1, head_hash, int(last), purged_hash, count)
            self._insert(db, row)
        return row

    # -- rate counters -------------------------------------------------------------------------
    def hit(self, key: str, slot: int, cost: int = 1) -> int:
        row = self._pg.run("INSERT INTO rate_counters(key, slot, count) VALUES (%s,%s,%s)"
                                 " ON CONFLICT (key, slot) DO UPDATE SET count = rate_counters.count + EXCLUDED.count"
                                 " RETURNING count", (key, slot, cost)).fetchone()
        return int(row[0])

    def count(self, key: str, slot: int) -> int:
        row = self._pg.run("SELECT count FROM rate_counters WHERE key = %s AND slot = %s",
                                 (key, slot)).fetchone()
        return int(row[0]) if row else 0

    def reset(self, key: str) -> None:
        self._pg.run("DELETE FROM rate_counters WHERE key = %s", (key,))

    def prune(self, prefix: str, before_slot: int) -> int:
        return self._pg.run("DELETE FROM rate_counters WHERE substr(key, 1, %s) = %s AND slot < %s",
                                  (len(prefix), prefix, before_slot)).rowcount
