"""The pieces use case's slice of the SUDIA_* settings (read once by the interfaces)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class PiecesSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SUDIA_PIECES_", env_file=None, extra="ignore")

    retention_days: int = Field(default=30, description="Conservation des pièces déposées et des données lues, en jours (0 = sans limite) ; chaque purge est inscrite au journal d'audit")
    procedures_dir: Path | None = Field(default=None, description="Dossier de procédures locales (fichiers TOML) qui s'ajoutent à celles livrées ou les remplacent")
    certificates_dir: Path | None = Field(default=None, description="Dossier des certificats 2D-Doc ajoutés par un administrateur ; par défaut SUDIA_DATA_DIR/pieces/certificates")
    max_file_mb: int = Field(default=20, description="Taille maximale d'une pièce déposée, en Mo")
    timeout_s: float = Field(default=90.0, description="Temps maximal de lecture d'une pièce (OCR compris), en secondes")
    trust_test_certificate: bool = Field(default=False, description="Faire confiance au certificat de TEST du générateur de pièces (démonstration uniquement : sa clé privée est publique)")

    def certificate_dirs(self, data_dir: Path) -> list[Path]:
        dirs = [self.certificates_dir or data_dir / "pieces" / "certificates"]
        if self.trust_test_certificate:
            from sudia.pieces.fakes.twoddoc_writer import TEST_KEYS

            dirs.insert(0, TEST_KEYS)
        return dirs
