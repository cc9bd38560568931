"""Certificates that verify 2D-Doc signatures: data files with their source, added by an administrator.

A directory holds PEM (or DER) certificates and `index.json`, one entry per file:
`{"file", "ca_id", "cert_id", "source", "added"}`: `ca_id` and `cert_id` are the four-character
identifiers the 2D-Doc header names (e.g. FR03 / the certificate's short id published by the
certification authority), `source` where the file came from (the ANTS trust list, the authority's
directory). Several directories stack: the package's own (empty of test keys) and the one an
administrator fills (`SUDIA_DATA_DIR/pieces/certificates`).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sudia.errors import SudiaError

INDEX = "index.json"
PACKAGED = Path(__file__).resolve().parent.parent / "data" / "certificates"


@dataclass(frozen=True)
class Certificate:
    ca_id: str
    cert_id: str
    file: Path
    source: str
    added: str

    def load(self) -> Any:
        from cryptography import x509

        data = self.file.read_bytes()
        if b"-----BEGIN CERTIFICATE-----" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)


class CertificateStore:
    """Certificates by (authority, certificate id), read from directories in order (later ones win)."""

    def __init__(self, directories: list[Path]) -> None:
        self.directories = [d for d in directories if d]
        self._by_id: dict[tuple[str, str], Certificate] = {}
        for directory in self.directories:
            for entry in _read_index(directory):
                cert = Certificate(entry["ca_id"].upper(), entry["cert_id"].upper(), directory / entry["file"],
                                   entry.get("source", ""), entry.get("added", ""))
                self._by_id[(cert.ca_id, cert.cert_id)] = cert

    def find(self, ca_id: str, cert_id: str) -> Certificate | None:
        return self._by_id.get((ca_id.upper(), cert_id.upper()))

    def all(self) -> list[Certificate]:
        return sorted(self._by_id.values(), key=lambda c: (c.ca_id, c.cert_id))


def _read_index(directory: Path) -> list[dict[str, str]]:
    path = directory / INDEX
    if not path.is_file():
        return []
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise SudiaError("SUDIA-P004", path=str(path), detail=f"JSON invalide ({exc})") from exc
    return [e for e in entries if isinstance(e, dict) and {"file", "ca_id", "cert_id"} <= e.keys()]


def add_certificate(directory: Path, file: Path, ca_id: str, cert_id: str, source: str) -> Certificate:
    """Copy a certificate into `directory` and record it; the file must parse as X.509."""
    if not re.fullmatch(r"[A-Z0-9]{4}", ca_id.upper()) or not re.fullmatch(r"[A-Z0-9]{4}", cert_id.upper()):
        raise SudiaError("SUDIA-P004", path=str(file), detail="identifiants d'autorité et de certificat : 4 caractères")
    if not source.strip():
        raise SudiaError("SUDIA-P004", path=str(file), detail="indiquez la source du certificat (--source)")
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{ca_id.upper()}-{cert_id.upper()}{file.suffix or '.pem'}"
    shutil.copyfile(file, target)
    cert = Certificate(ca_id.upper(), cert_id.upper(), target, source.strip(),
                       datetime.now(timezone.utc).date().isoformat())
    try:
        cert.load()
    except (ValueError, TypeError) as exc:
        target.unlink()
        raise SudiaError("SUDIA-P004", path=str(file), detail="certificat X.509 illisible") from exc
    entries = [e for e in _read_index(directory) if (e["ca_id"].upper(), e["cert_id"].upper()) != (cert.ca_id, cert.cert_id)]
    entries.append({"file": target.name, "ca_id": cert.ca_id, "cert_id": cert.cert_id, "source": cert.source,
                    "added": cert.added})
    (directory / INDEX).write_text(json.dumps(entries, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return cert
