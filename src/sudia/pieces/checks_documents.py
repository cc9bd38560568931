"""Checks of bank details, company identifiers and 2D-Doc codes (signature, signed vs printed)."""

from __future__ import annotations

import re

from sudia.pieces.identifiers import bic_problem, iban_problem, siren_problem, siret_problem
from sudia.pieces.names import fold, name_in_text, tolerance
from sudia.pieces.twoddoc.fields import FIELDS
from sudia.pieces.types import Applicant, Check, Findings


def bank_checks(f: Findings, good: bool) -> list[Check]:
    if f.doc_type != "rib":
        return []
    out = []
    iban = f.fields.get("iban", "")
    zone = f.field_zones.get("iban")
    if not iban:
        out.append(Check("iban", "IBAN", "a_verifier", "IBAN non lu.", zone))
    else:
        problem = iban_problem(iban)
        if not problem:
            out.append(Check("iban", "IBAN", "conforme", f"IBAN valide (clé modulo 97 et longueur {iban[:2]} justes).", zone))
        else:
            out.append(Check("iban", "IBAN", "non_conforme" if good else "a_verifier",
                             f"IBAN {problem}" + ("" if good else " ; l'image est peu lisible, vérifiez la lecture") + ".", zone))
    bic = f.fields.get("bic", "")
    if bic:
        problem = bic_problem(bic)
        out.append(Check("bic", "BIC", "conforme" if not problem else "a_verifier",
                         "BIC au bon format." if not problem else f"BIC {problem}.", f.field_zones.get("bic")))
    return out


def company_checks(f: Findings, good: bool, applicant: Applicant | None) -> list[Check]:
    out = []
    for key, label, problem_of in (("siren", "SIREN", siren_problem), ("siret", "SIRET", siret_problem)):
        value = f.fields.get(key, "")
        if not value:
            if f.doc_type in ("kbis", "attestation_urssaf") and key == "siren":
                out.append(Check(key, label, "a_verifier", f"{label} non lu."))
            continue
        problem = problem_of(value)
        zone = f.field_zones.get(key)
        if problem:
            out.append(Check(key, label, "non_conforme" if good else "a_verifier", f"{label} {value} : {problem}.", zone))
        else:
            out.append(Check(key, label, "conforme", f"{label} {value} valide (clé de Luhn).", zone))
    declared = applicant.company_siren if applicant else ""
    found = f.fields.get("siren") or f.fields.get("siret", "")[:9]
    if declared and found:
        same = re.sub(r"\D", "", declared)[:9] == found[:9]
        out.append(Check("entreprise", "Entreprise", "conforme" if same else "non_conforme",
                         "SIREN conforme à l'entreprise déclarée." if same else
                         f"SIREN {found[:9]} différent de celui déclaré ({declared})."))
    return out


def twoddoc_checks(f: Findings, good: bool) -> list[Check]:
    t = f.twoddoc
    if t is None:
        if f.doc_type == "avis_imposition":
            return [Check("2ddoc", "Code 2D-Doc", "a_verifier",
                          "Aucun code 2D-Doc lu : les avis d'impôt en portent un ; vérifiez l'original.")]
        return []
    label = "Signature du 2D-Doc"
    status = {"valide": ("conforme", f"Signature valide (autorité {t.ca_id}, certificat {t.cert_id})."),
              "invalide": ("non_conforme", "La signature du code ne correspond pas à son contenu : document modifié "
                                           "ou code recopié."),
              "certificat_inconnu": ("a_verifier", f"Certificat {t.ca_id}/{t.cert_id} absent : un administrateur peut "
                                                   "l'ajouter (sudia pieces certificates add)."),
              "illisible": ("a_verifier", "Code 2D-Doc présent mais illisible.")}[t.signature_status]
    out = [Check("2ddoc.signature", label, status[0], status[1], t.zone)]
    if t.signature_status == "valide":
        out.append(_signed_vs_printed(f, good))
    return out


def _number_variants(value: str) -> set[str]:
    """How a signed number may be printed: 84.32 -> 84,32 ; 23456 -> 23 456."""
    v = value.strip()
    out = {v, v.replace(".", ",")}
    if re.fullmatch(r"\d+", v) and len(v) > 3:
        out.add(f"{int(v):,}".replace(",", " "))
    if re.fullmatch(r"\d+\.\d{2}", v):
        whole, cents = v.split(".")
        out.add(f"{int(whole):,}".replace(",", " ") + "," + cents)
    return out


def _signed_vs_printed(f: Findings, good: bool) -> Check:
    """Signed fields must be printed: a difference means the printed text was edited."""
    t = f.twoddoc
    assert t is not None
    text = f.text
    flat = re.sub(r"\s+", " ", text)
    mismatches, unread = [], []
    for key, printed_key in (("1D", "amount"), ("41", "rfr")):
        if key not in t.fields:
            continue
        signed = t.fields[key]
        if any(v in flat for v in _number_variants(signed)):
            continue
        printed = f.fields.get(printed_key, "")
        if printed and printed.split(".")[0] != signed.split(".")[0]:
            mismatches.append(f"{FIELDS[key][2].lower()} imprimé {printed} au lieu de {signed} signé")
        else:
            unread.append(FIELDS[key][2].lower())
    names = []
    if t.fields.get("10") and "/" in t.fields["10"]:
        names.append(t.fields["10"].split("/")[1])
    if t.fields.get("46"):
        names.append(t.fields["46"])
    for name in names:
        found = name_in_text(text, [name])
        if found.edits < 0 or found.edits > tolerance(name):
            mismatches.append(f"nom signé {fold(name)} absent du texte imprimé") if good else unread.append("nom")
    if mismatches:
        return Check("2ddoc.contenu", "Contenu signé et texte imprimé", "non_conforme" if good or len(mismatches) > 1
                     else "a_verifier", "Le texte imprimé diffère des données signées : " + "; ".join(mismatches) + ".", t.zone)
    if unread:
        return Check("2ddoc.contenu", "Contenu signé et texte imprimé", "a_verifier",
                     f"Données signées non retrouvées dans le texte lu ({', '.join(unread)}) : comparez à l'œil.", t.zone)
    return Check("2ddoc.contenu", "Contenu signé et texte imprimé", "conforme",
                 "Les données signées (nom, montants) sont celles imprimées.", t.zone)
