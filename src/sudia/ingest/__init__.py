"""Ingestion: files -> parsed blocks -> chunks -> store (with embeddings)."""
