"""Fields printed on a piece, from its OCR text: dates, amounts, IBAN, BIC, SIREN/SIRET, holder line."""

from __future__ import annotations

import re
from datetime import date

from sudia.pieces.dates import date_after, find_dates
from sudia.pieces.identifiers import compact, iban_problem

ISSUE_LABELS = {
    "justificatif_domicile": ("facture n", " du ", "période du", "fait à"),
    "avis_imposition": ("mise en recouvrement", "date d'établissement"),
    "bulletin_salaire": (" au ", "période du", "paie du"),
    "kbis": ("à jour au", "a jour au"),
    "attestation_urssaf": ("délivrée le", "delivree le", "délivrée"),
}
EXPIRY_LABELS = ("date d'expiration", "expiry date", "date of expiry", "valable jusqu", "4b.", "4b")
AMOUNT = r"(\d{1,3}(?:[ .\u202f]?\d{3})*(?:,\d{2})?)"


def issue_date(text: str, doc_type: str) -> date | None:
    labels = ISSUE_LABELS.get(doc_type)
    if not labels:
        return None
    if doc_type == "bulletin_salaire" or (doc_type == "justificatif_domicile" and "période du" in text.lower()):
        found = date_after(text, ("période du", "periode du"), 40)
        if found:  # the period's end, the second date of « du … au … »
            spans = [d for d, start, _ in find_dates(text) if d > found]
            return min(spans, key=lambda d: (d - found).days) if spans else found
    return date_after(text, labels, 80)


def expiry_date(text: str) -> date | None:
    return date_after(text, EXPIRY_LABELS, 40)


def amount_after(text: str, labels: tuple[str, ...], cents: bool = False) -> str:
    """The number printed after a label, normalised (dot decimals, no thousands separators);
    `cents`: only a sum with its two decimals counts (a bare « 19 » is a misread)."""
    lowered = text.lower()
    for label in labels:
        i = lowered.find(label.lower())
        if i < 0:
            continue
        pattern = r"(\d{1,3}(?:[ .\u202f]?\d{3})*,\d{2})" if cents else AMOUNT
        m = re.search(pattern, text[i + len(label):i + len(label) + 60])
        if m:
            value = re.sub(r"[ .\u202f]", "", m.group(1)).replace(",", ".")
            return value
    return ""


def iban(text: str) -> str:
    """The IBAN after the « IBAN » label, else the first valid-looking one in the text."""
    candidates = []
    for m in re.finditer(r"IBAN\s*:?\s*([A-Z]{2}[0-9OIlS ]{2}[A-Z0-9 ]{10,40})", text, re.IGNORECASE):
        candidates.append(m.group(1))
    candidates += [m.group(1) for m in re.finditer(r"\b(FR\s?\d{2}(?:\s?[A-Z0-9]{4}){5}\s?[A-Z0-9]{3})\b", text)]
    for raw in candidates:
        value = compact(raw)
        value = value[:2] + value[2:4].replace("O", "0").replace("I", "1").replace("S", "5") + value[4:]
        if value.startswith("FR"):
            value = value[:27]
        if not iban_problem(value):
            return value
    return compact(candidates[0])[:27] if candidates else ""


def bic(text: str) -> str:
    m = re.search(r"\bBIC\s*:?\s*([A-Z0-9]{8,11})\b", text)
    return m.group(1) if m else ""


def siren(text: str) -> str:
    m = re.search(r"(?:SIREN|RCS,? num[ée]ro|num[ée]ro)\s*:?\s*(\d{3}\s?\d{3}\s?\d{3})\b", text, re.IGNORECASE)
    return compact(m.group(1)) if m else ""


def siret(text: str) -> str:
    m = re.search(r"SIRET[^:\d]{0,20}:?\s*(\d{3}\s?\d{3}\s?\d{3}\s?\d{5})\b", text, re.IGNORECASE)
    return compact(m.group(1)) if m else ""


def extract(text: str, doc_type: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    issued = issue_date(text, doc_type)
    if issued:
        fields["issue_date"] = issued.isoformat()
    expiry = expiry_date(text)
    if expiry:
        fields["expiry_date_printed"] = expiry.isoformat()
    if doc_type == "rib":
        fields.update({k: v for k, v in (("iban", iban(text)), ("bic", bic(text))) if v})
    if doc_type in ("kbis", "attestation_urssaf"):
        fields.update({k: v for k, v in (("siren", siren(text)), ("siret", siret(text))) if v})
    if doc_type == "bulletin_salaire":
        value = siret(text)
        if value:
            fields["siret"] = value
    if doc_type == "justificatif_domicile":
        value = amount_after(text, ("Montant total TTC", "Total TTC", "Total :"), cents=True)
        if value:
            fields["amount"] = value
    if doc_type == "avis_imposition":
        value = amount_after(text, ("Revenu fiscal de référence", "Revenu fiscal de reference"))
        if value:
            fields["rfr"] = value.split(".")[0]
    return fields
