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


def candidates(row: dict) -> dict[str, float]:
    from sudia.answer.abstention import gate_features
    from sudia.answer.reading import FACT_KINDS, gate_kind, reader_features
    from sudia.text.french import analyze

    hits, stats = rebuild(row)
    q = row["question"]
    out = dict(gate_features(q, hits, stats))
    out.update(reader_features(q, hits, stats.idf))
    five = reader_features(q, hits, stats.idf, read=5)
    out["sentence_coverage5"], out["fact_coverage5"] = five["sentence_coverage"], five["fact_coverage"]
    kind = gate_kind(q)
    out["fact_asked"] = float(kind in FACT_KINDS)
    out["fact_gap"] = out["sentence_coverage"] - out["fact_coverage"]
    out["yesno"] = float(kind == "yesno")
    out["terms"] = float(len(set(analyze(q))))
    return out


def evaluate(x: np.ndarray, y: np.ndarray, bounds=(0.04, 0.05)) -> tuple[float, list[float], np.ndarray]:
    oof = out_of_fold(x, y)
    return auc(oof, y), [abstained_at(oof, y, b)[1] for b in bounds], oof


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("features")
    parser.add_argument("--show", type=int, default=0, help="list the unanswerable questions the best model answers")
    parser.add_argument("--max-size", type=int, default=2, help="reader features added to the base, at most")
    parser.add_argument("--cost", action="store_true", help="time the reader features per question")
    args = parser.parse_args()
    data = json.loads(Path(args.features).read_text(encoding="utf-8"))["questions"]
    rows = [candidates(r) for r in data]
    y = np.array([r["answerable"] for r in data])
    names = [n for n in rows[0] if n not in BASE]
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
            results.append((ab[1], ab[0], a, feats, oof))
    results.sort(key=lambda t: (-t[0], -t[1], -t[2]))
    print("\n| features | out-of-fold AUC | unanswerable abstained at false abstention <= 4 % | <= 5 % |")
    print("|---|---:|---:|---:|")
    for ab5, ab4, a, feats, _ in results[:15] + [r for r in results if r[3] == BASE]:
        print(f"| {', '.join(feats)} | {a:.3f} | {ab4:.3f} | {ab5:.3f} |")
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
        from sudia.answer.reading import reader_features

        rebuilt = [rebuild(r) for r in data]
        spent = []
        for r, (hits, stats) in zip(data, rebuilt):
            started = time.perf_counter()
            reader_features(r["question"], hits, stats.idf)
            spent.append((time.perf_counter() - started) * 1000)
        print(f"\nreader features, per question: p50 {np.percentile(spent, 50):.1f} ms, "
              f"p95 {np.percentile(spent, 95):.1f} ms, max {max(spent):.1f} ms ({len(spent)} questions)")


if __name__ == "__main__":
    main()
