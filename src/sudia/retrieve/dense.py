"""Dense search over the vectors of each passage, held in memory, one set per collection.

A passage may hold several vectors (`sudia.ingest.windows`): its head (title, section, opening),
stored first and marked by its norm, then one per window of its text. A passage ranks by
`(1 - head_weight) * best window + head_weight * head`: the best window finds a fact deep in a long
passage, the head keeps what a short article is about (curve in docs/adr/0002). The score it carries
out (`Hit.dense_score`, read by the relevance gate) stays the cosine of its best window. A passage
stored without a head (one vector, or windows ingested before heads were kept) ranks by its best window.

Scoring is vectorised (one product, then a max per passage). Up to `exact_rows` window vectors every
window is scored; beyond, a first stage scores two vectors per passage (its head, and the normalised
mean of its windows) to preselect candidates, to which the caller adds its lexical candidates, and
only their windows are scored: at 100k passages of 8 windows the exhaustive product takes 207 ms at
the median on the loaded reference machine, the two stages 117 ms, with the same top 10 on real
vectors at 1% preselected (bench/RESULTS.md §11, docs/adr/0002).

The vectors are a cache keyed by the collection's revision, so several stateless workers each hold
their own copy and reload it when another worker changed the collection.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from sudia.store.base import HEAD_MARK, Store

# Weight of the head in a passage's ranking score: the curve on the dev questions of bench/answers
# and on the CNIL questions about its dev articles is in docs/adr/0002.
HEAD_WEIGHT = 0.5
# Window vectors scored exhaustively: about a fifth of the 900k-row product measured above.
EXACT_ROWS = 200_000
# Passages kept by each first-stage vector when a collection is larger.
PRESELECT = 1_000


@dataclass(frozen=True)
class _Vectors:
    revision: int
    ids: list[str]  # one per passage, in the store's order
    windows: np.ndarray  # (rows, dim): every window, float16 (as stored) past exact_rows
    starts: np.ndarray  # first row of each passage in `windows`
    ends: np.ndarray  # one past its last row
    heads: np.ndarray  # (passages, dim): the head of each passage (its first window where none is stored)
    has_head: np.ndarray  # (passages,) bool: a head was stored
    pooled: np.ndarray | None = None  # (passages, dim): normalised mean of the windows, large collections only
    position: dict[str, int] | None = None  # passage id -> index, idem


def group_windows(ids: list[str], matrix: np.ndarray, dim: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Passage ids, vector rows and the first row of each passage, from the store's rows: one per vector,
    or several vectors side by side per row (`passage_vectors` packs rows to the greatest common divisor
    of the blobs' sizes), a passage then spanning one row or more (2, 4, 2 vectors: rows of 2)."""
    if ids and matrix.shape[1] != dim:
        per_row = matrix.shape[1] // dim
        ids, matrix = [i for i in ids for _ in range(per_row)], matrix.reshape(-1, dim)
    starts = [i for i in range(len(ids)) if i == 0 or ids[i] != ids[i - 1]]
    return [ids[s] for s in starts], matrix, np.array(starts, dtype=np.int64)


