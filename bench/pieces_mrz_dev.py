"""MRZ reading on the generated pieces, one split at a time, with the OCR readings cached.

    python bench/pieces_mrz_dev.py bench/cache/pieces-generated --split dev            # OCR once, then parse
    python bench/pieces_mrz_dev.py bench/cache/pieces-generated --split dev --replay   # parse cached OCR only

The first run reads every labelled identity piece of the split (OCR included) in this process and
stores the texts that went to `mrz_reader.best_reading`; `--replay` parses them again, so that a
change to the parsing and repair rules is measured in seconds. Changes to locating or re-reading
the zone need a run without `--replay`. Prints the wrong fields of each wrong document.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

from sudia.pieces import analysis, mrz_reader
from sudia.pieces.evaluation import MRZ_FIELDS, read_labels
from sudia.pieces.names import fold


def _targets(root: Path, split: str) -> list:
    return [lb for lb in read_labels(root / "labels.jsonl") if lb.split == split and lb.truth.get("format")
            and lb.tamper != "cle_mrz" and lb.variant in ("propre", "degrade")]


def _ocr(root: Path, labels: list, cache: Path) -> dict:
    calls: list = []
    original = mrz_reader.best_reading

    def recording(texts, today=None, page_text="", engines=None):
        calls.append({"texts": list(texts), "page_text": page_text, "engines": engines})
        return original(texts, today, page_text, engines)

    mrz_reader.best_reading = recording  # analysis imports the module, so it sees the wrapper
    out = {}
    try:
        for label in labels:
            calls.clear()
            raw = analysis.read_piece((root / label.file).read_bytes(), label.file)
            out[label.file] = {"calls": list(calls), "seconds": raw["seconds"], "cpu_seconds": raw["cpu_seconds"],
                               "pages": raw["pages"]}
            print(f"{label.file}: {raw['seconds']:.2f} s wall, {raw['cpu_seconds']:.2f} s CPU", file=sys.stderr)
    finally:
        mrz_reader.best_reading = original
    cache.write_text(json.dumps(out), encoding="utf-8")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("root", type=Path)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--replay", action="store_true")
    args = ap.parse_args()
    labels = _targets(args.root, args.split)
    cache = args.root / f"mrz-readings-{args.split}.json"
    data = json.loads(cache.read_text(encoding="utf-8")) if args.replay else _ocr(args.root, labels, cache)
    totals = {"propre": [0, 0, 0, 0], "degrade": [0, 0, 0, 0]}
    for label in labels:
        calls = data[label.file]["calls"]
        # the last reading analysis made is the one it kept (one page per identity piece)
        got = None
        for call in calls:
            found = mrz_reader.best_reading(call["texts"], page_text=call["page_text"], engines=call.get("engines"))
            got = found if found is not None else got
        wrong = [(f, label.truth.get(f, ""), getattr(got, f, None) if got else None) for f in MRZ_FIELDS
                 if (fold(str(getattr(got, f, ""))) if got else None) != fold(str(label.truth.get(f, "")))]
        t = totals[label.variant]
        t[0] += len(MRZ_FIELDS) - len(wrong)
        t[1] += len(MRZ_FIELDS)
        t[2] += not wrong
        t[3] += 1
        if wrong:
            print(f"{label.file} [{label.variant}] " + "; ".join(f"{f}: {e!r} != {g!r}" for f, e, g in wrong))
    for variant, (ok, n, docs_ok, docs) in totals.items():
        print(f"{variant}: fields {ok}/{n} = {ok / max(1, n):.3f}, documents {docs_ok}/{docs}")
    if not args.replay:
        wall = [v["seconds"] / v["pages"] for v in data.values()]
        cpu = [v["cpu_seconds"] / v["pages"] for v in data.values()]
        print(f"wall s/page median {statistics.median(wall):.2f}, CPU s/page median {statistics.median(cpu):.2f}")


if __name__ == "__main__":
    main()
