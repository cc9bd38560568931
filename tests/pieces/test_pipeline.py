"""The whole pipeline on generated pieces, in the parser sandbox: type, fields, checks, statuses."""

from __future__ import annotations

import pytest

from pieces.conftest import TODAY, Fake
from sudia.errors import SudiaError
from sudia.pieces.analysis import analyse_file
from sudia.pieces.checks import run_checks
from sudia.pieces.fakes.twoddoc_writer import TEST_KEYS
from sudia.pieces.types import Applicant, PieceReport

pytestmark = pytest.mark.slow


def report(fake: Fake, trust_test_key: bool = True) -> PieceReport:
    findings = analyse_file(fake.path.read_bytes(), fake.path.name, certificate_dirs=[TEST_KEYS] if trust_test_key else [])
    return PieceReport(findings, tuple(run_checks(findings, Applicant.from_dict(fake.applicant()), None, TODAY)))


def outcomes(r: PieceReport) -> dict[str, str]:
    return {c.code: c.outcome for c in r.checks}


def test_identity_card_read_from_its_mrz(fakes: dict[str, Fake]) -> None:
    r = report(fakes["cni"])
    assert r.findings.doc_type == "cni"
    assert r.findings.mrz is not None and r.findings.mrz.document_number == fakes["cni"].truth["document_number"]
    assert r.status == "conforme", r.checks


def test_expired_card_is_never_conforme(fakes: dict[str, Fake]) -> None:
    r = report(fakes["cni_expiree"])
    assert outcomes(r)["validite"] == "non_conforme" and r.status == "non_conforme"


def test_passport(fakes: dict[str, Fake]) -> None:
    r = report(fakes["passeport"])
    assert r.findings.doc_type == "passeport" and r.findings.mrz is not None and r.findings.mrz.format == "TD3"
    assert r.findings.mrz.birth_date == fakes["passeport"].truth["birth_date"]


def test_bill_with_a_signed_2ddoc(fakes: dict[str, Fake]) -> None:
    r = report(fakes["facture"])
    assert r.findings.doc_type == "justificatif_domicile"
    assert outcomes(r)["2ddoc.signature"] == "conforme" and outcomes(r)["2ddoc.contenu"] == "conforme"
    assert r.findings.twoddoc is not None and r.findings.twoddoc.zone is not None
    unknown = report(fakes["facture"], trust_test_key=False)
    assert outcomes(unknown)["2ddoc.signature"] == "a_verifier"  # certificate not installed: cannot tell


def test_edited_amount_and_broken_signature_are_non_conforme(fakes: dict[str, Fake]) -> None:
    edited = report(fakes["facture_montant"])
    assert outcomes(edited)["2ddoc.contenu"] == "non_conforme" and "montant" in next(
        c.reason for c in edited.checks if c.code == "2ddoc.contenu")
    assert outcomes(report(fakes["facture_signature"]))["2ddoc.signature"] == "non_conforme"


def test_rib(fakes: dict[str, Fake]) -> None:
    good = report(fakes["rib"])
    assert good.findings.fields["iban"] == fakes["rib"].truth["iban"] and outcomes(good)["iban"] == "conforme"
    assert outcomes(report(fakes["rib_faux"]))["iban"] == "non_conforme"


def test_kbis_siren(fakes: dict[str, Fake]) -> None:
    r = report(fakes["kbis"])
    assert r.findings.doc_type == "kbis" and r.findings.fields.get("siren") == fakes["kbis"].truth["siren"]


def test_unreadable_file_is_a_french_error() -> None:
    with pytest.raises(SudiaError) as error:
        analyse_file(b"not an image at all", "piece.bin")
    assert error.value.code == "SUDIA-P005" and "piece.bin" in error.value.message


def test_an_upside_down_photo_is_turned_back(fakes: dict[str, Fake], tmp_path) -> None:
    from PIL import Image

    turned = tmp_path / "rib-retourne.png"
    Image.open(fakes["rib"].path).rotate(180, expand=True).save(turned)
    findings = analyse_file(turned.read_bytes(), turned.name)
    assert findings.quality.rotated == 180 and findings.doc_type == "rib"
    assert findings.fields["iban"] == fakes["rib"].truth["iban"]
