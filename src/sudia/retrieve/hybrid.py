"""Hybrid search: French BM25 and multilingual dense search fused by weighted reciprocal rank fusion."""

from __future__ import annotations

from dataclasses import dataclass

from sudia.embed.base import Embedder
from sudia.retrieve.dense import HEAD_WEIGHT, DenseIndex
from sudia.store.base import Store
from sudia.types import Hit


@dataclass(frozen=True)
class FusionWeights:
    lexical: float = 1.0
    dense: float = 1.0
    k: int = 60


class HybridRetriever:
    def __init__(self, store: Store, embedder: Embedder | None, weights: FusionWeights = FusionWeights(),
                 candidates: int = 50, head_weight: float = HEAD_WEIGHT) -> None:
        self.store = store
        self.embedder = embedder
        self.dense = DenseIndex(store, head_weight)
        self.weights = weights
        self.candidates = candidates

    def search(self, query: str, collections: list[str], k: int = 10) -> list[Hit]:
        if not query.strip() or not collections:
            return []
        n = max(self.candidates, k)
        lexical = self.store.lexical_search(collections, query, n)
        dense: list[tuple[str, float]] = []
        if self.embedder is not None:
            vector = self.embedder.embed_queries([query])[0]
            # The lexical candidates are scored by their windows too, even where the dense side preselects.
            dense = self.dense.search(collections, vector, n, also=[cid for cid, _ in lexical])
        return self._fuse(lexical, dense, k)

    def _fuse(self, lexical: list[tuple[str, float]], dense: list[tuple[str, float]], k: int) -> list[Hit]:
        w = self.weights
        scores: dict[str, float] = {}
        lexical_rank = {cid: r for r, (cid, _) in enumerate(lexical, start=1)}
        dense_rank = {cid: r for r, (cid, _) in enumerate(dense, start=1)}
        dense_score = dict(dense)
        for cid, rank in lexical_rank.items():
            scores[cid] = scores.get(cid, 0.0) + w.lexical / (w.k + rank)
        for cid, rank in dense_rank.items():
            scores[cid] = scores.get(cid, 0.0) + w.dense / (w.k + rank)
        best = sorted(scores, key=lambda cid: -scores[cid])[:k]
        chunks = {c.id: c for c in self.store.get_chunks(best)}
        return [
            Hit(chunks[cid], scores[cid], lexical_rank.get(cid), dense_rank.get(cid), dense_score.get(cid))
            for cid in best if cid in chunks
        ]
