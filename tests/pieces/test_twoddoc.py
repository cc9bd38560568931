"""2D-Doc: header and fields, signature with the test key, certificates with their source, DataMatrix."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from sudia.errors import SudiaError
from sudia.pieces.fakes.canvas import datamatrix
from sudia.pieces.fakes.twoddoc_writer import CERT_ID, CA_ID, TEST_KEYS, signed_code
from sudia.pieces.twoddoc.certificates import CertificateStore, add_certificate
from sudia.pieces.twoddoc.format import FormatError, parse
from sudia.pieces.twoddoc.reader import read_twoddoc
from sudia.pieces.twoddoc.signature import verify

FIELDS = {"26": "FR", "24": "13001", "10": "MME/DUPONT/ELODIE", "22": "12 RUE PARADIS", "25": "MARSEILLE", "1D": "84.32"}


def test_header_and_fields_round_trip() -> None:
    parsed = parse(signed_code("01", date(2026, 2, 3), FIELDS))
    assert (parsed.version, parsed.ca_id, parsed.cert_id, parsed.doc_type) == (4, CA_ID, CERT_ID, "01")
    assert parsed.issue_date == "2026-02-03" and parsed.country == "FR"
    assert parsed.fields == FIELDS


def test_signature_verifies_with_the_test_certificate_only() -> None:
    code = signed_code("01", date(2026, 2, 3), FIELDS)
    assert verify(parse(code), CertificateStore([TEST_KEYS]))[0] == "valide"
    assert verify(parse(code), CertificateStore([]))[0] == "certificat_inconnu"
    edited = code.replace("84.32", "94.32")
    assert verify(parse(edited), CertificateStore([TEST_KEYS]))[0] == "invalide"
    broken = signed_code("01", date(2026, 2, 3), FIELDS, break_signature=True)
    assert verify(parse(broken), CertificateStore([TEST_KEYS]))[0] == "invalide"


def test_not_a_2ddoc() -> None:
    with pytest.raises(FormatError):
        parse("hello")
    with pytest.raises(FormatError):
        parse("DC04TS01SUD1" + "0" * 20)  # no signature separator


def test_an_administrator_adds_a_certificate_with_its_source(tmp_path: Path) -> None:
    added = add_certificate(tmp_path, TEST_KEYS / "TS01-SUD1.pem", "ts01", "sud1", "https://exemple.fr/certificat")
    store = CertificateStore([tmp_path])
    assert store.find("TS01", "SUD1") == added and added.source == "https://exemple.fr/certificat"
    junk = tmp_path / "junk.pem"
    junk.write_text("pas un certificat")
    with pytest.raises(SudiaError) as error:
        add_certificate(tmp_path, junk, "FR03", "ABCD", "source")
    assert error.value.code == "SUDIA-P004"
    with pytest.raises(SudiaError):
        add_certificate(tmp_path, TEST_KEYS / "TS01-SUD1.pem", "FR03", "ABCD", " ")  # a source is required


def test_the_packaged_store_does_not_trust_the_test_key() -> None:
    from sudia.pieces.twoddoc.certificates import PACKAGED

    assert CertificateStore([PACKAGED]).find(CA_ID, CERT_ID) is None


def test_datamatrix_is_found_decoded_and_verified_on_an_image() -> None:
    from PIL import Image

    code = signed_code("04", date(2025, 7, 31), {"44": "2512A12345678", "41": "23456", "46": "DUPONT ELODIE"})
    page = Image.new("RGB", (900, 600), "white")
    page.paste(datamatrix(code, 4), (600, 40))
    found = read_twoddoc(np.asarray(page.convert("L")), 1, [TEST_KEYS])
    assert found is not None and found.signature_status == "valide" and found.fields["41"] == "23456"
    assert found.zone is not None and 0.6 < found.zone.left < 0.7
    assert shutil.which("tesseract")  # the OCR tests below need it too
