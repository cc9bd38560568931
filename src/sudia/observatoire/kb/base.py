"""The `KnowledgeBase` Protocol: what the ingestion use case and the web pages need from storage."""

from __future__ import annotations

from typing import Protocol

from sudia.observatoire.types import Correction, Extraction


class KnowledgeBase(Protocol):
    """Stores the merged state of the observatory and the log of human corrections."""

    def load(self) -> Extraction:
        """Everything known: actors, facts (with ids in `fact_ids`), people, contradictions."""
        ...

    def fact_ids(self) -> list[str]:
        """Stable ids of the facts returned by `load`, in the same order."""
        ...

    def save(self, state: Extraction, fact_ids: list[str]) -> None:
        """Replaces the stored state in one transaction."""
        ...

    def add_correction(self, correction: Correction) -> Correction:
        """Appends to the correction log; returns it with its id."""
        ...

    def corrections(self) -> list[Correction]:
        ...

    def close(self) -> None:
        ...
