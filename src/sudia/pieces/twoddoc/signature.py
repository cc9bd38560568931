"""Verify a 2D-Doc signature (ECDSA r||s, hash chosen by the curve) with a stored certificate."""

from __future__ import annotations

from datetime import date

from sudia.pieces.twoddoc.certificates import CertificateStore
from sudia.pieces.twoddoc.format import Parsed


def verify(parsed: Parsed, store: CertificateStore) -> tuple[str, str]:
    """("valide" | "invalide" | "certificat_inconnu", certificate file name)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    found = store.find(parsed.ca_id, parsed.cert_id)
    if found is None:
        return "certificat_inconnu", ""
    cert = found.load()
    key = cert.public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey) or len(parsed.signature) % 2:
        return "invalide", found.file.name
    digest = {256: hashes.SHA256(), 384: hashes.SHA384(), 521: hashes.SHA512()}.get(key.curve.key_size,
                                                                                     hashes.SHA256())
    half = len(parsed.signature) // 2
    der = encode_dss_signature(int.from_bytes(parsed.signature[:half], "big"),
                               int.from_bytes(parsed.signature[half:], "big"))
    try:
        key.verify(der, parsed.signed_data.encode("latin-1"), ec.ECDSA(digest))
    except (InvalidSignature, UnicodeEncodeError):
        return "invalide", found.file.name
    signed = date.fromisoformat(parsed.signature_date) if parsed.signature_date else None
    if signed and not (cert.not_valid_before_utc.date() <= signed <= cert.not_valid_after_utc.date()):
        return "invalide", found.file.name
    return "valide", found.file.name


def sign(signed_data: str, private_key) -> bytes:
    """r||s signature of `signed_data` (used by the generator of test pieces, with its test key)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    r, s = decode_dss_signature(private_key.sign(signed_data.encode("latin-1"), ec.ECDSA(hashes.SHA256())))
    size = (private_key.curve.key_size + 7) // 8
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")
