"""Seconds per page of the pieces reader on a few generated pieces, with the machine's load beside each.

    python bench/pieces_timing.py bench/cache/pieces-generated --split dev --count 12

The development machine is shared: a CPU-bound reader gets about 2/load of its two cores, so the
wall time of one page means little without the load at that moment. Each piece is read once,
one after the other, through `analyse_file` (the sandboxed child included, as the web desk does);
printed per piece: wall seconds seen by the caller, wall and CPU seconds inside the reader
(tesseract included), and the 1-minute load average before it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from sudia.ingest.parsers.sandbox import ParseBudget
from sudia.pieces.analysis import analyse_file
from sudia.pieces.evaluation import read_labels


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("root", type=Path)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--count", type=int, default=12)
    ap.add_argument("--kinds", default="cni,passeport,titre_sejour,cni_ancienne,rib,facture")
    args = ap.parse_args()
    kinds = args.kinds.split(",")
    labels = [lb for lb in read_labels(args.root / "labels.jsonl") if lb.split == args.split and lb.type in kinds]
    # the same pieces on every run: spread over the kinds, in file order
    picked = [lb for i, lb in enumerate(sorted(labels, key=lambda lb: (lb.file.split("-")[1], lb.file)))
              if i % max(1, len(labels) // args.count) == 0][:args.count]
    rows = []
    for label in picked:
        load = os.getloadavg()[0]
        started = time.perf_counter()
        findings = analyse_file((args.root / label.file).read_bytes(), label.file, ParseBudget(timeout_s=120))
        caller = time.perf_counter() - started
        rows.append({"file": label.file, "load": round(load, 1), "caller_wall": round(caller / findings.pages, 2),
                     "reader_wall": round(findings.seconds / findings.pages, 2),
                     "reader_cpu": round(findings.cpu_seconds / findings.pages, 2)})
        print(json.dumps(rows[-1]))
    for key in ("caller_wall", "reader_wall", "reader_cpu", "load"):
        values = sorted(r[key] for r in rows)
        print(f"{key}: median {statistics.median(values):.2f}, p90 {values[int(0.9 * (len(values) - 1))]:.2f}")


if __name__ == "__main__":
    main()
