"""Checks from findings: tri-state outcomes and French reasons, without OCR (typed findings built here)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sudia.pieces.checks import run_checks
from sudia.pieces.procedures import available, get
from sudia.pieces.types import Applicant, Findings, MrzData, PieceReport, Quality

TODAY = date(2026, 3, 2)
SHARP = Quality(800.0, 230.0, False, 0.0, 0)


def findings(doc_type: str, text: str = "", mrz: MrzData | None = None, fields: dict | None = None,
             quality: Quality = SHARP) -> Findings:
    return Findings("f.png", "0" * 64, "image/png", 1, ((1000, 1400),), text, (), quality, doc_type, {}, fields or {},
                    {}, mrz, None, "0" * 16, 1.0)


def card(expiry: str = "2031-07-14", digits: bool = True, agreeing: int = 2) -> MrzData:
    return MrzData("TD1", ("", "", ""), "ID", "FRA", "X4RTBPFW4", "MARTIN", "ELODIE MARIE", "FRA", "1990-02-15", "F",
                   expiry, {"numéro": True, "naissance": digits, "expiration": True, "globale": digits}, agreeing)


APPLICANT = Applicant("Martin", "Élodie", "1990-02-15")


def outcome(checks, code: str) -> str:
    return next(c.outcome for c in checks if c.code == code)


def test_a_valid_card_is_conforme() -> None:
    checks = run_checks(findings("cni", "NOM MARTIN Prénoms Élodie Marie", card()), APPLICANT, None, TODAY)
    assert PieceReport(findings("cni"), tuple(checks)).status == "conforme", checks


def test_expired_card_is_non_conforme_with_the_date_in_the_reason() -> None:
    checks = run_checks(findings("cni", "NOM MARTIN", card(expiry="2025-01-10")), APPLICANT, None, TODAY)
    check = next(c for c in checks if c.code == "validite")
    assert check.outcome == "non_conforme" and "10/01/2025" in check.reason


def test_failing_check_digit_needs_a_sharp_image_and_two_agreeing_readings() -> None:
    sharp = run_checks(findings("cni", "NOM MARTIN", card(digits=False)), APPLICANT, None, TODAY)
    assert outcome(sharp, "mrz") == "non_conforme"
    alone = run_checks(findings("cni", "NOM MARTIN", card(digits=False, agreeing=1)), APPLICANT, None, TODAY)
    assert outcome(alone, "mrz") == "a_verifier"
    blurred = run_checks(findings("cni", "NOM MARTIN", card(digits=False), quality=replace(SHARP, sharpness=20)),
                         APPLICANT, None, TODAY)
    assert outcome(blurred, "mrz") == "a_verifier" and outcome(blurred, "qualite") == "a_verifier"


def test_printed_name_differing_from_the_mrz() -> None:
    checks = run_checks(findings("cni", "NOM GIRARD Prénoms Élodie", card()), APPLICANT, None, TODAY)
    assert outcome(checks, "mrz.visuel") == "non_conforme"


def test_another_persons_card() -> None:
    checks = run_checks(findings("cni", "NOM MARTIN", card()), Applicant("Petit", "Paul", "1990-02-15"), None, TODAY)
    assert outcome(checks, "identite") == "non_conforme"


def test_freshness_of_a_bill_follows_the_procedure() -> None:
    rule = get("aide-permis").rule_for("justificatif_domicile")
    old = run_checks(findings("justificatif_domicile", "Martin", fields={"issue_date": "2025-10-01"}), APPLICANT, rule, TODAY)
    assert outcome(old, "fraicheur") == "non_conforme"
    fresh = run_checks(findings("justificatif_domicile", "Martin", fields={"issue_date": "2026-02-01"}), APPLICANT, rule, TODAY)
    assert outcome(fresh, "fraicheur") == "conforme"
    unread = run_checks(findings("justificatif_domicile", "Martin"), APPLICANT, rule, TODAY)
    assert outcome(unread, "fraicheur") == "a_verifier"


def test_wrong_type_for_the_expected_piece() -> None:
    rule = get("aide-permis").rule_for("rib")
    checks = run_checks(findings("kbis", "x"), APPLICANT, replace(rule, types=("avis_imposition",)), TODAY)
    assert outcome(checks, "type") == "non_conforme"
    assert outcome(run_checks(findings("autre", "x"), APPLICANT, None, TODAY), "type") == "a_verifier"


def test_invalid_iban_depends_on_image_quality() -> None:
    text = "Titulaire Mme MARTIN"
    bad = {"iban": "FR7630004000120001234567891"}
    assert outcome(run_checks(findings("rib", text, fields=bad), APPLICANT, None, TODAY), "iban") == "non_conforme"
    dark = replace(SHARP, brightness=40)
    assert outcome(run_checks(findings("rib", text, fields=bad, quality=dark), APPLICANT, None, TODAY), "iban") == "a_verifier"


def test_procedures_ship_as_configuration() -> None:
    procedures = available()
    assert {"aide-permis", "subvention-entreprise", "transport-scolaire"} <= procedures.keys()
    assert {r.key for r in procedures["subvention-entreprise"].pieces} == {"kbis", "rib", "urssaf", "identite"}
