"""The observatory extractor: reads files with the platform parsers and extracts a merged knowledge set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sudia.errors import SudiaError
from sudia.ingest.parsers.registry import ParserRegistry
from sudia.observatoire import learned
from sudia.observatoire.document import MIN_CONFIDENCE, DocumentExtractor
from sudia.observatoire.geography import Geography, load_geography
from sudia.observatoire.merge import merge_extractions
from sudia.observatoire.nlp import load_french
from sudia.observatoire.types import Extraction


class Extractor:
    """Rules plus the bundled spaCy French model; runs offline. An LLM is not used (see README)."""

    def __init__(self, nlp: Any = None, geography: Geography | None = None,
                 registry: ParserRegistry | None = None, known: frozenset[str] = frozenset(),
                 min_confidence: float | None = None, assistant: Any = None,
                 models: learned.Models | None = None) -> None:
        self._nlp = nlp
        self.geography = geography or load_geography()
        self.registry = registry or ParserRegistry()
        self.known = known  # name keys of known actors: a gazetteer that vouches for names
        self.min_confidence = MIN_CONFIDENCE if min_confidence is None else min_confidence
        self.assistant = assistant  # an llm_extraction.LlmExtractor, or None: offline only (the default)
        self.models = models  # the attribution of SUDIA_OBS_ATTRIBUTION (see DocumentExtractor)

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_french()
        return self._nlp

    def read(self, path: Path) -> list[str]:
        if not path.is_file():
            raise SudiaError("SUDIA-I001", path=str(path))
        data = path.read_bytes()
        if not data.strip():
            raise SudiaError("SUDIA-I002", path=path.name)
        parsed = self.registry.parser_for(data, path).parse(data, path)
        return [block.text for block in parsed.blocks]

    def extract_text(self, document: str, blocks: list[str]) -> Extraction:
        """One document, already split into blocks (paragraphs)."""
        offline = DocumentExtractor(self.nlp, self.geography, self.known, self.min_confidence,
                                    self.models).extract(document, blocks)
        if self.assistant is None:
            return offline
        from sudia.observatoire.llm_extraction import combine

        return combine(offline, self.assistant.extract(document, blocks))

    def extract_file(self, path: Path) -> Extraction:
        return self.extract_text(path.name, self.read(path))

    def extract_files(self, paths: list[Path]) -> Extraction:
        """Several documents merged: one actor per organisation, no duplicate fact, contradictions listed."""
        return merge_extractions([self.extract_file(p) for p in paths], self.geography)
