"""Contrôle des pièces justificatives: read, classify and check the documents attached to an application.

Library first: `analysis.analyse_file` turns one file into typed findings (pages, quality, OCR,
type, fields, MRZ, 2D-Doc), `checks.run_checks` turns findings, the procedure's rules and the
applicant's declared identity into tri-state checks with French reasons. Nothing is ever rejected
automatically: an instructor decides. Heavy dependencies (Pillow, OpenCV, zxing-cpp, tesseract)
are the `pieces` extra, imported lazily.
"""
