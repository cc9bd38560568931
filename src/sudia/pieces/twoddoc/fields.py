"""Data identifiers of the 2D-Doc message that Sud IA reads: (min, max) length and French label.

Fixed-length fields (min == max) carry no separator; variable ones end with GS (or RS when
truncated). Lengths and labels follow the ANTS technical specification of the 2D-Doc.
"""

from __future__ import annotations

FIELDS: dict[str, tuple[int, int, str]] = {
    "01": (0, 0, "Identifiant unique du document"), "02": (0, 0, "Catégorie de document"),
    "06": (6, 6, "Date d'association au code"), "07": (6, 6, "Heure d'association au code"),
    "08": (4, 4, "Date d'expiration du document"), "09": (4, 4, "Nombre de pages"),
    "0A": (9, 9, "Éditeur du 2D-Doc"), "0B": (9, 9, "Intégrateur du 2D-Doc"),
    "10": (0, 38, "Bénéficiaire de la prestation (ligne 1 de l'adresse)"),
    "11": (0, 38, "Qualité ou titre du bénéficiaire"), "12": (0, 38, "Prénom du bénéficiaire"),
    "13": (0, 38, "Nom du bénéficiaire"), "14": (0, 38, "Destinataire de la facture (ligne 1)"),
    "16": (0, 38, "Prénom du destinataire"), "17": (0, 38, "Nom du destinataire"),
    "18": (0, 0, "Numéro de la facture"), "19": (0, 0, "Numéro de client"), "1A": (0, 0, "Numéro du contrat"),
    "1C": (8, 8, "Date d'effet du contrat"), "1D": (0, 16, "Montant TTC de la facture"),
    "20": (0, 38, "Adresse, ligne 2"), "21": (0, 38, "Adresse, ligne 3"), "22": (0, 38, "Adresse, ligne 4 (voie)"),
    "23": (0, 38, "Adresse, ligne 5"), "24": (5, 5, "Code postal"), "25": (0, 32, "Localité"), "26": (2, 2, "Pays"),
    "30": (0, 140, "Qualité, nom et prénom du titulaire"), "31": (14, 38, "IBAN"), "32": (8, 11, "BIC"),
    "33": (0, 30, "BBAN"), "34": (2, 2, "Pays du compte"),
    "40": (13, 13, "Numéro fiscal"), "41": (0, 0, "Revenu fiscal de référence"), "42": (0, 0, "Situation du foyer"),
    "43": (0, 0, "Nombre de parts"), "44": (13, 13, "Référence de l'avis"), "45": (4, 4, "Année des revenus"),
    "46": (0, 38, "Déclarant 1"), "47": (13, 13, "Numéro fiscal du déclarant 1"), "48": (0, 38, "Déclarant 2"),
    "49": (13, 13, "Numéro fiscal du déclarant 2"), "4A": (8, 8, "Date de mise en recouvrement"),
    "50": (14, 14, "SIRET de l'employeur"), "53": (4, 4, "Début de période"), "54": (4, 4, "Fin de période"),
    "58": (0, 11, "Salaire net imposable"), "5A": (0, 11, "Salaire brut du mois"), "5C": (0, 11, "Salaire net"),
    "60": (0, 60, "Prénoms"), "62": (0, 38, "Nom patronymique"), "63": (0, 38, "Nom d'usage"),
    "69": (8, 8, "Date de naissance"),
}

DOC_TYPES = {"00": "Justificatif de domicile", "01": "Facture", "02": "Avis de taxe d'habitation",
             "03": "Relevé d'identité bancaire", "04": "Avis d'impôt sur le revenu", "05": "Relevé d'identité SEPAmail",
             "06": "Bulletin de salaire", "07": "Titre d'identité", "11": "Relevé de compte",
             "28": "Avis d'impôt sur le revenu"}

# 2D-Doc type -> Sud IA document type, so a signed code also tells what the piece is.
PIECE_TYPES = {"00": "justificatif_domicile", "01": "justificatif_domicile", "02": "avis_imposition",
               "03": "rib", "04": "avis_imposition", "28": "avis_imposition", "05": "rib",
               "06": "bulletin_salaire", "07": "cni"}

# Signed fields whose value must also be printed on the piece (compared with the OCR text).
PRINTED: tuple[str, ...] = ("10", "12", "13", "1D", "22", "24", "25", "31", "41", "44", "46", "48", "50", "58", "5C")
