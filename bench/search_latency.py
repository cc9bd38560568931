"""Search latency p50/p95 at 10k and 100k passages, on SQLite and PostgreSQL.

The corpus is synthetic but realistic: passages are random runs of sentences of the CNIL FAQ and
their vectors are real e5 vectors of CNIL passages plus small noise (embedding 100k passages for
real would take hours on two cores and measure the embedder, not the search). Queries are the 168
CNIL questions, embedded for real at query time as in production.
Usage: python bench/search_latency.py [--sizes 10000 100000] [--postgres postgresql://postgres@127.0.0.1/test]
       [--backends sqlite postgresql] [--windows 5]
`--windows N` stores N window vectors per passage after its head vector, as `SUDIA_EMBED_MODE=windows` does
(about 8 windows on CNIL passages).
`--keep DIR` keeps each SQLite corpus in DIR (one file per size and window count) and reuses it.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np
from common import CNIL, machine, median, peak_rss_mb, percentile, postgres_schema_url, fresh_platform

from sudia.evaluation.retrieval import load_questions
from sudia.store.base import HEAD_MARK, chunk_id, document_id, now_iso
from sudia.text.french import sentences
from sudia.types import Chunk, Document

PER_DOCUMENT = 50


def build_corpus(p, size: int, seed: int = 7, windows: int = 1) -> float:
    rng = random.Random(seed)
    texts = [f.read_text(encoding="utf-8") for f in sorted((CNIL / "documents").glob("*.md"))]
    pool = [s for t in texts for s in sentences(t) if len(s) > 30]
    titles = [t.splitlines()[0].lstrip("# ") for t in texts]
    base = p.embedder.embed_passages([f"{titles[i]}\n{texts[i][:250]}" for i in range(len(texts))])
    noise = np.random.default_rng(seed)
    started = time.perf_counter()
    p.store.ensure_collection("bench")
    for d in range(size // PER_DOCUMENT):
        topic = rng.randrange(len(texts))
        source = f"synthetic/{d:06d}.md"
        doc_id = document_id("bench", source)
        chunks = []
        for i in range(PER_DOCUMENT):
            text = " ".join(rng.sample(pool, rng.randint(4, 7)))[:900]
            chunks.append(Chunk(chunk_id(doc_id, i), doc_id, "bench", i, text, None, "", titles[topic], source))
        rows = windows + 1 if windows > 1 else 1  # windows mode stores the passage's head first
        vectors = base[topic] + noise.normal(0, 0.02, (PER_DOCUMENT, rows, base.shape[1])).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=2, keepdims=True)
        if windows == 1:
            vectors = vectors[:, 0, :]
        else:
            vectors[:, 0, :] *= HEAD_MARK
        document = Document(doc_id, "bench", source, titles[topic], f"{d}", "text/markdown", 1000, None,
                            PER_DOCUMENT, now_iso())
        p.store.replace_document(document, chunks, vectors)
    return time.perf_counter() - started


def measure(p, questions: list[str], passes: int = 3) -> dict[str, float]:
    r = p.retriever
    started = time.perf_counter()
    r.search(questions[0], ["bench"], k=10)  # loads the vector matrix once per revision
    first_ms = (time.perf_counter() - started) * 1000
    total, lexical, dense = [], [], []
    for _ in range(passes):
        for q in questions:
            t0 = time.perf_counter()
            p.store.lexical_search(["bench"], q, r.candidates)
            t1 = time.perf_counter()
            vector = p.embedder.embed_queries([q])[0]
            t2 = time.perf_counter()
            r.dense.search(["bench"], vector, r.candidates)
            t3 = time.perf_counter()
            r.search(q, ["bench"], k=10)
            t4 = time.perf_counter()
            lexical.append((t1 - t0) * 1000)
            dense.append((t3 - t2) * 1000)
            total.append((t4 - t3) * 1000)
    return {
        "hybrid_p50_ms": round(median(total), 1), "hybrid_p95_ms": round(percentile(total, 95), 1),
        "lexical_p50_ms": round(median(lexical), 1), "lexical_p95_ms": round(percentile(lexical, 95), 1),
        "dense_p50_ms": round(median(dense), 2), "dense_p95_ms": round(percentile(dense, 95), 2),
        "first_query_ms (matrix load)": round(first_ms, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--postgres", default="")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--windows", type=int, default=1)
    parser.add_argument("--keep", default="", help="folder where SQLite corpora are kept and reused")
    args = parser.parse_args()
    questions = [q.question for q in load_questions(CNIL / "questions.jsonl")]
    out = {"machine": machine(), "queries": len(questions) * args.passes, "windows": args.windows, "results": {}}
    backends = {"sqlite": None, "postgresql": args.postgres}
    backends = {name: url for name, url in backends.items() if name in args.backends and (url or name == "sqlite")}
    for backend, url in backends.items():
        for size in args.sizes:
            db = postgres_schema_url(url, f"bench_{size}") if url else None
            if not url and args.keep:
                db = f"sqlite:///{Path(args.keep).resolve() / f'search_{size}_w{args.windows}.db'}"
            p = fresh_platform(database_url=db)
            reuse = not url and args.keep and p.store.count_chunks(["bench"]) == size
            build_s = 0.0 if reuse else build_corpus(p, size, windows=args.windows)
            result = {"build_seconds": "reused" if reuse else round(build_s, 1), **measure(p, questions, args.passes),
                      "peak_rss_mb_so_far": round(peak_rss_mb(), 1)}
            out["results"][f"{backend} / {size} passages"] = result
            print(backend, size, result, flush=True)
            p.close()
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
