"""Document type from what was read: a signed 2D-Doc's type, the MRZ's format and code, then
weighted French keywords of the OCR text (tolerant to one OCR error in eight letters)."""

from __future__ import annotations

from sudia.pieces.names import distance, fold
from sudia.pieces.twoddoc.fields import PIECE_TYPES
from sudia.pieces.types import MrzData, TwoDDoc

KEYWORDS: dict[str, list[tuple[str, float]]] = {
    "cni": [("CARTE NATIONALE D IDENTITE", 2), ("IDENTITY CARD", 2), ("DATE D EXPIRATION", 0.5)],
    "cni_ancienne": [("CARTE NATIONALE D IDENTITE N", 1.5), ("CARTE VALABLE JUSQU", 2.5), ("NE E LE", 1)],
    "passeport": [("PASSEPORT", 3), ("PASSPORT", 2)],
    "titre_sejour": [("TITRE DE SEJOUR", 3), ("RESIDENCE PERMIT", 2), ("CARTE DE RESIDENT", 2), ("CARTE DE SEJOUR", 2)],
    "permis_conduire": [("PERMIS DE CONDUIRE", 3), ("PREFECTURE", 0.5)],
    "justificatif_domicile": [("FACTURE", 1.5), ("QUITTANCE DE LOYER", 3), ("MONTANT TOTAL TTC", 1.5),
                              ("CONSOMMATION", 1), ("ABONNEMENT", 1), ("LOCATAIRE", 1), ("BAILLEUR", 1),
                              ("ADRESSE DE FACTURATION", 1), ("REFERENCE CLIENT", 1)],
    "avis_imposition": [("AVIS D IMPOT", 3), ("REVENU FISCAL DE REFERENCE", 2), ("FINANCES PUBLIQUES", 1.5),
                        ("NUMERO FISCAL", 1), ("IMPOT SUR LES REVENUS", 1.5)],
    "rib": [("RELEVE D IDENTITE BANCAIRE", 3), ("IBAN", 1), ("BIC", 0.5), ("CODE GUICHET", 1.5),
            ("TITULAIRE DU COMPTE", 1), ("DOMICILIATION", 1)],
    "bulletin_salaire": [("BULLETIN DE PAIE", 3), ("BULLETIN DE SALAIRE", 3), ("NET A PAYER", 1.5),
                         ("SALAIRE DE BASE", 1.5), ("COTISATIONS SALARIALES", 1), ("EMPLOYEUR", 0.5)],
    "kbis": [("EXTRAIT KBIS", 3), ("REGISTRE DU COMMERCE", 2), ("GREFFE DU TRIBUNAL", 1.5),
             ("IMMATRICULATION AU RCS", 1.5), ("FORME JURIDIQUE", 1)],
    "attestation_urssaf": [("ATTESTATION DE VIGILANCE", 3), ("URSSAF", 2), ("CONTRIBUTIONS SOCIALES", 1),
                           ("CODE DE SECURITE", 1)],
}
MIN_SCORE = 2.0  # below this, the piece is « autre »


def _contains(words: list[str], joined: str, phrase: str) -> bool:
    if phrase in joined:
        return True
    target = phrase.split()
    n, flat = len(target), phrase.replace(" ", "")
    allowed = max(1, len(flat) // 8)
    for i in range(len(words) - n + 1):
        window = "".join(words[i:i + n])
        if abs(len(window) - len(flat)) <= allowed and window[:1] == flat[:1] and distance(window, flat) <= allowed:
            return True
    return False


def keyword_scores(text: str) -> dict[str, float]:
    joined = " " + fold(text) + " "
    words = joined.split()
    return {kind: sum(w for phrase, w in phrases if _contains(words, joined, phrase))
            for kind, phrases in KEYWORDS.items()}


def classify(text: str, mrz: MrzData | None, twoddoc: TwoDDoc | None) -> tuple[str, dict[str, float]]:
    scores = keyword_scores(text)
    if twoddoc is not None and twoddoc.doc_type in PIECE_TYPES:
        scores[PIECE_TYPES[twoddoc.doc_type]] = scores.get(PIECE_TYPES[twoddoc.doc_type], 0) + 5
    if mrz is not None:
        if mrz.format == "TD3" or mrz.document_code.startswith("P"):
            scores["passeport"] += 5
        elif mrz.format == "FR-CNI":
            scores["cni_ancienne"] += 5
        elif mrz.document_code.startswith("ID") and mrz.issuing_state == "FRA" and mrz.nationality == "FRA":
            scores["cni"] += 4
        else:
            scores["titre_sejour"] += 4
    best = max(scores, key=lambda k: scores[k])
    return (best if scores[best] >= MIN_SCORE else "autre"), {k: round(v, 2) for k, v in scores.items() if v}
