"""Parse and write the 2D-Doc text: header (versions 1 to 4), message fields, signature, annex."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, timedelta

from sudia.pieces.twoddoc.fields import FIELDS

GS, RS, US = "\x1d", "\x1e", "\x1f"
EPOCH = date(2000, 1, 1)
HEADER_LENGTH = {1: 22, 2: 22, 3: 24, 4: 26}


class FormatError(ValueError):
    """Not a 2D-Doc, or a truncated one; the message is French."""


@dataclass(frozen=True)
class Parsed:
    version: int
    ca_id: str
    cert_id: str
    issue_date: str
    signature_date: str
    doc_type: str
    perimeter: str
    country: str
    fields: dict[str, str]
    signed_data: str
    signature: bytes
    signature_text: str


def hex_date(code: str) -> str:
    if code.upper() == "FFFF":
        return ""
    try:
        return (EPOCH + timedelta(days=int(code, 16))).isoformat()
    except ValueError as exc:
        raise FormatError(f"date d'en-tête illisible « {code} »") from exc


def date_hex(d: date) -> str:
    return f"{(d - EPOCH).days:04X}"


def parse(raw: str) -> Parsed:
    if not raw.startswith("DC") or len(raw) < 22:
        raise FormatError("le code ne commence pas par l'en-tête « DC » d'un 2D-Doc")
    try:
        version = int(raw[2:4])
    except ValueError as exc:
        raise FormatError("version d'en-tête illisible") from exc
    size = HEADER_LENGTH.get(version)
    if size is None:
        raise FormatError(f"version d'en-tête {version} inconnue")
    head = raw[:size]
    perimeter = head[22:24] if version >= 3 else ""
    country = head[24:26] if version >= 4 else "FR"
    end = raw.find(US)
    if end < 0:
        raise FormatError("signature absente (séparateur US manquant)")
    message = raw[size:end]
    after = raw[end + 1:]
    signature_text = after.split(GS, 1)[0].strip()
    try:
        signature = base64.b32decode(signature_text + "=" * (-len(signature_text) % 8))
    except ValueError as exc:
        raise FormatError("signature illisible (base 32 attendue)") from exc
    return Parsed(version, head[4:8], head[8:12], hex_date(head[12:16]), hex_date(head[16:20]), head[20:22],
                  perimeter, country, _fields(message), raw[:end], signature, signature_text)


def _fields(message: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    i = 0
    while i + 2 <= len(message):
        key = message[i:i + 2]
        i += 2
        low, high, _ = FIELDS.get(key, (0, 0, ""))
        if low and low == high:
            value, i = message[i:i + low], i + low
        else:
            stop = i
            while stop < len(message) and message[stop] not in (GS, RS) and (not high or stop - i < high):
                stop += 1
            value, i = message[i:stop], stop
        if i < len(message) and message[i] in (GS, RS):
            i += 1
        fields[key] = value
    return fields


def write_message(fields: dict[str, str]) -> str:
    """Fields as the 2D-Doc message: fixed-length values bare, variable ones ended by GS."""
    out = []
    for key, value in fields.items():
        low, high, _ = FIELDS.get(key, (0, 0, ""))
        if low and low == high:
            if len(value) != low:
                raise ValueError(f"field {key} must have {low} characters")
            out.append(key + value)
        else:
            out.append(key + value[:high or None] + GS)
    text = "".join(out)
    return text[:-1] if text.endswith(GS) else text


def write_header(version: int, ca_id: str, cert_id: str, issued: date, signed: date, doc_type: str,
                 perimeter: str = "01", country: str = "FR") -> str:
    head = f"DC{version:02d}{ca_id}{cert_id}{date_hex(issued)}{date_hex(signed)}{doc_type}"
    if version >= 3:
        head += perimeter
    if version >= 4:
        head += country
    return head
