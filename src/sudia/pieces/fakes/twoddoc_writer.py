"""Signed 2D-Doc strings for fake pieces, with the project's test key (authority TS01, certificate SUD1)."""

from __future__ import annotations

import base64
from datetime import date
from functools import lru_cache
from pathlib import Path

from sudia.pieces.twoddoc.format import US, write_header, write_message
from sudia.pieces.twoddoc.signature import sign

TEST_KEYS = Path(__file__).resolve().parent / "testkey"
CA_ID, CERT_ID = "TS01", "SUD1"


@lru_cache(maxsize=1)
def _key():
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    return load_pem_private_key((TEST_KEYS / "test-private-key.pem").read_bytes(), password=None)


def signed_code(doc_type: str, issued: date, fields: dict[str, str], break_signature: bool = False) -> str:
    data = write_header(4, CA_ID, CERT_ID, issued, issued, doc_type) + write_message(fields)
    signature = base64.b32encode(sign(data, _key())).decode().rstrip("=")
    if break_signature:  # one character changed: the code still decodes, the signature no longer verifies
        i = len(signature) // 2
        signature = signature[:i] + ("A" if signature[i] != "A" else "B") + signature[i + 1:]
    return data + US + signature


def postal_line1(civility: str, surname: str, given: str) -> str:
    return f"{civility}/{surname}/{given}".upper()[:38]
