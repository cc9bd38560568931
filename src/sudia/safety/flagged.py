"""Passages that try to steer the AI, listed for administrators (CLI and the administration pages).

The assistant neutralises them each time it reads one (`injection.sanitize_passage`) and names
them in the audit log; this list lets an administrator find and remove the documents behind them.
It reads every passage of the collections it is given, page by page: an administrative check,
not something run on each request.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sudia.safety.injection import detect_injection, sentence_bounds
from sudia.store.base import Store

KINDS = {"instruction": "consigne adressée à l'IA", "role_marker": "balise de rôle ou d'extrait",
         "hidden_characters": "caractères invisibles", "hidden_markup": "commentaire caché",
         "exfiltration_link": "image externe"}


@dataclass(frozen=True)
class FlaggedPassage:
    collection: str
    document_id: str
    document: str  # title, else file name
    source: str
    chunk_id: str
    position: int
    page: int | None
    kinds: tuple[str, ...]  # French labels of what was found
    excerpts: tuple[str, ...]  # the suspicious words themselves

    def to_dict(self) -> dict:
        return {**self.__dict__, "kinds": list(self.kinds), "excerpts": list(self.excerpts)}


def flagged_passages(store: Store, collections: Iterable[str]) -> Iterator[FlaggedPassage]:
    """Suspicious passages of `collections` (fake citation markers alone are not reported)."""
    for collection in collections:
        for document in store.list_documents(collection):
            for chunk in store.document_chunks(document.id):
                findings = [f for f in detect_injection(chunk.text) if f.kind in KINDS]
                if findings:
                    yield FlaggedPassage(collection, document.id, document.title or document.source, document.source,
                                         chunk.id, chunk.position, chunk.page,
                                         tuple(dict.fromkeys(KINDS[f.kind] for f in findings)),
                                         tuple(dict.fromkeys(_sentence(chunk.text, f.excerpt) for f in findings)))


def _sentence(text: str, excerpt: str, limit: int = 240) -> str:
    """The sentence around what was found, so that an administrator sees it in context."""
    at = text.find(excerpt)
    if at == -1:
        return excerpt
    start, end = sentence_bounds(text, at, at + len(excerpt))
    sentence = text[start:end].strip()
    return sentence if len(sentence) <= limit else sentence[:limit - 1] + "…"
