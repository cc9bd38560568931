"""Exact dense search: vectors loaded from the store into memory, one matrix per collection.

The matrix is a cache keyed by the collection's revision, so several stateless workers each hold
their own copy and reload it when another worker changed the collection. At 100k passages of 384
dimensions a matrix product takes a few milliseconds: no approximate index is needed at this scale.

A passage may hold several vectors, one per window of its text (`sudia.ingest.windows`): its score is
that of its best window, so a fact deep in a long passage is seen by the dense side too.
"""

from __future__ import annotations

import threading

import numpy as np

from sudia.store.base import Store


class DenseIndex:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._cache: dict[str, tuple[int, list[str], np.ndarray]] = {}
        self._lock = threading.Lock()

    def _matrix(self, collection: str) -> tuple[list[str], np.ndarray]:
        revision = self._store.revision(collection)
        cached = self._cache.get(collection)
        if cached is not None and cached[0] == revision:
            return cached[1], cached[2]
        with self._lock:
            ids, matrix = self._store.vectors(collection)
            self._cache[collection] = (revision, ids, matrix)
        return ids, matrix

    def search(self, collections: list[str], query_vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        best: dict[str, float] = {}
        dim = query_vector.shape[0]
        for collection in collections:
            ids, matrix = self._matrix(collection)
            if ids and matrix.shape[1] != dim and matrix.shape[1] % dim == 0:
                # Every passage holds the same number of windows: one stored row is several vectors.
                per_row = matrix.shape[1] // dim
                ids, matrix = [i for i in ids for _ in range(per_row)], matrix.reshape(-1, dim)
            if not ids or matrix.shape[1] != dim:
                continue  # empty, or embedded with another model: lexical search still answers
            scores = matrix @ query_vector
            # Several rows may belong to one passage: read enough rows to find k distinct passages.
            rows = min(len(ids), k * 8)
            top = np.argpartition(-scores, rows - 1)[:rows] if len(ids) > rows else np.arange(len(ids))
            for i in top:
                score = float(scores[i])
                if score > best.get(ids[i], -2.0):
                    best[ids[i]] = score
        return sorted(best.items(), key=lambda pair: -pair[1])[:k]
