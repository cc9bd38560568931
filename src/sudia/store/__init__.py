"""Storage of collections, documents, chunks, vectors and usage; one file per backend."""

from sudia.store.base import Store
from sudia.store.factory import open_store

__all__ = ["Store", "open_store"]
