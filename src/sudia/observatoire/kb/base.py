"""The `KnowledgeBase` Protocol: what the ingestion use case and the web pages need from storage."""

from __future__ import annotations

from typing import Protocol

from sudia.observatoire.types import Correction, Extraction, Review


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

    def document_hashes(self) -> dict[str, str]:
        """Document name -> SHA-256 of its last extracted version (to skip unchanged documents)."""
        ...

    def record_documents(self, hashes: dict[str, str], at: str) -> None:
        ...

    def add_review(self, review: Review) -> Review:
        """Appends a review decision (contradiction accepted or dismissed, merge done or refused)."""
        ...

    def reviews(self) -> list[Review]:
        ...

    def close(self) -> None:
        ...
