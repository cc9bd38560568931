"""Error catalogue: stable codes and French messages a support agent can search for.

The library raises `SudiaError`; the CLI and web layers render `code` and `message`.
"""

from __future__ import annotations

CATALOGUE: dict[str, str] = {
    # ingestion
    "SUDIA-I001": "Fichier introuvable : {path}",
    "SUDIA-I002": "Fichier vide : {path}",
    "SUDIA-I003": "Fichier trop volumineux : {path} ({size_mb:.1f} Mo, maximum {max_mb} Mo)",
    "SUDIA-I004": "Format non pris en charge : {path} (formats acceptés : PDF, DOCX, HTML, Markdown, texte)",
    "SUDIA-I005": "PDF illisible ou corrompu : {path} ({detail})",
    "SUDIA-I006": "DOCX illisible ou corrompu : {path} ({detail})",
    "SUDIA-I007": "Encodage du texte non reconnu : {path}",
    "SUDIA-I008": "Aucun texte exploitable dans {path} (document vide, ou OCR indisponible pour un scan)",
    "SUDIA-I009": "Lecture impossible : {path} ({detail})",
    "SUDIA-I010": "Nom de fichier refusé : {name}",
    # collections and documents
    "SUDIA-C001": "Collection inconnue : {name}",
    "SUDIA-C002": "Nom de collection invalide : {name} (lettres, chiffres, tirets et soulignés, 1 à 64 caractères)",
    "SUDIA-C003": "Document inconnu : {id}",
    "SUDIA-C004": "Passage inconnu : {id}",
    # models
    "SUDIA-M001": "Modèle d'embeddings inconnu : {name} (choix : {choices})",
    "SUDIA-M002": "Dépendance manquante « {package} » : installez l'extra avec « pip install 'sudia[{extra}]' »",
    "SUDIA-M003": "Le serveur de langage ({url}) n'a pas répondu : {detail}",
    "SUDIA-M004": "Aucun modèle de langage configuré : définissez SUDIA_LLM_BASE_URL et SUDIA_LLM_MODEL",
    "SUDIA-M005": "Modèle inconnu : {name}",
    # storage
    "SUDIA-S001": "Base de données inaccessible : {url} ({detail})",
    "SUDIA-S002": "Adresse de base de données non prise en charge : {url} (sqlite:///… ou postgresql://…)",
    # requests
    "SUDIA-R001": "La question est vide.",
    "SUDIA-R002": "Requête invalide : {detail}",
    "SUDIA-R003": "Fichier de questions invalide : {path}, ligne {line} ({detail})",
}


class SudiaError(Exception):
    """An expected failure with a stable code and a French message."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        template = CATALOGUE[code]
        try:
            self.message = template.format(**params)
        except (KeyError, ValueError):  # a missing parameter must never hide the real error
            self.message = template
        super().__init__(f"[{code}] {self.message}")

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}
