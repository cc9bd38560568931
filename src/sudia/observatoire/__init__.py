"""Observatoire: turns press releases, reports and brochures into a sourced knowledge base of the AI ecosystem.

Entry points: `extractor.Extractor`, `observatory.Observatory` (ingest, correct_actor, correct_fact),
`queries` (directory, actor profile, dashboard, CSV/GeoJSON), `demo.build_demo_observatory`.
spaCy is loaded lazily on first extraction, never at import time.
"""