def split_heads(rows: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Window rows, their passages' first rows, the heads and which passages stored one: a head is a
    passage's first row, of norm HEAD_MARK (`sudia.ingest.windows`), followed by at least one window."""
    ends = np.append(starts[1:], len(rows))
    first_norm = np.linalg.norm(rows[starts].astype(np.float32), axis=1)
    has_head = (first_norm > (1.0 + HEAD_MARK) / 2) & (ends - starts > 1)
    heads = rows[starts].astype(np.float32)
    heads[has_head] /= HEAD_MARK
    keep = np.ones(len(rows), dtype=bool)
    keep[starts[has_head]] = False
    counts = ends - starts - has_head
    window_starts = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
    windows = rows[keep]
    heads[~has_head] = windows[window_starts[~has_head]]
    return windows, window_starts, heads, has_head


class DenseIndex:
    def __init__(self, store: Store, head_weight: float = HEAD_WEIGHT, exact_rows: int = EXACT_ROWS,
                 preselect: int = PRESELECT) -> None:
        self._store = store
        self.head_weight = head_weight
        self.exact_rows = exact_rows
        self.preselect = preselect
        self._cache: dict[str, _Vectors] = {}
        self._lock = threading.Lock()

    def _vectors(self, collection: str, dim: int) -> _Vectors | None:
        revision = self._store.revision(collection)
        cached = self._cache.get(collection)
        if cached is None or cached.revision != revision:
            with self._lock:
                cached = self._load(collection, revision, dim)
                self._cache[collection] = cached
        if not cached.ids or cached.windows.shape[1] != dim:
            return None  # empty, or embedded with another model: lexical search still answers
        return cached

    def _load(self, collection: str, revision: int, dim: int) -> _Vectors:
        rows, matrix = self._store.vectors(collection)
        none = np.zeros(0, np.int64)
        if not rows or matrix.shape[1] % dim:
            return _Vectors(revision, [], matrix, none, none, matrix, none.astype(bool))
        ids, every_row, first_rows = group_windows(rows, matrix, dim)
        large = len(every_row) > self.exact_rows
        if large:  # kept as stored (float16): half the memory, and only candidates' windows are read
            every_row = every_row.astype(np.float16)
            del matrix
        windows, starts, heads, has_head = split_heads(every_row, first_rows)
        ends = np.append(starts[1:], len(windows))
        if not large:
            return _Vectors(revision, ids, np.ascontiguousarray(windows, dtype=np.float32), starts, ends, heads, has_head)
        pooled = np.add.reduceat(windows, starts, axis=0, dtype=np.float32)
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return _Vectors(revision, ids, windows, starts, ends, heads, has_head,
                        pooled=pooled, position={p: i for i, p in enumerate(ids)})

    def search(self, collections: list[str], query_vector: np.ndarray, k: int,
               also: Iterable[str] = ()) -> list[tuple[str, float]]:
        """The k passages of highest ranking score, best first, each with the cosine of its best window.
        `also`: passages found otherwise (lexical candidates), always scored in large collections."""
        also = list(also)
        ranked: list[tuple[float, str, float]] = []
        for collection in collections:
            v = self._vectors(collection, query_vector.shape[0])
            if v is None:
                continue
            head = v.heads @ query_vector
            passages = None if v.pooled is None else self._preselect(v, query_vector, head, k, also)
            ranking, best, index = self._score(v, query_vector, head, passages)
            top = np.argpartition(-ranking, k - 1)[:k] if len(ranking) > k else np.arange(len(ranking))
            ranked.extend((float(ranking[i]), v.ids[index[i]], float(best[i])) for i in top)
        ranked.sort(key=lambda r: -r[0])
        return [(cid, best) for _, cid, best in ranked[:k]]

    def _preselect(self, v: _Vectors, query: np.ndarray, head: np.ndarray, k: int, also: list[str]) -> np.ndarray:
        keep = max(self.preselect, k)
        chosen = [np.array([v.position[c] for c in also if c in v.position], dtype=np.int64)]
        for scores in (head, v.pooled @ query):
            chosen.append(np.argpartition(-scores, keep - 1)[:keep] if len(scores) > keep else np.arange(len(scores)))
        return np.unique(np.concatenate(chosen))

    def _score(self, v: _Vectors, query: np.ndarray, head: np.ndarray,
               passages: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Ranking score, best-window cosine and passage index of every passage scored."""
        if passages is None:
            rows, starts, index = v.windows @ query, v.starts, np.arange(len(v.ids))
        else:
            lengths = v.ends[passages] - v.starts[passages]
            starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
            # Row numbers of every window of the chosen passages, without a Python loop.
            picked = np.repeat(v.starts[passages] - starts, lengths) + np.arange(lengths.sum())
            rows, index = v.windows[picked].astype(np.float32) @ query, passages
        best = np.maximum.reduceat(rows, starts)
        ranking = np.where(v.has_head[index], (1.0 - self.head_weight) * best + self.head_weight * head[index], best)
        return ranking, best, index
