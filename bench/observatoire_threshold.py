"""Fact attribution confidence threshold: precision, recall and attribution of facts on the real dev set
for each threshold (python bench/observatoire_threshold.py --documents DIR --labels FILE)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sudia.observatoire.evaluation import evaluate
from sudia.observatoire.extractor import Extractor

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=Path, default=Path("bench/cache/observatoire/dev"))
    parser.add_argument("--labels", type=Path, default=Path("bench/observatoire/labels_dev.json"))
    args = parser.parse_args()
    base = Extractor()
    rows = []
    for threshold in (0.0, 0.4, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9):
        extractor = Extractor(nlp=base.nlp, geography=base.geography, min_confidence=threshold)
        report = evaluate(args.documents, extractor, args.labels).to_dict()
        rows.append({"threshold": threshold, "precision": report["facts"]["precision"],
                     "recall": report["facts"]["recall"], "attribution": report["attribution"]})
        print(json.dumps(rows[-1]))
