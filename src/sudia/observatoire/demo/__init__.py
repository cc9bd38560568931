"""Demo observatory: fictional documents run through the real extraction pipeline."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from sudia.observatoire.kb.base import KnowledgeBase
from sudia.observatoire.observatory import IngestReport, Observatory
from sudia.settings import Settings

SUFFIXES = (".txt", ".md", ".html", ".pdf", ".docx")


def demo_documents() -> list[Path]:
    folder = Path(str(resources.files("sudia.observatoire.demo")))
    return sorted(p for p in folder.iterdir() if p.name.startswith("demo_") and p.suffix in SUFFIXES)


def build_demo_observatory(kb: KnowledgeBase, settings: Settings | None = None, observatory: Observatory | None = None) -> IngestReport:
    """Extracts the demo documents into `kb`, with the attribution of `settings` (SUDIA_OBS_ATTRIBUTION);
    without settings, the default's."""
    if observatory is None:
        from sudia.observatoire.extractor import Extractor
        from sudia.observatoire.learned import load_models

        mode = settings.obs_attribution if settings is not None else None
        observatory = Observatory(kb, Extractor(models=load_models(mode=mode)) if mode else None)
    return observatory.ingest_files(demo_documents())
