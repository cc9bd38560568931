"""Times the observatory extraction per document after the spaCy model is loaded (python bench/observatoire_extract.py)."""

from __future__ import annotations

import time
from pathlib import Path

from sudia.observatoire.extractor import Extractor

SAMPLES = Path(__file__).parents[1] / "tests" / "samples" / "observatoire"

if __name__ == "__main__":
    started = time.perf_counter()
    extractor = Extractor()
    extractor.nlp  # noqa: B018 - load the model outside the timed loop
    print(f"chargement du modèle : {time.perf_counter() - started:.2f} s")
    for path in sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".md", ".html", ".pdf", ".docx")):
        started = time.perf_counter()
        result = extractor.extract_file(path)
        print(f"{path.name:<40} {1000 * (time.perf_counter() - started):6.0f} ms  "
              f"{len(result.actors)} acteurs, {len(result.facts)} faits")
