"""Embedding cost of each `SUDIA_EMBED_MODE` on the same passages, interleaved (issue #8).

Parses and chunks the first `--files` CNIL articles, then embeds their passages in `head`, `windows`
and `full` mode in turn, `--runs` times, so that the modes share the machine's load. Reports
passages/s, characters embedded/s, characters of passage text covered/s and vectors per passage
(medians). Parsing and storing are left out: `bench/ingest_throughput.py` measures them.
Usage: python bench/embed_windows_cost.py [--files 60] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import time

from common import CNIL, fresh_platform, machine, median

from sudia.ingest.chunking import chunk_document
from sudia.ingest.windows import MODES, embed_chunks, embedded_texts
from sudia.types import Chunk


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    p = fresh_platform()
    files = sorted((CNIL / "documents").glob("*.md"))[: args.files]
    chunks: list[Chunk] = []
    for f in files:
        parsed = p.ingestor.parsers.parser_for(f.read_bytes(), f).parse(f.read_bytes(), f)
        for i, d in enumerate(chunk_document(parsed)):
            chunks.append(Chunk(f"{f.stem}-{i}", f.stem, "bench", i, d.text, d.page, d.section, parsed.title, f.name))
    p.embedder.embed_passages(["échauffement du modèle"])
    size = p.settings.embed_chars
    times: dict[str, list[float]] = {m: [] for m in MODES}
    for _ in range(args.runs):
        for mode in MODES:
            started = time.perf_counter()
            embed_chunks(p.embedder, chunks, size, mode)
            times[mode].append(time.perf_counter() - started)
    text_chars = sum(len(c.text) for c in chunks)
    out = {"machine": machine(), "passages": len(chunks), "passage_chars": text_chars, "embed_chars": size,
           "results": {}}
    for mode in MODES:
        windows = [w for c in chunks for w in embedded_texts(c, size, mode)]
        seconds = median(times[mode])
        out["results"][mode] = {
            "seconds": round(seconds, 2), "passages_per_s": round(len(chunks) / seconds, 1),
            "chars_embedded_per_s": round(sum(len(w) for w in windows) / seconds),
            "passage_chars_seen_per_s": round((text_chars if mode != "head" else
                                               sum(min(len(c.text), size) for c in chunks)) / seconds),
            "vectors_per_passage": round(len(windows) / len(chunks), 2),
        }
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
