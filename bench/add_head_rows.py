"""Adds the head row to passages of a kept SQLite ingestion made in windows mode before heads were kept.

The result is what a fresh ingestion gives now (the windows are unchanged; the head is embedded as
`sudia.ingest.windows.embed_chunks` embeds it), without parsing and OCR again: for benchmarks on kept
databases (bench/dense_scoring_curve.py, bench/answers_gate.py). Deployments re-ingest
(`sudia ingest --force`). Usage: python bench/add_head_rows.py DATABASE COLLECTION
"""

from __future__ import annotations

import sys

import numpy as np
from dense_scoring_curve import platform

from sudia.ingest.windows import passage_windows
from sudia.store.base import HEAD_MARK, vector_bytes


def main() -> None:
    database, collection = sys.argv[1], sys.argv[2]
    p = platform(database)
    chunks = [c for d in p.store.list_documents(collection) for c in p.store.document_chunks(d.id)]
    db = p.store._db()  # a benchmark tool on a kept file: the store has no API to rewrite one vector
    blobs = dict(db.execute("SELECT id, embedding FROM chunks WHERE collection = ?", (collection,)).fetchall())
    todo = []
    for c in chunks:
        rows = np.frombuffer(blobs[c.id], dtype=np.float16).reshape(-1, 384).astype(np.float32)
        if abs(np.linalg.norm(rows[0]) - HEAD_MARK) > 0.5:
            todo.append((c, rows))
    heads = p.embedder.embed_passages([passage_windows(c, p.settings.embed_chars, "head")[0] for c, _ in todo])
    with db:
        for (c, rows), head in zip(todo, heads):
            db.execute("UPDATE chunks SET embedding = ? WHERE id = ?",
                       (vector_bytes(np.vstack([HEAD_MARK * head, rows])), c.id))
        db.execute("UPDATE collections SET revision = revision + 1 WHERE name = ?", (collection,))
    print(f"{len(todo)} head rows added to {len(chunks)} passages")
    p.close()


if __name__ == "__main__":
    main()
