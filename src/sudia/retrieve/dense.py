"""Exact dense search: vectors loaded from the store into memory, one matrix per collection.

The matrix is a cache keyed by the collection's revision, so several stateless workers each hold
their own copy and reload it when another worker changed the collection. At 100k passages of 384
dimensions a matrix product takes a few milliseconds: no approximate index is needed at this scale.
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
        results: list[tuple[str, float]] = []
        for collection in collections:
            ids, matrix = self._matrix(collection)
            if not ids or matrix.shape[1] != query_vector.shape[0]:
                continue  # empty, or embedded with another model: lexical search still answers
            scores = matrix @ query_vector
            top = np.argpartition(-scores, min(k, len(ids) - 1))[:k] if len(ids) > k else np.arange(len(ids))
            results.extend((ids[i], float(scores[i])) for i in top)
        results.sort(key=lambda pair: -pair[1])
        return results[:k]
