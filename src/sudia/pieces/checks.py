"""Findings + rule + declared identity -> tri-state checks, each with its French reason.

Principle: « non conforme » only on evidence that does not depend on a doubtful reading: a check
digit that fails on a sharp image, a signature that does not verify, a date read from a verified
MRZ. A reading that may be an OCR error gives « à vérifier ». Nothing is rejected: an instructor
decides. Thresholds are measured (bench/RESULTS.md, section pièces).
"""

from __future__ import annotations

from datetime import date

from sudia.pieces import mrz as mrz_format
from sudia.pieces.address import compare_address
from sudia.pieces.checks_documents import bank_checks, company_checks, twoddoc_checks
from sudia.pieces.dates import french, parse_iso
from sudia.pieces.names import compare_given_names, compare_surname, fold, name_in_text
from sudia.pieces.procedures import PieceRule
from sudia.pieces.types import DOC_TYPES, Applicant, Check, Findings

# Laplacian variance at 1000 px wide. Dev curve (bench/pieces_thresholds.py, RESULTS.md): MRZ and IBAN
# were read on every image down to 39-44 (blur radius 1.5), on 5 in 6 at 14-17, 2 in 6 at 5-7.
SHARPNESS_MIN = 40.0
BRIGHTNESS_MIN = 70.0  # mean grey level: below, the photo is too dark (not measured: see RESULTS.md)
IDENTITY_TYPES = {"cni", "cni_ancienne", "passeport", "titre_sejour", "permis_conduire"}
MRZ_TYPES = {"cni", "cni_ancienne", "passeport", "titre_sejour"}


def good_image(f: Findings) -> bool:
    return f.quality.sharpness >= SHARPNESS_MIN and f.quality.brightness >= BRIGHTNESS_MIN and not f.quality.cropped


def run_checks(f: Findings, applicant: Applicant | None, rule: PieceRule | None, today: date) -> list[Check]:
    checks = [quality_check(f), type_check(f, rule)]
    if f.doc_type in MRZ_TYPES:
        checks += mrz_checks(f)
    if f.doc_type in IDENTITY_TYPES:
        checks.append(expiry_check(f, today))
    checks += freshness_checks(f, rule, today)
    if applicant is not None and applicant.surname and (rule is None or rule.identity) \
            and f.doc_type not in ("autre", "attestation_urssaf"):
        checks.append(identity_check(f, applicant))
        if f.mrz is not None and applicant.birth_date:
            checks.append(birth_check(f, applicant))
    if applicant is not None and f.doc_type == "justificatif_domicile" and (rule is None or rule.address):
        checks.append(address_check(f, applicant))
    checks += bank_checks(f, good_image(f))
    checks += company_checks(f, good_image(f), applicant if rule is None or rule.company else None)
    checks += twoddoc_checks(f, good_image(f))
    return checks


def quality_check(f: Findings) -> Check:
    q = f.quality
    problems = []
    if q.sharpness < SHARPNESS_MIN:
        problems.append(f"image floue (netteté {q.sharpness:.0f}, minimum {SHARPNESS_MIN:.0f})")
    if q.brightness < BRIGHTNESS_MIN:
        problems.append(f"image trop sombre (luminosité {q.brightness:.0f}/255)")
    if q.cropped:
        problems.append("texte coupé au bord de l'image (document recadré ou incomplet)")
    if problems:
        return Check("qualite", "Lisibilité", "a_verifier", "; ".join(problems).capitalize()
                     + " : les lectures automatiques sont moins sûres, demandez au besoin une nouvelle image.")
    return Check("qualite", "Lisibilité", "conforme", f"Image nette (netteté {q.sharpness:.0f}) et bien exposée.")


def type_check(f: Findings, rule: PieceRule | None) -> Check:
    label = DOC_TYPES.get(f.doc_type, f.doc_type)
    if f.doc_type == "autre":
        return Check("type", "Type de document", "a_verifier",
                     "Type de document non reconnu : vérifiez qu'il s'agit de la pièce demandée.")
    if rule is None or f.doc_type in rule.types:
        return Check("type", "Type de document", "conforme", f"Document reconnu : {label}.")
    expected = ", ".join(DOC_TYPES[t] for t in rule.types)
    return Check("type", "Type de document", "non_conforme",
                 f"Document reconnu : {label} ; la pièce « {rule.label} » attend : {expected}.")


