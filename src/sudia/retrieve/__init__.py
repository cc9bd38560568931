"""Retrieval: lexical and dense search fused into one ranking."""
