"""Whether candidate features separate the questions the gate answers (gate8, issue #8).

The base model's pooled grouped out-of-fold probability picks the questions it answers at 5 % false
abstention; among those (answerable and unanswerable alike), each candidate's AUC says whether it could
move the operating point at all (a feature near 0.5 there cannot, whatever its AUC over all questions).

Usage: python bench/gate_tail.py dev=… heldout=… heldout2=… heldout3=… heldout4=… [--embeddings] [--words W]
"""

from __future__ import annotations

import sys

import numpy as np

import gate_pool
from gate_fit import abstained_at, auc


def main() -> None:
    args = [a for a in sys.argv[1:]]
    files = [a for a in args if "=" in a and not a.startswith("--")]
    if "--embeddings" in args:
        from pathlib import Path

        from gate_embed import Embeddings

        for spec in files:
            path = spec.split("=", 1)[1]
            gate_pool.EMBEDDINGS[path] = Embeddings(Path(path).with_suffix(".emb.npz"))
    if "--words" in args:
        from pathlib import Path

        from gate_embed import Words

        gate_pool.WORDS["w"] = Words(Path(args[args.index("--words") + 1]))
    rows = gate_pool.load(files)
    feats = [gate_pool.candidates(r) for r in rows]
    y = np.array([r["answerable"] for r in rows])
    model = ("dense", "weighted_coverage", "unknown", "yes_no", "fact_missing")
    x = np.array([[f[n] for n in model] for f in feats])
    oof = gate_pool.grouped_oof(x, y, [r["group"] for r in rows])
    t, ab = abstained_at(oof, y, 0.05)
    zone = oof >= t
    print(f"base: P >= {t:.3f} at 5 %: answered {int(zone.sum())} ({int((zone & y).sum())} answerable, "
          f"{int((zone & ~y).sum())} unanswerable); the base's own AUC there {auc(oof[zone], y[zone]):.3f}")
    print("| candidate | AUC over all questions | AUC among the questions answered at 5 % |\n|---|---:|---:|")
    for n in feats[0]:
        if n.endswith("_x_fact"):
            continue
        v = np.array([f[n] for f in feats])
        print(f"| {n} | {auc(v, y):.3f} | {auc(v[zone], y[zone]):.3f} |")


if __name__ == "__main__":
    main()