def mrz_checks(f: Findings) -> list[Check]:
    m = f.mrz
    zone = f.field_zones.get("mrz")
    if m is None:
        return [Check("mrz", "Zone de lecture automatique (MRZ)", "a_verifier",
                      "Aucune zone de lecture automatique lue : vérifiez le verso ou la page de données.", zone)]
    failed = [k for k, ok in m.check_digits.items() if not ok]
    if not failed:
        out = [Check("mrz", "Zone de lecture automatique (MRZ)", "conforme",
                     f"Format {m.format}, tous les chiffres de contrôle sont justes.", zone)]
    else:
        # a failing digit is evidence only when the image is sharp and two OCR passes read the same
        confirmed = good_image(f) and m.agreeing_readings >= 2
        outcome = "non_conforme" if confirmed else "a_verifier"
        why = "lecture confirmée sur une image nette : falsification ou document altéré possible" if confirmed else \
            "lecture non confirmée, une erreur de lecture est possible : comparez à l'œil"
        out = [Check("mrz", "Zone de lecture automatique (MRZ)", outcome,
                     f"Chiffre(s) de contrôle faux : {', '.join(failed)} ({why}).", zone)]
    # the visual zone must repeat the MRZ's name: a name edited on the card leaves the MRZ unchanged
    visual = "\n".join(line for line in f.text.splitlines() if "<" not in line)
    if m.surname:
        found = name_in_text(visual, [m.surname])
        # printed in bold capitals next to its label: one OCR slip tolerated, not two (GIRARD/BERNARD)
        if 0 <= found.edits <= 1:
            out.append(Check("mrz.visuel", "MRZ et zone imprimée", "conforme",
                             f"Le nom de la MRZ ({m.surname}) figure dans la zone imprimée."))
        else:
            outcome = "non_conforme" if good_image(f) and not failed else "a_verifier"
            out.append(Check("mrz.visuel", "MRZ et zone imprimée", outcome,
                             f"Le nom de la MRZ ({m.surname}) ne figure pas dans la zone imprimée du document.", zone))
    return out


def _expiry(f: Findings) -> tuple[date | None, str]:
    m = f.mrz
    if m is not None and m.expiry_date and m.check_digits.get("expiration"):
        return parse_iso(m.expiry_date), "MRZ, chiffre de contrôle juste"
    printed = parse_iso(f.fields.get("expiry_date_printed", ""))
    if printed and not (m is not None and m.format == "FR-CNI"):
        return printed, "date imprimée"
    if m is not None and m.format == "FR-CNI" and m.check_digits.get("numéro"):
        issued = parse_iso(mrz_format.fr_cni_issue(m.document_number))
        if issued:
            born = parse_iso(m.birth_date)
            # cards issued to adults since 2004 are valid 15 years (those of 2004-2013 were extended
            # in 2014 without changing the printed date): the printed date may be 5 years short
            adult = born is None or (issued - born).days >= 18 * 365
            years = 15 if issued.year >= 2004 and adult else 10
            computed = issued.replace(year=issued.year + years)
            if printed and printed > computed:
                return printed, "date imprimée"
            return computed, f"délivrée en {issued:%m/%Y}, valable {years} ans pour un majeur depuis 2004"
    if printed:
        return printed, "date imprimée"
    return None, ""


def expiry_check(f: Findings, today: date) -> Check:
    expiry, source = _expiry(f)
    if expiry is None:
        return Check("validite", "Date de validité", "a_verifier", "Date de fin de validité non lue.")
    if expiry < today:
        return Check("validite", "Date de validité", "non_conforme", f"Document expiré depuis le {french(expiry)} ({source}).",
                     f.field_zones.get("expiry_date_printed"))
    return Check("validite", "Date de validité", "conforme", f"Valable jusqu'au {french(expiry)} ({source}).")


def freshness_checks(f: Findings, rule: PieceRule | None, today: date) -> list[Check]:
    zone = f.field_zones.get("issue_date")
    if f.doc_type == "avis_imposition":
        issued = parse_iso(f.fields.get("issue_date", "")) or (parse_iso(f.twoddoc.issue_date) if f.twoddoc else None)
        if issued is None:
            return [Check("fraicheur", "Année de l'avis", "a_verifier", "Date de l'avis non lue.")]
        # the latest notice arrives in summer: last year's, or the year before until August
        latest = today.year if today.month >= 8 else today.year - 1
        if issued.year >= latest - 0 or (issued.year == latest - 1 and today.month < 9):
            return [Check("fraicheur", "Année de l'avis", "conforme", f"Avis mis en recouvrement le {french(issued)}.", zone)]
        return [Check("fraicheur", "Année de l'avis", "non_conforme",
                      f"Avis ancien (mis en recouvrement le {french(issued)}) : le dernier avis est demandé.", zone)]
    max_age = rule.max_age(f.doc_type) if rule else PieceRule("", "", ()).max_age(f.doc_type)
    if not max_age:
        return []
    issued = parse_iso(f.fields.get("issue_date", ""))
    if issued is None and f.twoddoc is not None and f.twoddoc.signature_status == "valide":
        issued = parse_iso(f.twoddoc.issue_date)
    if issued is None:
        return [Check("fraicheur", "Date du document", "a_verifier", "Date d'émission non lue.")]
    age = (today - issued).days
    if age > max_age:
        return [Check("fraicheur", "Date du document", "non_conforme",
                      f"Document du {french(issued)}, daté de {age} jours (au plus {max_age} jours demandés).", zone)]
    if age < -1:
        return [Check("fraicheur", "Date du document", "a_verifier", f"Date d'émission dans le futur : {french(issued)}.", zone)]
    return [Check("fraicheur", "Date du document", "conforme", f"Document du {french(issued)} ({age} jours).", zone)]


