"""Times the observatory extraction: model load once, then each document (medians), and a second
`observatoire ingest` of unchanged documents (python bench/observatoire_extract.py --cache DIR)."""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from sudia.observatoire.extractor import Extractor
from sudia.observatoire.kb.sqlite import SqliteKnowledgeBase
from sudia.observatoire.observatory import Observatory

SUFFIXES = (".txt", ".md", ".html", ".pdf", ".docx")

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cache", type=Path, default=Path("bench/cache/observatoire/dev"),
                        help="folder of documents (real texts are kept out of the repository)")
    args = parser.parse_args()
    documents = sorted(p for p in args.cache.rglob("*") if p.suffix in SUFFIXES)
    started = time.perf_counter()
    extractor = Extractor()
    extractor.nlp  # noqa: B018 - load the model outside the timed loop
    load_s = time.perf_counter() - started
    times = []
    for path in documents:
        started = time.perf_counter()
        extractor.extract_file(path)
        times.append(1000 * (time.perf_counter() - started))
    with tempfile.TemporaryDirectory() as folder:
        kb = SqliteKnowledgeBase(str(Path(folder) / "obs.db"))
        observatory = Observatory(kb, extractor)
        started = time.perf_counter()
        observatory.ingest_files(documents)
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        report = observatory.ingest_files(documents)
        again_s = time.perf_counter() - started
        kb.close()
    print(json.dumps({"documents": len(documents), "model_load_s": round(load_s, 2),
                      "ms_per_document_median": round(statistics.median(times)), "ms_per_document_max": round(max(times)),
                      "chars_per_document_median": round(statistics.median(len(p.read_text("utf-8", "replace")) for p in documents)),
                      "ingest_all_s": round(first_s, 2), "ingest_again_unchanged_s": round(again_s, 2),
                      "unchanged_skipped": len(report.unchanged)}, indent=1))
