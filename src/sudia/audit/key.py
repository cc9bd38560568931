"""The audit log's secret key, kept outside the database, and the head anchor written beside it.

With a plain hash chain, whoever can write the database can rewrite an entry and recompute every
later hash (review finding 11). Each entry's hash is therefore an HMAC-SHA256 keyed with a secret
the database never holds: `SUDIA_AUDIT_KEY`, or the file `SUDIA_AUDIT_KEY_FILE` (by default
`audit.key` in the data folder, created on first use, readable by its owner only). Without the key
no entry can be forged, changed or re-chained, a purge checkpoint included.

A chain cannot see its newest entries being cut off. So the head (seq and hash, with an HMAC) is
also written to an anchor file outside the database at most once a minute per process; `verify`
reads it back and reports a chain that no longer reaches it.

Entries written before a key existed (plain SHA-256) stay verifiable: the key file records the
first entry it sealed (`from_seq`), and only older entries may be unkeyed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sudia.errors import SudiaError

KEY_NAME = "audit.key"
ANCHOR_NAME = "audit-anchor.json"


@dataclass(frozen=True)
class AuditKey:
    secret: bytes
    from_seq: int = 1  # the first entry sealed with this key; older ones are plain SHA-256

    @property
    def key_id(self) -> str:
        """Names the key in each entry (not secret: a hash of a hash of it)."""
        return hashlib.sha256(b"sudia-audit-key-id\n" + self.secret).hexdigest()[:16]

    @property
    def chain(self) -> str:
        return f"hmac-sha256:{self.key_id}"

    def mac(self, text: str) -> str:
        return hmac.new(self.secret, text.encode(), hashlib.sha256).hexdigest()

    @classmethod
    def from_text(cls, text: str, from_seq: int = 1) -> AuditKey:
        text = text.strip()
        if len(text) < 16:
            raise SudiaError("SUDIA-U004", path="SUDIA_AUDIT_KEY", detail="16 caractères au moins")
        return cls(text.encode(), from_seq)


def load_key_file(path: Path, next_seq: int) -> AuditKey:
    """The key of `path`, created with 256 random bits when absent (`next_seq`: the first entry it
    will seal). Several workers may start at once: one creates the file, the others read it."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)
    except OSError as exc:
        raise SudiaError("SUDIA-U004", path=str(path), detail=exc.strerror or type(exc).__name__) from exc
    content = {"key": secrets.token_hex(32), "from_seq": next_seq,
               "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(content, handle)
        handle.flush()
        os.fsync(handle.fileno())
    return AuditKey(content["key"].encode(), next_seq)


def _read_key(path: Path) -> AuditKey:
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
        return AuditKey(str(content["key"]).encode(), int(content.get("from_seq", 1)))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        # A key file being written by another worker right now: empty for an instant.
        raise SudiaError("SUDIA-U004", path=str(path), detail=type(exc).__name__) from exc


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: str


class AnchorFile:
    """The latest head seen, with its HMAC, in one small file replaced atomically."""

    def __init__(self, path: Path, key: AuditKey) -> None:
        self.path = path
        self.key = key

    def _mac(self, seq: int, digest: str, at: str) -> str:
        return self.key.mac(f"anchor\n{seq}\n{digest}\n{at}")

    def read(self) -> Anchor | None:
        """The anchor, None when there is none yet; SUDIA-U005 when it was altered."""
        try:
            content = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise SudiaError("SUDIA-U005", path=str(self.path), detail=type(exc).__name__) from exc
        try:
            anchor = Anchor(int(content["seq"]), str(content["hash"]), str(content["at"]))
            valid = hmac.compare_digest(str(content["mac"]), self._mac(anchor.seq, anchor.hash, anchor.at))
        except (KeyError, TypeError, ValueError) as exc:
            raise SudiaError("SUDIA-U005", path=str(self.path), detail="contenu incomplet") from exc
        if not valid:
            raise SudiaError("SUDIA-U005", path=str(self.path), detail="signature invalide")
        return anchor

    def write(self, seq: int, digest: str) -> None:
        """Record the head, unless the file already holds a later one (another worker's)."""
        try:
            current = self.read()
        except SudiaError:
            current = None  # an altered anchor is replaced; `verify` has reported it if asked before
        if current is not None and current.seq >= seq:
            return
        at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        content = {"seq": seq, "hash": digest, "at": at, "mac": self._mac(seq, digest, at)}
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(content), encoding="utf-8")
        os.replace(temporary, self.path)