def identity_check(f: Findings, a: Applicant) -> Check:
    declared = [n for n in (a.surname, a.birth_name) if n]
    label = "Nom du titulaire"
    m = f.mrz
    if m is not None and m.surname and m.check_digits and sum(m.check_digits.values()) >= len(m.check_digits) - 1:
        width = {"TD1": 30, "TD3": 39, "TD2": 31, "FR-CNI": 25}.get(m.format, 0)
        surname = compare_surname(m.surname, declared, truncated_at=width)
        given = compare_given_names(m.given_names, a.given_names)
        if surname.within() and (given.edits < 0 or given.within()):
            return Check("identite", label, "conforme", f"Nom de la MRZ {m.surname} conforme au nom déclaré"
                         + (" (écart toléré)" if surname.edits else "") + ".", f.field_zones.get("mrz"))
        what = "nom" if not surname.within() else "prénom"
        return Check("identite", label, "non_conforme" if good_image(f) else "a_verifier",
                     f"Le {what} lu dans la MRZ ({m.surname} {m.given_names}) ne correspond pas à l'identité déclarée "
                     f"({a.surname} {a.given_names}).", f.field_zones.get("mrz"))
    signed = _signed_name(f)
    if signed:
        found = name_in_text(signed, declared)
        if found.edits >= 0 and found.within():
            return Check("identite", label, "conforme", f"Nom signé dans le 2D-Doc ({signed}) conforme au nom déclaré.")
        return Check("identite", label, "non_conforme",
                     f"Le nom signé dans le 2D-Doc ({signed}) ne correspond pas au nom déclaré ({a.surname}).")
    found = name_in_text(f.text, declared)
    if found.edits >= 0 and found.within():
        return Check("identite", label, "conforme", f"Nom déclaré ({found.matched}) présent sur le document"
                     + (" à une ou deux lettres près" if found.edits else "") + ".")
    return Check("identite", label, "a_verifier",
                 f"Nom déclaré ({a.surname}) non retrouvé dans le texte lu : vérifiez le titulaire.")


def _signed_name(f: Findings) -> str:
    t = f.twoddoc
    if t is None or t.signature_status != "valide":
        return ""
    if t.fields.get("13"):
        return t.fields["13"]
    if t.fields.get("10") and "/" in t.fields["10"]:
        return t.fields["10"].split("/")[1]
    return t.fields.get("46", "")


def birth_check(f: Findings, a: Applicant) -> Check:
    m = f.mrz
    if m is None or not m.birth_date or not m.check_digits.get("naissance"):
        return Check("naissance", "Date de naissance", "a_verifier", "Date de naissance de la MRZ non vérifiable.")
    if m.birth_date == a.birth_date:
        return Check("naissance", "Date de naissance", "conforme", "Date de naissance conforme à la déclaration.")
    return Check("naissance", "Date de naissance", "non_conforme",
                 f"Date de naissance lue {french(parse_iso(m.birth_date))}, déclarée "
                 f"{french(parse_iso(a.birth_date)) if parse_iso(a.birth_date) else a.birth_date}.")


def address_check(f: Findings, a: Applicant) -> Check:
    if not (a.address or a.postcode):
        return Check("adresse", "Adresse", "a_verifier", "Aucune adresse déclarée à comparer.")
    match = compare_address(f.text, a.address, a.postcode, a.city)
    if match.postcode_found and match.street_coverage >= 0.75:
        return Check("adresse", "Adresse", "conforme", "Adresse déclarée retrouvée sur le document.")
    missing = [w for w, ok in (("code postal", match.postcode_found), ("commune", match.city_found),
                               ("voie", match.street_coverage >= 0.75)) if not ok]
    return Check("adresse", "Adresse", "a_verifier", f"Adresse déclarée incomplètement retrouvée ({', '.join(missing)} "
                 "non lus) : vérifiez qu'elle correspond.")


__all__ = ["run_checks", "good_image", "fold"]
