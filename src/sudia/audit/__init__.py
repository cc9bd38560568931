"""Append-only, hash-chained audit log of AI requests and administrative actions."""
